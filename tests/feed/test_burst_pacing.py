"""The live feed under a burst of writes (GUI responsiveness): the database thread
builds no board while the window still paints the last one, and whatever the pacing, the
board on screen ends equal to the database (what `synoptux board --json` prints)."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy import text

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.export import board_dict
from synoptux.services.snapshot import load_board
from synoptux.ui.feed import LiveFeed
from synoptux.ui.main_window import MainWindow
from tests.feed.test_live import _macro
from tests.feed.test_qt_feed import _settings
from tests.support.ui import destroy


class _Window(QWidget):
    """Repaints on every board, as the board's window does; notes at each of those paints
    whether the database thread is still held back."""

    def __init__(self, feed: LiveFeed) -> None:
        super().__init__()
        self.feed = feed
        self.boards = 0
        self.held_at_paint: list[bool] = []
        self._due = False
        feed.sig_board.connect(self._on_board)

    def _on_board(self, _board: object) -> None:
        self.boards += 1
        self._due = True
        self.update()

    def paintEvent(self, _event) -> None:  # Qt name
        if self._due:
            self._due = False
            self.held_at_paint.append(self.feed._worker.window_busy.is_set())


def test_no_board_is_built_until_the_last_one_is_painted(
    qtbot,
    seeded: Database,
    other: Database,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    feed = LiveFeed(seeded, _settings(tmp_path / "entrees"), clock)
    win = _Window(feed)
    win.resize(300, 200)
    win.show()
    qtbot.waitExposed(win)
    feed.start()
    try:
        qtbot.waitUntil(lambda: win.boards >= 1 and bool(win.held_at_paint), timeout=5000)
        for i in range(3):
            _macro(other, f"G-PACE-{i}", f"PACE {i}")
            n = win.boards
            qtbot.waitUntil(lambda n=n: win.boards > n and len(win.held_at_paint) > n, timeout=5000)
        # At each paint that followed a board, the next one was not being built yet ...
        assert win.held_at_paint and all(win.held_at_paint), win.held_at_paint
        # ... and once painted, the database thread is free again (boards keep coming).
        qtbot.waitUntil(lambda: not feed._worker.window_busy.is_set(), timeout=2000)
    finally:
        feed.stop()
        win.close()


def _burst(db: Database, seconds: float, stop: threading.Event, errors: list[str]) -> int:
    """MedinTux-style writers for `seconds`: patients in, tasks added and their state
    changed, comments updated, the oldest patients deleted. Returns the statements run."""
    rnd = random.Random(13)
    mine: list[int] = []
    tasks: list[int] = []
    done = 0
    end = time.monotonic() + seconds
    step = 0
    while time.monotonic() < end and not stop.is_set():
        try:
            with db.engine.begin() as conn:
                if len(mine) > 12 and step % 6 == 5:
                    old = mine.pop(0)
                    conn.execute(
                        text("DELETE FROM encours_taches WHERE EN_PK_encours = :p"), {"p": old}
                    )
                    conn.execute(text("DELETE FROM encours WHERE EC_PK = :p"), {"p": old})
                elif step % 6 == 0 or not mine:
                    conn.execute(
                        text(
                            "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                            "EC_Medecin, EC_GUIDPatient, EC_Replier, EC_Commentaire, "
                            "EC_HeureEntree) VALUES (:box, :name, 'Rafale', 'ro', :guid, 0, "
                            "'burst', :at)"
                        ),
                        {
                            "box": rnd.choice(("A1", "A2", "DECH", "PLAT")),
                            "name": f"BURST{step}",
                            "guid": f"g-burst-{step}",
                            "at": "2026-11-23 09:30:00",
                        },
                    )
                    mine.append(
                        conn.execute(
                            text("SELECT EC_PK FROM encours WHERE EC_GUIDPatient = :g"),
                            {"g": f"g-burst-{step}"},
                        ).scalar_one()
                    )
                elif step % 6 in (1, 2):
                    conn.execute(
                        text(
                            "INSERT INTO encours_taches (EN_PK_encours, EN_Code_tache, "
                            "EN_Comment, EN_Priorite) VALUES (:p, 'ECG', :c, '1')"
                        ),
                        {"p": mine[-1], "c": f"task {step}"},
                    )
                    tasks.append(
                        conn.execute(
                            text("SELECT MAX(EN_Num_tache) FROM encours_taches")
                        ).scalar_one()
                    )
                elif step % 6 == 3 and tasks:
                    conn.execute(
                        text(
                            "UPDATE encours_taches SET EN_Etat_en_cours = :s WHERE EN_Num_tache = :t"
                        ),
                        {"s": rnd.choice(("10", "30", "80")), "t": rnd.choice(tasks)},
                    )
                else:
                    conn.execute(
                        text("UPDATE encours SET EC_Commentaire = :c WHERE EC_PK = :p"),
                        {"c": f"burst {step}", "p": rnd.choice(mine)},
                    )
            done += 1
        except Exception as exc:  # a locked SQLite file: the next statement
            errors.append(f"{type(exc).__name__}: {exc}")
        step += 1
        time.sleep(0.01)
    return done


def test_a_burst_ends_with_the_board_equal_to_the_database(
    qtbot,
    seeded: Database,
    other: Database,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    ini = _settings(tmp_path / "entrees")
    ini.set_raw("Timer", "Periodicite_controle_base_en_ms", "50")
    win = MainWindow(seeded, ini, clock, live=True)
    win.resize(1920, 1080)
    win.show()
    stop = threading.Event()
    errors: list[str] = []
    result: dict[str, int] = {}
    writer = threading.Thread(
        target=lambda: result.__setitem__("n", _burst(other, 3.0, stop, errors))
    )
    try:
        qtbot.waitUntil(win.parts.monitor.is_running, timeout=5000)
        applied: list[object] = []
        win.controller.sig_board_applied.connect(applied.append)
        writer.start()
        while writer.is_alive():
            qtbot.wait(50)
        assert result["n"] >= 30, errors[:3]  # (fewer on a loaded machine)
        assert len(applied) >= 3  # boards were applied during the burst, not just at the end

        def same() -> bool:
            shown = win.controller.current_board
            return shown is not None and board_dict(shown) == board_dict(
                load_board(seeded, clock.now())
            )

        qtbot.waitUntil(same, timeout=10_000)
        # ... and the widgets show that board: one row per patient, in its box, in order.
        board = win.controller.current_board
        assert set(win.controller.rows) == {p.id for p in board.patients()}
        for box in board.boxes:
            rows = win.controller.panels[box.code].rows
            assert [r.patient_id for r in rows] == [p.id for p in box.patients]
            assert all(r.patient == p for r, p in zip(rows, box.patients, strict=True))
    finally:
        stop.set()
        if writer.is_alive():
            writer.join(10)
        destroy(win)
