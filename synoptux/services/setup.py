"""Opening the configured database (shared by the CLI, the GUI, ingest and stats).

Every way the configured database can be unusable ends here as one of two exceptions that
say why in words, never as a driver's traceback: `DatabaseConnectionError` (exit status 3:
missing SQLite file, a file that is not SQLite, wrong user or password, unknown database,
server unreachable) and `DatabaseEmpty` (exit status 4: no Synoptux tables; only
`synoptux init-db` creates them). Demo patients are created only when asked: `init-db
--demo`, or the first run of the shipped default configuration (`first_run`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from synoptux.config import (
    IFACE,
    KEYS,
    ConfigError,
    ConfigFileError,
    DatabaseSettingError,
    Settings,
)
from synoptux.config_types import Msg, msg
from synoptux.db.engine import Database, DatabaseUnavailable, sqlite_file
from synoptux.db.readonly import ReadOnlyDatabase
from synoptux.db.schema import ensure_schema
from synoptux.db.upgrade_plan import LEGACY
from synoptux.fileperm import make_dir
from synoptux.services.people import configure_people
from synoptux.speech import QT_TRANSLATE_NOOP

# Exit status of every command (README, Command line; cli.py's docstring).
EXIT_OK, EXIT_PARTLY, EXIT_CONFIG, EXIT_DATABASE, EXIT_NO_SCHEMA = 0, 1, 2, 3, 4
# MySQL/MariaDB error numbers that no retry will cure: the settings are wrong.
AUTH_REFUSED = {1044, 1045, 1698, 1251}
UNKNOWN_DATABASE = {1049}


class DatabaseNeedsUpgrade(RuntimeError):
    """A Synoptux 2.x database the board must not write to before `synoptux upgrade`."""


class DatabaseConnectionError(RuntimeError):
    """The configured database cannot be used. `kind`: missing_file, not_sqlite, auth,
    unknown_database, unreachable. `lasting`: the settings are wrong (no retry helps);
    an unreachable server is not lasting (the board shows the outage and retries)."""

    def __init__(self, kind: str, message: str | Msg, *, where: str = "", target: str = "") -> None:
        super().__init__(str(message))
        self.kind, self.message, self.where, self.target = kind, str(message), where, target
        self.msg = (
            message
            if isinstance(message, Msg)
            else Msg(QT_TRANSLATE_NOOP("Settings", "{text}"), text=message)
        )

    @property
    def lasting(self) -> bool:
        return self.kind != "unreachable"


class DatabaseEmpty(RuntimeError):
    """The database holds no Synoptux tables: only `synoptux init-db` creates them."""

    def __init__(self, where: str, missing: list[str], *, partly: bool = False) -> None:
        super().__init__(
            f"{where} lacks tables of this Synoptux ({', '.join(missing)}): run "
            "'synoptux init-db' to add them (nothing else creates tables)"
            if partly
            else f"{where} has no Synoptux tables: run 'synoptux init-db' to create them "
            "(nothing else creates tables)"
        )
        self.where, self.missing = where, missing


def _mysql_code(exc: BaseException) -> int | None:
    args = getattr(getattr(exc, "orig", exc), "args", ())
    return args[0] if args and isinstance(args[0], int) else None


def connection_error(exc: BaseException, db: Database) -> DatabaseConnectionError | None:
    """What a failure to connect means for the admin, or None when it is not one."""
    url = db.engine.url
    where = url.render_as_string(hide_password=True)
    code = _mysql_code(exc)
    orig = getattr(exc, "orig", exc)
    if code in AUTH_REFUSED:
        return DatabaseConnectionError(
            "auth",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "the server {host} refused the user name or password ({user}): {error}",
                ),
                host=url.host,
                user=url.username or "(none)",
                error=orig.args[-1],
            ),
            where=where,
            target=f"{url.username or ''}@{url.host}",
        )
    if code in UNKNOWN_DATABASE:
        return DatabaseConnectionError(
            "unknown_database",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "the database {name} does not exist on the server {host} "
                    "(create it, then run 'synoptux init-db')",
                ),
                name=repr(url.database),
                host=url.host,
            ),
            where=where,
            target=str(url.database),
        )
    if db.dialect == "sqlite" and isinstance(exc, DBAPIError):
        text_ = str(orig).lower()
        if "not a database" in text_ or "encrypted" in text_ or "malformed" in text_:
            return DatabaseConnectionError(
                "not_sqlite",
                msg(
                    QT_TRANSLATE_NOOP("Settings", "{path} is not a SQLite database ({error})"),
                    path=url.database,
                    error=orig,
                ),
                where=where,
                target=str(url.database),
            )
        return DatabaseConnectionError(
            "missing_file",
            msg(
                QT_TRANSLATE_NOOP("Settings", "the SQLite file {path} cannot be opened ({error})"),
                path=url.database,
                error=orig,
            ),
            where=where,
            target=str(url.database),
        )
    if isinstance(exc, OperationalError | DatabaseUnavailable | DBAPIError):
        return DatabaseConnectionError(
            "unreachable",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "the database server is unreachable: {where} ({error})"
                ),
                where=where,
                error=orig,
            ),
            where=where,
            target=str(url.host or ""),
        )
    return None


def check_connection(db: Database) -> None:
    """Connect once and read the catalogue; raise DatabaseConnectionError if that fails."""
    try:
        with db.engine.connect() as conn:
            if db.dialect == "sqlite":
                conn.execute(text("SELECT count(*) FROM sqlite_master"))
            else:
                conn.execute(text("SELECT 1"))
    except (DBAPIError, DatabaseUnavailable) as exc:
        failure = connection_error(exc, db)
        if failure is None:
            raise
        raise failure from None


def require_schema(db: Database, *, complete: bool = False) -> None:
    """Raise DatabaseEmpty when the board's tables are not there: none of them (a 2.x
    database has its own: `synoptux upgrade` takes it from there), or, with `complete`,
    any of them (a schema older than this Synoptux: `synoptux init-db` brings it up)."""
    t = db.tables
    with db.engine.connect() as conn:
        insp = inspect(conn)
        missing = [tb.name for tb in t.all if not insp.has_table(tb.name)]
    legacy = {t.name(base) for base in LEGACY}
    if missing and (complete or legacy <= set(missing)):
        where = db.engine.url.render_as_string(hide_password=True)
        raise DatabaseEmpty(where, missing, partly=not legacy <= set(missing))


def missing_sqlite_file(settings: Settings) -> DatabaseConnectionError | None:
    conn = settings.connection()
    path = sqlite_file(conn.url)
    if path and not Path(path).is_file():
        what = (
            msg(QT_TRANSLATE_NOOP("Settings", "is a folder, not a file"))
            if Path(path).is_dir()
            else msg(QT_TRANSLATE_NOOP("Settings", "does not exist"))
        )
        return DatabaseConnectionError(
            "missing_file",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "the SQLite file {path} {what} ({source}); nothing was created: if it is "
                    "on a network share, check that the share is mounted; a new board's "
                    "database is created by 'synoptux init-db'",
                ),
                path=path,
                what=what,
                source=conn.source,
            ),
            where=path,
            target=path,
        )
    return None


def open_database(
    settings: Settings,
    *,
    first_run: bool = False,
    writes: bool = True,
    look: bool = False,
    outage_ok: bool = False,
    schema: bool = True,
) -> Database:
    """Open the configured database and check that it can be used.

    With `first_run` (the board, on the shipped default configuration only: see
    `Settings.is_shipped_default`), a missing embedded SQLite file is created with the
    reference set and the demo patients. Otherwise a missing file is a
    DatabaseConnectionError: a share not mounted must never become an empty new board.

    Lasting connection failures (wrong password, unknown database, not a SQLite file)
    raise DatabaseConnectionError. An unreachable server raises it too, unless
    `outage_ok` (the board: it shows the outage and retries). With `schema`, a reachable
    database without the board's tables raises DatabaseEmpty.

    With `writes`, a 2.x database not yet upgraded is refused: its task numbers repeat across
    patients, so a task written now could share its number with another patient's task (and
    the board's new tables are not there yet). With `look` (the board, `board --json`,
    `snapshot`), such a database is opened read-only instead (`db.readonly`): the site sees
    the new board on its live data before deciding to upgrade, and nothing is written.

    The responsibles fallback (MedinTux `Personnes`, while our table is empty) is pointed at
    the configured MedinTux connection, else at the board's own database."""
    conn = settings.connection()
    url = make_url(conn.url)
    if first_run and url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        if not path.exists():
            return _create_demo(settings, conn.url, conn.prefix, path)
    missing = missing_sqlite_file(settings)
    if missing is not None:
        raise missing
    db = Database.from_url(conn.url, conn.prefix)
    try:
        check_connection(db)
        if schema:
            require_schema(db)
    except DatabaseConnectionError as exc:
        if exc.lasting or not outage_ok:
            db.dispose()
            raise
    except DatabaseEmpty:
        db.dispose()
        raise
    if look:
        reason = _upgrade_reason(db)
        if reason:
            db = ReadOnlyDatabase(db.engine, conn.prefix, reason)
    elif writes:
        refuse_if_not_upgraded(db)
    configure_people(db.engine, settings.medintux_url())
    return db


