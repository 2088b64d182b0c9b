"""The window shown instead of the board when the board cannot start on its settings.

A wall screen has no console: a missing or damaged synoptux.ini, a database file that is
not there (a share not mounted), a password the server refuses... each is said in full
words on the whole screen, with what to do and the technical detail, never as a board
(and never as a board of demo patients). Closing it ends the program with the exit status
of the failure (README, Command line: 2 configuration, 3 database, 4 no tables).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from synoptux.config import ConfigError, ConfigFileError, DatabaseSettingError
from synoptux.services.setup import DatabaseConnectionError, DatabaseEmpty, DatabaseNeedsUpgrade

DOCTOR = "synoptux doctor"


def _tr(text: str) -> str:
    return QCoreApplication.translate("StartupError", text)


def describe(exc: BaseException) -> tuple[str, str]:
    """(what is wrong, what to do), in the interface language."""
    if isinstance(exc, ConfigFileError):
        if exc.kind == "missing":
            return (
                _tr("The configuration file {path} does not exist.").format(path=exc.path),
                _tr(
                    "Check the path given with --config or $SYNOPTUX_CONFIG. The board does "
                    "not start on an empty configuration."
                ),
            )
        if exc.kind == "corrupt":
            return (
                _tr("The configuration file {path} is damaged (line {line}).").format(
                    path=exc.path, line=exc.line
                ),
                _tr(
                    "Repair it or put its backup copy back. The board does not start on a "
                    "configuration it cannot read."
                ),
            )
        return (
            _tr("The configuration file {path} cannot be read.").format(path=exc.path),
            _tr("Check that it is a file and that this user may read it."),
        )
    if isinstance(exc, DatabaseSettingError):
        return (
            _tr("The database setting [{section}] {key} is wrong.").format(
                section=exc.section, key=exc.key
            ),
            _tr("Correct it in synoptux.ini."),
        )
    if isinstance(exc, ConfigError):
        return (
            _tr("The setting [{section}] {key} is wrong.").format(section=exc.section, key=exc.key),
            _tr("Correct it in synoptux.ini."),
        )
    if isinstance(exc, DatabaseConnectionError):
        return _describe_connection(exc)
    if isinstance(exc, DatabaseEmpty):
        return (
            _tr("The database holds no Synoptux tables."),
            _tr("Create them with the command: synoptux init-db"),
        )
    if isinstance(exc, DatabaseNeedsUpgrade):
        return (
            _tr("This is a Synoptux 2.x database that must be upgraded first."),
            _tr("Run the command: synoptux upgrade"),
        )
    return (_tr("The database cannot be reached."), _tr("Try again in a moment."))


def _describe_connection(exc: DatabaseConnectionError) -> tuple[str, str]:
    if exc.kind == "missing_file":
        return (
            _tr("The database file {path} cannot be found.").format(path=exc.target),
            _tr(
                "If it is on a network share, check that the share is mounted. Nothing was "
                "created: the board shows no invented patients in place of the real ones."
            ),
        )
    if exc.kind == "not_sqlite":
        return (
            _tr("The file {path} is not a SQLite database.").format(path=exc.target),
            _tr("Check the database setting in synoptux.ini."),
        )
    if exc.kind == "auth":
        return (
            _tr("The database server refused the user name or the password ({who}).").format(
                who=exc.target
            ),
            _tr("Correct the user and the password in synoptux.ini."),
        )
    if exc.kind == "unknown_database":
        return (
            _tr("The database {name} does not exist on the server.").format(name=exc.target),
            _tr("Check its name in synoptux.ini, or create it then run: synoptux init-db"),
        )
    return (_tr("The database server cannot be reached."), _tr("Try again in a moment."))


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
        self.heading = self._label("startupHeading", _tr("The board cannot start"), 30, True)
        self.what = self._label("startupWhat", what, 22, True)
        self.todo = self._label("startupTodo", todo, 18, False)
        check = _tr("The command {cmd} checks every setting.").format(cmd=DOCTOR)
        self.check = self._label("startupCheck", check, 14, False)
        self.detail = self._label(
            "startupDetail",
            _tr("Technical detail (exit status {status}): {detail}").format(
                status=status, detail=str(exc)
            ),
            11,
            False,
        )
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.what, self.todo, self.check, self.detail):
            layout.addWidget(label)
        self.close_button = QPushButton(_tr("Close"))
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
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry() if full_screen else screen.availableGeometry())
        if full_screen:
            self.showFullScreen()
        else:
            self.showMaximized()
