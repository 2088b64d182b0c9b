"""Schema creation and upgrade.

`ensure_schema` creates what is missing and never drops or rewrites data:
running it twice changes nothing. Steps are versioned in the meta table.

Why not Alembic: table names depend on a per-site prefix, and the databases we
adopt (2.x, MyISAM, unversioned) must be recognised by inspecting them, not by a
revision stamp. The steps below are small, idempotent and inspection-based,
which is what Alembic would have wrapped anyway.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Connection, inspect, select, text

from synoptux.db.columns import apply_column_changes, column_changes, server_default_sql
from synoptux.db.engine import Database
from synoptux.db.tables import PATIENT_KEY, WATCHED, Tables
from synoptux.speech import translate

log = logging.getLogger(__name__)

# 2: the change log (synoptux_changes) replaces the revision row of version 1.
# 3: the web view's accounts (synoptux_web_accounts).
# 4: triage level, identity check (encours columns), triage scale (niveaux_tri, filled
#    with the FRENCH scale when created), acknowledged alarms (synoptux_acquittements).
SCHEMA_VERSION = 4
OPS = ("INSERT", "UPDATE", "DELETE")


@dataclass
class SchemaReport:
    created_tables: list[str] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)
    created_indexes: list[str] = field(default_factory=list)
    triggers: str = "unknown"  # 'installed', 'present', 'unavailable: why'
    version_before: int | None = None
    version_after: int | None = None
    changed_columns: list[str] = field(default_factory=list)  # 'table.col varchar(45) -> ...'

    @property
    def changed(self) -> bool:
        return bool(
            self.created_tables
            or self.added_columns
            or self.created_indexes
            or self.changed_columns
        ) or (self.version_before != self.version_after)


def trigger_name(t: Tables, table: str, op: str) -> str:
    """Name of a change-log trigger (schema version 2)."""
    return f"{t.prefix}stx_chg_{table}_{op[:3].lower()}"


def _old_trigger_prefix(t: Tables) -> str:
    """Triggers of schema version 1, which bumped the revision row."""
    return f"{t.prefix}stx_rev_"


def read_version(conn: Connection, t: Tables) -> int | None:
    if not inspect(conn).has_table(t.meta.name):
        return None
    value = conn.execute(
        select(t.meta.c.SM_Valeur).where(t.meta.c.SM_Cle == "schema_version")
    ).scalar()
    return int(value) if value is not None else None


def _add_missing_columns(conn: Connection, t: Tables, report: SchemaReport) -> None:
    insp = inspect(conn)
    for table in t.all:
        if not insp.has_table(table.name):
            continue
        present = {c["name"].lower() for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name.lower() in present:
                continue
            if not (col.nullable or col.server_default is not None):
                log.warning("cannot add NOT NULL column %s.%s", table.name, col.name)
                continue
            ddl = col.type.compile(dialect=conn.dialect)
            default = ""
            if col.server_default is not None:
                default = f" DEFAULT {server_default_sql(col)}"
            conn.execute(
                text(
                    f"ALTER TABLE {_q(conn, table.name)} ADD COLUMN {_q(conn, col.name)} {ddl}{default}"
                )
            )
            report.added_columns.append(f"{table.name}.{col.name}")


def _create_missing_indexes(conn: Connection, t: Tables, report: SchemaReport) -> None:
    insp = inspect(conn)
    for table in t.all:
        existing = {i["name"] for i in insp.get_indexes(table.name)}
        for index in table.indexes:
            if index.name is not None and index.name not in existing:  # tables.py names each
                index.create(conn)
                report.created_indexes.append(index.name)


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _log_row(conn: Connection, t: Tables, base: str, op: str) -> str:
    """The INSERT a trigger runs: the table and the patient key of the changed row."""
    target = _q(conn, t.changes.name)
    key = PATIENT_KEY.get(base)
    row = "OLD" if op == "DELETE" else "NEW"
    now = f"{row}.{_q(conn, key)}" if key else "NULL"
    before = f"OLD.{_q(conn, key)}" if key and op == "UPDATE" else "NULL"
    return (
        f"INSERT INTO {target} (CH_Table, CH_Cle, CH_Cle_avant) VALUES ('{base}', {now}, {before})"
    )


def triggers_said(state: str) -> str:
    """`install_triggers`'s word for the change-log triggers, in the interface language
    (`synoptux init-db`, `synoptux upgrade`)."""
    unavailable = "unavailable: "
    if state.startswith(unavailable):
        return translate("Cli", "unavailable: {why}").format(why=state[len(unavailable) :])
    return {
        "installed": translate("Cli", "installed"),
        "present": translate("Cli", "present"),
        "unknown": translate("Cli", "unknown"),
    }.get(state, state)


def install_triggers(conn: Connection, t: Tables) -> str:
    """Install the change-log triggers (replacing version 1's revision-row triggers); say
    what happened. Each trigger only inserts a row into the change log: no row is shared by
    two writers, so writers never wait on each other for the feed (nor conflict on a cluster).
    """
    existing = existing_triggers(conn, t)
    old = sorted(n for n in existing if n.startswith(_old_trigger_prefix(t)))
    wanted = [(base, op) for base in WATCHED for op in OPS]
    missing = [(b, o) for b, o in wanted if trigger_name(t, b, o) not in existing]
    if not missing and not old:
        return "present"
    try:
        if conn.dialect.name != "sqlite":
            # DDL on a table waits for its metadata lock behind any open transaction, and
            # queues every later statement on that table behind itself: give up quickly
            # (the feed keeps its keys+counts fallback; a later init-db finishes the job).
            conn.execute(text("SET SESSION lock_wait_timeout = 10"))
        for name in old:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {_q(conn, name)}"))
        for base, op in missing:
            name = trigger_name(t, base, op)
            table = _q(conn, t.name(base))
            body = _log_row(conn, t, base, op)
            if conn.dialect.name == "sqlite":
                conn.execute(
                    text(
                        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {table} "
                        f"BEGIN {body}; END"
                    )
                )
            else:
                conn.execute(
                    text(f"CREATE TRIGGER {name} AFTER {op} ON {table} FOR EACH ROW {body}")
                )
    except Exception as exc:  # no TRIGGER privilege, binlog without SUPER, ...
        return f"unavailable: {getattr(exc, 'orig', exc)}"
    finally:
        if conn.dialect.name != "sqlite":
            try:
                conn.execute(text("SET SESSION lock_wait_timeout = DEFAULT"))
            except Exception:  # the connection is gone: nothing to restore
                pass
    return "installed"


def existing_triggers(conn: Connection, t: Tables) -> set[str]:
    """Our triggers on this prefix: the change-log ones and any left from version 1."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
    else:
        rows = conn.execute(
            text(
                "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
            )
        )
    ours = (f"{t.prefix}stx_chg_", _old_trigger_prefix(t))
    return {r[0] for r in rows if r[0].startswith(ours)}


def triggers_complete(conn: Connection, t: Tables) -> bool:
    """Every change-log trigger is there (the feed then reads the change log)."""
    names = existing_triggers(conn, t)
    return all(trigger_name(t, b, o) in names for b in WATCHED for o in OPS)


def _fill_triage_scale(conn: Connection, t: Tables) -> None:
    from synoptux.domain.triage import FRENCH, shipped_scale

    conn.execute(
        t.triage_levels.insert(),
        [
            dict(
                NT_Code=lv.code,
                NT_Libelle=lv.label,
                NT_Couleur=lv.color,
                NT_Delai_mn=lv.target_minutes,
                NT_Ordre=lv.order,
                NT_Echelle=lv.scale,
            )
            for lv in shipped_scale(FRENCH)
        ],
    )


def ensure_schema(db: Database) -> SchemaReport:
    """Create or upgrade the schema in place. Idempotent; never drops data."""
    t = db.tables
    report = SchemaReport()

    def step(conn: Connection) -> None:
        insp = inspect(conn)
        report.version_before = read_version(conn, t)
        for table in t.metadata.sorted_tables:
            if not insp.has_table(table.name):
                table.create(conn)
                report.created_tables.append(table.name)
        if t.triage_levels.name in report.created_tables:  # version 3: the shipped scale
            _fill_triage_scale(conn, t)
        _add_missing_columns(conn, t, report)
        report.changed_columns = apply_column_changes(conn, column_changes(conn, t))
        _create_missing_indexes(conn, t, report)
        if conn.execute(select(t.revision.c.RV_Id).where(t.revision.c.RV_Id == 1)).first() is None:
            conn.execute(t.revision.insert().values(RV_Id=1, RV_Valeur=0))
        if report.version_before != SCHEMA_VERSION:
            if report.version_before is None:
                conn.execute(
                    t.meta.insert().values(SM_Cle="schema_version", SM_Valeur=str(SCHEMA_VERSION))
                )
            else:
                conn.execute(
                    t.meta.update()
                    .where(t.meta.c.SM_Cle == "schema_version")
                    .values(SM_Valeur=str(SCHEMA_VERSION))
                )
        report.version_after = SCHEMA_VERSION

    db.transaction(step)
    # DDL for triggers is separate: MySQL commits DDL implicitly anyway, and a
    # refusal must not undo the tables just created.
    with db.engine.begin() as conn:
        report.triggers = install_triggers(conn, t)
    return report


def missing_tables(db: Database) -> list[str]:
    with db.connect() as conn:
        insp = inspect(conn)
        return [tb.name for tb in db.tables.all if not insp.has_table(tb.name)]
