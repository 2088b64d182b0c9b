"""A board that blinks for days must not abort (shiboken6 6.12 on Python 3.11).

Every `Signal.emit()` drops a reference to True there, and every void Qt call one
to None; the blink controller emits at every tick. The ticks run in a child
process: when the guard is missing, that process aborts ("bool_dealloc"), the
test sees its exit status, pytest survives.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QPushButton
    from synoptux.ui.board.blink import BlinkController

    app = QApplication([])
    button = QPushButton("RX")
    button.setProperty("baseColor", "#dbeafe")
    button.setProperty("alarmColor", "#ef4444")
    blink = BlinkController(1000, True)
    seen = []
    blink.sig_tick.connect(seen.append)
    blink.set_late_widgets([button])
    # More ticks than True and None have references when the board starts: a week
    # of a 1 s blink compressed, as far as reference counts go.
    n = 2 * max(sys.getrefcount(True), sys.getrefcount(None)) + 2000
    n = min(n, 60000)
    for _ in range(n):
        blink.tick()
    app.processEvents()
    print("ticks", len(seen))
    """
)


def test_blinking_for_days_does_not_abort_the_board() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    ticks = int(proc.stdout.split()[-1])
    assert ticks > 2000
