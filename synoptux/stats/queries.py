"""Indexed range queries: the raw material of the statistics, as plain integers.

Each query reads one date range through an index. Times come back as seconds
since 2000 (see `sqlexpr`), box codes as their kind (waiting, care, other), and
rows are packed by the database (see `packed`), so that a year of data is read
quickly on SQLite and on MariaDB alike. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress
from operator import add
from typing import NamedTuple

from sqlalchemy import (
    ColumnCollection,
    Connection,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)

from synoptux.db.tables import Tables
from synoptux.domain.model import BoxType
from synoptux.services.history import LEGACY_ACTION_TEXTS, Action
from synoptux.stats.catalogue import StatsCatalogue
from synoptux.stats.packed import (
    GS,
    RS,
    US,
    item,
    packed_query,
    read_chunks,
    read_items,
    read_items_once,
    text_item,
)
from synoptux.stats.sqlexpr import box_kind, least, secs

# Stays longer than this are found through the archive-date index instead.
LONG_STAY = timedelta(days=30)
# Waiting before the first care box is looked for up to this long after the period.
MOVE_LOOKAHEAD = timedelta(days=2)
NOT_SET = datetime(2000, 1, 1)
# Box kinds of `sqlexpr.box_kind`.
OTHER, WAITING, CARE, NO_BOX = 0, 1, 2, 3


def action_values(action: Action) -> list[str]:
    """Every stored spelling of an action: its code and the 2.x translated texts."""
    values = {action.value, action.value.lower()}
    for text, code in LEGACY_ACTION_TEXTS.items():
        if code == action:
            values.update({text, text.capitalize(), text.upper()})
    return sorted(values)


def _codes(cat: StatsCatalogue, *kinds: BoxType) -> list[str]:
    return sorted(c for c, ty in cat.box_types.items() if ty in kinds)


class Stay(NamedTuple):
    """A stay (a plain tuple: a year holds 40,000 of them, built in a tight loop)."""

    pk: int
    entry: int
    end: int | None  # None: still present
    archived: bool
    box_kind: int  # kind of the box the stay is (or ended) in


def _end_expr(c, d: str, exits: list[str], archived: bool):
    """A stay ends when the patient reaches a Sortie box (EC_HeureSortie), else at archiving."""
    moved = and_(c.EC_CodeBox.in_(exits or [""]), c.EC_HeureSortie >= NOT_SET)
    return case(
        (moved, secs(c.EC_HeureSortie, d)), else_=secs(c.AR_Date_archive, d) if archived else None
    )


def fetch_stays(
    conn: Connection, t: Tables, cat: StatsCatalogue, lo: datetime, hi: datetime
) -> list[Stay]:
    """Stays present at some time in [lo, hi): archived ones and those on the board."""
    d = conn.dialect.name
    exits = _codes(cat, BoxType.EXIT)
    waiting, care = _codes(cat, BoxType.WAITING), _codes(cat, BoxType.CARE)
    stays: list[Stay] = []
    for table, archived in ((t.encours_archive, True), (t.encours, False)):
        c = table.c
        end = _end_expr(c, d, exits, archived)
        entry = secs(c.EC_HeureEntree, d)
        # A sentinel entry time (2.x) is replaced by the end; a stay on the board has
        # no end yet (-1).
        row = item(
            c.EC_PK,
            case((entry >= 0, entry), else_=func.coalesce(end, -1)),
            func.coalesce(end, -1),
            box_kind(c.EC_CodeBox, waiting, care),
        )
        if archived:

            def entered(x: datetime, y: datetime, c: ColumnCollection = c) -> list:
                return [c.EC_HeureEntree >= x, c.EC_HeureEntree < y]

            blobs = list(
                read_items(
                    conn,
                    row,
                    entered,
                    lo - LONG_STAY,
                    hi,
                )
            )
            blobs += read_items_once(
                conn, row, c.AR_Date_archive >= lo, c.EC_HeureEntree < lo - LONG_STAY
            )
        else:
            blobs = list(read_items_once(conn, row, c.EC_HeureEntree < hi))
        new = tuple.__new__
        for _key, blob in blobs:
            flat = list(map(int, blob.replace(":", ",").split(",")))
            for pk, entry_s, end_s, kind in zip(
                flat[0::4], flat[1::4], flat[2::4], flat[3::4], strict=True
            ):
                if entry_s < 0:
                    continue
                end_at: int | None = end_s
                if end_s < entry_s:  # no end (-1), or an end logged before the entry
                    end_at = entry_s if archived or end_s >= 0 else None
                stays.append(new(Stay, (pk, entry_s, end_at, archived, kind)))
    return stays


def fetch_exits(
    conn: Connection, t: Tables, cat: StatsCatalogue, lo: datetime, hi: datetime
) -> Counter:
    """Stays that ended in [lo, hi), counted by destination."""
    d = conn.dialect.name
    exits = _codes(cat, BoxType.EXIT)
    lo_s, hi_s = int((lo - NOT_SET).total_seconds()), int((hi - NOT_SET).total_seconds())
    counts: Counter = Counter()
    for table, archived in ((t.encours_archive, True), (t.encours, False)):
        c = table.c
        end = _end_expr(c, d, exits, archived)
        query = select(c.EC_Destination, func.count()).where(end >= lo_s, end < hi_s)
        if archived:  # the stay is archived after it ends: the index bounds the scan
            query = query.where(c.AR_Date_archive >= lo)
        for dest, n in conn.execute(query.group_by(c.EC_Destination)):
            counts[(dest or "").strip() or "(none)"] += int(n)
    return counts


# A move: stay << MOVE_SHIFT | when * 32 + (0 for the entry row else 16) + kind * 4 + kind
# before, so that plain integer order is stay, time, and the entry before a move logged in
# the same second (a year's moves sort as integers, not tuples).
Move = int
MOVE_SHIFT = 40
WHEN_MASK = (1 << (MOVE_SHIFT - 5)) - 1


def move_parts(move: Move) -> tuple[int, bool, int, int]:
    """(when, is the entry row, kind of the box reached, kind of the box left); the stay is
    move >> MOVE_SHIFT."""
    return (move >> 5) & WHEN_MASK, not move & 16, (move >> 2) & 3, move & 3


def fetch_moves(
    conn: Connection, t: Tables, cat: StatsCatalogue, lo: datetime, hi: datetime
) -> list[Move]:
    """Entries, and the moves that matter for waiting, logged in [lo, hi + lookahead),
    sorted by stay then time (an entry before a move logged in the same second).

    Only moves out of a waiting box, into a waiting or care box, or without an origin
    (2.x rows) are read: moves between care, absence and exit boxes never change a wait.
    """
    d = conn.dialect.name
    h = t.historique.c
    places = action_values(Action.SET_PLACE)
    entries = action_values(Action.PATIENT_IN)
    waiting, care = _codes(cat, BoxType.WAITING), _codes(cat, BoxType.CARE)
    is_entry = case((h.HI_Action.in_(entries), 16), else_=0)
    packed = (
        secs(h.HI_Date, d) * 32
        + (16 - is_entry)
        + box_kind(h.HI_Code_box, waiting, care) * 4
        + box_kind(h.HI_Box_avant, waiting, care)
    )
    relevant = or_(
        h.HI_Action.in_(entries),
        h.HI_Box_avant.in_(waiting or [""]),
        h.HI_Box_avant.is_(None),
        h.HI_Code_box.in_((waiting + care) or [""]),
    )
    row = item(cast(h.HI_NumEncours, Integer), packed)
    moves: list[Move] = []
    for _key, blob in read_items(
        conn,
        row,
        lambda x, y: [h.HI_Action.in_(places + entries), h.HI_Date >= x, h.HI_Date < y, relevant],
        lo,
        hi + MOVE_LOOKAHEAD,
    ):
        flat = list(map(int, blob.replace(":", ",").split(",")))
        stays, values = flat[0::2], flat[1::2]
        if len(stays) != len(values):
            raise ValueError("moves: unpaired packed values")
        kept = list(map((0).__le__, values))  # a time before 2000 is not set
        moves.extend(
            map(add, map(MOVE_SHIFT.__rlshift__, compress(stays, kept)), compress(values, kept))
        )
    moves.sort()
    return moves


@dataclass(frozen=True, slots=True)
class TaskGroup:
    """Tasks of one type that ended in one state, each packed by `fetch_finished`."""

    code: str
    state: str | None
    items: list[int]


DUR_BITS = 1 << 23  # durations up to 97 days; longer ones are clamped


def task_parts(packed: int) -> tuple[int, int | None, int]:
    """(end, duration or None when the start is unknown, late: 0 on time, 1 late, 2 no
    planned end)."""
    rest, late = divmod(packed, 4)
    end, dur = divmod(rest, DUR_BITS)
    return end, (dur - 1 if dur else None), late


def _task_parts_sql(c, d: str):
    """(end in seconds, duration + 1 clamped to DUR_BITS - 1 or NULL when the start is
    unknown, late) of a task row, as SQL expressions."""
    start, end = secs(c.EN_HeureDebut, d), secs(c.EN_HeureFin, d)
    dur1 = case(
        (
            and_(c.EN_HeureDebut >= NOT_SET, c.EN_HeureDebut <= c.EN_HeureFin),
            least(end - start + 1, DUR_BITS - 1, d),
        ),
        else_=None,
    )
    late = case(
        (c.EN_HeureFinPrevue < NOT_SET, 2),
        (c.EN_HeureFinPrevue.is_(None), 2),
        (c.EN_HeureFin > c.EN_HeureFinPrevue, 1),
        else_=0,
    )
    return end, dur1, late


def _task_item(code, state, end, dur1, late):
    """'code GS state US packed': the (type, state) pair is one token, the key Python groups
    by (no tuple built per task)."""
    pair = func.coalesce(code, literal("")) + literal(GS) + func.coalesce(state, literal(""))
    return text_item(pair, (end * DUR_BITS + func.coalesce(dur1, 0)) * 4 + late)


def fetch_finished(conn: Connection, t: Tables, lo: datetime, hi: datetime) -> list[TaskGroup]:
    """Tasks (on the board and archived) whose real end is in [lo, hi), grouped by task type
    and final state; each task packed as one integer ((end * 2^23 + duration + 1) * 4 + late).

    No GROUP BY in SQL: MariaDB is slow at GROUP_CONCAT under GROUP BY (and at any GROUP BY
    on text); the codes travel with each item and Python groups them.
    """
    d = conn.dialect.name
    groups: dict[str, list] = {}
    for table, chunked in ((t.encours_taches_archive, True), (t.encours_taches, False)):
        c = table.c
        row = _task_item(c.EN_Code_tache, c.EN_Etat_en_cours, *_task_parts_sql(c, d))
        if chunked and d == "sqlite":
            blobs = read_chunks(conn, _sqlite_task_query(c), lo, hi)
        elif chunked:

            def ended(x: datetime, y: datetime, c: ColumnCollection = c) -> list:
                return [c.EN_HeureFin >= x, c.EN_HeureFin < y]

            blobs = read_items(conn, row, ended, lo, hi, sep=RS)
        else:
            blobs = read_items_once(conn, row, c.EN_HeureFin >= lo, c.EN_HeureFin < hi, sep=RS)
        for _key, blob in blobs:
            flat = blob.replace(RS, US).split(US)
            for pair, value in zip(flat[0::2], map(int, flat[1::2]), strict=True):
                items = groups.get(pair)
                if items is None:
                    items = groups[pair] = []
                items.append(value)
    tasks = []
    for pair, items in groups.items():
        code, _gs, state = pair.partition(GS)
        tasks.append(TaskGroup(code or "?", state or None, items))
    return tasks


def _sqlite_task_query(c):
    """`fetch_finished`'s chunk query for SQLite: the times are converted once per task in a
    subquery (SQLite would otherwise compute each conversion every time it appears), which
    OFFSET keeps from being merged into the outer query."""

    def chunk(a: datetime, b: datetime) -> Select:
        end, dur1, late = _task_parts_sql(c, "sqlite")
        inner = (
            select(
                c.EN_Code_tache.label("code"),
                c.EN_Etat_en_cours.label("state"),
                end.label("e"),
                dur1.label("dur1"),
                late.label("late"),
            )
            .where(c.EN_HeureFin >= a, c.EN_HeureFin < b)
            .offset(0)
            .subquery()
        )
        i = inner.c
        row = _task_item(i.code, i.state, i.e, i.dur1, i.late)
        return packed_query(row, RS).select_from(inner)

    return chunk


def _unset(col):
    return or_(col.is_(None), col < NOT_SET)


def fetch_never_finished(conn: Connection, t: Tables, lo: datetime, hi: datetime) -> Counter:
    """Per task type: tasks never finished (stay archived in [lo, hi) with the task open)."""
    a = t.encours_taches_archive.c
    # The archive date is wrapped so that no database reads the year of tasks through its
    # index: the few tasks without an end are found through the end-time index instead.
    # Counted here, not by GROUP BY (SQLite would then scan the whole table in code order).
    archived = func.coalesce(a.AT_Date_archive, a.AT_Date_archive)
    never: Counter = Counter()
    for _key, blob in read_items_once(
        conn,
        text_item(a.EN_Code_tache),
        _unset(a.EN_HeureFin),
        archived >= lo,
        archived < hi,
        sep=US,
    ):
        never.update(blob.split(US))
    if "" in never:
        never["?"] += never.pop("")
    return never


def fetch_open_tasks(conn: Connection, t: Tables) -> list[tuple[str, int]]:
    """(task type, stay) of the tasks still open on the board."""
    e = t.encours_taches.c
    return [
        (code or "?", stay)
        for code, stay in conn.execute(
            select(e.EN_Code_tache, e.EN_PK_encours).where(_unset(e.EN_HeureFin))
        )
    ]
