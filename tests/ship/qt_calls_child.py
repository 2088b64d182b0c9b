"""Child process of test_pyside_refcounts: hundreds of thousands of the Qt calls a board makes.

    python qt_calls_child.py [N]

PySide6/shiboken6 6.12.0 on Python 3.11 returns None/True/False without a new reference
from void calls, unset property reads and Signal.emit(): the interpreter aborts
("Fatal Python error: none_dealloc" / "bool_dealloc") after a few thousand of them.
A good pair prints "alive" and the reference counts it saw. Runs with nothing of the
product imported: the pair must survive on its own, without any workaround.
"""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QPushButton


class Source(QObject):
    sig = Signal()
    sig_obj = Signal(object)


def refcounts() -> dict[str, int]:
    return {
        name: sys.getrefcount(obj)
        for name, obj in (("None", None), ("True", True), ("False", False))
    }


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    app = QApplication(sys.argv[:1])
    src, button = Source(), QPushButton()
    received: list[object] = []
    src.sig_obj.connect(received.append)
    before = refcounts()
    for i in range(n):
        button.setText("RX")  # void
        button.setToolTip("tip")  # void
        button.property("unset")  # an unset dynamic property: None
        button.setProperty("late", i % 2 == 0)
        button.property("late")  # True / False
        button.isVisible()  # bool
        src.sig.emit()  # no receiver
        src.sig_obj.emit(i)  # a Python receiver
        if i % 1000 == 999:
            received.clear()
    fired: list[int] = []
    for i in range(5_000):
        QTimer.singleShot(0, lambda i=i: fired.append(i))
    app.processEvents()
    queued: list[object] = []
    src.sig_obj.disconnect(received.append)
    src.sig_obj.connect(queued.append, Qt.ConnectionType.QueuedConnection)

    def from_a_thread() -> None:
        for i in range(20_000):
            src.sig_obj.emit(i)

    worker = threading.Thread(target=from_a_thread)
    worker.start()
    worker.join()
    app.processEvents()
    after = refcounts()
    print(
        json.dumps({"before": before, "after": after, "timers": len(fired), "queued": len(queued)})
    )
    print("alive", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
