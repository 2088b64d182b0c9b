"""The parts other modules provide, plugged into the board window in one place.

Blink controller, alarm monitor and strip, live feed (other screens, MedinTux,
entry files), admin menus, statistics window, history. Each import is guarded so
that the board still opens (and says what is missing in the log) when a part is
absent or fails to start: a wall screen must never stay black.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from synoptux.config import IFACE

if TYPE_CHECKING:
    from synoptux.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class Plugins:
    def __init__(self, window: MainWindow, *, live: bool = True) -> None:
        self.w = window
        self.live = live
        self.blink: Any = None
        self.monitor: Any = None
        self.strip: Any = None
        self.feed: Any = None
        self.downtime: Any = None
        self.errors_button: QPushButton | None = None
        self._install_blink()
        self._install_strip()
        self._install_menus()
        self._stopped = False
        if not live:  # offscreen picture: the monitor only feeds the strip (never started)
            self._install_monitor()

    # -- blink and alarms ---------------------------------------------------------------
    def _install_blink(self) -> None:
        try:
            from synoptux.ui.blink import BlinkController

            self.blink = BlinkController.from_settings(self.w.settings, self.w)
        except Exception:  # noqa: BLE001
            log.exception("blink controller unavailable")
            return
        self.w.controller.late_hooks.append(self.blink.set_late_widgets)

    def _install_strip(self) -> None:
        try:
            from synoptux.ui.alarm_strip import AlarmStrip

            self.strip = AlarmStrip(self.w.centralWidget(), max_lines=1)
        except Exception:  # noqa: BLE001
            log.exception("alarm strip unavailable")
            return
        self.strip.set_privacy(self.w.card_view.privacy)
        self.w.centralWidget().layout().addWidget(self.strip)
        self.strip.sig_item_tapped.connect(self._on_alarm_tapped)
        self.w.controller.sig_hidden_changed.connect(self.strip.set_hidden)

    def _install_monitor(self) -> None:
        try:
            from synoptux.ui.alarms import AlarmMonitor

            self.monitor = AlarmMonitor(
                self.w.controller,
                self.w.clock,
                self.w.settings,
                self.w.db,
                self.w,
                runner=self.w.runner,
                actor=self.w.service.actor,
                writes=not self.w.read_only,  # no purge nor forced exit on a 2.x database
            )
        except Exception:  # noqa: BLE001
            log.exception("alarm monitor unavailable")
            return
        if self.strip is not None:
            self.monitor.sig_late_items.connect(self.strip.set_items)
        self.monitor.sig_checked.connect(self.w.controller.on_checked)

    def _on_alarm_tapped(self, patient_id: int, task_id: int) -> None:
        """Bring the late task's patient into view and open that task's states (where it
        can be acknowledged); a late triage line asks at once who acknowledges it."""
        from synoptux.domain.alarms import TRIAGE_TASK_ID

        if task_id == TRIAGE_TASK_ID:
            self.w.actions.acknowledge(patient_id, None)
            return
        ctl = self.w.controller
        board = ctl.current_board
        box = board.box_of(patient_id) if board else None
        row = ctl.row(patient_id)
        if box is None or row is None:
            return
        panel = ctl.panels.get(box.code)
        if panel is not None:
            panel.ensure_visible(row)
        ctl.open_task(task_id)

    # -- feed ---------------------------------------------------------------------------
    def _install_feed(self) -> None:
        try:
            if self.w.read_only:  # a 2.x database before its upgrade: nothing is ingested
                from synoptux.ui.readonly_feed import ReadOnlyLiveFeed as LiveFeed
            else:
                from synoptux.ui.feed import LiveFeed

            self.feed = LiveFeed(self.w.db, self.w.settings, self.w.clock, self.w)
        except Exception:  # noqa: BLE001
            log.exception("live feed unavailable: the board refreshes after taps only")
            return
        self.feed.sig_board.connect(self.w.controller.apply_board)
        self.feed.sig_offline.connect(self.w.show_offline)
        self.feed.sig_online.connect(self.w.show_online)
        if hasattr(self.feed, "sig_ingest_errors"):
            self.feed.sig_ingest_errors.connect(self._on_ingest_errors)

    def _on_ingest_errors(self, count: int) -> None:
        if self.errors_button is None:
            self.errors_button = QPushButton(self.w.centralWidget())
            self.errors_button.setObjectName("IngestErrorsButton")
            self.errors_button.clicked.connect(self._show_ingest_errors)
            self.w.banner_row.insertWidget(0, self.errors_button)
        self.errors_button.setText(
            _tr("{n} entry file(s) in error \u2014 tap to see").format(n=count)
        )
        self.errors_button.setVisible(count > 0)

    def _show_ingest_errors(self) -> None:
        try:
            from synoptux.ui.ingest_errors import IngestErrorsDialog

            dlg = IngestErrorsDialog(self.w.settings.path_setting(IFACE, "Dossier_Entrees"), self.w)
        except Exception:  # noqa: BLE001
            log.exception("ingest errors dialog unavailable")
            self.w.actions.message(_tr("The list of entry files in error is not available."))
            return
        dlg.open()

    # -- menus ------------------------------------------------------------------------------
    def _install_menus(self) -> None:
        w = self.w
        before = w._files_tail
        try:
            from synoptux.ui.admin import install_admin_menus

            install_admin_menus(w, w.menu_files, w.ctx)
        except Exception:  # noqa: BLE001
            log.exception("admin menus unavailable")
        act = w.menu_files.addAction(_tr("Statistics"))
        w.menu_files.insertAction(before, act)
        act.triggered.connect(self._open_stats)
        self.act_stats = act
        self._install_downtime(before)

    def _install_downtime(self, before) -> None:  # noqa: ANN001
        """*Fichiers → Imprimer le tableau* and the periodic downtime copy (issue 20)."""
        try:
            from synoptux.ui.downtime import DowntimeCopier

            self.downtime = DowntimeCopier(self.w.settings, self.w)
        except Exception:  # noqa: BLE001
            log.exception("downtime copy unavailable")
            return
        self.downtime.sig_done.connect(lambda _ok, text: self.w.actions.message(text))
        act = self.w.menu_files.addAction(_tr("Print the board"))
        self.w.menu_files.insertAction(before, act)
        act.triggered.connect(lambda: self.downtime.write_now())
        self.act_print = act

    def _open_stats(self) -> None:
        if self.w.read_only:
            self.w.actions.message(self.w.read_only_text())
            return
        try:
            from synoptux.ui.stats_window import StatsWindow

            win = StatsWindow(self.w.ctx, self.w.runner, self.w)
        except Exception:  # noqa: BLE001
            log.exception("statistics window unavailable")
            self.w.actions.message(_tr("The statistics window is not available."))
            return
        win.show()
        self._stats_window = win

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the live parts, after the first frame is on screen (the window defers
        this call): the lateness check and the feed then fill in the strip and news."""
        if not self.live or self._stopped:
            return
        if self.monitor is None:
            self._install_monitor()
        if self.feed is None:
            self._install_feed()
        for part in (self.monitor, self.feed, self.downtime):
            if part is not None:
                try:
                    part.start()
                except Exception:  # noqa: BLE001
                    log.exception("%s did not start", type(part).__name__)

    def stop(self) -> None:
        self._stopped = True
        for part in (self.feed, self.monitor, self.downtime):
            if part is not None:
                try:
                    part.stop()
                except Exception:  # noqa: BLE001
                    log.exception("%s did not stop", type(part).__name__)

    def apply_settings(self) -> None:
        s = self.w.settings
        if self.blink is not None:
            self.blink.apply_settings(s)
        if self.monitor is not None:
            self.monitor.apply_settings()
        if self.strip is not None:
            self.strip.set_privacy(self.w.card_view.privacy)
        if self.feed is not None and hasattr(self.feed, "apply_settings"):
            self.feed.apply_settings()
