"""watchdog on the entry folder. Callbacks only signal: the work is done elsewhere.

Events are a hint, not the truth: they are lost on network shares, so the
owner also rescans the folder every `Periodicite_controle_des_entrees` seconds.
`polling=True` (setting `Surveillance_Par_Scrutation`) uses watchdog's polling
observer for shares that send no events at all.

Two things only events can tell (inotify, Linux):
- a program still has a file open (`OpenFiles`): a writer that pauses with the file open
  is not done, however long it stays unchanged;
- a file was renamed into the folder (`complete`): it arrived whole, the safe way for
  site scripts (write under another name, then rename), and is taken at once.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from synoptux.ingest.folder import is_entry_name

log = logging.getLogger(__name__)


class OpenFiles:
    """How many times each file of the folder is open (inotify open/close events), by
    name (the folder is one directory). Thread safe: watchdog's thread counts, the ingest
    thread asks. Lost events cannot leave a file counted open for ever: the tracker stops
    waiting after its `open_grace`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count: dict[str, int] = {}

    def opened(self, path: Path) -> None:
        with self._lock:
            self._count[path.name] = self._count.get(path.name, 0) + 1

    def closed(self, path: Path) -> None:
        with self._lock:
            n = self._count.get(path.name, 0) - 1
            if n > 0:
                self._count[path.name] = n
            else:  # never below zero (opened before we watched)
                self._count.pop(path.name, None)

    def moved(self, src: Path | None, dest: Path | None) -> None:
        with self._lock:
            n = self._count.pop(src.name, 0) if src is not None else 0
            if n and dest is not None:
                self._count[dest.name] = self._count.get(dest.name, 0) + n

    def forget(self, path: Path) -> None:
        with self._lock:
            self._count.pop(path.name, None)

    def is_open(self, path: Path) -> bool:
        with self._lock:
            return self._count.get(path.name, 0) > 0


class _Handler(FileSystemEventHandler):
    def __init__(
        self,
        root: Path,
        notify: Callable[[], None],
        complete: Callable[[Path], None] | None,
        writers: OpenFiles | None,
    ) -> None:
        self.root = root
        self.notify = notify
        self.complete = complete
        self.writers = writers

    def _ours(self, raw: object) -> Path | None:
        if not raw:
            return None
        path = Path(str(raw))
        return path if path.parent == self.root else None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        kind = event.event_type
        src = self._ours(event.src_path)
        dest = self._ours(getattr(event, "dest_path", "") or "")
        writers = self.writers
        if kind == "opened":
            if src is not None and writers is not None:
                writers.opened(src)
            return  # a reader (an antivirus, a backup) opening a file is no news
        if kind in ("closed", "closed_no_write"):
            if src is not None and writers is not None:
                writers.closed(src)
            if kind == "closed_no_write":
                return
        elif kind == "moved":
            if writers is not None:
                writers.moved(src, dest)
            if dest is not None and is_entry_name(dest.name) and self.complete is not None:
                self.complete(dest)
        elif kind == "deleted" and src is not None and writers is not None:
            writers.forget(src)
        for path in (src, dest):
            if path is not None and is_entry_name(path.name):
                self.notify()
                return


class FolderWatcher:
    """Calls `notify()` (from watchdog's thread) when an entry file appears or changes,
    `complete(path)` when one was renamed into the folder, and keeps `writers` (which files
    a program has open) up to date (inotify only)."""

    def __init__(
        self,
        root: Path,
        notify: Callable[[], None],
        *,
        polling: bool = False,
        poll_interval: float = 1.0,
        complete: Callable[[Path], None] | None = None,
        writers: OpenFiles | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.notify = notify
        self.complete = complete
        self.writers = writers
        self.polling = polling
        self.poll_interval = poll_interval
        self._observer = None

    def _make_observer(self):
        if self.polling:
            return PollingObserver(timeout=self.poll_interval)
        if sys.platform.startswith("linux"):
            from watchdog.observers.inotify import InotifyObserver

            # Full events: a file renamed in from another folder is a move (complete at
            # once), not a creation like a file being written.
            return InotifyObserver(generate_full_events=True)
        return Observer()

    def start(self) -> bool:
        """Start watching; False (and a log line) when the folder cannot be watched."""
        try:
            observer = self._make_observer()
            observer.schedule(
                _Handler(self.root, self.notify, self.complete, self.writers),
                str(self.root),
                recursive=False,
            )
            observer.daemon = True
            observer.start()
        except OSError as exc:
            log.warning("cannot watch %s (%s): periodic rescans only", self.root, exc)
            return False
        self._observer = observer
        return True

    @property
    def running(self) -> bool:
        return self._observer is not None

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
