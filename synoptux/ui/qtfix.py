"""Guard against a reference-count bug of shiboken6 6.12 on Python 3.11.

With PySide6/shiboken6 6.12.0 on CPython 3.11, every call of a C++ method that
returns void (`setText`, `update`, `setToolTip`, ...) and every read of an
unset dynamic property hands back None *without* a new reference. Python 3.12+
does not care (None is immortal there); on 3.11 each such call lowers None's
reference count by one, and after some thousands of calls the interpreter
aborts with "Fatal Python error: none_dealloc". A wall board makes that many
calls in minutes.

Until the stack moves to a fixed PySide6 or to Python 3.12+, give None the
"immortal" treatment 3.12 gives it: a reference count so large that the
leak cannot reach zero in centuries. Harmless when the bug is absent.
"""

from __future__ import annotations

import ctypes
import sys

BOOST = 1 << 60


def protect_none() -> bool:
    """Make None practically immortal on CPython < 3.12 (release builds). Idempotent."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "gettotalrefcount"):  # debug build: another object layout
        return False
    cell = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the first field
    if abs(cell.value - sys.getrefcount(None)) > 16:  # not the layout we expect: leave it
        return False
    if cell.value < BOOST // 2:
        cell.value += BOOST
    return True
