"""The database handles the screens hold and pass on, for the UI to import from here.

The GUI never runs SQL (docs/architecture.md, "Layers"): `synoptux.ui` may not import
`synoptux.db` (the `ui-no-sql` contract in pyproject.toml). A window still keeps the
`Database` it was opened with, to hand it to the services and the database thread, and asks
whether it is read-only; these names are the db layer's own, re-exported here like the
failures of `services/errors.py`."""

from __future__ import annotations

from synoptux.db.engine import Database, sqlite_file
from synoptux.db.findings import describe_findings
from synoptux.db.readonly import ReadOnlyDatabase, read_only_reason

__all__ = [
    "Database",
    "ReadOnlyDatabase",
    "describe_findings",
    "read_only_reason",
    "sqlite_file",
]
