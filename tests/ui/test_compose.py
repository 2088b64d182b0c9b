"""The board window's composition root (ui/compose.py): every part is built, typed and
connected by signals in one place; nothing is silently left out, nothing guessed."""

from __future__ import annotations

import ast
from pathlib import Path

from synoptux.config import Settings
from synoptux.domain.clock import FakeClock
from synoptux.ui.actions import BoardActions
from synoptux.ui.admin import AdminMenus
from synoptux.ui.alarms import AlarmMonitor
from synoptux.ui.board.alarm_strip import AlarmStrip
from synoptux.ui.board.blink import BlinkController
from synoptux.ui.controller import BoardController
from synoptux.ui.downtime import DowntimeCopier
from synoptux.ui.feed import LiveFeed
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.ui import destroy

UI = Path(__file__).resolve().parents[2] / "synoptux" / "ui"
ROOT_FILES = ("compose.py", "main_window.py", "controller.py")


def test_every_part_is_there_and_an_offscreen_window_starts_none(qtbot, sqlite_window) -> None:
    parts = sqlite_window.parts
    expected = {
        "controller": BoardController,
        "actions": BoardActions,
        "blink": BlinkController,
        "strip": AlarmStrip,
        "monitor": AlarmMonitor,
        "feed": LiveFeed,
        "downtime": DowntimeCopier,
        "admin_menus": AdminMenus,
    }
    for name, kind in expected.items():
        assert isinstance(getattr(parts, name), kind), name
    assert sqlite_window.controller is parts.controller
    assert sqlite_window.board_actions is parts.actions
    assert parts.actions.controller is parts.controller
    assert parts.strip.items()  # a picture shows its board's late tasks at once
    parts.start()  # live=False: a picture, never a live board
    assert not parts.monitor.is_running() and not parts.downtime.timer.isActive()


def test_a_live_window_starts_its_parts_after_the_first_frame_and_stops_them(
    qtbot,
    demo_sqlite,
    ini: Settings,
    tmp_path: Path,
) -> None:
    ini.set_raw("Interface", "Dossier_Entrees", str(tmp_path / "entrees"))
    win = MainWindow(demo_sqlite, ini, FakeClock(T0), live=True)
    try:
        parts = win.parts
        settle()  # the first board comes from the database thread
        assert win.controller.late_widgets(), "the demo board has late tasks"
        # Nothing before the first frame: no check, no strip to lay out.
        assert not parts.monitor.is_running() and parts.strip.items() == []
        win.resize(1280, 800)
        win.show()
        qtbot.waitUntil(parts.monitor.is_running, timeout=5000)
        assert parts.strip.items()  # the first check filled it
        win.close()
        assert not parts.monitor.is_running()
        parts.start()  # a closed window never starts again
        assert not parts.monitor.is_running()
    finally:
        destroy(win)


def test_late_rows_reach_the_blink_by_signal(qtbot, sqlite_window) -> None:
    ctl, blink = sqlite_window.controller, sqlite_window.parts.blink
    with qtbot.waitSignal(ctl.sig_late_changed) as late:
        ctl.reapply()
    rows = late.args[0]
    assert rows, "the demo board has late tasks"
    assert {id(r) for r in rows} == {id(r) for r in ctl.late_widgets()}
    assert {id(w) for w in blink.late_widgets()} == {id(r) for r in rows}
    ctl.set_filter("__nobody__")  # nobody shown: nothing blinks
    assert blink.late_widgets() == []


def test_an_ini_edit_reaches_the_parts(qtbot, sqlite_window) -> None:
    win = sqlite_window
    assert win.parts.blink.enabled
    win.settings.set_raw("Affichage", "Clignotement", "NON")
    win.settings.set_raw("Timer", "Periodicite_controle_alarme_en_secondes", "7")
    win.settings.set_raw("Affichage", "Mode_Confidentiel", "OUI")
    win.apply_settings()
    assert not win.parts.blink.enabled and not win.parts.blink.is_running()
    assert win.parts.monitor.interval_ms() == 7000
    assert win.parts.strip.privacy and win.card_view.privacy


def _guarded_imports(tree: ast.AST) -> list[int]:
    """Lines of `try:` blocks that import from synoptux (a part made optional)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            for inner in node.body:
                for sub in ast.walk(inner):
                    if isinstance(sub, ast.ImportFrom) and (sub.module or "").startswith(
                        "synoptux"
                    ):
                        found.append(node.lineno)
    return found


def _guessed_names(tree: ast.AST) -> list[tuple[int, str]]:
    """`hasattr`/`getattr` calls with a literal name: our own objects are typed."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("hasattr", "getattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[1].value)))
    return found


def test_the_composition_root_guesses_nothing() -> None:
    for name in ROOT_FILES:
        text = (UI / name).read_text(encoding="utf-8")
        tree = ast.parse(text)
        assert _guarded_imports(tree) == [], name
        assert _guessed_names(tree) == [], name
        assert "Any" not in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }, name
    assert not (UI / "plugins.py").exists()
