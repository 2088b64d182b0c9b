"""What every write service holds: the database, the clock, and who acts from where."""

from __future__ import annotations

import socket

from synoptux.db.engine import Database
from synoptux.domain.clock import Clock, SystemClock


class Service:
    """Bound to one database and one clock; `actor` and `source` go into every history row."""

    default_source = "board"

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        actor: str | None = None,
        source: str | None = None,
    ) -> None:
        self.db = db
        self.t = db.tables
        self.clock = clock or SystemClock()
        self.actor = actor or socket.gethostname()[:64]
        self.source = source or self.default_source
