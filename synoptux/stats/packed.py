"""Bulk reads packed by the database: many rows fetched as one string per group.

PyMySQL decodes rows in pure Python (about 4 µs a row): a year of tasks fetched row
by row costs more than the whole 2 s budget. Here every row is reduced by the
database to integers (times in seconds, box kinds, flags) joined by ':', the rows
of a group are joined by ',' (GROUP_CONCAT / group_concat), and Python splits the
string: the same values, one round trip per chunk. Chunks follow the date range
(31 days each), so no string outgrows the server's packet limit, whatever the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Select, String, cast, func, literal, select

from synoptux.db.types import storage_type

CHUNK = timedelta(days=31)
# SQLite never cuts a string (it would raise): bigger chunks, fewer statements.
SQLITE_CHUNK = timedelta(days=366)
GROUP_CONCAT_MAX_LEN = 268_435_456  # bytes; the server may still cut at max_allowed_packet
# Separators of items holding text (task and state codes): ASCII unit, record and group
# separators.
US, RS, GS = "\x1f", "\x1e", "\x1d"


def prepare(conn: Connection) -> None:
    """Per-session settings: room for a chunk in GROUP_CONCAT (MySQL/MariaDB); memory
    mapping and a larger page cache for SQLite."""
    if conn.dialect.name in ("mysql", "mariadb"):
        conn.exec_driver_sql(f"SET SESSION group_concat_max_len = {int(GROUP_CONCAT_MAX_LEN)}")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA mmap_size=536870912")
        conn.exec_driver_sql("PRAGMA cache_size=-65536")


def item(*numbers: ColumnElement) -> ColumnElement:
    """Integers joined by ':' (a NULL number makes the whole item NULL: it is skipped)."""
    expr: ColumnElement | None = None
    for n in numbers:
        part = cast(n, String)
        expr = part if expr is None else expr + literal(":") + part
    assert expr is not None, "item() of no number"
    return expr


def text_item(*parts: ColumnElement) -> ColumnElement:
    """Text and integers joined by US (NULL text becomes empty); read with `sep=RS`."""
    expr: ColumnElement | None = None
    for p in parts:
        text = p if isinstance(storage_type(p.type), String) else cast(p, String)
        part = func.coalesce(text, literal(""))
        expr = part if expr is None else expr + literal(US) + part
    assert expr is not None, "text_item() of no part"
    return expr


def _query(item_expr: ColumnElement, sep: str, keys: Sequence[ColumnElement]):
    query = select(*keys, func.aggregate_strings(item_expr, sep))
    return query.group_by(*keys) if keys else query


# MariaDB/MySQL warnings: "Row %u was cut by GROUP_CONCAT()", "Result of group_concat() was
# larger than max_allowed_packet - truncated". SQLite never cuts (it raises instead).
_CUT_WARNINGS = {1260, 1301}


def _cut(conn: Connection) -> bool:
    """Whether the server cut a packed string of the statement just read."""
    if conn.dialect.name not in ("mysql", "mariadb"):
        return False
    return any(int(w[1]) in _CUT_WARNINGS for w in conn.exec_driver_sql("SHOW WARNINGS"))


class PackedTooLarge(RuntimeError):
    """A packed string was cut by the server even for a one-hour chunk."""


def read_items(
    conn: Connection,
    item_expr: ColumnElement,
    where: Callable[[datetime, datetime], list],
    lo: datetime,
    hi: datetime,
    keys: Sequence[ColumnElement] = (),
    sep: str = ",",
) -> Iterator[tuple[tuple, str]]:
    """(group key, 'item,item,...') for each group of each chunk [a, b) of [lo, hi);
    `where(a, b)` gives a chunk's conditions. Without keys, one group per chunk.

    A string cut by the server (group_concat_max_len, max_allowed_packet: it says so in a
    warning) makes the chunk split in two and read again, never a silently wrong figure."""
    query = _query(item_expr, sep, keys)
    return read_chunks(conn, lambda a, b: query.where(*where(a, b)), lo, hi)


def packed_query(item_expr: ColumnElement, sep: str = ",") -> Select:
    """SELECT of one packed string of `item_expr` (add its FROM and WHERE)."""
    return _query(item_expr, sep, ())


def read_chunks(
    conn: Connection,
    chunk_query: Callable[[datetime, datetime], Select],
    lo: datetime,
    hi: datetime,
) -> Iterator[tuple[tuple, str]]:
    """The same for any query: `chunk_query(a, b)` is the SELECT of chunk [a, b), whose
    last column is the packed string."""
    pending = []
    chunk = SQLITE_CHUNK if conn.dialect.name == "sqlite" else CHUNK
    start = lo
    while start < hi:
        pending.append((start, min(hi, start + chunk)))
        start = pending[-1][1]
    pending.reverse()
    while pending:
        a, b = pending.pop()
        rows = conn.execute(chunk_query(a, b)).all()
        if not _cut(conn):
            for row in rows:
                if row[-1]:
                    yield tuple(row[:-1]), row[-1]
            continue
        if b - a <= timedelta(hours=1):
            raise PackedTooLarge(f"rows of {a} to {b} do not fit in one packed string")
        middle = a + (b - a) / 2
        pending += [(middle, b), (a, middle)]


def read_items_once(
    conn: Connection,
    item_expr: ColumnElement,
    *where: ColumnElement[bool],
    keys: Sequence[ColumnElement] = (),
    sep: str = ",",
) -> Iterator[tuple[tuple, str]]:
    """Same, for a small selection that needs no chunks (the board's own rows). A string cut
    by the server is read again row by row."""
    rows = conn.execute(_query(item_expr, sep, keys).where(*where)).all()
    if not _cut(conn):
        for row in rows:
            if row[-1]:
                yield tuple(row[:-1]), row[-1]
        return
    groups: dict[tuple, list[str]] = {}
    for row in conn.execute(select(*keys, item_expr).where(*where, item_expr.is_not(None))):
        groups.setdefault(tuple(row[:-1]), []).append(row[-1])
    for key, items in groups.items():
        yield key, sep.join(items)
