"""Administration menus: reference tables, ini and css editors, behind a PIN.

`install_admin_menus(window, menu, ctx)` adds the entries to the "Fichiers" menu;
each opens only through the `AdminGate` (admin PIN, admin session, idle lock), and
so does *Quitter* (with a confirmation: the wall must not go dark by a stray tap).
Every change made in an admin session is recorded with the screen's name and the
session id, before and after (services/audit.py). The board's own actions
(manual section 3) never go through it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QWidget

from synoptux.services import audit
from synoptux.services.admin import AdminService
from synoptux.services.errors import DatabaseUnavailable
from synoptux.ui.admin.boxes import BoxesDialog
from synoptux.ui.admin.css_editor import CssEditor
from synoptux.ui.admin.destinations import DestinationsDialog
from synoptux.ui.admin.ini_editor import IniEditor
from synoptux.ui.admin.orphans import OrphansDialog
from synoptux.ui.admin.pin import AdminGate
from synoptux.ui.admin.responsibles import ResponsiblesDialog
from synoptux.ui.admin.states import StatesDialog
from synoptux.ui.admin.tasks import TasksDialog
from synoptux.ui.admin.triage import TriageDialog
from synoptux.ui.confirm import ask

__all__ = ["AdminMenus", "install_admin_menus"]
log = logging.getLogger(__name__)


class AdminMenus:
    """The admin entries of one window, with the gate and the service they share."""

    def __init__(self, window: QWidget, ctx: object) -> None:
        self.window, self.ctx = window, ctx
        service = getattr(ctx, "service", None)
        self.admin = AdminService(
            ctx.db,  # type: ignore[attr-defined]
            ctx.clock,  # type: ignore[attr-defined]
            actor=getattr(service, "actor", None),
            source="admin",
        )
        self.gate = AdminGate(ctx, window)
        self.gate.sig_unlocked.connect(self._on_session)
        self.gate.sig_locked.connect(lambda: self._on_session(""))
        self.last: QWidget | None = None
        w, a = window, self.admin
        self.entries: list[tuple[str, str, Callable[[], QDialog]]] = [
            (
                "boxes",
                QCoreApplication.translate("Admin", "Boxes…"),
                lambda: BoxesDialog(ctx, a, w),
            ),
            (
                "states",
                QCoreApplication.translate("Admin", "States…"),
                lambda: StatesDialog(ctx, a, w),
            ),
            (
                "tasks",
                QCoreApplication.translate("Admin", "Tasks…"),
                lambda: TasksDialog(ctx, a, w),
            ),
            (
                "responsibles",
                QCoreApplication.translate("Admin", "Responsibles…"),
                lambda: ResponsiblesDialog(ctx, a, w),
            ),
            (
                "exits",
                QCoreApplication.translate("Admin", "Exit destinations…"),
                lambda: DestinationsDialog(ctx, a, "Sortie", w),
            ),
            (
                "absences",
                QCoreApplication.translate("Admin", "Absence destinations…"),
                lambda: DestinationsDialog(ctx, a, "Absence", w),
            ),
            (
                "triage",
                QCoreApplication.translate("Admin", "Triage levels…"),
                lambda: TriageDialog(ctx, a, w),
            ),
            (
                "orphans",
                QCoreApplication.translate("Admin", "Orphan tasks…"),
                lambda: OrphansDialog(ctx, a, w),
            ),
            (
                "ini",
                QCoreApplication.translate("Admin", "Settings (ini)…"),
                lambda: IniEditor(ctx, w, record=self.record),
            ),
            (
                "css",
                QCoreApplication.translate("Admin", "Style (css)…"),
                lambda: CssEditor(ctx, w, record=self.record),
            ),
            (
                "pin",
                QCoreApplication.translate("Admin", "Change admin PIN…"),
                lambda: self.gate.change_pin(w),
            ),
        ]

    def _on_session(self, session: str) -> None:
        """Changes made from now on carry the session id (or none once it ended)."""
        self.admin.source = audit.session_source(session or None)

    def record(
        self, subject: str, what: str, before: str | None = None, after: str | None = None
    ) -> None:
        """Put an administration change (ini, css, quit) in the history, on the database
        thread; logged when the database cannot be reached."""
        ctx = self.ctx
        db, when, actor, session = ctx.db, ctx.clock.now(), self.admin.actor, self.gate.session  # type: ignore[attr-defined]

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DatabaseUnavailable):
                log.warning("administration change not in the history (%s): %s", exc, what)
            else:
                log.error("administration change not in the history: %s", what, exc_info=exc)

        ctx.runner.submit(  # type: ignore[attr-defined]
            lambda: audit.record_change(
                db,
                when=when,
                actor=actor,
                session=session,
                subject=subject,
                what=what,
                before=before,
                after=after,
            ),
            None,
            failed,
            name="admin record",
        )

    def quit(self) -> None:
        """*Fichiers → Quitter*: behind the PIN, then asked; recorded before the board closes."""
        w = self.window

        def confirm() -> QWidget:
            def leave() -> None:
                self.record("quit", "board closed (Files > Quit)")
                w.close()

            return ask(
                w,
                QCoreApplication.translate(
                    "Admin", "Close Synoptux on this screen? The board stops showing the patients."
                ),
                leave,
                QCoreApplication.translate("Admin", "Close the board"),
            )

        self.gate.run(w, confirm)

    def open(self, name: str) -> None:
        """Open an entry through the PIN gate (what the menu action does)."""
        if getattr(self.window, "read_only", None):  # a 2.x database before its upgrade
            self.window.board_actions.message(self.window.read_only_text())  # type: ignore[attr-defined]
            return
        factory = next(f for n, _text, f in self.entries if n == name)

        def show() -> QDialog:
            dialog = factory()
            if not dialog.isVisible():
                dialog.open()  # window-modal, non-blocking: the board keeps refreshing
            self.last = dialog
            return dialog

        self.gate.run(self.window, show)

    def install(self, menu: QMenu) -> None:
        menu.addSeparator()
        for name, text, _factory in self.entries:
            if name in ("ini", "pin"):
                menu.addSeparator()
            action = menu.addAction(text)
            action.setObjectName(f"admin_{name}")
            action.triggered.connect(lambda _=False, n=name: self.open(n))


def install_admin_menus(window: QMainWindow, menu: QMenu, ctx: object) -> AdminMenus:
    """Add the admin entries to the "Fichiers" menu of `window`.

    Returns the `AdminMenus` (kept on the window as `window.admin_menus`).
    """
    menus = AdminMenus(window, ctx)
    menus.install(menu)
    window.admin_menus = menus  # type: ignore[attr-defined]  # keep it alive with the window
    return menus
