"""The test databases: a real SQLite file, or a throw-away database on the MariaDB test server.

MariaDB tests run when SYNOPTUX_TEST_MYSQL_URL names a server
(mysql+pymysql://root@127.0.0.1:3306); each test gets its own database (`stx_t_*`),
created and dropped by `MySQLDatabaseFactory`.

SYNOPTUX_TEST_SQL_MODE, when set (even to an empty string), is the session `sql_mode` of
every connection the tests and the code under test open to those databases: the URL the
factory hands out carries it as PyMySQL's `init_command`, so engines built from it by our
code get it too. `.ci/run` runs the MariaDB tests once with `STRICT_ALL_TABLES` and once
with `sql_mode=''` (the server's global setting is never changed).

A current schema on MariaDB is cloned, not built: `ensure_schema` on an empty database
costs seconds (dozens of reflection queries, then DDL), so each test run builds it once per
(prefix, character set) in a template database (`stx_tpl_*`) and `open_db` copies that
template into the test's empty database: `CREATE TABLE ... LIKE` for every table, its rows
(`INSERT ... SELECT`: the shipped triage scale, the revision row, the schema version), then
the change-log triggers, which `CREATE TABLE ... LIKE` does not copy, installed by
`install_triggers`, the very function `ensure_schema` ends with. tests/test_test_databases.py
checks that a clone is identical to a database `ensure_schema` built (every table's DDL, every
row, every trigger).
"""

from __future__ import annotations

import os
import re
import time
import uuid
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema, install_triggers
from synoptux.services.people import forget_people

