"""A box: its title (the move target), occupancy, and its cards in a kinetic scroll area."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.model import MARK_UNKNOWN_BOX, MARK_UNKNOWN_TYPE, BoxType, BoxView
from synoptux.services.snapshot import MARK_ORPHAN_TASK, ORPHAN_BOX_CODE
from synoptux.ui.confirm import inform
from synoptux.ui.masonry import BoxNeed
from synoptux.ui.patient_card import (
    NAME_LINE,
    PatientCard,
    estimate_height,
    estimate_height_empty,
)
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
        self.mark_button = QPushButton("?", head)
        self.mark_button.setObjectName("BoxMarkBadge")
        self.mark_button.setProperty("tool", True)
        self.mark_button.clicked.connect(self.explain_marks)
        self.mark_button.hide()
        self.last_explanation: QWidget | None = None
        hl.addWidget(self.title_button, 1)
        hl.addWidget(self.mark_button)
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
            orphans = box.code == ORPHAN_BOX_CODE
            self.title_button.setText(_tr("Orphan tasks") if orphans else box.label)
            self.mark_button.setVisible(bool(box.marks))
            self.title_button.setToolTip(_tr("Tap here to move the selected patient into this box"))
            self.count_label.setText(
                str(box.occupancy) if orphans else f"{box.occupancy} / {box.capacity}"
            )
            set_data_color(self, "dataBg", box.bg_color)
            set_data_color(self.head, "dataBorder", box.title_color)
            set_data_color(self.title_button, "dataFg", box.title_color)
            set_data_color(self.count_label, "dataFg", box.title_color)
            set_prop(self, "boxType", box.type.value)
            set_prop(self.count_label, "full", not orphans and box.occupancy >= box.capacity)
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

    def explain_marks(self) -> None:
        """Say why the box is marked "?" (a tap: there is no hover on a touchscreen)."""
        texts = []
        marks = self.box.marks
        if MARK_ORPHAN_TASK in marks:
            texts.append(
                _tr(
                    "Tasks whose patient is no longer on the board (deleted by an older "
                    "version). They are kept here so that nothing is lost; delete them when "
                    "they are of no use."
                )
            )
        if MARK_UNKNOWN_BOX in marks:
            texts.append(
                _tr(
                    "Patients are recorded in the box {code}, which is not in the box list: "
                    "move them to a real box."
                ).format(code=self.box.code or "?")
            )
        if MARK_UNKNOWN_TYPE in marks:
            texts.append(_tr("The type of this box is not known: it is shown as a care box."))
        if texts:
            self.last_explanation = inform(self.window(), "\n\n".join(texts), _tr("Odd data"))

    def need(self) -> BoxNeed:
        """How tall this box would like to be in the default layout (see ui.masonry)."""
        box = self.box
        built = {c.patient_id: c for c in self.cards}
        heights = [
            built[p.id].sizeHint().height() if p.id in built else estimate_height(p)
            for p in box.patients
        ]
        chrome = self.head.sizeHint().height() + 8 + 2  # title, body margins, frame
        slot = estimate_height_empty()
        least = chrome + (min(heights[0], slot + 30) if heights else 60)
        floor = chrome + (min(heights[0], NAME_LINE + 12) if heights else 60)
        content = sum(heights) + 4 * len(heights)
        free = max(box.capacity - box.occupancy, 0)
        t = box.type
        if box.marks:  # a stand-in box (orphans, unknown code): shown, kept small
            return BoxNeed(least, chrome + content, 1.0, 0.2, floor)
        if t is BoxType.WAITING:
            return BoxNeed(least, chrome + content + min(free, 2) * slot, 2.0, 3.0, floor)
        if t is BoxType.CARE:
            small = box.capacity <= 2
            return BoxNeed(
                least,
                chrome + content + min(free, 1) * slot,
                importance=3.0 if small else 2.0,
                stretch=0.3 if small else 2.0,
                floor=floor,
            )
        return BoxNeed(least, chrome + content, 0.7, 0.5, floor)

    def set_move_target(self, active: bool, allowed: bool) -> None:
        set_prop(self.title_button, "target", ("on" if allowed else "full") if active else "")

    def ensure_visible(self, card: PatientCard) -> None:
        self.scroll.ensureWidgetVisible(card, 0, 20)
