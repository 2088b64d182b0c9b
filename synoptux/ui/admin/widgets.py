"""Finger-sized widgets shared by the admin dialogs.

A tap selects, a button acts: no double-click, right-click or hover anywhere.
Rows and buttons are at least `TOUCH` pixels high.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QColorDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScroller,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from synoptux.services.errors import ActionRefused
from synoptux.ui.guards import NoWheel, guard_wheel  # noqa: F401 - the admin dialogs' helper

TOUCH = 48
PRESETS = (
    "#f0f7ff", "#1e429f", "#fde8e8", "#9b1c1c", "#f3faf7", "#046c4e",
    "#fff8f1", "#b43403", "#f5f3ff", "#5521b5", "#eef2f7", "#111827",
)  # fmt: skip


def tr(text: str) -> str:
    """An admin text held in a variable, in the interface language. A literal is written
    `QCoreApplication.translate("Admin", "...")`: pyside6-lupdate reads a bare tr("...")
    as context "" (README, Translations)."""
    return QCoreApplication.translate("Admin", text)


def touch_button(text: str, parent: QWidget | None = None, *, name: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH)
    button.setMinimumWidth(TOUCH * 2)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    if name:
        button.setObjectName(name)
    return button


def touch_line(parent: QWidget | None = None, *, name: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMinimumHeight(TOUCH)
    if name:
        edit.setObjectName(name)
    return edit


class TouchList(QListWidget):
    """A list for a finger: 48 px rows, kinetic scrolling, a tap selects."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(True)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)

    def add_row(self, text: str, data: object, color: str | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text, self)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setSizeHint(item.sizeHint().expandedTo(self._row_size()))
        if color and QColor(color).isValid():
            item.setData(Qt.ItemDataRole.DecorationRole, QColor(color))
        return item

    def _row_size(self):
        from PySide6.QtCore import QSize

        return QSize(10, TOUCH)

    def current_data(self) -> object:
        item = self.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select_where(self, predicate) -> bool:
        for i in range(self.count()):
            if predicate(self.item(i).data(Qt.ItemDataRole.UserRole)):
                self.setCurrentRow(i)
                return True
        return False


class ColorField(QWidget):
    """A colour: hex text, a tap-to-pick swatch (QColorDialog) and preset swatches."""

    sig_changed = Signal(str)
    """The colour text changed (may be invalid until saved)."""

    def __init__(self, parent: QWidget | None = None, *, max_length: int = 7) -> None:
        super().__init__(parent)
        self.edit = touch_line(self, name="color")
        self.edit.setPlaceholderText("#rrggbb")
        self.edit.setMaxLength(max_length)
        self.swatch = QPushButton(QCoreApplication.translate("Admin", "Pick…"), self)
        self.swatch.setObjectName("pick")
        self.swatch.setMinimumSize(TOUCH * 2, TOUCH)
        self.swatch.clicked.connect(self._on_pick)
        self.dialog: QColorDialog | None = None
        top = QHBoxLayout()
        top.addWidget(self.edit, 1)
        top.addWidget(self.swatch)
        presets = QHBoxLayout()
        presets.setSpacing(4)
        for preset in PRESETS:
            b = QPushButton(self)
            b.setFixedSize(TOUCH - 8, TOUCH - 8)
            b.setStyleSheet(f"background:{preset}; border:1px solid #6b7280;")
            b.setToolTip(preset)
            b.setAccessibleName(preset)
            b.clicked.connect(lambda _=False, c=preset: self.set_color(c))
            presets.addWidget(b)
        presets.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addLayout(presets)
        self.edit.textChanged.connect(self._on_text)
        self._on_text("")

    def color(self) -> str:
        return self.edit.text().strip()

    def set_color(self, value: str | None) -> None:
        self.edit.setText(value or "")

    def _on_text(self, _text: str) -> None:
        c = QColor(self.color())
        shown = c.name() if c.isValid() else "transparent"
        text = "#111827" if not c.isValid() or c.lightness() > 140 else "#ffffff"
        self.swatch.setStyleSheet(
            f"background:{shown}; color:{text}; border:2px solid #374151; border-radius:4px;"
        )
        self.sig_changed.emit(self.color())

    def _on_pick(self) -> None:
        initial = QColor(self.color()) if QColor(self.color()).isValid() else QColor("#ffffff")
        self.dialog = QColorDialog(initial, self)
        self.dialog.colorSelected.connect(lambda c: self.set_color(c.name()))
        self.dialog.open()


