"""Inspection and the idempotent steps of the 2.x upgrade (MySQL/MariaDB).

Every step looks at the database before acting and does nothing when its work
is already done: MySQL DDL commits implicitly, so a killed upgrade leaves the
database between two steps (or, for MyISAM, between two rows of an UPDATE
loop), and running the upgrade again has to finish the job from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text

from synoptux.db.backup import primary_key, q
from synoptux.db.columns import ColumnChange, column_changes
from synoptux.db.schema import OPS, existing_triggers, read_version, trigger_name
from synoptux.db.tables import WATCHED, Tables
from synoptux.speech import translate

TARGET_CHARSET = "utf8mb4"
TARGET_COLLATION = "utf8mb4_unicode_ci"
# Strict (a value that does not convert is an error, never a silent loss), but
# the zero and odd dates MyISAM let 2.x store must be copied as they are.
UPGRADE_MODE = "STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION"
TEXT_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext")


@dataclass
class TableState:
    name: str
    engine: str
    collation: str
    rows: int
    primary_key: list[str]
    charsets: dict[str, str]  # text column -> character set
    columns: list[str]

    @property
    def needs_conversion(self) -> bool:
        return (
            self.engine.lower() != "innodb"
            or not self.collation.lower().startswith(TARGET_CHARSET)
            or any(cs != TARGET_CHARSET for cs in self.charsets.values())
        )

    def describe(self) -> str:
        charsets = sorted(set(self.charsets.values())) or [self.collation.split("_")[0]]
        return f"{self.engine}/{','.join(charsets)}"


def session(conn: Connection) -> None:
    conn.exec_driver_sql(f"SET SESSION sql_mode = '{UPGRADE_MODE}'")


def table_state(conn: Connection, name: str) -> TableState | None:
    row = conn.execute(
        text(
            "SELECT ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
        ),
        {"t": name},
    ).first()
    if row is None:
        return None
    cols = conn.execute(
        text(
            "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t ORDER BY ORDINAL_POSITION"
        ),
        {"t": name},
    ).all()
    pk = primary_key(conn, name)
    rows = conn.execute(text(f"SELECT COUNT(*) FROM {q(name)}")).scalar_one()
    return TableState(
        name=name,
        engine=row[0] or "?",
        collation=row[1] or "?",
        rows=int(rows),
        primary_key=pk,
        charsets={c[0]: c[2] for c in cols if c[2] and c[1].lower() in TEXT_TYPES},
        columns=[c[0] for c in cols],
    )


def site_tables(conn: Connection, t: Tables) -> dict[str, TableState]:
    """State of every registry table present (meta table excluded)."""
    states = {}
    for table in t.all:
        if table.name == t.meta.name:
            continue
        st = table_state(conn, table.name)
        if st is not None:
            states[table.name] = st
    return states


def other_prefixes(conn: Connection) -> list[str]:
    """Names of tables that look like a board under another prefix (for the error message)."""
    rows = conn.execute(
        text(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME LIKE :p"
        ),
        {"p": "%encours"},
    ).scalars()
    return sorted(rows)


# -- task key ------------------------------------------------------------------------------
def task_key_done(st: TableState) -> bool:
    return [c.lower() for c in st.primary_key] == ["en_num_tache"]


def repeated_task_numbers(conn: Connection, table: str) -> list[tuple[int, int]]:
    """(EN_PK_encours, EN_Num_tache) of the rows to renumber: every occurrence of a number
    after its first (ordered by patient), so the first patient keeps its numbers."""
    rows = conn.execute(
        text(
            f"SELECT EN_PK_encours, EN_Num_tache FROM {q(table)} ORDER BY EN_Num_tache, EN_PK_encours"
        )
    ).all()
    seen: set[int] = set()
    moves = []
    for pk, num in rows:
        if num is None or num in seen:  # NULL: only possible in a 2.x table without a key
            moves.append((pk, num))
        else:
            seen.add(num)
    return moves


def renumber_tasks(
    conn: Connection, table: str, log_file: Path | None, out: Callable[[str], None]
) -> int:
    """Give every repeated EN_Num_tache a new number above the maximum, one row at a time
    (each UPDATE names its row by the 2.x key, so a killed loop resumes cleanly)."""
    moves = repeated_task_numbers(conn, table)
    if not moves:
        return 0
    top = conn.execute(text(f"SELECT COALESCE(MAX(EN_Num_tache), 0) FROM {q(table)}")).scalar_one()
    log = log_file.open("a", encoding="utf-8") if log_file else None
    try:
        if log and log.tell() == 0:
            log.write("EN_PK_encours;old_EN_Num_tache;new_EN_Num_tache\n")
        for n, (pk, num) in enumerate(moves, start=1):
            new = int(top) + n
            conn.execute(
                text(
                    f"UPDATE {q(table)} SET EN_Num_tache = :new WHERE EN_PK_encours = :pk "
                    "AND EN_Num_tache <=> :num LIMIT 1"
                ),
                {"new": new, "pk": pk, "num": num},
            )
            conn.commit()
            if log:
                log.write(f"{pk};{num};{new}\n")
                log.flush()
    finally:
        if log:
            log.close()
    out(
        "  "
        + translate(
            "Upgrade",
            "renumbered {count} tasks whose EN_Num_tache repeated (new numbers from {first})",
        ).format(count=len(moves), first=int(top) + 1)
    )
    return len(moves)


def change_task_key(conn: Connection, table: str, has_key: bool = True) -> None:
    """PRIMARY KEY (EN_PK_encours, EN_Num_tache) -> (EN_Num_tache) AUTO_INCREMENT, one ALTER
    (atomic: a killed ALTER leaves the old table as it was)."""
    drop = "DROP PRIMARY KEY, " if has_key else ""
    conn.exec_driver_sql(
        f"ALTER TABLE {q(table)} {drop}"
        "MODIFY EN_Num_tache INT(11) NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (EN_Num_tache)"
    )


# -- conversion ----------------------------------------------------------------------------
def convert_table(conn: Connection, table: str) -> None:
    conn.exec_driver_sql(
        f"ALTER TABLE {q(table)} ENGINE=InnoDB, "
        f"CONVERT TO CHARACTER SET {TARGET_CHARSET} COLLATE {TARGET_COLLATION}"
    )


def key_collisions(conn: Connection, st: TableState) -> list[str]:
    """Primary-key values that would collide once compared under utf8mb4_unicode_ci."""
    text_pk = [c for c in st.primary_key if c in st.charsets]
    if not text_pk or not st.needs_conversion:
        return []
    keys = ", ".join(
        f"CONVERT({q(c)} USING {TARGET_CHARSET}) COLLATE {TARGET_COLLATION}" for c in st.primary_key
    )
    shown = ", ".join(f"MIN({q(c)})" for c in st.primary_key)
    rows = conn.execute(
        text(f"SELECT {shown}, COUNT(*) FROM {q(st.name)} GROUP BY {keys} HAVING COUNT(*) > 1")
    ).all()
    return [" / ".join(str(v) for v in r[:-1]) for r in rows]


# -- what ensure_schema would add -----------------------------------------------------------
@dataclass
class SchemaDelta:
    tables: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    triggers: int = 0
    version: int | None = None
    changes: list[ColumnChange] = field(default_factory=list)  # types and widths


def schema_delta(conn: Connection, t: Tables) -> SchemaDelta:
    insp = inspect(conn)
    delta = SchemaDelta(version=read_version(conn, t))
    for table in t.all:
        if not insp.has_table(table.name):
            delta.tables.append(table.name)
            continue
        present = {c["name"].lower() for c in insp.get_columns(table.name)}
        delta.columns += [
            f"{table.name}.{c.name}" for c in table.columns if c.name.lower() not in present
        ]
        existing = {i["name"] for i in insp.get_indexes(table.name)}
        delta.indexes += [i.name for i in table.indexes if i.name and i.name not in existing]
    delta.changes = column_changes(conn, t)
    names = existing_triggers(conn, t)
    delta.triggers = sum(1 for b in WATCHED for o in OPS if trigger_name(t, b, o) not in names)
    return delta


# -- meta ----------------------------------------------------------------------------------
def get_meta(conn: Connection, t: Tables, key: str) -> str | None:
    if not inspect(conn).has_table(t.meta.name):
        return None
    return conn.execute(select(t.meta.c.SM_Valeur).where(t.meta.c.SM_Cle == key)).scalar()


def set_meta(engine: Engine, t: Tables, values: dict[str, str]) -> None:
    with engine.begin() as conn:
        t.meta.create(conn, checkfirst=True)
        for key, value in values.items():
            done = conn.execute(
                t.meta.update().where(t.meta.c.SM_Cle == key).values(SM_Valeur=value)
            )
            if (
                done.rowcount == 0
                and conn.execute(select(t.meta.c.SM_Cle).where(t.meta.c.SM_Cle == key)).first()
                is None
            ):
                conn.execute(t.meta.insert().values(SM_Cle=key, SM_Valeur=value))
