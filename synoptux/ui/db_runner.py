"""The one background path to the database for the GUI: actions, reloads, purges, dialog loads.

The GUI thread never runs SQL. It hands a job (a plain function) to the `DbRunner`; one
worker thread runs the jobs in order and hands back the result, or the exception, through
a queued Qt signal: `done(result)` or `failed(exc)` then run on the GUI thread.

A job may carry a budget (`within`, seconds). The screen owes the nurse an answer within
it: if the job has not finished when the budget runs out, `late()` is called on the GUI
thread (the screen says "not done, try again"). A job the worker has not *started* by then
is dropped, never run later; one that was already running and still succeeds calls
`done(result)` with `ticket.late` set, so that the screen can say it was applied after all.
"""

from __future__ import annotations

import logging
import queue
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal

from synoptux.services.errors import set_lock_wait

log = logging.getLogger(__name__)

BUDGET = 1.0
"""Seconds within which a tap gets its outcome on screen."""
LOCK_WAIT = 0.5
"""Seconds a write of the runner waits for a lock another program holds before it gives
up (`DatabaseBusy`): within `BUDGET`, with room for the round trips."""


@dataclass(eq=False)
class Ticket:
    """One submitted job, as the GUI thread sees it."""

    name: str
    work: Callable[[], Any]
    done: Callable[[Any], None] | None = None
    failed: Callable[[BaseException], None] | None = None
    late: Callable[[], None] | None = None
    deadline: float | None = None  # time.monotonic() by which it must have started
    started: bool = False
    finished: bool = False
    dropped: bool = False
    is_late: bool = False  # the screen already said "not done": never started after that
    submitted_at: float = field(default_factory=time.monotonic)


class _Worker(QThread):
    """Runs the queued jobs one after the other (the thread that owns the database calls)."""

    sig_result = Signal(object, object, bool)
    """(ticket, result or exception, ok)."""

    def __init__(self, lock_wait: float | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DbRunner")
        self.jobs: queue.Queue[Ticket | None] = queue.Queue()
        self.lock_wait = lock_wait

    def run(self) -> None:
        set_lock_wait(self.lock_wait)  # every write of this thread gives up a lock wait soon
        while True:
            ticket = self.jobs.get()
            if ticket is None:
                return
            if ticket.is_late or (
                ticket.deadline is not None and time.monotonic() > ticket.deadline
            ):
                ticket.dropped = True  # too late to start: never applied behind the screen
                self.sig_result.emit(ticket, None, False)
                continue
            ticket.started = True
            try:
                result = ticket.work()
            except BaseException as exc:  # handed to the GUI, never lost
                self.sig_result.emit(ticket, exc, False)
            else:
                self.sig_result.emit(ticket, result, True)


_RUNNERS: weakref.WeakSet[DbRunner] = weakref.WeakSet()
_LEFT: list[_Worker] = []


class DbRunner(QObject):
    """Submit database work from the GUI thread; get the outcome back on the GUI thread."""

    def __init__(
        self, parent: QObject | None = None, *, lock_wait: float | None = LOCK_WAIT
    ) -> None:
        super().__init__(parent)
        self._pending: set[Ticket] = set()
        self._worker = _Worker(lock_wait)
        self._worker.sig_result.connect(self._on_result)  # queued: the worker is elsewhere
        self._worker.start()
        self._stopped = False
        _RUNNERS.add(self)

    def submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        *,
        within: float | None = None,
        late: Callable[[], None] | None = None,
        name: str = "",
    ) -> Ticket:
        """Queue `work`; `done`/`failed` run on the GUI thread. With `within` (seconds),
        `late()` runs if no outcome came by then, and a job not started by then is
        dropped."""
        ticket = Ticket(name or getattr(work, "__name__", "job"), work, done, failed, late)
        if self._stopped:
            ticket.dropped = True
            return ticket
        if within is not None:
            ticket.deadline = ticket.submitted_at + within
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire early
            timer.timeout.connect(lambda: self._expire(ticket))
            timer.timeout.connect(timer.deleteLater)
            timer.start(max(0, int(within * 1000)))
        self._pending.add(ticket)
        self._worker.jobs.put(ticket)
        return ticket

    def idle(self) -> bool:
        return not self._pending

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Process events until every job is answered (False after `timeout` s). Only for
        a window that is not a live board: `synoptux snapshot` renders once, offline."""
        end = time.monotonic() + timeout
        while self._pending and time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)
        return not self._pending

    def stop(self, wait_ms: int = 3000) -> None:
        """No new job; the worker ends after the one it runs (waited for up to `wait_ms`)."""
        if self._stopped:
            return
        self._stopped = True
        _RUNNERS.discard(self)
        self._worker.jobs.put(None)
        if not self._worker.wait(wait_ms):
            log.warning("a database call still runs at close; it is left to end alone")
            _LEFT.append(self._worker)  # a QThread must outlive its run(): keep it referenced
        self._pending.clear()  # the window is closing: no outcome is shown any more

    # -- GUI thread ------------------------------------------------------------------------
    def _expire(self, ticket: Ticket) -> None:
        if ticket.finished or ticket.is_late:
            return
        ticket.is_late = True
        if ticket.late is not None:
            self._call(ticket.late)

    def _on_result(self, ticket: Ticket, value: object, ok: bool) -> None:
        ticket.finished = True
        self._pending.discard(ticket)
        if ticket.dropped:
            if not ticket.is_late:  # dropped a moment before the budget's timer fired
                ticket.is_late = True
                if ticket.late is not None:
                    self._call(ticket.late)
            return
        if ok:
            if ticket.done is not None:
                self._call(ticket.done, value)
        elif ticket.failed is not None:
            self._call(ticket.failed, value)
        elif isinstance(value, BaseException):
            log.error("database job %s failed", ticket.name, exc_info=value)

    @staticmethod
    def _call(fn: Callable[..., None], *args: object) -> None:
        try:
            fn(*args)
        except Exception:  # a bug in a callback must not reach Qt's event loop
            log.exception("database job callback failed")


def all_idle() -> bool:
    """No runner has a job waiting for its answer (tests)."""
    return all(r.idle() for r in list(_RUNNERS))


def pending_jobs() -> list[str]:
    """The names of the jobs not answered yet, of every runner (test reports)."""
    return [t.name for r in list(_RUNNERS) for t in r._pending]
