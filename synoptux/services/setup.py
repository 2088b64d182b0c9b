"""Opening the configured database (shared by the CLI, the GUI, ingest and stats)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from synoptux.config import IFACE, ConfigError, Settings
from synoptux.db.engine import Database, DatabaseUnavailable, sqlite_file
from synoptux.db.readonly import ReadOnlyDatabase
from synoptux.db.schema import ensure_schema
from synoptux.fileperm import make_dir
from synoptux.services.people import configure_people


class DatabaseNeedsUpgrade(RuntimeError):
    """A Synoptux 2.x database the board must not write to before `synoptux upgrade`."""


def open_database(
    settings: Settings, *, first_run: bool = False, writes: bool = True, look: bool = False
) -> Database:
    """Open the configured database. With `first_run`, a missing embedded SQLite
    file is created with the reference set and the demo patients (first run only).

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
            make_dir(path.parent)  # private: it will hold patient names
            db = Database.from_url(conn.url, conn.prefix)
            from synoptux.services.seed import seed_demo, seed_reference

            ensure_schema(db)
            seed_reference(db)
            seed_demo(db, datetime.now().replace(microsecond=0))
            settings.path_setting(IFACE, "Dossier_Entrees").mkdir(parents=True, exist_ok=True)
            configure_people(db.engine, settings.medintux_url())
            return db
    path = sqlite_file(conn.url)
    if path and not Path(path).exists():
        raise ConfigError(
            "Connexion_SynopTux",
            "URL",
            f"the SQLite file {path} does not exist (run: synoptux init-db --demo)",
        )
    db = Database.from_url(conn.url, conn.prefix)
    if look:
        reason = _upgrade_reason(db)
        if reason:
            db = ReadOnlyDatabase(db.engine, conn.prefix, reason)
    elif writes:
        refuse_if_not_upgraded(db)
    configure_people(db.engine, settings.medintux_url())
    return db


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
