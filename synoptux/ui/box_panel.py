"""A box: its title (the move target), occupancy, and its cards in a kinetic scroll area."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.model import BoxView
from synoptux.ui.patient_card import PatientCard
from synoptux.ui.style import ElideButton, set_data_color, set_prop


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoxPanel", text)


class BoxPanel(QFrame):
    def __init__(
        self, box: BoxView, on_title: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BoxPanel")
        self.code = box.code
        self.box = box
        self.cards: list[PatientCard] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = QFrame(self)
        head.setObjectName("BoxHead")
        hl = QHBoxLayout(head)
        hl.setContentsMargins(4, 2, 8, 2)
        self.title_button = ElideButton("", head)
        self.title_button.setObjectName("BoxTitle")
        self.title_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title_button.clicked.connect(lambda: on_title(self.code))
        self.count_label = QLabel(head)
        self.count_label.setObjectName("BoxCount")
        hl.addWidget(self.title_button, 1)
        hl.addWidget(self.count_label)
        self.head = head
        lay.addWidget(head)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("BoxScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.body = QWidget()
        self.body.setObjectName("BoxBody")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(4, 4, 4, 4)
        self.body_layout.setSpacing(4)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        lay.addWidget(self.scroll, 1)
        self.update_box(box, force=True)

    def update_box(self, box: BoxView, *, force: bool = False) -> None:
        old = self.box
        self.box = box
        if force or (
            old.label,
            old.bg_color,
            old.title_color,
            old.capacity,
            old.occupancy,
            old.type,
            old.marks,
        ) != (
            box.label,
            box.bg_color,
            box.title_color,
            box.capacity,
            box.occupancy,
            box.type,
            box.marks,
        ):
            self.title_button.setText(box.label)
            self.title_button.setToolTip(_tr("Tap here to move the selected patient into this box"))
            self.count_label.setText(f"{box.occupancy} / {box.capacity}")
            set_data_color(self, "dataBg", box.bg_color)
            set_data_color(self.head, "dataBorder", box.title_color)
            set_data_color(self.title_button, "dataFg", box.title_color)
            set_data_color(self.count_label, "dataFg", box.title_color)
            set_prop(self, "boxType", box.type.value)
            set_prop(self.count_label, "full", box.occupancy >= box.capacity)
            set_prop(self, "marked", bool(box.marks))

    def set_cards(self, cards: list[PatientCard]) -> None:
        """Lay out these cards in this order (only called when the order changed)."""
        if cards == self.cards:
            return
        keep = set(map(id, cards))
        for card in self.cards:
            if id(card) not in keep and card.parent() is self.body:
                self.body_layout.removeWidget(card)
                card.hide()
        for i, card in enumerate(cards):
            if self.body_layout.indexOf(card) != i:
                self.body_layout.insertWidget(i, card)
            if card.isHidden():
                card.show()
        self.cards = list(cards)

    def set_move_target(self, active: bool, allowed: bool) -> None:
        set_prop(self.title_button, "target", ("on" if allowed else "full") if active else "")

    def ensure_visible(self, card: PatientCard) -> None:
        self.scroll.ensureWidgetVisible(card, 0, 20)
