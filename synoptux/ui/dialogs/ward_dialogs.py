"""Touch dialogs of the ward's vigilance: choose a triage level, say who acknowledges an alarm.

Both are finger-sized lists of big buttons (`TouchDialog`); what they choose goes back
through a callback to `BoardActions`, which makes the one service call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from synoptux.domain.model import Responsible, TriageLevel
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.plain import plain_label
from synoptux.ui.style import button_text, set_data_color, set_prop

BUTTON_H = 56


class TriagePicker(TouchDialog):
    """One button per level of the scale, in its colour; "No level" clears it."""

    def __init__(
        self,
        parent: QWidget | None,
        levels: list[TriageLevel],
        current: str | None,
        on_pick: Callable[[str | None], None],
    ) -> None:
        super().__init__(parent, QCoreApplication.translate("WardDialogs", "Triage level"))
        self.setObjectName("TriagePicker")
        self._on_pick = on_pick
        self.choice_buttons: dict[str | None, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for i, lv in enumerate(levels):
            delay = (
                QCoreApplication.translate("WardDialogs", " · within {n} min").format(
                    n=lv.target_minutes
                )
                if lv.target_minutes is not None
                else ""
            )
            b = QPushButton(button_text(f"{lv.label}{delay}"), self)
            b.setObjectName("TriageChoice")
            b.setMinimumSize(520, BUTTON_H)
            set_data_color(b, "dataBg", lv.color)
            set_prop(b, "current", lv.code == current)
            b.clicked.connect(lambda _=False, c=lv.code: self._pick(c))
            grid.addWidget(b, i, 0)
            self.choice_buttons[lv.code] = b
        self.body.addLayout(grid)
        self.add_button(
            QCoreApplication.translate("WardDialogs", "Cancel"), self.reject, name="NoButton"
        )
        self.choice_buttons[None] = self.add_button(
            QCoreApplication.translate("WardDialogs", "No level"),
            lambda: self._pick(None),
            name="SkipButton",
        )

    def _pick(self, code: str | None) -> None:
        self.accept()
        self._on_pick(code)


class AckPicker(TouchDialog):
    """Who acknowledges: one button per responsible, or "This screen"."""

    def __init__(
        self,
        parent: QWidget | None,
        what: str,
        responsibles: list[Responsible],
        screen: str,
        on_pick: Callable[[str | None], None],
    ) -> None:
        super().__init__(parent, QCoreApplication.translate("WardDialogs", "Acknowledge the alarm"))
        self.setObjectName("AckPicker")
        self._on_pick = on_pick
        info = plain_label(
            QCoreApplication.translate(
                "WardDialogs",
                "{what}: blinking stops for a while, the late mark stays. Who acknowledges?",
            ).format(what=what),
            self,
        )
        info.setWordWrap(True)
        self.body.addWidget(info)
        self.choice_buttons: dict[str | None, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        cols = 2 if len(responsibles) > 5 else 1
        for i, r in enumerate(responsibles):
            b = QPushButton(button_text(r.name), self)
            b.setObjectName("ResponsibleChoice")
            b.setMinimumSize(240, BUTTON_H)
            set_data_color(b, "dataBg", r.color)
            b.clicked.connect(lambda _=False, c=r.code: self._pick(c))
            grid.addWidget(b, i // cols, i % cols)
            self.choice_buttons[r.code] = b
        self.body.addLayout(grid)
        self.add_button(
            QCoreApplication.translate("WardDialogs", "Cancel"), self.reject, name="NoButton"
        )
        self.choice_buttons[None] = self.add_button(
            QCoreApplication.translate("WardDialogs", "This screen ({name})").format(name=screen),
            lambda: self._pick(None),
            name="SkipButton",
        )

    def _pick(self, code: str | None) -> None:
        self.accept()
        self._on_pick(code)


def open_dialog(dialog: TouchDialog) -> TouchDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
