"""An `Ingestor` configured from synoptux.ini: built the same way by `synoptux ingest` and
by the board's live feed (which must not import the command line's module)."""

from __future__ import annotations

import socket

from synoptux.config import KEYS, Settings
from synoptux.ingest.processor import Ingestor


def settle_seconds(settings: Settings) -> float:
    """How long an entry file must stay unchanged before it is taken (ini, in ms)."""
    return settings[KEYS.ENTRY_SETTLE_MS] / 1000.0


def make_ingestor(db, settings: Settings, clock=None, **kw) -> Ingestor:  # noqa: ANN001, ANN003
    """An Ingestor configured from synoptux.ini."""
    actor = settings[KEYS.STATION] or socket.gethostname()
    kw.setdefault("settle", settle_seconds(settings))
    return Ingestor(
        db,
        settings.path_of(KEYS.ENTRY_FOLDER),
        default_box=settings[KEYS.DEFAULT_BOX] or "A1",
        clock=clock,
        delete_done=settings[KEYS.DELETE_DONE_ENTRIES],
        keep_days=settings[KEYS.KEEP_DONE_ENTRIES_DAYS],
        actor=f"ingest@{actor}"[:64],
        **kw,
    )
