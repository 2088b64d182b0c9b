"""Entry files, one ingester per site, each on its own node: every file applied once.

The claim (a rename in the shared folder) gives a file to one board; when the same bytes
reach two boards anyway (a copy in each site's folder), the ledger's primary key decides,
across nodes: Galera refuses the second transaction at COMMIT (1213) or, retried, it
finds the key taken (duplicate)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.ingest.processor import APPLIED, DUPLICATE, Ingestor
from synoptux.services.seed import seed_reference

pytestmark = pytest.mark.galera
FILES = 40


def _entry(i: int) -> bytes:
    return (
        f"[Entree]\r\nCode_Box=A1\r\nNom_Patient=LEDGER{i:03d}\r\nPrenom_Patient=Test\r\n"
        "[Tache_1]\r\nCode_Tache=ECG\r\n"
    ).encode("cp1252")


def _race(ingestors: list[Ingestor]) -> list[list]:
    outcomes: list[list] = [[] for _ in ingestors]
    barrier = threading.Barrier(len(ingestors))

    def run(i: int) -> None:
        barrier.wait()
        for _ in range(5):  # until the folder is empty
            outcomes[i] += ingestors[i].run_cycle(wait_stable=False).outcomes

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(ingestors))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def site(galera_db):
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    seed_reference(db)
    yield db
    db.dispose()


def _counts(db: Database) -> tuple[int, int]:
    t = db.tables
    with db.connect() as conn:
        patients = conn.execute(
            select(func.count())
            .select_from(t.encours)
            .where(t.encours.c.EC_NomPatient.like("LEDGER%"))
        ).scalar()
        ledger = conn.execute(select(func.count()).select_from(t.applied_entries)).scalar()
    return patients, ledger


def _boards(galera_db, folders: list[Path]) -> list[Ingestor]:
    return [
        Ingestor(
            Database.from_url(galera_db.url(first=node)),
            folder,
            default_box="A1",
            clock=SystemClock(),
            settle=0,
            actor=f"board-on-node{node}",
        )
        for node, folder in zip((1, 2), folders, strict=True)
    ]


def test_two_boards_on_two_nodes_share_one_folder(galera_db, site, tmp_path):
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    for i in range(FILES):
        (inbox / f"e{i:03d}.txt").write_bytes(_entry(i))
    outcomes = _race(_boards(galera_db, [inbox, inbox]))
    applied = [o.name for out in outcomes for o in out if o.status == APPLIED]
    assert sorted(applied) == sorted(f"e{i:03d}.txt" for i in range(FILES))
    assert _counts(site) == (FILES, FILES)
    assert not list(inbox.glob("*.txt"))
    done = [p for p in (inbox / "done").glob("*.txt") if not p.name.endswith(".warnings.txt")]
    assert len(done) == FILES


def test_the_same_bytes_in_two_sites_folders_are_applied_once(galera_db, site, tmp_path):
    folders = [tmp_path / "site1", tmp_path / "site2"]
    for folder in folders:
        folder.mkdir()
        for i in range(FILES):
            (folder / f"e{i:03d}.txt").write_bytes(_entry(i))
    outcomes = _race(_boards(galera_db, folders))
    for i in range(FILES):
        name = f"e{i:03d}.txt"
        statuses = sorted(o.status for out in outcomes for o in out if o.name == name)
        assert statuses == sorted([APPLIED, DUPLICATE]), (name, statuses)
    assert _counts(site) == (FILES, FILES)
    for node in (1, 2, 3):  # the same on every node
        db = Database.from_url(galera_db.node_url(node))
        assert _counts(db) == (FILES, FILES)
        db.dispose()
