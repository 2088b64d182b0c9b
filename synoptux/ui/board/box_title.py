"""A box's title bar: its label (the move target), "+N" when not every patient fits, the
"?" badge of odd data, the occupancy and, in window mode, the resize grip; the title
moves the box's sub-window when dragged.

The panel (`box_panel.BoxPanel`) places the rows below it and says what to show.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizeGrip,
    QSizePolicy,
    QWidget,
)

from synoptux.domain.model import MARK_UNKNOWN_BOX, MARK_UNKNOWN_TYPE, BoxView
from synoptux.services.snapshot import MARK_ORPHAN_TASK, ORPHAN_BOX_CODE
from synoptux.ui.confirm import inform
from synoptux.ui.style import ElideButton, set_data_color, set_prop

HEAD_LINE = 3  # the coloured line under the title (style sheet: #BoxHead border-bottom)
SMALL_TITLES = 0.9  # below this scale, titles[small="true"] in the style sheet


class BoxTitleBar(QFrame):
    """The bar at the top of a box (object name "BoxHead" for the style sheet)."""

    def __init__(self, box: BoxView, title_h: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("BoxHead")
        self.setFixedHeight(title_h + HEAD_LINE)
        self.box = box  # the panel's, kept current by it (the "?" badge explains its marks)
        hl = QHBoxLayout(self)
        hl.setContentsMargins(2, 0, 6, 0)
        hl.setSpacing(4)
        self.title_button = ElideButton("", self)
        self.title_button.setObjectName("BoxTitle")
        self.title_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title_button.setFixedHeight(title_h)
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("BoxMore")
        self.more_button.setFixedHeight(title_h)
        self.more_button.setToolTip(
            QCoreApplication.translate("BoxPanel", "Patients not shown: tap to scroll to them")
        )
        self.more_button.hide()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("BoxCount")
        self.mark_button = QPushButton("?", self)
        self.mark_button.setObjectName("BoxMarkBadge")
        self.mark_button.setFixedSize(title_h, title_h)
        self.mark_button.clicked.connect(self.explain_marks)
        self.mark_button.hide()
        self.last_explanation: QWidget | None = None
        self.window_host: QWidget | None = None  # the sub-window in window mode
        self._drag: tuple[QPoint, QPoint] | None = None  # (press, host position)
        self._dragging = False
        self.title_button.installEventFilter(self)
        # Window mode: a resize grip at the title bar's end (it covers no row).
        self.grip = QSizeGrip(self)
        self.grip.setObjectName("BoxGrip")
        self.grip.setFixedSize(16, title_h - 6)
        self.grip.setToolTip(QCoreApplication.translate("BoxPanel", "Drag to resize the box"))
        self.grip.hide()
        hl.addWidget(self.title_button, 1)
        hl.addWidget(self.more_button)
        hl.addWidget(self.mark_button)
        hl.addWidget(self.count_label)
        hl.addWidget(self.grip)
        self.head_layout = hl

    # -- what it shows ------------------------------------------------------------------
    def show_box(self, box: BoxView) -> None:
        """The box's label and its "?" badge (colours: `show_colours`; count: `show_count`)."""
        orphans = box.code == ORPHAN_BOX_CODE
        self.title_button.setText(
            QCoreApplication.translate("BoxPanel", "Orphan tasks") if orphans else box.label
        )
        self.mark_button.setVisible(bool(box.marks))
        self.title_button.setToolTip(
            QCoreApplication.translate(
                "BoxPanel", "Tap here to move the selected patient into this box"
            )
        )

    def show_colours(self, box: BoxView) -> None:
        set_data_color(self, "dataBorder", box.title_color)
        set_data_color(self.title_button, "dataFg", box.title_color)
        set_data_color(self.count_label, "dataFg", box.title_color)

    def show_count(self, box: BoxView) -> None:
        orphans = box.code == ORPHAN_BOX_CODE
        self.count_label.setText(
            str(box.occupancy) if orphans else f"{box.occupancy} / {box.capacity}"
        )
        set_prop(self.count_label, "full", not orphans and box.occupancy >= box.capacity)

    def show_hidden(self, count: int) -> None:
        """ "+N" for `count` patients not wholly shown; none: no button."""
        if count:
            self.more_button.setText(f"+{count} \u25be")
            self.more_button.show()
        elif not self.more_button.isHidden():
            self.more_button.hide()

    def explain_marks(self) -> None:
        """Say why the box is marked "?" (a tap: there is no hover on a touchscreen)."""
        texts = []
        marks = self.box.marks
        if MARK_ORPHAN_TASK in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel",
                    "Tasks whose patient is no longer on the board (deleted by an older "
                    "version). They are kept here so that nothing is lost; delete them when "
                    "they are of no use.",
                )
            )
        if MARK_UNKNOWN_BOX in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel",
                    "Patients are recorded in the box {code}, which is not in the box list: "
                    "move them to a real box.",
                ).format(code=self.box.code or "?")
            )
        if MARK_UNKNOWN_TYPE in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel", "The type of this box is not known: it is shown as a care box."
                )
            )
        if texts:
            self.last_explanation = inform(
                self.window(),
                "\n\n".join(texts),
                QCoreApplication.translate("BoxPanel", "Odd data"),
            )

    # -- sizes --------------------------------------------------------------------------
    def set_title_height(self, h: int) -> None:
        self.setFixedHeight(h + HEAD_LINE)
        self.title_button.setFixedHeight(h)
        self.more_button.setFixedHeight(h)
        self.mark_button.setFixedSize(h, h)
        self.grip.setFixedSize(16, h - 6)

    def set_scale(self, scale: float) -> None:
        """A short window (scaled sizes) takes the smaller title font of the style sheet."""
        small = scale < SMALL_TITLES
        for w in (self.title_button, self.count_label):
            set_prop(w, "small", small)

    def set_move_target(self, active: bool, allowed: bool) -> None:
        set_prop(self.title_button, "target", ("on" if allowed else "full") if active else "")

    def title_cut(self, width: int) -> bool:
        """Whether the title is cut short ("Bloc / avis spéc…") in a bar `width` px wide:
        its margins, the count, the "?" badge and the grip take their part."""
        hl = self.head_layout
        m = hl.contentsMargins()
        room = width - m.left() - m.right()
        for w in (self.mark_button, self.count_label, self.grip):
            if w.isVisibleTo(self):
                room -= max(w.sizeHint().width(), w.minimumWidth()) + hl.spacing()
        title = self.title_button
        return title.fontMetrics().horizontalAdvance(title.text()) > room - 22  # its padding

    # -- window mode: the title bar moves the box, the grip at its end resizes it ----------
    def set_window(self, host: QWidget | None) -> None:
        """In window mode, the (frameless) sub-window holding the box; None in frame mode."""
        self.window_host = host
        self.grip.setVisible(host is not None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        host = self.window_host
        if obj is not self.title_button or host is None:
            return False
        if not isinstance(event, QMouseEvent):  # only presses, moves and releases count
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.globalPosition().toPoint(), host.pos())
            self._dragging = False
        elif kind == QEvent.Type.MouseMove and self._drag is not None:
            start, origin = self._drag
            delta = event.globalPosition().toPoint() - start
            if not self._dragging and delta.manhattanLength() >= QApplication.startDragDistance():
                self._dragging = True
                self.title_button.setDown(False)  # a drag is not a tap: no click on release
            if self._dragging:
                host.move(origin + delta)
                return True
        elif kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            self._drag = None
            if self._dragging:
                self._dragging = False
                return True
        return False
