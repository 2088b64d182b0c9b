"""Paramétrages (ini) (manual 2.2.7): every synoptux.ini key, grouped by section.

The form is generated from `config.KEYS` (meaning, allowed values, restart
flag); a second tab shows the raw text. Both edit the same document: the form
writes only the keys whose value changed, so comments, unknown keys, the
encoding and the line ends of the file stay as they were. Nothing is saved
until every key is valid; a wrong value names the key and why. Closing with
edits not saved asks first. A mouse-wheel tick over a closed drop-down does not
change it (it scrolls the form). What can apply at once does
(`ctx.apply_settings()`); connection changes say that a restart is needed. A save
keeps the file's mode and owner and goes to the history, key by key (passwords
masked).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QScroller,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import KEYS, POS, ConfigError, Key, Settings
from synoptux.inifile import IniDocument
from synoptux.services.audit import ini_diff
from synoptux.ui.admin.widgets import (
    ADMIN_CSS,
    TOUCH,
    ColorField,
    ConfirmBar,
    ErrorLabel,
    guard_wheel,
    touch_button,
    touch_line,
)
from synoptux.ui.plain import plain_label

Getter = Callable[[], str]
Setter = Callable[[str], None]


def _settings_words(text: str) -> str:
    """A settings text (config_keys' help, config_types' Msg) in the interface language."""
    return QCoreApplication.translate("Settings", text)


def _field(key: Key, parent: QWidget) -> tuple[QWidget, Getter, Setter]:
    """An editor for one key; its text is what goes into the file."""
    if key.kind in ("bool", "choice"):
        combo = QComboBox(parent)
        combo.setMinimumHeight(TOUCH)
        combo.setEditable(False)
        for choice in ("OUI", "NON") if key.kind == "bool" else key.choices:
            combo.addItem(choice)

        def set_combo(text: str) -> None:
            try:
                value = key.format(key.parse(text))
            except ValueError:  # a wrong stored value: show it, so that saving names it
                value = text
            if combo.findText(value) < 0:
                combo.addItem(value)
            combo.setCurrentText(value)

        return combo, combo.currentText, set_combo
    if key.kind == "color":
        color = ColorField(parent, max_length=20)
        return color, color.color, color.set_color
    edit = touch_line(parent)
    return edit, edit.text, edit.setText


def _same(key: Key, text: str, raw: str | None) -> bool:
    """Does the form's `text` say what the file says (`raw`; None = absent, the default)?"""
    try:
        return key.parse(text) == (key.default if raw is None else key.parse(raw))
    except ConfigError:
        return raw is not None and text == raw.strip()


def _values(doc: IniDocument) -> dict[tuple[str, str], str]:
    return {(sec, name): value for sec in doc.sections() for name, value in doc.keys(sec)}


