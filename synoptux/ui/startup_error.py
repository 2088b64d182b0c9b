"""The window shown instead of the board when the board cannot start on its settings.

A wall screen has no console: a missing or damaged synoptux.ini, a database file that is
not there (a share not mounted), a password the server refuses... each is said in full
words on the whole screen, with what to do and the technical detail, never as a board
(and never as a board of demo patients). Closing it ends the program with the exit status
of the failure (README, Command line: 2 configuration, 3 database, 4 no tables).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from synoptux.config import ConfigError, ConfigFileError, DatabaseSettingError
from synoptux.services.setup import DatabaseConnectionError, DatabaseEmpty, DatabaseNeedsUpgrade
from synoptux.ui.loading import show_on_wall

DOCTOR = "synoptux doctor"


def describe(exc: BaseException) -> tuple[str, str]:
    """(what is wrong, what to do), in the interface language."""
    if isinstance(exc, ConfigFileError):
        if exc.kind == "missing":
            return (
                QCoreApplication.translate(
                    "StartupError", "The configuration file {path} does not exist."
                ).format(path=exc.path),
                QCoreApplication.translate(
                    "StartupError",
                    "Check the path given with --config or $SYNOPTUX_CONFIG. The board does "
                    "not start on an empty configuration.",
                ),
            )
        if exc.kind == "corrupt":
            return (
                QCoreApplication.translate(
                    "StartupError", "The configuration file {path} is damaged (line {line})."
                ).format(path=exc.path, line=exc.line),
                QCoreApplication.translate(
                    "StartupError",
                    "Repair it or put its backup copy back. The board does not start on a "
                    "configuration it cannot read.",
                ),
            )
        return (
            QCoreApplication.translate(
                "StartupError", "The configuration file {path} cannot be read."
            ).format(path=exc.path),
            QCoreApplication.translate(
                "StartupError", "Check that it is a file and that this user may read it."
            ),
        )
    if isinstance(exc, DatabaseSettingError):
        return (
            QCoreApplication.translate(
                "StartupError", "The database setting [{section}] {key} is wrong."
            ).format(section=exc.section, key=exc.key),
            QCoreApplication.translate("StartupError", "Correct it in synoptux.ini."),
        )
    if isinstance(exc, ConfigError):
        return (
            QCoreApplication.translate(
                "StartupError", "The setting [{section}] {key} is wrong."
            ).format(section=exc.section, key=exc.key),
            QCoreApplication.translate("StartupError", "Correct it in synoptux.ini."),
        )
    if isinstance(exc, DatabaseConnectionError):
        return _describe_connection(exc)
    if isinstance(exc, DatabaseEmpty):
        return (
            QCoreApplication.translate("StartupError", "The database holds no Synoptux tables."),
            QCoreApplication.translate(
                "StartupError", "Create them with the command: synoptux init-db"
            ),
        )
    if isinstance(exc, DatabaseNeedsUpgrade):
        return (
            QCoreApplication.translate(
                "StartupError", "This is a Synoptux 2.x database that must be upgraded first."
            ),
            QCoreApplication.translate("StartupError", "Run the command: synoptux upgrade"),
        )
    return (
        QCoreApplication.translate("StartupError", "The database cannot be reached."),
        QCoreApplication.translate("StartupError", "Try again in a moment."),
    )


def _describe_connection(exc: DatabaseConnectionError) -> tuple[str, str]:
    if exc.kind == "missing_file":
        return (
            QCoreApplication.translate(
                "StartupError", "The database file {path} cannot be found."
            ).format(path=exc.target),
            QCoreApplication.translate(
                "StartupError",
                "If it is on a network share, check that the share is mounted. Nothing was "
                "created: the board shows no invented patients in place of the real ones.",
            ),
        )
    if exc.kind == "not_sqlite":
        return (
            QCoreApplication.translate(
                "StartupError", "The file {path} is not a SQLite database."
            ).format(path=exc.target),
            QCoreApplication.translate(
                "StartupError", "Check the database setting in synoptux.ini."
            ),
        )
    if exc.kind == "auth":
        return (
            QCoreApplication.translate(
                "StartupError", "The database server refused the user name or the password ({who})."
            ).format(who=exc.target),
            QCoreApplication.translate(
                "StartupError", "Correct the user and the password in synoptux.ini."
            ),
        )
    if exc.kind == "unknown_database":
        return (
            QCoreApplication.translate(
                "StartupError", "The database {name} does not exist on the server."
            ).format(name=exc.target),
            QCoreApplication.translate(
                "StartupError",
                "Check its name in synoptux.ini, or create it then run: synoptux init-db",
            ),
        )
    return (
        QCoreApplication.translate("StartupError", "The database server cannot be reached."),
        QCoreApplication.translate("StartupError", "Try again in a moment."),
    )


class StartupError(QWidget):
    """The whole screen: a title, what is wrong, what to do, the detail, a Close button."""

    def __init__(self, exc: BaseException, status: int, title: str = "Synoptux") -> None:
        super().__init__()
        self.setObjectName("startupError")
        self.status = status
        self.setWindowTitle(title)
        what, todo = describe(exc)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(24)
        layout.addStretch(1)
        self.heading = self._label(
            "startupHeading",
            QCoreApplication.translate("StartupError", "The board cannot start"),
            30,
            True,
        )
        self.what = self._label("startupWhat", what, 22, True)
        self.todo = self._label("startupTodo", todo, 18, False)
        check = QCoreApplication.translate(
            "StartupError", "The command {cmd} checks every setting."
        ).format(cmd=DOCTOR)
        self.check = self._label("startupCheck", check, 14, False)
        self.detail = self._label(
            "startupDetail",
            QCoreApplication.translate(
                "StartupError", "Technical detail (exit status {status}): {detail}"
            ).format(status=status, detail=str(exc)),
            11,
            False,
        )
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.what, self.todo, self.check, self.detail):
            layout.addWidget(label)
        self.close_button = QPushButton(QCoreApplication.translate("StartupError", "Close"))
        self.close_button.setObjectName("startupClose")
        self.close_button.setMinimumSize(200, 64)
        self.close_button.clicked.connect(self.close)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _label(self, name: str, text: str, points: int, bold: bool) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        font = QFont(label.font())
        font.setPointSize(points)
        font.setBold(bold)
        label.setFont(font)
        return label

    def show_on_wall(self, *, full_screen: bool = False) -> None:
        """The whole screen, as the board would have been."""
        show_on_wall(self, full_screen=full_screen)
