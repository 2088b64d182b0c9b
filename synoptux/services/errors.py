"""Refusals a service can give, and the database failures the screens tell apart.

The UI turns `ActionRefused.code` into a translated message, and imports the database
failures from here (never from `synoptux.db`): unavailable (no answer), busy (another
program holds the lock), outcome unknown (lost while saving)."""

from __future__ import annotations

from synoptux.db.engine import DatabaseBusy, DatabaseUnavailable, OutcomeUnknown, set_lock_wait

__all__ = [
    "ActionRefused",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "OutcomeUnknown",
    "set_lock_wait",
]


class ActionRefused(Exception):
    """The action was refused; nothing was written."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
        self.message = message