class IniEditor(QDialog):
    def __init__(
        self,
        ctx: object,
        parent: QWidget | None = None,
        *,
        record: Callable[[str, str, str | None, str | None], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = record
        self.settings: Settings = ctx.settings  # type: ignore[attr-defined]
        self.setWindowTitle(QCoreApplication.translate("Admin", "Settings (synoptux.ini)"))
        self.setStyleSheet(ADMIN_CSS)
        self.resize(900, 760)
        self.doc = self._copy(self.settings.doc.text())
        self.fields: dict[tuple[str, str], tuple[Key, Getter, Setter]] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_form(), QCoreApplication.translate("Admin", "Form"))
        self.raw = QPlainTextEdit(self)
        self.raw.setObjectName("rawText")
        self.tabs.addTab(self.raw, QCoreApplication.translate("Admin", "Raw text"))
        self.error = ErrorLabel(self)
        self.info = plain_label("", self)
        self.info.setObjectName("adminInfo")
        self.info.setWordWrap(True)
        self.save_button = touch_button(
            QCoreApplication.translate("Admin", "Save"), self, name="save"
        )
        self.close_button = touch_button(
            QCoreApplication.translate("Admin", "Close"), self, name="close"
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        self.discard_bar = ConfirmBar(
            self,
            QCoreApplication.translate("Admin", "Discard"),
            QCoreApplication.translate("Admin", "Keep editing"),
            name="discard",
        )
        self.discard_bar.yes.clicked.connect(lambda: self.done(QDialog.DialogCode.Rejected))
        layout.addWidget(self.discard_bar)
        layout.addLayout(buttons)
        self._saved_text = self.settings.doc.text()
        self._shown = 0
        self.tabs.currentChanged.connect(self._on_tab)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self._load_form()
        guard_wheel(self)

    def _copy(self, text: str) -> IniDocument:
        return IniDocument(text, self.settings.doc.encoding, self.settings.doc.newline)

    def _build_form(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        sections: dict[str, QFormLayout] = {}
        for key in KEYS:
            if key.section == POS or key.kind == "secret":  # the recovery key's hash: CLI only
                continue
            if key.section not in sections:
                box = QGroupBox(f"[{key.section}]", inner)
                sections[key.section] = QFormLayout(box)
                # The key above its field: long key names leave the field the full width.
                sections[key.section].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
                column.addWidget(box)
            widget, get, put = _field(key, inner)
            widget.setObjectName(f"{key.section}.{key.name}")
            expected = key.expected_msg().translated(_settings_words)
            doc = QCoreApplication.translate("Settings", key.doc)
            help_text = QCoreApplication.translate("Admin", "{doc} (expected: {expected})").format(
                doc=doc, expected=expected
            )
            if key.restart:
                help_text += " " + QCoreApplication.translate(
                    "Admin", "Takes effect after a restart."
                )
            helper = plain_label(help_text, inner)
            helper.setWordWrap(True)
            helper.setStyleSheet("color:#4b5563;")
            cell = QWidget(inner)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 6)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(helper)
            sections[key.section].addRow(key.name, cell)
            self.fields[(key.section, key.name)] = (key, get, put)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        QScroller.grabGesture(
            scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        return scroll

    # -- the two views of one document -------------------------------------------------
    def _load_form(self) -> None:
        for (section, name), (key, _get, put) in self.fields.items():
            raw = self.doc.get(section, name)
            put(raw if raw is not None else key.format(key.default))

    def _form_into_doc(self) -> None:
        """Write into the document only what the form changed (in meaning, not spelling:
        a hand-written 'oui' stays as it is)."""
        for (section, name), (key, get, _put) in self.fields.items():
            text = get().strip()
            raw = self.doc.get(section, name)
            if not _same(key, text, raw):
                self.doc.set(key.section, key.name, text)

    def current_doc(self) -> IniDocument:
        if self.tabs.currentIndex() == 0:
            self._form_into_doc()
        else:
            self.doc = self._copy(self.raw.toPlainText())
        return self.doc

    def _on_tab(self, index: int) -> None:
        if index == self._shown:
            return
        if index == 1:  # form -> raw
            self._form_into_doc()
            self.raw.setPlainText(self.doc.text())
        else:  # raw -> form
            self.doc = self._copy(self.raw.toPlainText())
            self._load_form()
        self._shown = index

    @property
    def dirty(self) -> bool:
        """Edits not saved (in the form or the raw text)?"""
        if self.tabs.currentIndex() == 0:
            self._form_into_doc()
            text = self.doc.text()
        else:
            text = self._copy(self.raw.toPlainText()).text()
        return text != self._saved_text

    def reject(self) -> None:
        """Closing (Close, Escape, the window's X) with edits not saved asks first."""
        if self.dirty:
            self.discard_bar.ask(
                QCoreApplication.translate(
                    "Admin", "Close without saving? Your changes will be lost."
                )
            )
            return
        super().reject()

    # -- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        doc = self.current_doc()
        candidate = Settings(doc, self.settings.path)
        errors = candidate.validate()
        if errors:
            self.info.clear()
            self.error.show_text(
                QCoreApplication.translate("Admin", "Not saved:")
                + "\n"
                + "\n".join(f"[{e.section}] {e.key}: {e.message}" for e in errors)
            )
            return False
        before = self.settings.file_doc  # on disk: an upgrade read on load is saved now
        restart = [
            f"[{k.section}] {k.name}"
            for k in KEYS
            if k.restart
            and (before.get(k.section, k.name) or "") != (doc.get(k.section, k.name) or "")
        ]
        try:
            self.settings.save_document(doc)
        except (OSError, ValueError) as exc:
            self.error.show_text(
                QCoreApplication.translate("Admin", "Not saved: {why}").format(why=str(exc))
            )
            return False
        self.doc = self._copy(doc.text())
        self._saved_text = doc.text()
        self.discard_bar.hide()
        self.error.clear_text()
        changed, old, new = ini_diff(_values(before), _values(doc))
        if self.record is not None and changed:
            what = f"synoptux.ini saved: {', '.join(changed)}"  # history text, as the others
            self.record("ini", what[:1000], old, new)
        apply = getattr(self.ctx, "apply_settings", None)
        if apply is not None:
            apply()
        message = QCoreApplication.translate("Admin", "Saved and applied.")
        if restart:
            message += " " + QCoreApplication.translate(
                "Admin", "Restart Synoptux for these changes to take effect: {keys}."
            ).format(keys=", ".join(restart))
        self.info.setText(message)
        return True
