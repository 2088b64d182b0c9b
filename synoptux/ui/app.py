"""Entry points: the board window (`synoptux`) and the offscreen PNG (`synoptux snapshot`)."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from synoptux import shipped
from synoptux.config import KEYS, Settings
from synoptux.domain.clock import Clock, FakeClock, SystemClock
from synoptux.ui.translation import install_translator, language

log = logging.getLogger(__name__)
TRANSLATIONS = shipped.resource(shipped.TRANSLATIONS)  # in a wheel as in a checkout


def _application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or sys.argv[:1])
        app.setApplicationName("Synoptux")
        app.setOrganizationName("MedinTux")
    return app


def _clock(args: argparse.Namespace) -> Clock:
    now = getattr(args, "now", None)
    return FakeClock(now) if now is not None else SystemClock()


def _base_font(app, settings: Settings) -> None:
    font = app.font()
    font.setPointSize(settings[KEYS.FONT_SIZE])
    app.setFont(font)


def open_board_database(settings: Settings):
    """The board's database: demo data on the first run of the shipped default
    configuration only; a 2.x database read-only; an unreachable server tolerated (the
    board shows the outage and retries). Anything else raises (see `BoardStartup`), and so
    does an entry folder that cannot be made (a file in the way: entries would never show)."""
    from synoptux.services.setup import entry_folder, open_database

    entry_folder(settings)
    return open_database(
        settings, first_run=settings.is_shipped_default(), look=True, outage_ok=True
    )


def _startup_failures() -> tuple[type[BaseException], ...]:
    from synoptux.config import ConfigError, ConfigFileError
    from synoptux.services.setup import (
        DatabaseConnectionError,
        DatabaseEmpty,
        DatabaseNeedsUpgrade,
    )

    return (
        ConfigFileError,
        ConfigError,
        DatabaseConnectionError,
        DatabaseEmpty,
        DatabaseNeedsUpgrade,
    )


def startup_error_window(
    args: argparse.Namespace, settings: Settings | None, exc: BaseException, status: int
):
    """The full-screen message shown instead of the board (ui/startup_error.py)."""
    from synoptux.ui.startup_error import StartupError

    app = _application()
    if not app.property("synoptux_translated"):  # run_gui installed them already
        lang = getattr(args, "lang", None) or (language(args, settings) if settings else "fr")
        install_translator(app, lang)  # parented to the application: kept alive
    title = settings[KEYS.TITLE] if settings else "Synoptux"
    window = StartupError(exc, status, title)
    window.show_on_wall(full_screen=bool(getattr(args, "full_screen", False)))
    return window


def run_startup_error(
    args: argparse.Namespace, settings: Settings | None, exc: BaseException, status: int
) -> int:
    """Show why the board cannot start; the exit status once the window is closed."""
    window = startup_error_window(args, settings, exc, status)
    _application().exec()
    window.deleteLater()
    return status


class _Opened(QObject):
    """Carries the opening thread's outcome to the GUI thread (a queued signal)."""

    sig = Signal(object, object)  # (database or None, exception or None)


