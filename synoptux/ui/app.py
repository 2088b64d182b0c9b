"""Entry points: the board window (`synoptux`) and the offscreen PNG (`synoptux snapshot`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from synoptux import shipped
from synoptux.config import KEYS, Settings
from synoptux.domain.clock import Clock, FakeClock, SystemClock
from synoptux.ui.translation import install_translator, language

log = logging.getLogger(__name__)
TRANSLATIONS = shipped.resource(shipped.TRANSLATIONS)  # in a wheel as in a checkout


def _application(argv: list[str] | None = None):  # noqa: ANN202
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


def _base_font(app, settings: Settings) -> None:  # noqa: ANN001
    font = app.font()
    font.setPointSize(settings[KEYS.FONT_SIZE])
    app.setFont(font)


def open_board_database(settings: Settings):  # noqa: ANN201
    """The board's database: demo data on the first run of the shipped default
    configuration only; a 2.x database read-only; an unreachable server tolerated (the
    board shows the outage and retries). Anything else raises (see `start_window`), and so
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
):  # noqa: ANN201
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


def start_window(args: argparse.Namespace, settings: Settings):  # noqa: ANN201
    """(window, database): the board on its database, or, when the settings do not let it
    start, the full-screen message saying why (`startup_error.py`) and no database."""
    from synoptux.services.setup import exit_status
    from synoptux.ui.main_window import MainWindow

    try:
        db = open_board_database(settings)
    except _startup_failures() as exc:
        status, message = exit_status(exc) or (2, str(exc))
        log.error("the board cannot start: %s", message)
        return startup_error_window(args, settings, exc, status), None
    try:
        window = MainWindow(db, settings, _clock(args))
        window.runner.wait_idle(5.0)  # the first board (read off the GUI thread) before it opens
        window.show_on_wall(full_screen=bool(getattr(args, "full_screen", False)))
    except BaseException:
        db.dispose()
        raise
    return window, db


def run_gui(args: argparse.Namespace, settings: Settings) -> int:
    app = _application()
    install_translator(app, language(args, settings))
    _base_font(app, settings)
    window, db = start_window(args, settings)
    if db is None:  # the startup message: its exit status once closed
        app.exec()
        return window.status
    try:
        _log_start(app, db)
        code = app.exec()
        log.info("board closed (exit status %s)", code)
        return code
    finally:
        db.dispose()


def _log_start(app, db) -> None:  # noqa: ANN001
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
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            print(f"synoptux: cannot write {out}", file=sys.stderr)
            return 1
        report_path = getattr(args, "report", None)
        if report_path is not None:
            from synoptux.ui.wall_report import build_report

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