MYSQL_SERVER = os.environ.get("SYNOPTUX_TEST_MYSQL_URL", "").rstrip("/")
NO_MYSQL = "SYNOPTUX_TEST_MYSQL_URL is not set (bash .ci/run sets it): MariaDB tests skipped"
# None: the server's own sql_mode; any string (even ''): that session sql_mode everywhere.
MYSQL_SQL_MODE = os.environ.get("SYNOPTUX_TEST_SQL_MODE")
BACKENDS = ["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)]
PREFIXES = ["", "ST_", "synopt_"]

TEST_DB = "stx_t_"  # every test's database
TEMPLATE_DB = "stx_tpl_"  # a run's templates: stx_tpl_<unix time>_<random>
# A template older than this was left by a run that crashed (no run lasts that long).
STALE_TEMPLATE_SECONDS = 12 * 3600


def mysql_available() -> bool:
    return bool(MYSQL_SERVER)


def mysql_query() -> str:
    """The URL query of every test database: utf8mb4, and the sql_mode under test."""
    query = "charset=utf8mb4"
    if MYSQL_SQL_MODE is not None:
        mode = MYSQL_SQL_MODE.replace("'", "")
        query += "&init_command=" + quote(f"SET SESSION sql_mode='{mode}'", safe="")
    return query


def server_engine() -> Engine:
    """An AUTOCOMMIT engine on the test server (no default database), in the sql_mode under
    test."""
    return create_engine(MYSQL_SERVER + "/?" + mysql_query(), isolation_level="AUTOCOMMIT")


def database_url(name: str) -> str:
    return f"{MYSQL_SERVER}/{name}?{mysql_query()}"


class MySQLDatabaseFactory:
    """Creates throw-away databases on the test server and drops them at the end."""

    def __init__(self) -> None:
        self.engine = server_engine()
        self.names: list[str] = []
        self.pooled: list[str] = []

    def create(self, charset: str = "utf8mb4") -> str:
        """An EMPTY database (no table): `open_db` gives it the current schema."""
        name = f"{TEST_DB}{uuid.uuid4().hex[:10]}"
        with self.engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET {charset}"))
        self.names.append(name)
        return database_url(name)

    def current(self, prefix: str = "", charset: str = "utf8mb4") -> str:
        """A database with the current schema (what `open_db` gives an empty one), taken
        from the run's pool: given back, reset, at the end of the test."""
        name = TEMPLATES.acquire(prefix, charset)
        self.pooled.append(name)
        url = database_url(name)
        # The product keeps per-database state keyed by URL (MedinTux `Personnes` read at
        # most once a minute): a database handed out again is another database to it.
        forget_people(url)
        return url

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.names:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        self.engine.dispose()
        for name in self.pooled:
            TEMPLATES.release(name)


class SchemaTemplates:
    """The run's current schemas on MariaDB.

    Templates: one database per (prefix, character set, collation) built by `ensure_schema`
    the first time a test asks for it. Pool: databases cloned from a template for the `db`
    fixture; at the end of a test its database is reset to the template (rows deleted, the
    template's rows and AUTO_INCREMENT counters put back) and used again — unless anything
    else differs from the template (a table, a column, an index, a trigger, a view, a
    routine...), or a connection of the test is still open on it: then it is dropped. The
    reset runs in a thread of its own while the next test runs; a test that needs a database
    before one is ready waits for it. All are dropped at the end of the run (`drop_all`)."""

    def __init__(self) -> None:
        self._engine: Engine | None = None
        self._made: dict[tuple[str, str, str], tuple[str, list[str]]] = {}
        self._looks: dict[str, object] = {}  # template -> its fingerprint
        self._free: dict[tuple[str, str], list[str]] = {}  # (prefix, charset) -> databases
        # database -> (prefix, charset, its template)
        self._pooled: dict[str, tuple[str, str, str]] = {}
        self._fresh: set[tuple[str, str]] = set()  # (database, prefix) not opened yet
        # (prefix, charset) -> databases being reset: (name, True when reset, False: dropped)
        self._resets: dict[tuple[str, str], list[tuple[str, Future]]] = {}
        self._worker: ThreadPoolExecutor | None = None
        self._leftover: list[str] = []  # databases a reset could not drop
        self._others: list[str] = []  # templates of other kinds (`new_template`)
        self.builds = 0  # ensure_schema runs (for the measurements)
        self.clones = 0
        self.reuses = 0

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = server_engine()
            self._drop_stale()
        return self._engine

    def _drop_stale(self) -> None:
        """Templates of runs that crashed (their `drop_all` never ran), by the time in their
        name; a live run's templates are younger than STALE_TEMPLATE_SECONDS."""
        pattern = re.compile(rf"^{TEMPLATE_DB}(\d+)_[0-9a-f]+$")
        with self._engine.connect() as conn:
            names = conn.execute(
                text("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
            ).scalars()
            for name in list(names):
                m = pattern.match(name)
                if m and time.time() - int(m.group(1)) > STALE_TEMPLATE_SECONDS:
                    conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))

    def template(self, prefix: str, charset: str, collation: str) -> tuple[str, list[str]]:
        """(database, its tables) of a current schema with this prefix and default charset."""
        key = (prefix, charset, collation)
        if key not in self._made:
            name = f"{TEMPLATE_DB}{int(time.time())}_{uuid.uuid4().hex[:8]}"
            with self.engine.connect() as conn:
                conn.execute(
                    text(f"CREATE DATABASE `{name}` CHARACTER SET {charset} COLLATE {collation}")
                )
                # Registered before it is filled: a failure below still drops it.
                self._made[key] = (name, [])
            db = Database.from_url(database_url(name), prefix)
            try:
                ensure_schema(db)
            finally:
                db.dispose()
            self.builds += 1
            with self.engine.connect() as conn:
                self._made[key] = (name, base_tables(conn, name))
        return self._made[key]

    def new_template(self, charset: str) -> str:
        """A new empty database named as the run's templates (`stx_tpl_*`) and dropped with
        them (by `drop_all`, or by a later run when this one crashed): the templates of other
        kinds of database (tests/support/upgrade.py: the 2.x sites)."""
        name = f"{TEMPLATE_DB}{int(time.time())}_{uuid.uuid4().hex[:8]}"
        with self.engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET {charset}"))
        self._others.append(name)
        return name

    def clone_into(self, url: str, prefix: str) -> Database | None:
        """Give the empty test database of `url` the current schema by copying the template;
        None (nothing done) when `url` is not an empty `stx_t_` database of the test server."""
        if not self._clonable(url):
            return None
        name = make_url(url).database
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                    " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :s"
                ),
                {"s": name},
            ).first()
            if row is None or self._has_objects(conn, name):
                return None
        template, tables = self.template(prefix, row[0], row[1])
        with self.engine.connect() as conn:
            copy_tables(conn, template, name, tables)
        db = Database.from_url(url, prefix)
        # As ensure_schema does it: a transaction of its own, on the test's own engine.
        with db.engine.begin() as conn:
            install_triggers(conn, db.tables)
        self.clones += 1
        return db

    def opened(self, url: str, prefix: str) -> bool:
        """Whether `url` is a pool database handed out with this prefix and not opened yet
        (it has the current schema: nothing to do); it counts as opened from now on."""
        if not url.startswith("mysql"):
            return False
        key = (make_url(url).database, prefix)
        if key in self._fresh:
            self._fresh.discard(key)
            return True
        return False

    def acquire(self, prefix: str, charset: str) -> str:
        """A database with the current schema: a free one of the pool, or a new clone."""
        free = self._free.setdefault((prefix, charset), [])
        pending = self._resets.setdefault((prefix, charset), [])
        while not free and pending:
            name, done = pending.pop(0)
            if done.result():
                free.append(name)
            else:
                del self._pooled[name]
        while free and self._busy(free[-1]):
            # Someone connected since the reset (a thread a test left behind?): not this one.
            name = free.pop()
            del self._pooled[name]
            self._leftover.append(name)
        if free:
            name = free.pop()
            self.reuses += 1
        else:
            name = f"{TEST_DB}{uuid.uuid4().hex[:10]}"
            with self.engine.connect() as conn:
                conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET {charset}"))
            self._pooled[name] = (prefix, charset, "")
            db = self.clone_into(database_url(name), prefix)
            assert db is not None, f"{name} could not be cloned"
            db.dispose()
            with self.engine.connect() as conn:
                template = conn.execute(
                    text(
                        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                        " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :s"
                    ),
                    {"s": name},
                ).one()
            self._pooled[name] = (prefix, charset, self._made[(prefix, *template)][0])
        self._fresh.add((name, prefix))
        return name

    def release(self, name: str) -> None:
        """The test is over: its database is reset for the next one (or dropped), in the
        background."""
        prefix, charset, _template = self._pooled[name]
        self._fresh.discard((name, prefix))
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="stx-test-db-reset")
        done = self._worker.submit(self._reset_or_drop, name)
        self._resets.setdefault((prefix, charset), []).append((name, done))

    def settle(self) -> None:
        """Wait for the resets under way (the databases reset are free, the others gone)."""
        for key, pending in self._resets.items():
            while pending:
                name, done = pending.pop(0)
                if done.result():
                    self._free.setdefault(key, []).append(name)
                else:
                    del self._pooled[name]

    def free(self, prefix: str = "", charset: str = "utf8mb4") -> list[str]:
        return list(self._free.get((prefix, charset), []))

    def _reset_or_drop(self, name: str) -> bool:
        """In the worker thread: True when `name` is the template again, False when dropped."""
        _prefix, _charset, template = self._pooled[name]
        try:
            if template and self._reset(name, template):
                return True
        except Exception:  # whatever the test left: the database goes
            pass
        try:
            with self.engine.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        except Exception:  # not this test's business: tried again at the end
            self._leftover.append(name)
        return False

    def _busy(self, name: str) -> bool:
        """Whether a connection is open on database `name`."""
        with self.engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = :s"),
                    {"s": name},
                ).scalar_one()
            )

    def _reset(self, name: str, template: str) -> bool:
        """Make `name` the template again; False when it cannot be done safely."""
        tables = next(t for n, t in self._made.values() if n == template)
        if self._busy(name):
            return False
        with self.engine.connect() as conn:
            if base_tables(conn, name) != tables:
                return False
            try:
                return self._put_back(conn, name, template, tables)
            finally:
                conn.execute(text("SET SESSION lock_wait_timeout = DEFAULT"))
                conn.execute(text("SET SESSION innodb_lock_wait_timeout = DEFAULT"))

    def _put_back(self, conn, name: str, template: str, tables: list[str]) -> bool:
        """Rows back to the template's (in one transaction), then the AUTO_INCREMENT counters;
        whether `name` now looks exactly like the template."""
        conn.execute(text("SET SESSION lock_wait_timeout = 5"))
        conn.execute(text("SET SESSION innodb_lock_wait_timeout = 5"))
        conn.execute(text("START TRANSACTION"))
        # The change-log triggers fire on these: the change log is emptied last.
        for table in tables:
            conn.execute(text(f"DELETE FROM `{name}`.`{table}`"))
        for table in tables:
            conn.execute(
                text(f"INSERT INTO `{name}`.`{table}` SELECT * FROM `{template}`.`{table}`")
            )
        for table in tables:
            if table.endswith("synoptux_changes"):
                conn.execute(text(f"DELETE FROM `{name}`.`{table}`"))
        conn.execute(text("COMMIT"))
        counters = dict(
            conn.execute(
                text(
                    "SELECT a.TABLE_NAME, b.AUTO_INCREMENT FROM information_schema.TABLES a"
                    " JOIN information_schema.TABLES b ON b.TABLE_NAME = a.TABLE_NAME"
                    " AND b.TABLE_SCHEMA = :t WHERE a.TABLE_SCHEMA = :s"
                    " AND NOT a.AUTO_INCREMENT <=> b.AUTO_INCREMENT"
                ),
                {"s": name, "t": template},
            ).all()
        )
        for table, value in counters.items():
            conn.execute(text(f"ALTER TABLE `{name}`.`{table}` AUTO_INCREMENT = {int(value)}"))
        if template not in self._looks:
            self._looks[template] = fingerprint(conn, template)
        return fingerprint(conn, name) == self._looks[template]

    @staticmethod
    def _clonable(url: str) -> bool:
        if not MYSQL_SERVER or not url.startswith("mysql"):
            return False
        u, server = make_url(url), make_url(MYSQL_SERVER)
        return (u.host, u.port, u.username) == (server.host, server.port, server.username) and (
            u.database or ""
        ).startswith(TEST_DB)

    @staticmethod
    def _has_objects(conn, name: str) -> bool:
        """Anything in the database: a table, view, trigger, routine or event."""
        for view, column in (
            ("TABLES", "TABLE_SCHEMA"),
            ("TRIGGERS", "TRIGGER_SCHEMA"),
            ("ROUTINES", "ROUTINE_SCHEMA"),
            ("EVENTS", "EVENT_SCHEMA"),
        ):
            found = conn.execute(
                text(f"SELECT 1 FROM information_schema.{view} WHERE {column} = :s LIMIT 1"),
                {"s": name},
            ).first()
            if found is not None:
                return True
        return False

    def drop_all(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
        self._resets.clear()
        if self._engine is None:
            return
        names = [
            *self._pooled,
            *self._leftover,
            *(n for n, _t in self._made.values()),
            *self._others,
        ]
        failed = []
        for name in dict.fromkeys(names):
            try:
                with self._engine.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            except Exception as exc:  # the others are dropped all the same
                failed.append(f"{name}: {exc}")
        self._leftover.clear()
        self._others.clear()
        self._made.clear()
        self._pooled.clear()
        self._free.clear()
        self._fresh.clear()
        self._looks.clear()
        self._engine.dispose()
        self._engine = None
        if failed:
            warnings.warn("test databases left on the server: " + "; ".join(failed), stacklevel=1)


def base_tables(conn, schema: str) -> list[str]:
    return list(
        conn.execute(
            text(
                "SELECT TABLE_NAME FROM information_schema.TABLES"
                " WHERE TABLE_SCHEMA = :s AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
            ),
            {"s": schema},
        ).scalars()
    )


def copy_tables(conn, source: str, target: str, tables: list[str]) -> None:
    """Every table of `tables` from database `source` into `target`, as it is there: its
    DDL (`CREATE TABLE ... LIKE`: columns, types, character sets and collations, keys,
    engine) then its rows in their order (`INSERT ... SELECT`, which also moves the
    AUTO_INCREMENT counter past them). Triggers are not copied."""
    for table in tables:
        conn.execute(text(f"CREATE TABLE `{target}`.`{table}` LIKE `{source}`.`{table}`"))
    for table in tables:
        conn.execute(text(f"INSERT INTO `{target}`.`{table}` SELECT * FROM `{source}`.`{table}`"))


def fingerprint(conn, schema: str) -> tuple:
    """What makes a database this schema, without its name: every table's DDL (columns,
    indexes, AUTO_INCREMENT, engine, charset), every trigger, the counts of other objects,
    the default character set."""
    tables = conn.execute(
        text(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = :s ORDER BY TABLE_NAME"
        ),
        {"s": schema},
    ).all()
    ddl = [
        conn.execute(text(f"SHOW CREATE TABLE `{schema}`.`{t}`")).one()[1]
        for t, kind in tables
        if kind == "BASE TABLE"
    ]
    triggers = conn.execute(
        text(
            "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER,"
            " ACTION_STATEMENT, ACTION_TIMING, SQL_MODE, DEFINER, CHARACTER_SET_CLIENT,"
            " COLLATION_CONNECTION, DATABASE_COLLATION FROM information_schema.TRIGGERS"
            " WHERE TRIGGER_SCHEMA = :s ORDER BY TRIGGER_NAME"
        ),
        {"s": schema},
    ).all()
    others = [
        conn.execute(
            text(f"SELECT COUNT(*) FROM information_schema.{view} WHERE {column} = :s"),
            {"s": schema},
        ).scalar_one()
        for view, column in (("ROUTINES", "ROUTINE_SCHEMA"), ("EVENTS", "EVENT_SCHEMA"))
    ]
    charset = conn.execute(
        text(
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
            " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :s"
        ),
        {"s": schema},
    ).one()
    return (tuple(tables), tuple(ddl), tuple(triggers), tuple(others), tuple(charset))


TEMPLATES = SchemaTemplates()


def open_db(url: str, prefix: str = "") -> Database:
    """A current schema on `url` (what `ensure_schema` gives): a pool database handed out by
    `MySQLDatabaseFactory.current` already has it; an empty test database of the MariaDB test
    server gets a clone of the run's template; any other database (SQLite, one that already
    has tables, another server) gets `ensure_schema` itself."""
    if TEMPLATES.opened(url, prefix):
        return Database.from_url(url, prefix)
    db = TEMPLATES.clone_into(url, prefix)
    if db is not None:
        return db
    db = Database.from_url(url, prefix)
    ensure_schema(db)
    return db
