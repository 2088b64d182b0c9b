"""The log file: errors and warnings of every part of the board, kept under the data folder.

`[Interface] Dossier_Journal` (default `var/log`, beside synoptux.ini) holds
`synoptux.log`, rotated at 1 MB with five old files kept. Every module logs through
`logging.getLogger(__name__)` below `synoptux`, so the live feed, the entry files,
the actions and the administration all land here, with anything uncaught (an
exception in a Qt slot goes through `sys.excepthook`). The folder and files are
private (or group-shared in a setgid folder: `synoptux.fileperm`): warnings may name an entry file, and entry files are named after
patients. INFO lines never carry a patient's name (counts and keys only).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from synoptux.config import KEYS, Settings
from synoptux.fileperm import PrivateRotatingFileHandler, make_dir

LOG_NAME = "synoptux.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
TAIL_BYTES = 64_000

log = logging.getLogger("synoptux")


def log_path(settings: Settings) -> Path:
    return settings.path_of(KEYS.LOG_FOLDER) / LOG_NAME


def setup_logging(settings: Settings, *, verbose: bool = False) -> logging.Handler | None:
    """Send every `synoptux.*` record of INFO and above (and every warning of the
    libraries) to the log file; log what nothing caught. Returns the handler (for
    `close_logging`), or None when the folder cannot be written: the board runs on and
    says so on stderr (and `synoptux doctor` reports it)."""
    path = log_path(settings)
    try:
        make_dir(path.parent)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False
        )
    except OSError as exc:
        log.warning("no log file: %s cannot be written (%s)", path, exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    handler.set_name("synoptux-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "synoptux-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.DEBUG if verbose else logging.INFO)
    _hook_uncaught()
    return handler


def close_logging(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _hook_uncaught() -> None:
    """Uncaught exceptions (main thread, Qt slots, other threads) go to the log too."""
    if getattr(sys.excepthook, "_synoptux", False):
        return
    previous, previous_thread = sys.excepthook, threading.excepthook

    def hook(kind, value, tb) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    def thread_hook(args) -> None:
        if args.exc_type is not SystemExit:
            log.critical(
                "uncaught exception in thread %s",
                getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread(args)

    # A mark on the function itself (a second setup finds it): mypy allows no function attribute.
    hook._synoptux = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook


def read_tail(path: Path, max_bytes: int = TAIL_BYTES) -> str:
    """The end of the log file (whole lines), for *Aide → Journal*. Raises OSError."""
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - max_bytes))
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    if size > max_bytes and "\n" in text:
        text = text.split("\n", 1)[1]  # drop the cut first line
    return text
