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

from sqlalchemy import ColumnElement, Connection, String, cast, func, literal, select

CHUNK = timedelta(days=31)
# Separators of items holding text (task and state codes): ASCII unit and record separators.
US, RS = "\x1f", "\x1e"


def prepare(conn: Connection) -> None:
    """Per-session settings: room for a chunk in GROUP_CONCAT (MySQL/MariaDB); memory
    mapping and a larger page cache for SQLite."""
    if conn.dialect.name in ("mysql", "mariadb"):
        conn.exec_driver_sql("SET SESSION group_concat_max_len = 268435456")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA mmap_size=536870912")
        conn.exec_driver_sql("PRAGMA cache_size=-65536")


def item(*numbers: ColumnElement) -> ColumnElement:
    """Integers joined by ':' (a NULL number makes the whole item NULL: it is skipped)."""
    expr = None
    for n in numbers:
        part = cast(n, String)
        expr = part if expr is None else expr + literal(":") + part
    return expr


def text_item(*parts: ColumnElement) -> ColumnElement:
    """Text and integers joined by US (NULL text becomes empty); read with `sep=RS`."""
    expr = None
    for p in parts:
        text = p if isinstance(p.type, String) else cast(p, String)
        part = func.coalesce(text, literal(""))
        expr = part if expr is None else expr + literal(US) + part
    return expr


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
    `where(a, b)` gives a chunk's conditions. Without keys, one group per chunk."""
    query = select(*keys, func.aggregate_strings(item_expr, sep))
    if keys:
        query = query.group_by(*keys)
    start = lo
    while start < hi:
        end = min(hi, start + CHUNK)
        for row in conn.execute(query.where(*where(start, end))):
            if row[-1]:
                yield tuple(row[:-1]), row[-1]
        start = end


def read_items_once(
    conn: Connection,
    item_expr: ColumnElement,
    *where: object,
    keys: Sequence[ColumnElement] = (),
    sep: str = ",",
) -> Iterator[tuple[tuple, str]]:
    """Same, for a small selection that needs no chunks."""
    query = select(*keys, func.aggregate_strings(item_expr, sep)).where(*where)
    if keys:
        query = query.group_by(*keys)
    for row in conn.execute(query):
        if row[-1]:
            yield tuple(row[:-1]), row[-1]
