"""Guard against a reference-count bug of shiboken6 6.12 on Python 3.11.

With PySide6/shiboken6 6.12.0 on CPython 3.11, every call of a C++ method that
returns void (`setText`, `update`, `setToolTip`, ...) and every read of an
unset dynamic property hands back None *without* a new reference (True and
False are affected the same way). Python 3.12+
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
    """Make None, True and False practically immortal on CPython < 3.12 (release
    builds), as 3.12 does. Idempotent. (True/False leak the same way.)"""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "gettotalrefcount"):  # debug build: another object layout
        return False
    done = False
    for obj in (None, True, False):
        cell = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt, the first field
        if abs(cell.value - sys.getrefcount(obj)) > 16:  # not the layout we expect
            continue
        if cell.value < BOOST // 2:
            cell.value += BOOST
        done = True
    return done
