"""Mise en forme (css) (manual 2.2.8): edit synoptux.css with a live preview.

The site's style sheet is `synoptux.css` beside synoptux.ini (the shipped
`synoptux/resources/synoptux.css` until the site saves its own). Each edit is previewed
on the board after a short pause (`ctx.apply_stylesheet`); Qt's style-sheet
warnings ("Could not parse ...") are captured and shown. Nothing that would break
the board is saved (css_check: a sheet Qt cannot parse, or one without any colour,
is refused with the line at fault), and saving asks first. "Last saved" and
"Shipped default" put those texts back in the editor (and the preview); closing
without saving asks, then puts the board back as it was saved. A save keeps the
file's mode and owner and goes to the history (before and after).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import Settings
from synoptux.fileperm import atomic_write, make_dir
from synoptux.ui.admin.css_check import QtWarnings, check_css
from synoptux.ui.admin.widgets import (
    ADMIN_CSS,
    TOUCH,
    ConfirmBar,
    ErrorLabel,
    touch_button,
)
from synoptux.ui.plain import plain_label

PREVIEW_DELAY_MS = 400
_PROBE = re.compile(r" of object QWidget\(0x[0-9a-fA-F]+\)")
_CSS_WORDS = ("stylesheet", "style sheet", "Unknown property", "QCss")
SITE_CSS = "synoptux.css"


def shipped_css_path() -> Path:
    try:
        from synoptux.ui.style import CSS_FILE

        return Path(str(CSS_FILE))
    except ImportError:  # the style module is the UI helper's; fall back on the repo layout
        return Path(__file__).resolve().parents[2] / "resources" / SITE_CSS


def site_css_path(settings: Settings) -> Path:
    """`synoptux.css` next to synoptux.ini (the working folder when there is no ini)."""
    return settings.base_dir / SITE_CSS


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _fill(css: str, settings: Settings) -> str:
    """The text Qt will parse: `{{ Key }}` placeholders filled as the board does."""
    try:
        from synoptux.ui.style import display_tokens, fill_tokens

        return fill_tokens(css, display_tokens(settings))
    except ImportError:
        return css


class CssEditor(QDialog):
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
        self.setWindowTitle(QCoreApplication.translate("Admin", "Style (synoptux.css)"))
        self.setStyleSheet(ADMIN_CSS)
        self.resize(900, 760)
        self.path = site_css_path(self.settings)
        self.shipped = _read(shipped_css_path()) or ""
        site = _read(self.path)
        self.saved = site if site is not None else self.shipped
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("cssText")
        self.edit.setFont(QFont("monospace", 12))
        self.edit.setPlainText(self.saved)
        self.warnings = QListWidget(self)
        self.warnings.setObjectName("cssWarnings")
        self.warnings.setMaximumHeight(TOUCH * 3)
        self.status = plain_label("", self)
        self.status.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.save_button = touch_button(
            QCoreApplication.translate("Admin", "Save"), self, name="save"
        )
        self.revert_button = touch_button(
            QCoreApplication.translate("Admin", "Last saved"), self, name="revert_saved"
        )
        self.default_button = touch_button(
            QCoreApplication.translate("Admin", "Shipped default"), self, name="revert_default"
        )
        self.close_button = touch_button(
            QCoreApplication.translate("Admin", "Close"), self, name="close"
        )
        self.discard_bar = ConfirmBar(
            self,
            QCoreApplication.translate("Admin", "Discard"),
            QCoreApplication.translate("Admin", "Keep editing"),
            name="discard",
        )
        self.discard_yes, self.discard_no = self.discard_bar.yes, self.discard_bar.no
        self.save_bar = ConfirmBar(
            self,
            QCoreApplication.translate("Admin", "Save"),
            QCoreApplication.translate("Admin", "Keep editing"),
            name="confirm_save",
        )
        buttons = QHBoxLayout()
        for b in (self.revert_button, self.default_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                QCoreApplication.translate("Admin", "File: {path}").format(path=self.path), self
            )
        )
        layout.addWidget(self.edit, 1)
        layout.addWidget(
            plain_label(QCoreApplication.translate("Admin", "Qt style-sheet warnings:"), self)
        )
        layout.addWidget(self.warnings)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.discard_bar)
        layout.addWidget(self.save_bar)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.preview)
        self.edit.textChanged.connect(self.timer.start)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._put(self.saved))
        self.default_button.clicked.connect(lambda: self._put(self.shipped))
        self.close_button.clicked.connect(self._on_close)
        self.discard_yes.clicked.connect(lambda: self.done(QDialog.DialogCode.Rejected))
        self.save_bar.yes.clicked.connect(self.confirm_save)
        self._update_status()

    @property
    def dirty(self) -> bool:
        return self.edit.toPlainText() != self.saved

    def _put(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.preview()

    def _apply(self, text: str) -> list[str]:
        """Apply `text` to the board and return Qt's warnings about it."""
        with QtWarnings() as caught:
            probe = QWidget()  # parses even when the board shows no widget that uses a rule
            probe.setStyleSheet(_fill(text, self.settings))
            probe.ensurePolished()
            probe.deleteLater()
            apply = getattr(self.ctx, "apply_stylesheet", None)
            if apply is not None:
                apply(text)
        return [
            _PROBE.sub("", m).strip()
            for m in dict.fromkeys(caught.messages)
            if any(word in m for word in _CSS_WORDS)
        ]

    def preview(self) -> list[str]:
        self.timer.stop()
        messages = self._apply(self.edit.toPlainText())
        self.warnings.clear()
        self.warnings.addItems(messages or [QCoreApplication.translate("Admin", "No warning.")])
        self._update_status()
        return messages

    def _update_status(self) -> None:
        self.status.setText(
            QCoreApplication.translate("Admin", "Modified, not saved.")
            if self.dirty
            else QCoreApplication.translate("Admin", "Saved.")
        )

    def save(self) -> bool:
        """Check the sheet, then ask before saving (False: refused, nothing written)."""
        text = self.edit.toPlainText()
        report = check_css(text, _fill(text, self.settings), self.shipped)
        self.save_bar.hide()
        if not report.ok:
            self.error.show_text(
                QCoreApplication.translate("Admin", "Not saved: the board would lose its style.")
                + "\n"
                + "\n".join(report.errors)
            )
            return False
        self.error.clear_text()
        question = QCoreApplication.translate(
            "Admin", "Save this style sheet? Every board using {path} takes it."
        ).format(path=self.path)
        self.save_bar.ask("\n".join([question, *report.warnings]))
        return True

    def confirm_save(self) -> bool:
        """Write the sheet (atomically, with the file's mode), record it, apply it."""
        text = self.edit.toPlainText()
        self.save_bar.hide()
        before = _read(self.path)
        try:
            make_dir(self.path.parent)
            atomic_write(self.path, text.encode("utf-8"))
        except OSError as exc:
            self.error.show_text(
                QCoreApplication.translate("Admin", "Not saved: {why}").format(why=str(exc))
            )
            return False
        self.error.clear_text()
        self.saved = text
        if self.record is not None:
            self.record("css", f"style sheet saved ({self.path})", before, text)
        self.preview()
        return True

    def _on_close(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Closing (Close, Escape, the window's X): asks first when there are edits."""
        if self.dirty:
            self.discard_bar.ask(
                QCoreApplication.translate(
                    "Admin", "Close without saving? The board goes back to the saved style."
                )
            )
            return
        super().reject()

    def done(self, result: int) -> None:
        """However it closes (also when the admin session ends): the saved style is shown."""
        self.timer.stop()
        self.save_bar.hide()
        if self.dirty:
            self._apply(self.saved)
        super().done(result)
