"""Column types and widths: bring an existing database's columns to the fresh schema's.

A 2.x database keeps its own narrower columns (varchar(45) for comments, names and history
notes; int for EN_Priorite): on a strict server our longer values, and the '' the macros
send for an empty priority, would fail there while they pass on a fresh database. Every
column is brought to the fresh schema's type and width; a column that is already wider
(or of a wider type) than ours is kept: nothing is ever narrowed. `ensure_schema` applies
the changes; `upgrade --dry-run` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DefaultClause,
    Integer,
    SmallInteger,
    String,
    Table,
    TextClause,
    text,
)

from synoptux.db.tables import Tables
from synoptux.db.types import storage_type
from synoptux.speech import translate


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


COLUMN_MODE = "STRICT_ALL_TABLES,ALLOW_INVALID_DATES,NO_ENGINE_SUBSTITUTION"
"""Session sql_mode of the column changes: a value that would not survive the change is an
error (never a silent cut), while the zero and odd dates 2.x stored are copied as they are."""
_TEXTS = ("char", "varchar")
_WIDE_TEXTS = ("text", "mediumtext", "longtext")
_INT_RANK = {"tinyint": 1, "smallint": 2, "mediumint": 3, "int": 4, "bigint": 5}
_INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class ColumnChange:
    """One column to bring to the fresh schema (the `ALTER TABLE ... MODIFY` clause)."""

    table: str
    column: str
    current: str  # as the server describes it: "varchar(45) NOT NULL", "int(10) unsigned"
    target: str
    clause: str  # MODIFY clause
    blocked: str | None = None  # why it cannot be done (data would not fit): kept as it is

    def describe(self) -> str:
        """'table.column: current -> target', said in the interface language when kept."""
        line = f"{self.table}.{self.column}: {self.current} -> {self.target}"
        if not self.blocked:
            return line
        return translate("Upgrade", "{change} (kept: {why})").format(change=line, why=self.blocked)


def _ours(col: Column) -> tuple[str, int | None]:
    """(family, width) of one of our columns: family in text/int/smallint/bigint/datetime/blob."""
    kind = storage_type(col.type)
    if isinstance(kind, String) and kind.length:
        return "text", kind.length
    if isinstance(kind, String):
        return "longtext", None
    if isinstance(kind, BigInteger):
        return "bigint", None
    if isinstance(kind, SmallInteger):
        return "smallint", None
    if isinstance(kind, Integer):
        return "int", None
    return "datetime", None  # LegacyDateTime is the only other type of the board's tables


def server_default_sql(col: Column) -> str | None:
    """The SQL of a column's server default: tables.py gives each one as text(...)."""
    default = col.server_default
    if default is None:
        return None
    assert isinstance(default, DefaultClause) and isinstance(default.arg, TextClause)
    return default.arg.text


def _default_sql(col: Column) -> str | None:
    sql = server_default_sql(col)
    return None if sql is None else str(sql).strip()


def _same_default(current: object, ours: str | None) -> bool:
    if ours is None:
        return True  # we ask for none: whatever the site has is kept
    if current is None or str(current).upper() == "NULL":
        return False
    return str(current).strip("'") == ours.strip("'")


def _describe_current(row) -> str:
    out = row.COLUMN_TYPE
    if row.IS_NULLABLE == "NO":
        out += " NOT NULL"
    if row.COLUMN_DEFAULT is not None and str(row.COLUMN_DEFAULT).upper() != "NULL":
        out += f" DEFAULT {row.COLUMN_DEFAULT}"
    return out


