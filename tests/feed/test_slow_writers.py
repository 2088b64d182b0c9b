"""Writers that pause or append, and a board that goes on whatever ingestion does: the
real LiveFeed in a Qt event loop, offscreen, default settle time.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.folder import EntryFolder
from synoptux.ui.feed import LiveFeed
from tests.feed.test_live import _macro
from tests.feed.test_qt_feed import Recorder

TASKS = ["ECG", "BIO C", "RX OS"]
LINES = ["[Entree]", "Code_Box=A1", "Nom_Patient=LENT", "GUID_Patient=G-SLOW"] + [
    f"[Tache_{i}]\r\nCode_Tache={code}" for i, code in enumerate(TASKS, start=1)
]


def _settings(folder: Path, extra: str = "") -> Settings:
    return Settings.from_text(
        f"[Interface]\nDossier_Entrees={folder}\nCode_Box_Par_Defaut=A1\n"
        f"[Timer]\nPeriodicite_controle_base_en_ms=50\nPeriodicite_controle_des_entrees=2\n{extra}"
    )


@pytest.fixture
def board(qtbot, seeded: Database, tmp_path: Path, clock: FakeClock) -> Iterator[tuple]:
    """A LiveFeed with the default settle time (2 s)."""
    folder = tmp_path / "entrees"
    feed = LiveFeed(seeded, _settings(folder), clock)
    rec = Recorder(feed)
    feed.start()
    qtbot.waitUntil(lambda: bool(rec.boards) and rec.errors == [0], timeout=5000)
    yield feed, rec, folder
    feed.stop()


def _only_patient(rec: Recorder, name: str):
    found = [p for p in rec.boards[-1].patients() if p.last_name == name]
    assert len(found) == 1, [p.last_name for p in rec.boards[-1].patients()]
    return found[0]


def _settled(folder: Path) -> EntryFolder:
    f = EntryFolder(folder)
    assert f.inbox_files() == [] and f.claimed_files() == [] and f.error_files() == []
    return f


def test_writer_pausing_three_seconds_keeps_the_file_open(qtbot, board) -> None:
    """DrTux writes the patient, waits 3 s (longer than the settle time), writes the tasks."""
    _feed, rec, folder = board

    def write() -> None:
        with (folder / "pause.txt").open("wb") as f:
            f.write("\r\n".join(LINES[:4]).encode("cp1252") + b"\r\n")
            f.flush()
            time.sleep(3.0)
            f.write("\r\n".join(LINES[4:]).encode("cp1252") + b"\r\n")

    writer = threading.Thread(target=write)
    writer.start()
    qtbot.waitUntil(lambda: "LENT" in rec.names(), timeout=12000)
    writer.join()
    assert sorted(t.code for t in _only_patient(rec, "LENT").tasks) == sorted(TASKS)
    qtbot.wait(300)
    assert len(EntryFolder(folder)._entries(EntryFolder(folder).done)) == 1
    _settled(folder)


def test_writer_appending_line_by_line(qtbot, board) -> None:
    """Open, append one line, close, 0.3 s apart: one entry, not 18 fragments."""
    _feed, rec, folder = board
    lines = "\r\n".join(LINES).split("\r\n")

    def append() -> None:
        for line in lines:
            with (folder / "lignes.txt").open("ab") as f:
                f.write(line.encode("cp1252") + b"\r\n")
            time.sleep(0.3)

    writer = threading.Thread(target=append)
    writer.start()
    qtbot.waitUntil(lambda: "LENT" in rec.names(), timeout=15000)
    writer.join()
    assert sorted(t.code for t in _only_patient(rec, "LENT").tasks) == sorted(TASKS)
    qtbot.wait(300)
    _settled(folder)


def test_file_renamed_into_the_folder_is_taken_at_once(qtbot, board) -> None:
    """The safe way for site scripts: write under another name, then rename."""
    _feed, rec, folder = board
    tmp = folder / "arrivee.tmp"
    tmp.write_bytes("\r\n".join(LINES).encode("cp1252") + b"\r\n")
    t0 = time.monotonic()
    os.rename(tmp, folder / "arrivee.txt")
    qtbot.waitUntil(lambda: "LENT" in rec.names(), timeout=5000)
    assert time.monotonic() - t0 < 1.5  # not the 2 s settle time
    assert len(_only_patient(rec, "LENT").tasks) == 3


def test_a_file_written_in_place_waits_for_the_settle_time(qtbot, board) -> None:
    _feed, rec, folder = board
    t0 = time.monotonic()
    (folder / "direct.txt").write_bytes("\r\n".join(LINES).encode("cp1252"))
    qtbot.waitUntil(lambda: "LENT" in rec.names(), timeout=6000)
    assert time.monotonic() - t0 >= 1.9  # closed at once, but not trusted before 2 s


def test_settle_time_from_the_ini(qtbot, seeded: Database, tmp_path: Path, clock) -> None:
    folder = tmp_path / "entrees"
    feed = LiveFeed(seeded, _settings(folder, "Delai_stabilite_des_entrees_en_ms=300\n"), clock)
    assert feed._worker._settle == pytest.approx(0.3)
    rec = Recorder(feed)
    feed.start()
    try:
        qtbot.waitUntil(lambda: bool(rec.boards), timeout=5000)
        (folder / "vite.txt").write_bytes(b"[Entree]\nNom_Patient=VITE\n")
        qtbot.waitUntil(lambda: "VITE" in rec.names(), timeout=3000)
    finally:
        feed.stop()


def test_poison_file_shows_in_errors_and_the_board_goes_on(
    qtbot,
    board,
    other: Database,
) -> None:
    _feed, rec, folder = board
    (folder / "poison.txt").write_bytes(
        b"[Entree]\nNom_Patient=P\n[Tache_1]\nCode_Tache=ECG\nPriorite=1234567890123456789012345\n"
        b"Heure_Debut_Prevue=9999-12-31 23:59\n"
    )
    (folder / "bad.txt").write_bytes(b"not an entry\n")
    qtbot.waitUntil(lambda: rec.errors[-1:] == [1], timeout=8000)
    _macro(other, "G-AFTER", "APRES POISON")  # a macro's row still reaches the board
    qtbot.waitUntil(lambda: "APRES POISON" in rec.names(), timeout=3000)
    assert "P" in rec.names()
    f = EntryFolder(folder)
    assert f.claimed_files() == [] and f.inbox_files() == []


def test_database_check_runs_whatever_ingestion_does(
    qtbot,
    board,
    other: Database,
    caplog,
) -> None:
    """Ingestion raising on every tick (a bug, a broken share) must not stop the database
    check, nor fill the log thirty times a second."""
    feed, rec, folder = board
    worker = feed._worker

    def broken(**_kw):
        raise RuntimeError("ingestion is broken")

    worker._ingestor.run_cycle = broken
    (folder / "wake.txt").write_bytes(b"[Entree]\nNom_Patient=W\n")  # keeps ingestion busy
    caplog.set_level(logging.ERROR, logger="synoptux.ui.feed")
    _macro(other, "G-TICK", "TICK")
    qtbot.waitUntil(lambda: "TICK" in rec.names(), timeout=3000)
    qtbot.wait(1500)
    failures = [r for r in caplog.records if "ingestion" in r.getMessage()]
    assert 1 <= len(failures) <= 3, len(failures)