class BoardStartup:
    """The board's start, the screen never frozen: `start()` shows the loading
    window at once (ui/loading.py) and opens the database on a thread of its own (a server
    that does not answer costs its connect timeout there); then the board window replaces
    it, showing at once, its first board read by the database thread and arriving by
    signal, or the full-screen message saying why the board cannot start
    (`startup_error.py`). `window` is what is on screen; `db` the board's database (None
    while opening and after a startup failure); `error` an unexpected failure, raised
    again by `run_gui` once the event loop ends."""

    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        from synoptux.ui.loading import LoadingWindow

        self.args, self.settings = args, settings
        self.loading = LoadingWindow(settings[KEYS.TITLE])
        self.window: QWidget | None = None
        self.db = None
        self.status: int | None = None  # the exit status of a startup failure
        self.error: BaseException | None = None
        self.done = False
        self._opened = _Opened()
        self._opened.sig.connect(self._on_opened, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.loading.show_on_wall(full_screen=bool(getattr(self.args, "full_screen", False)))
        self.window = self.loading
        threading.Thread(target=self._open, name="synoptux-open-database", daemon=True).start()

    def _open(self) -> None:
        try:
            db = open_board_database(self.settings)
        except BaseException as exc:  # said on the GUI thread
            self._opened.sig.emit(None, exc)
            return
        self._opened.sig.emit(db, None)

    def _on_opened(self, db, exc: BaseException | None) -> None:
        from synoptux.services.setup import exit_status
        from synoptux.ui.main_window import MainWindow

        self.done = True
        if not self.loading.isVisible():  # closed while the database was opened: quit
            if db is not None:
                db.dispose()
            return
        full_screen = bool(getattr(self.args, "full_screen", False))
        if exc is not None:
            if not isinstance(exc, _startup_failures()):
                self.error = exc
                self.loading.close()
                return
            self.status, message = exit_status(exc) or (2, str(exc))
            log.error("the board cannot start: %s", message)
            self.window = startup_error_window(self.args, self.settings, exc, self.status)
            self.loading.close()
            return
        try:
            window = MainWindow(db, self.settings, _clock(self.args))
            freeze_heap_after_first_board(window)
            window.show_on_wall(full_screen=full_screen)  # the first board follows by signal
        except BaseException as failure:  # raised again by run_gui
            db.dispose()
            self.error = failure
            self.loading.close()
            return
        self.db, self.window = db, window
        self.loading.close()
        app = QApplication.instance()
        if app is not None:
            _log_start(app, db)

    def dispose(self) -> None:
        if self.db is not None:
            self.db.dispose()
            self.db = None


def freeze_heap_after_first_board(window) -> None:
    """Once the first board is on screen, what is alive then (Qt's wrappers, the catalogue,
    the rows, the modules) lives as long as the board: `gc.freeze` keeps the collector's
    full passes from walking it again and again. Before, those passes walked ~150,000
    objects for 30-100 ms each, holding the interpreter lock - on the GUI thread, or on the
    database thread with the GUI thread waiting for the lock - a frozen screen during a
    burst of changes. (Python's documented use of gc.freeze, for long-lived processes.)"""

    def first(_board) -> None:
        window.controller.sig_board_applied.disconnect(first)
        gc.freeze()

    window.controller.sig_board_applied.connect(first)


def run_gui(args: argparse.Namespace, settings: Settings) -> int:
    app = _application()
    install_translator(app, language(args, settings))
    _base_font(app, settings)
    startup = BoardStartup(args, settings)
    startup.start()
    try:
        code = app.exec()
        if startup.error is not None:
            raise startup.error
        if startup.status is not None:  # the startup message: its exit status once closed
            return startup.status
        log.info("board closed (exit status %s)", code)
        return code
    finally:
        startup.dispose()


def _log_start(app, db) -> None:
    """One line per start in the log file: what ran, against which database."""
    import PySide6

    from synoptux import __version__

    log.info(
        "board started: synoptux %s, Python %s, PySide6 %s, Qt platform %s, database %s",
        __version__,
        sys.version.split()[0],
        PySide6.__version__,
        app.platformName(),
        db.engine.url.render_as_string(hide_password=True),
    )


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x", 1))
    except ValueError:
        raise ValueError(f"--size {text!r}: expected WIDTHxHEIGHT such as 1920x1080") from None
    if w < 200 or h < 150:
        raise ValueError(f"--size {text!r}: at least 200x150")
    return w, h


def run_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    """Render the real board window offscreen to a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from synoptux.services.setup import open_database
    from synoptux.ui.main_window import MainWindow

    try:
        width, height = parse_size(getattr(args, "size", "1920x1080"))
    except ValueError as exc:
        print(f"synoptux: {exc}", file=sys.stderr)
        return 2
    app = _application()
    install_translator(app, language(args, settings))
    _base_font(app, settings)
    db = open_database(settings, look=True)
    try:
        window = MainWindow(db, settings, _clock(args), live=False)
        window.runner.wait_idle()  # the board is read by the database thread
        mode = getattr(args, "mode", None)
        if mode:
            window.set_mode(mode)
        window.resize(width, height)
        window.show()
        for _ in range(3):
            app.processEvents()
        window.view.relayout()
        app.processEvents()
        window.view.finish_layout()
        app.processEvents()
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            print(f"synoptux: cannot write {out}", file=sys.stderr)
            return 1
        report_path = getattr(args, "report", None)
        if report_path is not None:
            from synoptux.ui.board.wall_report import build_report

            report = build_report(window)
            Path(report_path).parent.mkdir(parents=True, exist_ok=True)
            Path(report_path).write_text(
                json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
            )
        window.close()
        print(f"{out}: {width}x{height}, {len(window.controller.rows)} patients")
        return 0
    finally:
        db.dispose()
