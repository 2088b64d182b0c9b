"""The downtime copy written by the board's process: every `[Copie_Secours]
Periodicite_en_minutes`, and on demand (*Fichiers → Imprimer le tableau*).

The copy is written by a child `synoptux export-board` (a QProcess): the board's window
never waits for the database nor for the PDF's layout, and a child that hangs is stopped
after `TIMEOUT_MS`. One child at a time. The periodic copy says nothing on the screen (its
failures go to the log); the one asked for from the menu says where it was written, or why
not.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QTimer, Signal

from synoptux.config import KEYS, Settings
from synoptux.services.downtime import copy_folders, export_command

log = logging.getLogger(__name__)
TIMEOUT_MS = 180_000


def child_options(settings: Settings) -> list[str]:
    """`--db`/`--prefix` the board itself was started with (the ini says the rest)."""
    out: list[str] = []
    if settings.db_override:
        out += ["--db", settings.db_override]
    if settings.prefix_override is not None:
        out += ["--prefix", settings.prefix_override]
    return out


class DowntimeCopier(QObject):
    sig_done = Signal(bool, str)
    """(written, message) of a copy asked for from the menu."""

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.proc: QProcess | None = None
        self._asked = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.write_now(asked=False))
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._too_long)

    def start(self) -> None:
        minutes = self.settings[KEYS.COPY_PERIOD_MIN]
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def stop(self) -> None:
        self.timer.stop()
        self._deadline.stop()
        if self.proc is not None and self.proc.state() != QProcess.ProcessState.NotRunning:
            self.proc.kill()
            self.proc.waitForFinished(2000)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.state() != QProcess.ProcessState.NotRunning

    def write_now(self, *, asked: bool = True) -> bool:
        """Start a copy; False when one is being written already."""
        if self.running:
            if asked:
                self._asked = True  # say so when the running one ends
            return False
        self._asked = asked
        argv = export_command(self.settings, child_options(self.settings))
        proc = QProcess(self)
        proc.setProgram(argv[0])
        proc.setArguments(argv[1:])
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        self.proc = proc
        proc.start()
        self._deadline.start(TIMEOUT_MS)
        return True

    def _too_long(self) -> None:
        proc = self.proc
        if proc is not None and proc.state() != QProcess.ProcessState.NotRunning:
            log.warning("downtime copy: export-board took over %d s, stopped", TIMEOUT_MS // 1000)
            proc.kill()

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(False, str(self.proc.errorString() if self.proc else error))

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        proc = self.proc
        assert proc is not None  # the signal comes from the process write_now started
        err = bytes(proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
        ok = status == QProcess.ExitStatus.NormalExit and code == 0
        self._finish(ok, err[-500:])

    def _finish(self, ok: bool, detail: str) -> None:
        self._deadline.stop()
        if not ok:
            log.warning("downtime copy not written: %s", detail or "export-board failed")
        if self._asked:
            self._asked = False
            if ok:
                folders = ", ".join(str(f) for f in copy_folders(self.settings))
                message = QCoreApplication.translate(
                    "DowntimeCopy", "The board was written as PDF and HTML in {0}."
                ).format(folders)
            else:
                message = QCoreApplication.translate(
                    "DowntimeCopy", "The board could not be written: {0}"
                ).format(detail or QCoreApplication.translate("DowntimeCopy", "see the log"))
            self.sig_done.emit(ok, message)