def _column_change(conn: Connection, table: Table, col: Column, row) -> ColumnChange | None:
    dtype = row.DATA_TYPE.lower()
    unsigned = "unsigned" in row.COLUMN_TYPE.lower()
    family, width = _ours(col)
    type_sql: str | None = None  # None: the current type is kept
    blocked = None
    if family == "text":
        assert width is not None  # _ours gives "text" with its width
        if dtype in _TEXTS:
            if (row.CHARACTER_MAXIMUM_LENGTH or 0) < width:
                type_sql = f"VARCHAR({width})"
        elif dtype not in _WIDE_TEXTS and dtype != "tinytext":
            type_sql = f"VARCHAR({width})"  # e.g. 2.x's int EN_Priorite, which '' does not fit
        elif dtype == "tinytext" and width > 63:
            type_sql = f"VARCHAR({width})"
    elif family in ("int", "smallint", "bigint"):
        want = _INT_RANK["int" if family == "int" else family]
        have = _INT_RANK.get(dtype)
        if have is None or have < want:
            type_sql = family.upper() if family != "int" else "INT"
        elif unsigned and have == want == _INT_RANK["int"] and family == "int":
            type_sql = "INT"  # 2.x's int unsigned: the fresh schema's signed int
            top = conn.execute(
                text(f"SELECT MAX({_q(conn, col.name)}) FROM {_q(conn, table.name)}")
            ).scalar()
            if top is not None and int(top) > _INT_MAX:
                blocked = translate("Upgrade", "values up to {top} do not fit a signed int").format(
                    top=top
                )
    elif family == "datetime" and dtype not in ("datetime", "timestamp"):
        type_sql = "DATETIME"
    nullable_now = row.IS_NULLABLE == "YES"
    nullable = nullable_now or col.nullable  # loosened to ours, never tightened
    default = _default_sql(col)
    auto = "auto_increment" in (row.EXTRA or "").lower()
    if (
        type_sql is None
        and nullable == nullable_now
        and (auto or _same_default(row.COLUMN_DEFAULT, default))
    ):
        return None
    kept_type = row.COLUMN_TYPE if type_sql is None else type_sql
    clause = f"MODIFY COLUMN {_q(conn, col.name)} {kept_type} {'NULL' if nullable else 'NOT NULL'}"
    if auto:
        clause += " AUTO_INCREMENT"
    elif default is not None:
        clause += f" DEFAULT {default}"
    elif row.COLUMN_DEFAULT is not None and str(row.COLUMN_DEFAULT).upper() != "NULL":
        clause += f" DEFAULT {row.COLUMN_DEFAULT}"
    target = kept_type.lower() + ("" if nullable else " NOT NULL")
    if not auto and default is not None:
        target += f" DEFAULT {default}"
    return ColumnChange(
        table.name, col.name, _describe_current(row), target, clause, blocked=blocked
    )


def column_changes(conn: Connection, t: Tables) -> list[ColumnChange]:
    """The columns of this site narrower than (or of another type than) the fresh schema's,
    with the change that brings each one there. MySQL/MariaDB only: SQLite neither limits
    text widths nor refuses '' in a number column."""
    if conn.dialect.name not in ("mysql", "mariadb"):
        return []
    rows = conn.execute(
        text(
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, COLUMN_TYPE, "
            "IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = DATABASE()"
        )
    ).all()
    by_table: dict[str, dict[str, object]] = {}
    for r in rows:
        by_table.setdefault(r.TABLE_NAME, {})[r.COLUMN_NAME.lower()] = r
    changes = []
    for table in t.all:
        present = by_table.get(table.name)
        if not present:
            continue
        for col in table.columns:
            row = present.get(col.name.lower())
            if row is not None and (change := _column_change(conn, table, col, row)):
                changes.append(change)
    return changes


def apply_column_changes(conn: Connection, changes: list[ColumnChange]) -> list[str]:
    """One ALTER TABLE per table (one table copy); returns the changes made, described.
    Runs in a strict session (COLUMN_MODE): a value that does not fit stops the change."""
    todo: dict[str, list[ColumnChange]] = {}
    for change in changes:
        if change.blocked is None:
            todo.setdefault(change.table, []).append(change)
    if not todo:
        return []
    mode = conn.exec_driver_sql("SELECT @@SESSION.sql_mode").scalar()
    conn.exec_driver_sql(f"SET SESSION sql_mode = '{COLUMN_MODE}'")
    done: list[str] = []
    try:
        for name, items in todo.items():
            conn.exec_driver_sql(
                f"ALTER TABLE {_q(conn, name)} " + ", ".join(c.clause for c in items)
            )
            done += [c.describe() for c in items]
    finally:
        conn.exec_driver_sql("SET SESSION sql_mode = %s", (mode or "",))
    return done
