"""watchdog on the entry folder. Callbacks only signal: the work is done elsewhere.

Events are a hint, not the truth: they are lost on network shares, so the
owner also rescans the folder every `Periodicite_controle_des_entrees` seconds.
`polling=True` (setting `Surveillance_Par_Scrutation`) uses watchdog's polling
observer for shares that send no events at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from synoptux.ingest.folder import is_entry_name

log = logging.getLogger(__name__)


class _Handler(FileSystemEventHandler):
    def __init__(
        self, root: Path, notify: Callable[[], None], closed: Callable[[Path], None] | None
    ) -> None:
        self.root = root
        self.notify = notify
        self.closed = closed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type == "closed_no_write":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
            if not raw:
                continue
            path = Path(str(raw))
            if path.parent == self.root and is_entry_name(path.name):
                if event.event_type == "closed" and self.closed is not None:
                    self.closed(path)
                self.notify()
                return


class FolderWatcher:
    """Calls `notify()` (from watchdog's thread) when an entry file appears or changes, and
    `closed(path)` when its writer closed it after writing (inotify only)."""

    def __init__(
        self,
        root: Path,
        notify: Callable[[], None],
        *,
        polling: bool = False,
        poll_interval: float = 1.0,
        closed: Callable[[Path], None] | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.notify = notify
        self.closed = closed
        self.polling = polling
        self.poll_interval = poll_interval
        self._observer = None

    def start(self) -> bool:
        """Start watching; False (and a log line) when the folder cannot be watched."""
        observer = PollingObserver(timeout=self.poll_interval) if self.polling else Observer()
        try:
            observer.schedule(
                _Handler(self.root, self.notify, self.closed), str(self.root), recursive=False
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
