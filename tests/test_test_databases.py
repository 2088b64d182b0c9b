"""The tests' MariaDB databases: a clone of the run's schema template (tests/support/db.py)
is the very database `ensure_schema` builds — same tables (DDL, AUTO_INCREMENT included),
same rows, same triggers (body, timing, sql_mode, character sets) — for every prefix and for
the character sets the tests create databases in."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from tests.support.db import PREFIXES, TEMPLATES, MySQLDatabaseFactory, open_db

pytestmark = pytest.mark.mysql


def keys_sorted(ddl: str) -> list[str]:
    """The lines of a CREATE TABLE, its secondary indexes in name order: SQLAlchemy keeps a
    table's indexes in a set, so two `ensure_schema` runs create them in different orders
    (the order is not part of the schema: nothing reads it)."""
    lines = [line.rstrip(",") for line in ddl.splitlines()]
    keys = sorted(line for line in lines if line.lstrip().startswith(("KEY ", "UNIQUE KEY ")))
    rest = [line for line in lines if line not in keys]
    return rest[:-1] + keys + rest[-1:]


def contents(url: str) -> dict[str, object]:
    """Everything ensure_schema leaves in a database, without its name."""
    name = make_url(url).database
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text(
                    "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS"
                    " FROM information_schema.TABLES WHERE TABLE_SCHEMA = :s ORDER BY TABLE_NAME"
                ),
                {"s": name},
            ).all()
            ddl = {
                t[0]: keys_sorted(conn.execute(text(f"SHOW CREATE TABLE `{t[0]}`")).one()[1])
                for t in tables
            }
            rows = {
                t[0]: conn.execute(text(f"SELECT * FROM `{t[0]}` ORDER BY 1")).all() for t in tables
            }
            triggers = conn.execute(
                text(
                    "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,"
                    " ACTION_ORDER, ACTION_STATEMENT, ACTION_TIMING, ACTION_ORIENTATION,"
                    " SQL_MODE, DEFINER, CHARACTER_SET_CLIENT, COLLATION_CONNECTION,"
                    " DATABASE_COLLATION"
                    " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = :s"
                    " ORDER BY TRIGGER_NAME"
                ),
                {"s": name},
            ).all()
            others = {
                view: conn.execute(
                    text(f"SELECT COUNT(*) FROM information_schema.{view} WHERE {col} = :s"),
                    {"s": name},
                ).scalar_one()
                for view, col in (
                    ("VIEWS", "TABLE_SCHEMA"),
                    ("ROUTINES", "ROUTINE_SCHEMA"),
                    ("EVENTS", "EVENT_SCHEMA"),
                )
            }
    finally:
        engine.dispose()
    return {"tables": tables, "ddl": ddl, "rows": rows, "triggers": triggers, "others": others}


@pytest.mark.parametrize("charset", ["utf8mb4", "latin1", "utf8mb3"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_clone_is_what_ensure_schema_builds(mysql_factory, prefix: str, charset: str) -> None:
    built_url = mysql_factory.create(charset=charset)
    built = Database.from_url(built_url, prefix)
    ensure_schema(built)
    built.dispose()

    clones = TEMPLATES.clones
    cloned_url = mysql_factory.create(charset=charset)
    open_db(cloned_url, prefix).dispose()
    assert TEMPLATES.clones == clones + 1  # the template was copied, not ensure_schema run

    expected, got = contents(built_url), contents(cloned_url)
    assert len(expected["tables"]) >= 19 and len(expected["triggers"]) == 30
    assert expected["rows"][f"{prefix}niveaux_tri"]  # the shipped triage scale
    for part in ("tables", "ddl", "rows", "triggers", "others"):
        assert got[part] == expected[part], part
    # and the clone is a current schema by ensure_schema's own account: nothing to do
    db = Database.from_url(cloned_url, prefix)
    try:
        report = ensure_schema(db)
    finally:
        db.dispose()
    assert not report.changed and report.triggers == "present"


def test_a_database_with_tables_is_not_cloned_over(mysql_factory) -> None:
    """open_db on a database that already has something runs ensure_schema on it."""
    url = mysql_factory.create()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE box (BO_Code varchar(10), extra int)"))
    engine.dispose()
    clones = TEMPLATES.clones
    db = open_db(url)
    try:
        assert TEMPLATES.clones == clones
        with db.connect() as conn:
            columns = conn.execute(text("SHOW COLUMNS FROM box")).scalars().all()
        assert "extra" in columns  # kept: ensure_schema never drops
    finally:
        db.dispose()


def test_a_pool_database_is_reset_to_what_ensure_schema_builds(mysql_factory) -> None:
    """A test's `db` on MariaDB comes from the run's pool: after a test wrote to it (rows in
    every kind of table, counters moved, change-log rows from the triggers), the database
    the next test gets is again exactly a fresh schema."""
    built_url = mysql_factory.create()
    built = Database.from_url(built_url)
    ensure_schema(built)
    built.dispose()
    expected = contents(built_url)

    used = MySQLDatabaseFactory()
    url = used.current()
    db = open_db(url)
    try:
        assert contents(url) == expected  # handed out current
        t = db.tables
        with db.engine.begin() as conn:
            conn.execute(t.box.insert().values(BO_Code="Z9", BO_Libelle="Z9"))
            conn.execute(t.triage_levels.delete())  # the shipped scale: put back by the reset
            pk = conn.execute(
                t.encours.insert().values(
                    EC_CodeBox="Z9", EC_NomPatient="DUPONT", EC_HeureEntree="2026-11-23 10:00:00"
                )
            ).inserted_primary_key[0]
            conn.execute(t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache="X"))
        assert contents(url) != expected
    finally:
        db.dispose()
    used.drop_all()  # the end of the test: the database goes back to the pool, reset
    TEMPLATES.settle()
    assert make_url(url).database in TEMPLATES.free()
    assert contents(url) == expected


def test_a_pool_database_whose_schema_changed_is_not_reused(mysql_factory) -> None:
    used = MySQLDatabaseFactory()
    url = used.current()
    db = open_db(url)
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE encours ADD COLUMN EC_Extra int"))
    db.dispose()
    name = make_url(url).database
    used.drop_all()
    TEMPLATES.settle()
    assert name not in TEMPLATES.free()
    engine = create_engine(url.split("/" + name)[0] + "/")
    try:
        with engine.connect() as conn:
            left = conn.execute(
                text("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :s"),
                {"s": name},
            ).scalar_one()
    finally:
        engine.dispose()
    assert left == 0  # dropped, not put back


def test_a_pool_database_someone_is_connected_to_is_not_handed_out(mysql_factory) -> None:
    """A connection a test left open (a thread still running) keeps its database out of the
    pool: at the reset, and again when the next test asks for one."""
    used = MySQLDatabaseFactory()
    url = used.current()
    open_db(url).dispose()
    left = create_engine(url)
    conn = left.connect()
    try:
        used.drop_all()
        TEMPLATES.settle()
        assert make_url(url).database not in TEMPLATES.free()  # busy at the reset
    finally:
        conn.close()
        left.dispose()

    used = MySQLDatabaseFactory()
    url = used.current()
    open_db(url).dispose()
    used.drop_all()
    TEMPLATES.settle()
    name = make_url(url).database
    assert name in TEMPLATES.free()
    late = create_engine(url)
    conn = late.connect()  # connected after the reset
    again = MySQLDatabaseFactory()
    try:
        assert make_url(again.current()).database != name
        assert name not in TEMPLATES.free()
    finally:
        conn.close()
        late.dispose()
        again.drop_all()
