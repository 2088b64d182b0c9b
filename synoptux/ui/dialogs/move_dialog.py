""" "Move" in a Sortie box: final exit (archives the stay) or a move to another box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from synoptux.ui.confirm import TouchDialog
from synoptux.ui.plain import plain_label


class MoveDialog(TouchDialog):
    def __init__(
        self,
        parent: QWidget | None,
        patient_name: str,
        on_final_exit: Callable[[], None],
        on_move: Callable[[], None],
    ) -> None:
        super().__init__(
            parent,
            QCoreApplication.translate("MoveDialog", "{name} has left").format(name=patient_name),
        )
        text = plain_label(
            QCoreApplication.translate(
                "MoveDialog",
                "Final exit removes the patient from the board; the stay is kept in "
                "the archive for statistics.",
            ),
            self,
        )
        text.setObjectName("DialogText")
        text.setWordWrap(True)
        self.body.addWidget(text)
        self._final, self._move = on_final_exit, on_move
        self.add_button(
            QCoreApplication.translate("MoveDialog", "Cancel"), self.reject, name="NoButton"
        )
        self.move_button = self.add_button(
            QCoreApplication.translate("MoveDialog", "Move to a box"),
            self._do_move,
            name="SkipButton",
        )
        self.exit_button = self.add_button(
            QCoreApplication.translate("MoveDialog", "Final exit"),
            self._do_exit,
            name="YesButton",
            default=True,
        )

    def _do_move(self) -> None:
        self.accept()
        self._move()

    def _do_exit(self) -> None:
        self.accept()
        self._final()


def open_move_dialog(
    parent: QWidget | None,
    patient_name: str,
    on_final_exit: Callable[[], None],
    on_move: Callable[[], None],
) -> MoveDialog:
    dlg = MoveDialog(parent, patient_name, on_final_exit, on_move)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
