"""The database handles the screens hold and pass on, for the UI to import from here.

The GUI never runs SQL (docs/architecture.md, "Layers"): `synoptux.ui` may not import
`synoptux.db` (the `ui-no-sql` contract in pyproject.toml). A window still keeps the
`Database` it was opened with, to hand it to the services and the database thread, and asks
whether it is read-only; these names are the db layer's own, re-exported here like the
failures of `services/errors.py`."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import Database, DatabaseUnavailable, sqlite_file
from synoptux.db.findings import describe_findings
from synoptux.db.readonly import ReadOnlyDatabase, read_only_reason


def open_read_only(engine: Engine, prefix: str, reason: str) -> ReadOnlyDatabase:
    """A 2.x database's read-only view (it reads the tables' shape): a driver failure is
    said as `DatabaseUnavailable`, so the screen needs no SQLAlchemy of its own."""
    try:
        return ReadOnlyDatabase(engine, prefix, reason)
    except SQLAlchemyError as exc:
        raise DatabaseUnavailable(str(getattr(exc, "orig", exc))) from exc


__all__ = [
    "Database",
    "ReadOnlyDatabase",
    "describe_findings",
    "open_read_only",
    "read_only_reason",
    "sqlite_file",
]
