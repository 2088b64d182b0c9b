"""The board window's composition root: its parts are built and connected here, once.

`compose(window, live=...)` builds the board controller and its actions, the blink
controller, the late strip, the alarm monitor, the live feed (the read-only one on a
2.x database before its upgrade), the administration menus, the statistics and print
entries, the downtime copier and the entry-files-in-error button, and connects them
by Qt signals. Every part is always there (`BoardParts` has no optional member): a
part that cannot be built is a bug, shown by the tests, not a board quietly missing
its alarms.

The live parts (lateness checks, the feed's thread, the periodic downtime copy) start
in `BoardParts.start()`, which the window calls once its first frame is on screen
(the late strip, about 0.1 s to fill on a 200-patient board, comes after that frame);
an offscreen picture (`live=False`) never starts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from synoptux.config import KEYS, Settings
from synoptux.domain.alarms import TRIAGE_TASK_ID
from synoptux.services.database import Database, ReadOnlyDatabase
from synoptux.services.notes import NoteReader
from synoptux.ui.actions import BoardActions
from synoptux.ui.admin import AdminMenus, install_admin_menus
from synoptux.ui.alarms import AlarmMonitor
from synoptux.ui.board.alarm_strip import AlarmStrip
from synoptux.ui.board.blink import BlinkController
from synoptux.ui.confirm import Message, inform
from synoptux.ui.controller import BoardController
from synoptux.ui.dialogs.ingest_errors import IngestErrorsDialog
from synoptux.ui.downtime import DowntimeCopier
from synoptux.ui.feed import LiveFeed
from synoptux.ui.readonly_feed import ReadOnlyLiveFeed
from synoptux.ui.stats.stats_window import StatsWindow

if TYPE_CHECKING:
    from synoptux.ui.main_window import MainWindow


@dataclass(eq=False)
class BoardParts:
    """The parts of one board window (see the module docstring)."""

    controller: BoardController
    actions: BoardActions
    blink: BlinkController
    strip: AlarmStrip
    monitor: AlarmMonitor
    feed: LiveFeed | ReadOnlyLiveFeed
    downtime: DowntimeCopier
    admin_menus: AdminMenus
    errors_button: QPushButton
    """Shown while entry files wait in the error folder; a tap lists them."""
    act_stats: QAction
    act_print: QAction
    live: bool
    stats_window: StatsWindow | None = None
    errors_dialog: IngestErrorsDialog | None = None
    _started: bool = field(default=False, repr=False)
    _stopped: bool = field(default=False, repr=False)

    def start(self) -> None:
        """Start the live parts (once, never after `stop()`, never when not live)."""
        if not self.live or self._started or self._stopped:
            return
        self._started = True
        # From now on every applied board goes through the lateness check at once.
        self.controller.sig_board_applied.connect(self.monitor.on_board_applied)
        self.monitor.start()
        self.feed.start()
        self.downtime.start()

    def stop(self) -> None:
        self._stopped = True
        self.feed.stop()
        self.monitor.stop()
        self.downtime.stop()

    def apply_settings(self, settings: Settings) -> None:
        """The ini was edited: the parts that read it read it again (the window tells
        the controller and the strip about privacy itself)."""
        self.blink.apply_settings(settings)
        self.monitor.apply_settings()
        self.feed.apply_settings(settings)


def compose(window: MainWindow, *, live: bool) -> BoardParts:
    """Build the parts of `window` and connect them (and the window) by signals.

    The window has built its own widgets first: the board view, the banner row, the
    menus, the card view options, its `ctx`."""
    settings, clock = window.settings, window.clock
    files = window.menu_files
    before = window.files_tail  # our entries go above the last separator (Quit)

    def make_actions(ctl: BoardController) -> BoardActions:
        return BoardActions(
            window.service,
            settings,
            window,
            NoteReader(settings.medintux_url()),
            runner=window.runner,
            controller=ctl,
            history_opener=_read_only_history(window) if window.read_only else None,
        )

    controller = BoardController(
        window.view, make_actions, clock, window.card_view, window, look=window.look
    )
    actions = controller.actions

    blink = BlinkController.from_settings(settings, window)
    strip = AlarmStrip(window.centralWidget(), max_lines=1)
    strip.set_privacy(window.card_view.privacy)
    window.central_layout.addWidget(strip)
    # A 2.x database before its upgrade (only a ReadOnlyDatabase has a reason): nothing is ingested.
    if window.read_only and isinstance(window.db, ReadOnlyDatabase):
        feed: LiveFeed | ReadOnlyLiveFeed = ReadOnlyLiveFeed(window.db, settings, clock, window)
    else:
        feed = LiveFeed(window.db, settings, clock, window)
    monitor = AlarmMonitor(
        controller,
        clock,
        settings,
        window.db,
        window,
        actor=window.service.actor,
        runner=window.runner,
        writes=not window.read_only,  # no purge nor forced exit on a 2.x database
        # A live board's feed sees the archive (it sees every write) and applies it once;
        # a reload of the monitor's own, or a forced one of the feed, would apply the same
        # change a second time: the feed only looks now.
        on_archived=feed.check_now if live and isinstance(feed, LiveFeed) else None,
    )
    downtime = DowntimeCopier(settings, window)

    admin_menus = install_admin_menus(window, files, window.ctx)
    act_stats = files.addAction(QCoreApplication.translate("MainWindow", "Statistics"))
    files.insertAction(before, act_stats)
    act_print = files.addAction(
        QCoreApplication.translate("MainWindow", "Print the board")
    )  # the board on paper (services/board_print.py)
    files.insertAction(before, act_print)

    errors_button = QPushButton(window.banner_host)
    errors_button.setObjectName("IngestErrorsButton")
    errors_button.hide()
    window.banner_row.insertWidget(0, errors_button)

    parts = BoardParts(
        controller=controller,
        actions=actions,
        blink=blink,
        strip=strip,
        monitor=monitor,
        feed=feed,
        downtime=downtime,
        admin_menus=admin_menus,
        errors_button=errors_button,
        act_stats=act_stats,
        act_print=act_print,
        live=live,
    )

    # The board: taps, late rows, colours, move mode, what is hidden.
    controller.sig_box_title_tapped.connect(actions.box_title_tapped)
    controller.sig_box_title_tapped.connect(lambda _code: window.update_move_banner())
    controller.sig_late_changed.connect(blink.set_late_widgets)
    controller.sig_colors_changed.connect(window.set_data_colors)
    controller.sig_board_applied.connect(window.on_board_applied)
    controller.sig_moving_changed.connect(lambda _pid: window.update_move_banner())
    controller.sig_hidden_changed.connect(strip.set_hidden)
    controller.sig_hidden_changed.connect(lambda _ids: window.fit_strip())
    # Lateness: the strip's lines and the "late N min" marks; a tapped line. A picture's
    # strip shows its one board's late tasks; a live board checks after its first frame.
    if not live:
        controller.sig_board_applied.connect(monitor.on_board_applied)
    monitor.sig_late_items.connect(strip.set_items)
    monitor.sig_checked.connect(controller.on_checked)
    strip.sig_item_tapped.connect(lambda pid, tid: open_late_item(parts, pid, tid))
    # The live feed: new boards, the connection banner, entry files in error.
    # The feed builds its boards with the site's alarm policy (snooze, escalation): applied
    # as they come, the monitor has nothing to apply a second time.
    feed.sig_board.connect(controller.apply_board)
    feed.sig_offline.connect(window.show_offline)
    feed.sig_online.connect(window.show_online)
    if isinstance(feed, LiveFeed):
        feed.sig_ingest_errors.connect(lambda count: _show_error_count(errors_button, count))
    errors_button.clicked.connect(lambda: open_ingest_errors(window, parts))
    # The Fichiers menu's entries and what the downtime copy has to say.
    act_stats.triggered.connect(lambda: open_stats(window, parts))
    act_print.triggered.connect(lambda: downtime.write_now())
    downtime.sig_done.connect(lambda _ok, text: actions.message(text))
    return parts


def open_late_item(parts: BoardParts, patient_id: int, task_id: int) -> None:
    """A tapped line of the late strip: bring the patient into view and open that
    task's states (where it can be acknowledged); a late triage line asks at once who
    acknowledges it."""
    if task_id == TRIAGE_TASK_ID:
        parts.actions.acknowledge(patient_id, None)
        return
    ctl = parts.controller
    board = ctl.current_board
    box = board.box_of(patient_id) if board else None
    row = ctl.row(patient_id)
    if box is None or row is None:
        return
    panel = ctl.panels.get(box.code)
    if panel is not None:
        panel.ensure_visible(row)
    ctl.open_task(task_id)


def open_stats(window: MainWindow, parts: BoardParts) -> None:
    """*Fichiers → Statistiques* (not on a 2.x database: its rows lack our columns)."""
    if window.read_only:
        parts.actions.message(window.read_only_text())
        return
    parts.stats_window = StatsWindow(window.ctx, window.runner, window)
    parts.stats_window.show()


def open_ingest_errors(window: MainWindow, parts: BoardParts) -> None:
    """The list of the entry files in error (tap on the banner button)."""
    folder = window.settings.path_of(KEYS.ENTRY_FOLDER)
    parts.errors_dialog = IngestErrorsDialog(folder, window)
    parts.errors_dialog.open()


def _show_error_count(button: QPushButton, count: int) -> None:
    button.setText(
        QCoreApplication.translate(
            "MainWindow", "{n} entry file(s) in error \u2014 tap to see"
        ).format(n=count)
    )
    button.setVisible(count > 0)


def _read_only_history(window: MainWindow) -> Callable[[QWidget, Database, int], Message]:
    """2.x's history rows lack our columns: they are read once the base is upgraded."""
    return lambda parent, _db, _patient_id: inform(parent, window.read_only_text())
