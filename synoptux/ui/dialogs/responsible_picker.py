"""Pick the responsible of a patient: one big coloured button per responsible."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from synoptux.domain.model import Responsible
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.style import set_data_color, set_prop


class ResponsiblePicker(TouchDialog):
    def __init__(
        self,
        parent: QWidget | None,
        responsibles: list[Responsible],
        current: str | None,
        on_pick: Callable[[str | None], None],
    ) -> None:
        super().__init__(
            parent, QCoreApplication.translate("ResponsiblePicker", "Choose the responsible")
        )
        self._on_pick = on_pick
        self.choice_buttons: dict[str | None, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        cols = 2 if len(responsibles) > 5 else 1
        for i, r in enumerate(responsibles):
            b = QPushButton(r.name, self)
            b.setObjectName("ResponsibleChoice")
            b.setMinimumSize(240, 56)
            set_data_color(b, "dataBg", r.color)
            set_prop(b, "current", r.code == current)
            b.clicked.connect(lambda _=False, c=r.code: self._pick(c))
            grid.addWidget(b, i // cols, i % cols)
            self.choice_buttons[r.code] = b
        self.body.addLayout(grid)
        self.add_button(
            QCoreApplication.translate("ResponsiblePicker", "Cancel"), self.reject, name="NoButton"
        )
        self.choice_buttons[None] = self.add_button(
            QCoreApplication.translate("ResponsiblePicker", "Nobody"),
            lambda: self._pick(None),
            name="SkipButton",
        )

    def _pick(self, code: str | None) -> None:
        self.accept()
        self._on_pick(code)


def open_responsible_picker(
    parent: QWidget | None,
    responsibles: list[Responsible],
    current: str | None,
    on_pick: Callable[[str | None], None],
) -> ResponsiblePicker:
    dlg = ResponsiblePicker(parent, responsibles, current, on_pick)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
