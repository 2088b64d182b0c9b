"""The board window: menus (Fichiers, Fenêtres, Responsable, Aide), banners, the board."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import KEYS, Settings
from synoptux.domain.clock import Clock
from synoptux.domain.model import Board
from synoptux.services.board import BoardService
from synoptux.services.database import Database, read_only_reason
from synoptux.services.errors import DatabaseUnavailable
from synoptux.services.policy import alarm_policy
from synoptux.ui.actions import BoardActions, display_name
from synoptux.ui.board.board_view import FRAME, WINDOW, BoardView
from synoptux.ui.board.row_look import Look
from synoptux.ui.board.stale_mark import StaleMark
from synoptux.ui.compose import BoardParts, compose
from synoptux.ui.context import AppContext
from synoptux.ui.controller import BoardController, CardView
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.loading import LoadingOverlay
from synoptux.ui.plain import plain_label, plain_tip
from synoptux.ui.site_css import site_css_text
from synoptux.ui.style import ElideButton, base_stylesheet

log = logging.getLogger(__name__)


def _screen_height() -> int:
    """The height the window will most likely get (maximised on its screen)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().height() if screen is not None else 1080


class MainWindow(QMainWindow):
    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock,
        *,
        live: bool = True,
        css_text: str | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.db, self.settings, self.clock = db, settings, clock
        self.read_only = read_only_reason(db)  # a 2.x database before its upgrade
        actor = settings[KEYS.STATION] or None
        self.service = BoardService(db, clock, actor=actor, source="board")
        self.service.policy = alarm_policy(settings)  # snooze and escalation of alarms
        self.setWindowTitle(settings[KEYS.TITLE])
        # The site's saved style (css editor) when there is one, else the shipped one.
        self._css_text = css_text if css_text is not None else site_css_text(settings)
        self._base_css = ""
        self._color_css = ""

        central = QWidget(self)
        central.setObjectName("Central")
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.view = BoardView(central)
        self.central_layout.addWidget(self.view, 1)
        # Until the first board arrives from the database thread (no SQL on the GUI thread).
        self.loading_label = LoadingOverlay(self.view)
        self.setCentralWidget(central)
        # Banners (move, filter, connection lost, entry files in error) lie over the menu
        # bar's free part, right of the menus: shown or hidden, they never push the board
        # down nor cover a box title that a move needs.
        self.banner_host = QWidget(self.menuBar())
        self.banner_host.setObjectName("BannerRow")
        self.banner_row = QHBoxLayout(self.banner_host)
        self.banner_row.setContentsMargins(6, 2, 6, 2)
        self.banner_row.setSpacing(6)
        self.offline_banner = plain_label("", self.banner_host)
        self.offline_banner.setObjectName("OfflineBanner")
        self.offline_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.offline_banner.hide()
        self.move_banner = ElideButton("", self.banner_host)
        self.move_banner.setObjectName("MoveBanner")
        self.move_banner.hide()
        self.move_banner.clicked.connect(lambda: self.controller.set_moving(None))
        self.filter_banner = ElideButton("", self.banner_host)
        self.filter_banner.setObjectName("FilterBanner")
        self.filter_banner.hide()
        self.filter_banner.clicked.connect(lambda: self.set_filter(None))
        self.read_only_banner = plain_label(self.read_only_text(), self.banner_host)
        self.read_only_banner.setObjectName("ReadOnlyBanner")
        self.read_only_banner.setVisible(bool(self.read_only))
        for w in (self.read_only_banner, self.offline_banner, self.move_banner, self.filter_banner):
            w.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            self.banner_row.addWidget(w, 0)
        self.banner_row.addStretch(1)
        self.stale_mark = StaleMark(self.offline_banner, self.view)
        self.look = Look(settings, height=_screen_height())
        self.runner = DbRunner(self)  # the one background path to the database
        self.card_view = CardView(
            privacy=settings[KEYS.PRIVACY],
            annex_button=settings[KEYS.DRTUX_BUTTON],
        )

        self.ctx = AppContext(
            db=db,
            settings=settings,
            clock=clock,
            service=self.service,
            runner=self.runner,
            medintux_url=settings.medintux_url(),
            reload_board=self.reload_board,
            apply_settings=self.apply_settings,
            apply_stylesheet=self.apply_stylesheet,
        )
        self._responsibles_key: tuple = ()
        self._build_menus()
        # Controller, actions, alarms, feed, menus...: built and connected in one place.
        self._last_read: datetime | None = None  # when the board on screen was read
        self.parts: BoardParts = compose(self, live=live)
        self.view.set_mode(settings[KEYS.DISPLAY_MODE])
        self.view.set_saved_positions(settings.positions())
        self.apply_stylesheet(None)
        self.reload_board()
        # Live parts wait for the first frame on screen (or 2 s, should the window never
        # be painted).
        self._first_frame_done = False
        self._closed = False
        self.view.installEventFilter(self)
        QTimer.singleShot(2000, self._after_first_frame)

    def setVisible(self, visible: bool) -> None:  # Qt name
        if visible and not self.isVisible():
            # Sized before being shown: the sizes follow, before anything is laid out.
            fresh = Look(self.settings, height=self.height())
            if fresh.sizes != self.look.sizes:
                self.look = fresh
                self.controller.set_look(fresh)
        super().setVisible(visible)

    def eventFilter(self, obj, event) -> bool:  # Qt name
        if obj is self.view and event.type() == QEvent.Type.Paint:
            self.view.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_frame)
        return False

    def _after_first_frame(self) -> None:
        if self._first_frame_done or self._closed:
            return  # (a window closed before its first frame starts no live parts)
        self._first_frame_done = True
        self.parts.start()

    # -- kiosk -----------------------------------------------------------------------------
    def show_on_wall(self, *, full_screen: bool = False) -> None:
        """Open maximised (or full screen when `[Affichage] Plein_Ecran=OUI` or
        `full_screen`, the `--full-screen` of a kiosk's autostart), or at the
        saved window position, whatever the window manager: with none, `showMaximized`
        does nothing, so the window is first sized to the screen itself."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        full = full_screen or self.settings[KEYS.FULL_SCREEN]
        saved = self.settings.positions().get("Window")
        if screen is not None:
            area = screen.geometry() if full else screen.availableGeometry()
            if saved and not full:
                x, y, w, h = saved
                w, h = min(w, area.width()), min(h, area.height())
                x = min(max(x, area.left()), area.right() - w + 1)
                y = min(max(y, area.top()), area.bottom() - h + 1)
                self.setGeometry(x, y, w, h)
                self.show()
                return
            self.setGeometry(area)
        if full:
            self.showFullScreen()
        elif saved:
            self.setGeometry(*saved)
            self.show()
        else:
            self.showMaximized()

    # -- menus -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_files = bar.addMenu(QCoreApplication.translate("MainWindow", "Files"))
        self.menu_windows = bar.addMenu(QCoreApplication.translate("MainWindow", "Windows"))
        self.menu_responsible = bar.addMenu(QCoreApplication.translate("MainWindow", "Responsible"))
        self.menu_help = bar.addMenu(QCoreApplication.translate("MainWindow", "Help"))
        for menu in (self.menu_files, self.menu_windows, self.menu_responsible, self.menu_help):
            menu.setObjectName("BoardMenu")

        self.act_refresh = self.menu_files.addAction(
            QCoreApplication.translate("MainWindow", "Refresh the board")
        )
        self.act_refresh.triggered.connect(self.reload_board)
        self.menu_files.addSeparator()
        self.files_tail = self.menu_files.addSeparator()  # the parts' entries go above it
        self.act_quit = self.menu_files.addAction(QCoreApplication.translate("MainWindow", "Quit"))
        self.act_quit.triggered.connect(self._on_quit)

        group = QActionGroup(self)
        self.act_window_mode = QAction(
            QCoreApplication.translate("MainWindow", "Window mode (move and resize boxes)"),
            self,
            checkable=True,
        )
        self.act_frame_mode = QAction(
            QCoreApplication.translate("MainWindow", "Frame mode (fixed)"), self, checkable=True
        )
        for act in (self.act_window_mode, self.act_frame_mode):
            group.addAction(act)
            self.menu_windows.addAction(act)
        mode = self.settings[KEYS.DISPLAY_MODE]
        (self.act_window_mode if mode == WINDOW else self.act_frame_mode).setChecked(True)
        self.act_window_mode.triggered.connect(lambda: self.set_mode(WINDOW))
        self.act_frame_mode.triggered.connect(lambda: self.set_mode(FRAME))
        self.menu_windows.addSeparator()
        self.act_save_positions = self.menu_windows.addAction(
            QCoreApplication.translate("MainWindow", "Save positions")
        )
        self.act_save_positions.triggered.connect(self.save_positions)
        self.act_grid = self.menu_windows.addAction(
            QCoreApplication.translate("MainWindow", "Arrange as a grid")
        )
        self.act_grid.triggered.connect(self.view.forget_positions)
        self.menu_windows.addSeparator()
        self.act_privacy = QAction(
            QCoreApplication.translate("MainWindow", "Privacy mode (initials only, no comments)"),
            self,
            checkable=True,
        )
        self.act_privacy.setChecked(self.card_view.privacy)
        self.act_privacy.toggled.connect(self.set_privacy)
        self.menu_windows.addAction(self.act_privacy)
        self.act_fullscreen = self.menu_windows.addAction(
            QCoreApplication.translate("MainWindow", "Full screen")
        )
        self.act_fullscreen.triggered.connect(
            lambda: self.showNormal() if self.isFullScreen() else self.showFullScreen()
        )

        self.responsible_group = QActionGroup(self)
        self.act_all = QAction(
            QCoreApplication.translate("MainWindow", "All"), self, checkable=True
        )
        self.act_all.setChecked(True)
        self.act_all.triggered.connect(lambda: self.set_filter(None))
        self.responsible_group.addAction(self.act_all)
        self.menu_responsible.addAction(self.act_all)
        self.menu_responsible.addSeparator()
        self.responsible_actions: dict[str, QAction] = {}

        self.act_log = self.menu_help.addAction(QCoreApplication.translate("MainWindow", "Log"))
        self.act_log.triggered.connect(self.open_log)
        self.act_about = self.menu_help.addAction(
            QCoreApplication.translate("MainWindow", "About Synoptux")
        )
        self.act_about.triggered.connect(self._about)

    def _rebuild_responsible_menu(self, board: Board) -> None:
        key = tuple((r.code, r.name) for r in board.responsibles)
        if key == self._responsibles_key:
            return
        self._responsibles_key = key
        for act in self.responsible_actions.values():
            self.responsible_group.removeAction(act)
            self.menu_responsible.removeAction(act)
            act.deleteLater()
        self.responsible_actions = {}
        for r in board.responsibles:
            act = QAction(r.name.replace("&", "&&"), self, checkable=True)  # '&': no mnemonic
            act.setToolTip(plain_tip(r.name))
            act.setData(r.code)
            act.triggered.connect(lambda _=False, c=r.code: self.set_filter(c))
            self.responsible_group.addAction(act)
            self.menu_responsible.addAction(act)
            self.responsible_actions[r.code] = act
        current = self.controller.filter_code
        if current is not None and current not in self.responsible_actions:
            self.set_filter(None)
        elif current is not None:
            self.responsible_actions[current].setChecked(True)

    def _on_quit(self) -> None:
        """Quit is administration: behind the PIN and confirmed."""
        self.parts.admin_menus.quit()

    def open_log(self) -> None:
        """*Aide → Journal*: the end of the log file (synoptux.logfile)."""
        from synoptux.logfile import log_path
        from synoptux.ui.dialogs.log_dialog import LogDialog

        self.log_dialog = LogDialog(log_path(self.settings), self)
        self.log_dialog.open()

    @staticmethod
    def read_only_text() -> str:
        return QCoreApplication.translate(
            "MainWindow", "2.x database — read only, run synoptux upgrade"
        )

    def _about(self) -> None:
        from synoptux import __version__

        self.board_actions.message(
            QCoreApplication.translate(
                "MainWindow", "Synoptux {v}: the emergency department board."
            ).format(v=__version__),
            QCoreApplication.translate("MainWindow", "About Synoptux"),
        )

    # -- board ----------------------------------------------------------------------------
    def reload_board(self) -> None:
        """Reload the board in the background (menu, admin edits); no answer: offline."""

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DatabaseUnavailable):  # the board on screen: its last read
                self.show_offline(self._last_read or self.clock.now())

        self.runner.submit(self.service.snapshot, self.controller.apply_board, failed)

    @property
    def controller(self) -> BoardController:
        return self.parts.controller

    @property
    def board_actions(self) -> BoardActions:
        return self.parts.actions

    def on_board_applied(self, board: Board) -> None:
        self._last_read = self.clock.now()  # every board applied was just read
        self.loading_label.hide()
        self._rebuild_responsible_menu(board)
        self.update_move_banner()

    def update_move_banner(self) -> None:
        pid = self.controller.moving_patient
        board = self.controller.current_board
        p = board.patient(pid) if (board and pid is not None) else None
        if p is None:
            self.move_banner.hide()
            return
        self.move_banner.setText(
            QCoreApplication.translate(
                "MainWindow",
                "Moving {name}: tap the title of the destination box (tap here to cancel)",
            ).format(name=display_name(p, self.card_view.privacy))
        )
        self.move_banner.show()

    def set_filter(self, code: str | None) -> None:
        self.controller.set_filter(code)
        if code is None:
            self.act_all.setChecked(True)
            self.filter_banner.hide()
        else:
            act = self.responsible_actions.get(code)
            if act is not None:
                act.setChecked(True)
            self.filter_banner.setText(
                QCoreApplication.translate(
                    "MainWindow", "Only the patients of {name} \u2014 tap to show all"
                ).format(name=act.text().replace("&&", "&") if act else code)
            )
            self.filter_banner.show()

    def set_privacy(self, on: bool) -> None:
        if self.act_privacy.isChecked() != on:
            self.act_privacy.setChecked(on)
        self.controller.set_privacy(on)
        self.parts.strip.set_privacy(on)

    def set_mode(self, mode: str) -> None:
        self.view.set_mode(mode)
        (self.act_window_mode if mode == WINDOW else self.act_frame_mode).setChecked(True)

    def save_positions(self) -> None:
        for code, (x, y, w, h) in self.view.current_rects().items():
            self.settings.set_position(code, x, y, w, h)
        g = self.geometry()
        self.settings.set_position("Window", g.x(), g.y(), g.width(), g.height())
        self.settings[KEYS.DISPLAY_MODE] = self.view.mode
        self.view.saved = self.view.current_rects()
        if self.settings.path is None:
            self.board_actions.message(
                QCoreApplication.translate(
                    "MainWindow", "There is no synoptux.ini to save the positions to."
                )
            )
            return
        try:
            self.settings.save()
        except OSError as exc:
            self.board_actions.message(
                QCoreApplication.translate(
                    "MainWindow", "The positions could not be saved: {why}"
                ).format(why=exc)
            )

    # -- live state ------------------------------------------------------------------------
    def show_offline(self, last_good: datetime) -> None:
        """The database stopped answering: the board on screen is the one read at `last_good`."""
        self.stale_mark.show_stale(last_good)

    def show_online(self) -> None:
        self.stale_mark.clear()

    # -- settings and style -----------------------------------------------------------------
    def apply_settings(self) -> None:
        s = self.settings
        self.setWindowTitle(s[KEYS.TITLE])
        self.card_view.annex_button = s[KEYS.DRTUX_BUTTON]
        self.look = Look(s, height=self.height())  # hints and colours may have changed
        self.service.policy = alarm_policy(s)
        self.controller.set_look(self.look)
        self.set_privacy(s[KEYS.PRIVACY])
        self.parts.apply_settings(s)
        self.apply_stylesheet(None)

    def apply_stylesheet(self, css_text: str | None) -> None:
        if css_text is not None:
            self._css_text = css_text
        self._base_css = base_stylesheet(self.settings, self._css_text)
        self._push_css()

    def set_data_colors(self, rules: str) -> None:
        """The style-sheet rules of the board's data colours (boxes, tasks, states)."""
        self._color_css = rules
        self._push_css()

    def _push_css(self) -> None:
        app = QApplication.instance()
        css = self._base_css + "\n/* data colours */\n" + self._color_css
        if isinstance(app, QApplication) and app.styleSheet() != css:
            app.setStyleSheet(css)

    def place_banners(self) -> None:
        """The banners' place: the menu bar right of its last menu, to the window's edge."""
        bar = self.menuBar()
        acts = [a for a in bar.actions() if a.isVisible()]
        left = max((bar.actionGeometry(a).right() for a in acts), default=0) + 12
        self.banner_host.setGeometry(left, 0, max(bar.width() - left, 0), bar.height())
        self.banner_host.raise_()

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        self.place_banners()
        if self.isVisible():
            fresh = Look(self.settings, height=self.height())
            if fresh.sizes != self.look.sizes:  # a shorter or taller wall: sizes follow
                self.look = fresh
                self.controller.set_look(fresh)
        self.fit_strip()

    def fit_strip(self) -> None:
        """The late strip takes one row of lines: every late task is on the board with its
        mark. A second row when the board hides patients (a crowded box scrolls) and the
        screen is tall enough: the strip then names more of the hidden late ones (back to
        one row only after a quiet while: `AlarmStrip.set_max_lines`)."""
        hidden = bool(self.controller.hidden_patients())
        tall = self.height() >= 900
        self.parts.strip.set_max_lines(2 if hidden and tall else 1, at_once=not tall)

    def closeEvent(self, event) -> None:  # Qt name
        self._closed = True
        self.parts.stop()
        self.runner.stop()
        self.board_actions.note_reader.dispose()
        super().closeEvent(event)
