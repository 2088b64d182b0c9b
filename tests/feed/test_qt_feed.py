"""LiveFeed (ui.feed) in a real Qt event loop, offscreen: boards, files, outage, errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ui.feed import LiveFeed
from tests.feed.test_live import _macro


def _settings(folder: Path) -> Settings:
    return Settings.from_text(
        f"[Interface]\nDossier_Entrees={folder}\nCode_Box_Par_Defaut=A1\n"
        "[Timer]\nPeriodicite_controle_base_en_ms=50\nPeriodicite_controle_des_entrees=2\n"
        "Delai_stabilite_des_entrees_en_ms=300\n"  # the default (2 s): test_slow_writers.py
    )


class Recorder:
    def __init__(self, feed: LiveFeed) -> None:
        self.boards: list = []
        self.errors: list[int] = []
        self.offline: list = []
        self.online = 0
        feed.sig_board.connect(self.boards.append)
        feed.sig_ingest_errors.connect(self.errors.append)
        feed.sig_offline.connect(self.offline.append)
        feed.sig_online.connect(self._on)

    def _on(self) -> None:
        self.online += 1

    def names(self) -> set[str]:
        return {p.last_name for p in self.boards[-1].patients()} if self.boards else set()


@pytest.fixture
def live(qtbot, seeded: Database, tmp_path: Path, clock: FakeClock) -> Iterator[tuple]:
    folder = tmp_path / "entrees"
    feed = LiveFeed(seeded, _settings(folder), clock)
    rec = Recorder(feed)
    feed.start()
    qtbot.waitUntil(lambda: bool(rec.boards) and rec.errors == [0], timeout=5000)
    yield feed, rec, folder
    feed.stop()


def test_external_insert_reaches_the_board(qtbot, live, other: Database) -> None:
    feed, rec, _folder = live
    _macro(other, "G-QT", "FROM MACRO")
    qtbot.waitUntil(lambda: "FROM MACRO" in rec.names(), timeout=3000)


def test_dropped_file_and_bad_file(qtbot, live) -> None:
    feed, rec, folder = live
    (folder / "drop.txt").write_bytes(b"[Entree]\nNom_Patient=DROPPED\n[Tache_1]\nCode_Tache=ECG\n")
    qtbot.waitUntil(lambda: "DROPPED" in rec.names(), timeout=3000)
    assert (folder / "done" / "drop.txt").exists()
    (folder / "bad.txt").write_bytes(b"hello\n")
    qtbot.waitUntil(lambda: rec.errors[-1:] == [1], timeout=3000)
    assert (folder / "errors" / "bad.txt.reason.txt").exists()


def test_refresh_and_clean_stop(qtbot, live) -> None:
    feed, rec, _folder = live
    n = len(rec.boards)
    feed.request_refresh()
    qtbot.waitUntil(lambda: len(rec.boards) > n, timeout=3000)
    feed.stop()
    assert not feed._thread.isRunning()
    feed.stop()  # twice is harmless


@pytest.mark.mysql
def test_outage_signals_through_proxy(
    qtbot,
    proxied,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    db, proxy, _url = proxied
    feed = LiveFeed(db, _settings(tmp_path / "in"), clock)
    rec = Recorder(feed)
    feed.start()
    try:
        qtbot.waitUntil(lambda: bool(rec.boards), timeout=5000)
        proxy.cut()
        cut_at = time.monotonic()
        qtbot.waitUntil(lambda: bool(rec.offline), timeout=4000)
        assert time.monotonic() - cut_at < 2.0  # the banner within 2 s
        assert rec.offline == [clock.now()] and feed.offline_since == clock.now()
        (tmp_path / "in" / "wait.txt").write_bytes(b"[Entree]\nNom_Patient=WAITING\n")
        qtbot.wait(300)  # files stay in the inbox while the database is away
        assert (tmp_path / "in" / "wait.txt").exists()
        n = len(rec.boards)
        proxy.restore()
        qtbot.waitUntil(lambda: rec.online == 1 and len(rec.boards) > n, timeout=5000)
        qtbot.waitUntil(lambda: "WAITING" in rec.names(), timeout=5000)
        assert feed.offline_since is None
    finally:
        feed.stop()


def test_file_written_slowly_in_place_is_taken_whole(qtbot, live) -> None:
    """DrTux writes in place: the file is not taken while its writer is still at it."""
    feed, rec, folder = live
    path = folder / "slow.txt"
    with path.open("wb") as f:
        f.write(b"[Entree]\r\nNom_Patient=SLOW\r\n")
        f.flush()
        qtbot.wait(120)  # the writer pauses (shorter than the 0.3 s settle time)
        f.write(b"[Tache_1]\r\nCode_Tache=ECG\r\n[Tache_2]\r\nCode_Tache=BIO C\r\n")
    qtbot.waitUntil(lambda: "SLOW" in rec.names(), timeout=3000)
    (p,) = [p for p in rec.boards[-1].patients() if p.last_name == "SLOW"]
    assert sorted(t.code for t in p.tasks) == ["BIO C", "ECG"]


def test_polling_observer_setting(
    qtbot,
    seeded: Database,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    folder = tmp_path / "share"
    settings = _settings(folder)
    settings.set("Interface", "Surveillance_Par_Scrutation", True)
    feed = LiveFeed(seeded, settings, clock)
    rec = Recorder(feed)
    feed.start()
    try:
        qtbot.waitUntil(lambda: bool(rec.boards), timeout=5000)
        assert feed._worker._watcher.polling
        (folder / "p.txt").write_bytes(b"[Entree]\nNom_Patient=POLLED\n")
        qtbot.waitUntil(lambda: "POLLED" in rec.names(), timeout=5000)
    finally:
        feed.stop()
