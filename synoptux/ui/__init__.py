"""The board screen (PySide6 lives only in this package)."""
