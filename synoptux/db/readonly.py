"""A 2.x database opened to look at, before `synoptux upgrade`: nothing writes.

A site must be able to see the new board on its live 2.x data before deciding to upgrade.
Its tables are not ours yet (MyISAM, per-patient task numbers, no `responsables`, no
revision row, 2.15 has no `EC_Anonyme`), so the board reads them through their actual
`Shape` and writes nothing at all:

- every transaction is refused before it starts (`DatabaseReadOnly`, with the reason the
  board shows: "base 2.x — lecture seule, lancer synoptux upgrade");
- on MySQL/MariaDB every connection is also a read-only session
  (`SET SESSION TRANSACTION READ ONLY`), so a write that would bypass the services is
  refused by the server itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Connection, Engine, event, inspect

from synoptux.db.engine import Database
from synoptux.db.tables import Tables

T = TypeVar("T")

READ_ONLY_BANNER = "base 2.x — lecture seule, lancer synoptux upgrade"
"""What the board says (French is the interface language; the UI translates the English)."""
READ_ONLY_BANNER_EN = "2.x database — read only, run synoptux upgrade"


class DatabaseReadOnly(RuntimeError):
    """A write was asked of a database opened read-only (a 2.x database not upgraded)."""


@dataclass(frozen=True)
class Shape:
    """The tables and columns a database actually has (lower-case column names)."""

    columns: dict[str, frozenset[str]]

    def has_table(self, name: str) -> bool:
        return name in self.columns

    def has(self, table: str, column: str) -> bool:
        return column.lower() in self.columns.get(table, frozenset())


def read_shape(conn: Connection, t: Tables) -> Shape:
    insp = inspect(conn)
    names = set(insp.get_table_names())
    return Shape(
        {
            table.name: frozenset(c["name"].lower() for c in insp.get_columns(table.name))
            for table in t.all
            if table.name in names
        }
    )


class ReadOnlyDatabase(Database):
    """`Database` whose transactions are refused and whose sessions are read-only."""

    def __init__(self, engine: Engine, prefix: str, reason: str) -> None:
        super().__init__(engine, prefix)
        self.reason = reason
        if engine.dialect.name in ("mysql", "mariadb"):
            engine.dispose()  # every connection from now on, none opened before
            event.listen(engine, "connect", _read_only_session)
        with engine.connect() as conn:
            self.shape = read_shape(conn, self.tables)

    def transaction(
        self, fn: Callable[[Connection], T], *, attempts: int = 5, lock_wait: float | None = None
    ) -> T:
        raise DatabaseReadOnly(self.reason)


def _read_only_session(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute("SET SESSION TRANSACTION READ ONLY")
    finally:
        cur.close()


def read_only_reason(db: Database) -> str | None:
    """Why `db` is read-only (a 2.x database not yet upgraded), or None."""
    return db.reason if isinstance(db, ReadOnlyDatabase) else None


def shape_of(db: Database) -> Shape | None:
    return db.shape if isinstance(db, ReadOnlyDatabase) else None
