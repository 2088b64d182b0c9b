"""Child process of the kill-during-ingest test: applies an entry folder, maybe dies on the way.

    python crash_child.py URL FOLDER [STEP N]

With STEP (claimed | parsed | committed) and N, the process kills itself with
SIGKILL the Nth time it reaches that step: no cleanup, no flush, like a power cut.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.processor import Ingestor


def main() -> int:
    url, folder = sys.argv[1], Path(sys.argv[2])
    step, nth = (sys.argv[3], int(sys.argv[4])) if len(sys.argv) > 4 else (None, 0)
    seen = {"n": 0}

    def hook(name: str, _path: Path) -> None:
        if name == step:
            seen["n"] += 1
            if seen["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)

    db = Database.from_url(url)
    ing = Ingestor(
        db,
        folder,
        default_box="A1",
        clock=FakeClock(datetime(2026, 11, 23, 10, 0)),
        settle=0,
        before_step=hook,
    )
    while True:
        summary = ing.run_cycle(wait_stable=False)
        if not summary.outcomes:
            break
    print("finished", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