def _create_demo(settings: Settings, url: str, prefix: str, path: Path) -> Database:
    from synoptux.services.seed import seed_demo, seed_reference

    make_dir(path.parent)  # private: it will hold patient names
    db = Database.from_url(url, prefix)
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, datetime.now().replace(microsecond=0))
    entry_folder(settings)
    configure_people(db.engine, settings.medintux_url())
    return db


def entry_folder(settings: Settings) -> Path:
    """The entry folder, created if missing; a ConfigError naming the key when it cannot
    be (a file in the way, no permission)."""
    folder = settings.path_of(KEYS.ENTRY_FOLDER)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in [folder, *folder.parents] if p.exists()), None)
        why = (
            f"{blocker} is a file, not a folder"
            if blocker is not None and not blocker.is_dir()
            else (exc.strerror or str(exc))
        )
        raise ConfigError(IFACE, "Dossier_Entrees", f"{folder} cannot be created: {why}") from None
    if not folder.is_dir():
        raise ConfigError(IFACE, "Dossier_Entrees", f"{folder} is a file, not a folder")
    return folder


def _upgrade_reason(db: Database) -> str | None:
    from synoptux.db.readonly import READ_ONLY_BANNER
    from synoptux.db.upgrade_plan import upgrade_required

    try:
        return READ_ONLY_BANNER if upgrade_required(db) else None
    except (OperationalError, DatabaseUnavailable):
        return None  # unreachable now: the board shows the outage and retries


