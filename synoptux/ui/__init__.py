"""The board screen (PySide6 lives only in this package)."""

from synoptux.ui.qtfix import protect_none

protect_none()  # before any PySide6 call: see qtfix (shiboken6 6.12 on Python 3.11)
