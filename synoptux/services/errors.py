"""Refusals a service can give. The UI turns `code` into a translated message."""

from __future__ import annotations


class ActionRefused(Exception):
    """The action was refused; nothing was written."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
        self.message = message
