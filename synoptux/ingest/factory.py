"""An `Ingestor` configured from synoptux.ini: built the same way by `synoptux ingest` and
by the board's live feed (which must not import the command line's module).

Ingestion has an engine of its own with the writers' timeouts (`engine.WRITERS`), whatever
database it is handed: the live feed's engine gives up after 0.8 s (`engine.FEED`, so that
an outage shows at once), which would make a slow but working server (a lock another
program holds for a second, a big entry file's transaction) fail the file."""

from __future__ import annotations

import socket
import weakref

from synoptux.config import KEYS, Settings
from synoptux.db.engine import WRITERS, Database, make_engine, sqlite_file
from synoptux.ingest.processor import Ingestor


def settle_seconds(settings: Settings) -> float:
    """How long an entry file must stay unchanged before it is taken (ini, in ms)."""
    return settings[KEYS.ENTRY_SETTLE_MS] / 1000.0


def ingest_database(db: Database) -> Database:
    """The same database on an engine of its own with the writers' timeouts. A database
    that only lives in its engine (SQLite in memory) is kept as it is."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and not sqlite_file(str(url)):
        return db
    engine = make_engine(
        url.render_as_string(hide_password=False), timeouts=WRITERS, pool_size=2, create=False
    )
    return Database(engine, db.tables.prefix)


def make_ingestor(db, settings: Settings, clock=None, **kw) -> Ingestor:
    """An Ingestor configured from synoptux.ini, on its own engine (`ingest_database`),
    disposed of with the Ingestor."""
    actor = settings[KEYS.STATION] or socket.gethostname()
    kw.setdefault("settle", settle_seconds(settings))
    own = ingest_database(db)
    ingestor = Ingestor(
        own,
        settings.path_of(KEYS.ENTRY_FOLDER),
        default_box=settings[KEYS.DEFAULT_BOX] or "A1",
        clock=clock,
        delete_done=settings[KEYS.DELETE_DONE_ENTRIES],
        keep_days=settings[KEYS.KEEP_DONE_ENTRIES_DAYS],
        actor=f"ingest@{actor}"[:64],
        **kw,
    )
    if own is not db:
        weakref.finalize(ingestor, own.engine.dispose)
    return ingestor
