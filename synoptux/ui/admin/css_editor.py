"""Mise en forme (css) (manual 2.2.8): edit synoptux.css with a live preview.

The site's style sheet is `synoptux.css` beside synoptux.ini (the shipped
`synoptux/resources/synoptux.css` until the site saves its own). Each edit is previewed
on the board after a short pause (`ctx.apply_stylesheet`); Qt's style-sheet
warnings ("Could not parse ...") are captured and shown. "Last saved" and
"Shipped default" put those texts back in the editor (and the preview); closing
without saving puts the board back as it was saved.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import Settings
from synoptux.ui.admin.widgets import TOUCH, ErrorLabel, touch_button, tr

PREVIEW_DELAY_MS = 400
_PROBE = re.compile(r" of object QWidget\(0x[0-9a-fA-F]+\)")
_CSS_WORDS = ("stylesheet", "style sheet", "Unknown property", "QCss")
SITE_CSS = "synoptux.css"


def shipped_css_path() -> Path:
    try:
        from synoptux.ui.style import CSS_FILE

        return Path(CSS_FILE)
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


class StyleWarnings:
    """Collect Qt's messages (style-sheet parse warnings) while a block runs."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __enter__(self) -> StyleWarnings:
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def _handle(self, mode: QtMsgType, _context: object, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg:
            self.messages.append(message)

    def __exit__(self, *_exc: object) -> None:
        qInstallMessageHandler(self._previous)


class CssEditor(QDialog):
    def __init__(self, ctx: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings: Settings = ctx.settings  # type: ignore[attr-defined]
        self.setWindowTitle(tr("Style (synoptux.css)"))
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
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.save_button = touch_button(tr("Save"), self, name="save")
        self.revert_button = touch_button(tr("Last saved"), self, name="revert_saved")
        self.default_button = touch_button(tr("Shipped default"), self, name="revert_default")
        self.close_button = touch_button(tr("Close"), self, name="close")
        self.discard_bar = QFrame(self)
        self.discard_label = QLabel(
            tr("Close without saving? The board goes back to the saved style."), self.discard_bar
        )
        self.discard_yes = touch_button(tr("Discard"), self.discard_bar, name="discard")
        self.discard_no = touch_button(tr("Keep editing"), self.discard_bar, name="keep")
        bar = QHBoxLayout(self.discard_bar)
        bar.addWidget(self.discard_label, 1)
        bar.addWidget(self.discard_no)
        bar.addWidget(self.discard_yes)
        self.discard_bar.hide()
        buttons = QHBoxLayout()
        for b in (self.revert_button, self.default_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("File: {path}").format(path=self.path), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(QLabel(tr("Qt style-sheet warnings:"), self))
        layout.addWidget(self.warnings)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.discard_bar)
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
        self.discard_yes.clicked.connect(self.reject)
        self.discard_no.clicked.connect(self.discard_bar.hide)
        self._update_status()

    @property
    def dirty(self) -> bool:
        return self.edit.toPlainText() != self.saved

    def _put(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.preview()

    def _apply(self, text: str) -> list[str]:
        """Apply `text` to the board and return Qt's warnings about it."""
        with StyleWarnings() as caught:
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
        self.warnings.addItems(messages or [tr("No warning.")])
        self._update_status()
        return messages

    def _update_status(self) -> None:
        self.status.setText(tr("Modified, not saved.") if self.dirty else tr("Saved."))

    def save(self) -> bool:
        text = self.edit.toPlainText()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            self.error.show_text(tr("Not saved: {why}").format(why=str(exc)))
            return False
        self.error.clear_text()
        self.saved = text
        self.preview()
        return True

    def _on_close(self) -> None:
        if self.dirty:
            self.discard_bar.show()
        else:
            self.accept()

    def reject(self) -> None:
        """Closing without saving (or the admin lock): the board shows the saved style."""
        self.timer.stop()
        if self.dirty:
            self._apply(self.saved)
        super().reject()