def refuse_if_not_upgraded(db: Database) -> None:
    from synoptux.db.upgrade_plan import upgrade_required

    try:
        reason = upgrade_required(db)
    except (OperationalError, DatabaseUnavailable):
        return  # unreachable now: the caller reports the outage (ingest waits for the server)
    if reason:
        db.dispose()
        raise DatabaseNeedsUpgrade(reason)


def exit_status(exc: BaseException, tr=None) -> tuple[int, str] | None:
    """(exit status, message) of a failure every command can meet, or None. `tr` (str ->
    str, e.g. doctor's Qt translation) says the message in the interface language; the
    default is the English source."""
    found = _exit_message(exc)
    if found is None:
        return None
    status, message = found
    return status, message.translated(tr or (lambda text: text))


def _exit_message(exc: BaseException) -> tuple[int, Msg] | None:
    if isinstance(exc, ConfigFileError):
        return EXIT_CONFIG, exc.msg
    if isinstance(exc, DatabaseSettingError):
        return EXIT_DATABASE, msg(
            QT_TRANSLATE_NOOP("Settings", "database setting: {error}"), error=exc.said()
        )
    if isinstance(exc, ConfigError):
        return EXIT_CONFIG, msg(
            QT_TRANSLATE_NOOP("Settings", "configuration error: {error}"), error=exc.said()
        )
    if isinstance(exc, DatabaseNeedsUpgrade):
        return EXIT_CONFIG, msg(
            QT_TRANSLATE_NOOP("Settings", "this is a Synoptux 2.x database: {error}"),
            error=str(exc),
        )
    if isinstance(exc, DatabaseConnectionError):
        return EXIT_DATABASE, msg(
            QT_TRANSLATE_NOOP("Settings", "database connection failed: {error}"), error=exc.msg
        )
    if isinstance(exc, DatabaseUnavailable):
        return EXIT_DATABASE, msg(
            QT_TRANSLATE_NOOP("Settings", "database unreachable: {error}"), error=str(exc)
        )
    if isinstance(exc, DatabaseEmpty):
        return EXIT_NO_SCHEMA, msg(QT_TRANSLATE_NOOP("Settings", "{text}"), text=str(exc))
    return None
