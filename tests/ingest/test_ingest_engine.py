"""Ingestion has its own engine with the writers' timeouts (engine.WRITERS), even when it is
handed the live feed's quick database (engine.FEED: 0.8 s to answer, made to show an outage
banner fast): a slow but working server must not make an entry file fail or wait.

Real SQLite file, real MariaDB server: a second real connection holds the lock that the
ingestion's transaction needs for 1.5 s (as MedinTux or a big import would); the file is
applied once the lock is released."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import select

from synoptux.config import Settings
from synoptux.db.engine import WRITERS, Database
from synoptux.ingest.factory import make_ingestor
from synoptux.services.live import feed_database
from synoptux.services.seed import seed_reference
from tests.support.db import open_db

HELD = 1.5


def _hold_the_write_lock(db: Database, seconds: float) -> threading.Thread:
    """A second connection takes the lock every entry's transaction needs, for `seconds`."""
    taken = threading.Event()

    def hold() -> None:
        conn = db.engine.connect()
        try:
            if db.dialect == "sqlite":  # BEGIN IMMEDIATE: the file's write lock
                conn = conn.execution_options(synoptux_write=True)
                trans = conn.begin()
            else:  # the change log's revision row, bumped by every write's trigger
                trans = conn.begin()
                conn.execute(db.tables.revision.select().with_for_update()).all()
                conn.execute(db.tables.encours.select().with_for_update()).all()
            taken.set()
            time.sleep(seconds)
            trans.rollback()
        finally:
            conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert taken.wait(10)
    return thread


def test_an_entry_waits_for_a_lock_longer_than_the_feeds_timeout(
    backend_url: str, tmp_path: Path
) -> None:
    db = open_db(backend_url)
    seed_reference(db)
    quick = feed_database(db)  # what the live feed hands to make_ingestor
    inbox = tmp_path / "entrees"
    settings = Settings.from_text(f"[Interface]\nDossier_Entrees={inbox}\n")
    ingestor = make_ingestor(quick, settings, settle=0.0)
    try:
        ingestor.folder.ensure()
        (inbox / "entree_lent.txt").write_text(
            "[Entree]\nNom_Patient=LENT\nGUID_Patient=g-lent\n", encoding="utf-8"
        )
        holder = _hold_the_write_lock(db, HELD)
        started = time.monotonic()
        summary = ingestor.run_cycle(wait_stable=False)
        took = time.monotonic() - started
        holder.join(10)
        print(f"applied after {took:.2f} s behind a lock held {HELD} s ({db.dialect})")  # -rP
        assert summary.database_unavailable is None, summary.text()
        assert [o.status for o in summary.outcomes] == ["applied"], summary.text()
        assert took >= HELD - 0.3, f"the lock was not waited for ({took:.2f} s)"
        t = db.tables
        with db.connect() as conn:
            names = conn.execute(select(t.encours.c.EC_NomPatient)).scalars().all()
        assert names == ["LENT"]
    finally:
        quick.dispose()
        db.dispose()


def test_the_ingestion_engine_has_the_writers_timeouts(sqlite_url: str, tmp_path: Path) -> None:
    db = open_db(sqlite_url)
    quick = feed_database(db)
    settings = Settings.from_text(f"[Interface]\nDossier_Entrees={tmp_path / 'in'}\n")
    ingestor = make_ingestor(quick, settings)
    try:
        assert ingestor.db.engine is not quick.engine
        with ingestor.db.engine.connect() as conn:
            busy_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert busy_ms == int(WRITERS.lock * 1000)
    finally:
        quick.dispose()
        db.dispose()