class TouchCheckBox(QCheckBox):
    """A check box whose whole width is the target (the indicator is too small a target)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumHeight(TOUCH)

    def hitButton(self, pos) -> bool:  # Qt name
        return self.rect().contains(pos)


class TouchSpin(QWidget):
    """A whole number with finger-sized − and + buttons (a spin box's arrows are too small)."""

    def __init__(self, minimum: int, maximum: int, step: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(minimum, maximum)
        self.spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.spin.setMinimumHeight(TOUCH)
        self.minus = QPushButton("−", self)
        self.plus = QPushButton("+", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.minus)
        row.addWidget(self.spin, 1)
        row.addWidget(self.plus)
        for b, delta in ((self.minus, -step), (self.plus, step)):
            b.setFixedSize(TOUCH, TOUCH)
            b.setAutoRepeat(True)
            b.clicked.connect(lambda _=False, d=delta: self.spin.setValue(self.spin.value() + d))

    def value(self) -> int:
        return self.spin.value()

    def setValue(self, value: int) -> None:  # same name as QSpinBox
        self.spin.setValue(value)


class ConfirmBar(QFrame):
    """An inline question with two big buttons (no modal box to hunt for)."""

    def __init__(self, parent: QWidget, yes: str, no: str, *, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.yes = touch_button(yes, self, name=f"{name}_yes")
        self.no = touch_button(no, self, name=f"{name}_no")
        bar = QHBoxLayout(self)
        bar.addWidget(self.label, 1)
        bar.addWidget(self.no)
        bar.addWidget(self.yes)
        self.no.clicked.connect(self.hide)
        self.hide()

    def ask(self, text: str) -> None:
        self.label.setText(text)
        self.show()


# Disabled buttons must look disabled, whatever the site's style sheet says of buttons.
ADMIN_CSS = (
    "QPushButton:disabled { color: #9ca3af; background: #e5e7eb; border: 1px dashed #9ca3af; }"
)


class ErrorLabel(QLabel):
    """The reason an action was refused, in words, next to what caused it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminError")
        self.setTextFormat(Qt.TextFormat.PlainText)  # refusals quote codes and labels: data
        self.setWordWrap(True)
        self.setStyleSheet("color:#b91c1c; font-weight:bold;")
        self.notice = False
        self.hide()

    def show_text(self, text: str) -> None:
        self.notice = False
        self.setText(text)
        self.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        """A text that stays until the next action (a list read again does not clear it)."""
        self.show_text(text)
        self.notice = True

    def clear_text(self) -> None:
        self.show_text("")

    def clear_unless_notice(self) -> None:
        if not self.notice:
            self.clear_text()


_FIELDS = {
    "code": QT_TRANSLATE_NOOP("Admin", "code"),
    "label": QT_TRANSLATE_NOOP("Admin", "label"),
    "name": QT_TRANSLATE_NOOP("Admin", "name"),
    "color": QT_TRANSLATE_NOOP("Admin", "colour"),
    "bg_color": QT_TRANSLATE_NOOP("Admin", "background colour"),
    "title_color": QT_TRANSLATE_NOOP("Admin", "title colour"),
    "alarm_color": QT_TRANSLATE_NOOP("Admin", "alarm colour"),
    "capacity": QT_TRANSLATE_NOOP("Admin", "capacity"),
    "type": QT_TRANSLATE_NOOP("Admin", "type"),
    "max_minutes": QT_TRANSLATE_NOOP("Admin", "maximum duration"),
    "priority": QT_TRANSLATE_NOOP("Admin", "priority"),
    "comment": QT_TRANSLATE_NOOP("Admin", "comment"),
    "mode": QT_TRANSLATE_NOOP("Admin", "mode"),
    "states": QT_TRANSLATE_NOOP("Admin", "allowed states"),
    "guid": QT_TRANSLATE_NOOP("Admin", "GUID"),
}


def refusal_text(exc: ActionRefused) -> str:
    """A translated sentence for a refusal (the English message as a fallback)."""
    p = {k: str(v) for k, v in exc.params.items()}
    field = QCoreApplication.translate(
        "Admin", str(_FIELDS.get(p.get("field", ""), p.get("field", "")))
    )
    templates = {
        "code_taken": QCoreApplication.translate("Admin", "The code {what} already exists."),
        "code_in_use": QCoreApplication.translate("Admin", "{what} is in use on the board ({count}): it cannot be renamed. "
                          "Create a new one instead."),
        "gone": QCoreApplication.translate("Admin", "{what} no longer exists (deleted from another screen?)."),
        "box_in_use": QCoreApplication.translate("Admin", "Box {what} holds {count} patient(s). Move them to another box first."),
        "box_default": QCoreApplication.translate("Admin", "Box {what} receives the entries that name no box (Code_Box_Par_Defaut "
                          "in the settings): choose another default box first."),
        "box_full": QCoreApplication.translate("Admin", "Box {box} has room for {free} patient(s), not {count}."),
        "box_unknown": QCoreApplication.translate("Admin", "Unknown box {box}."),
        "state_in_use": QCoreApplication.translate("Admin", "{count} task(s) on the board are in state {what}: it cannot be "
                           "deleted."),
        "label_in_use": QCoreApplication.translate("Admin", "{count} task(s) on the board are in state {label}: its label cannot "
                           "change."),
        "label_taken": QCoreApplication.translate("Admin", "The state {what} already has the label {label}: two states cannot "
                          "share a label."),
        "read_only": QCoreApplication.translate("Admin", "2.x database — read only, run synoptux upgrade"),
        "task_in_use": QCoreApplication.translate("Admin", "{count} open task(s) of type {what} are on the board: it cannot be "
                          "deleted."),
        "responsible_in_use": QCoreApplication.translate("Admin", "{what} is the responsible of {count} patient(s) on the board: "
                                 "choose another responsible for them first."),
        "triage_in_use": QCoreApplication.translate("Admin", "{count} patient(s) on the board have the triage level {what}: "
                            "give them another level first."),
        "medintux_unset": QCoreApplication.translate("Admin", "The MedinTux connection is not set ([Connexion_MedinTux] in the "
                             "settings)."),
        "medintux_no_people": QCoreApplication.translate("Admin", "The MedinTux database has no usable Personnes table."),
        "pin_format": QCoreApplication.translate("Admin", "The PIN must be {min} to {max} digits."),
        "pin_wrong": QCoreApplication.translate("Admin", "The current PIN is wrong."),
        "pin_wait": QCoreApplication.translate("Admin", "Too many wrong PINs: wait {seconds} s."),
        "pin_exists": QCoreApplication.translate("Admin", "An admin PIN is already set."),
        "pin_lost": QCoreApplication.translate("Admin", "The admin PIN of this site was removed from the database: set a new "
                       "one with the recovery key, or on the server with "
                       "'synoptux admin-pin --reset'."),
        "recovery_wrong": QCoreApplication.translate("Admin", "The recovery key is wrong."),
        "recovery_unset": QCoreApplication.translate("Admin", "This screen has no recovery key (Cle_Secours_Admin): set a new "
                             "PIN on the server with 'synoptux admin-pin --reset'."),
    }  # fmt: skip
    if exc.code == "invalid":
        field = field[:1].upper() + field[1:]
        reasons = {
            "empty": QCoreApplication.translate("Admin", "{field}: this cannot be empty."),
            "long": QCoreApplication.translate("Admin", "{field}: this is too long."),
            "color": QCoreApplication.translate(
                "Admin", "{field}: {value} is not a colour; write it as #rrggbb or pick one."
            ),
            "min": QCoreApplication.translate(
                "Admin", "{field}: the value must be at least {min}."
            ),
            "choice": QCoreApplication.translate(
                "Admin", "{field}: choose one of the values offered."
            ),
            "number": QCoreApplication.translate(
                "Admin", "{field}: {value} is not a whole number."
            ),
            "unknown_states": QCoreApplication.translate(
                "Admin", "{field}: unknown state(s) {states}."
            ),
        }
        template = reasons.get(
            p.get("reason", ""), QCoreApplication.translate("Admin", "{field}: {message}")
        )
        try:
            return template.format(**{**p, "field": field, "message": exc.message})
        except (KeyError, IndexError):
            return exc.message
    found = templates.get(exc.code)
    try:
        return found.format(**p) if found else exc.message
    except (KeyError, IndexError):
        return exc.message
