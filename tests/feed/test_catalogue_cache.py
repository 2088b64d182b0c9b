"""The feed reads the reference tables again only when one of them changed.

Each board of a burst of MedinTux writes read the seven reference tables again (boxes,
states, tasks, their allowed states, responsibles, destinations, triage levels): a fifth of
the feed thread's Python per board, time the window's thread waits for the interpreter lock
while it paints. The change log names the table of each change (a reference row has no
patient key): a board is built with the catalogue of the last one while no reference row
changed (counted above the feed's floor, which lags LOOKBACK_S behind: the seeding's rows
count for a board started just after it), and never from a catalogue older than
CATALOGUE_MAX_AGE_S. On each backend, with another program writing."""

from __future__ import annotations

from sqlalchemy import event, text, update

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.live import CATALOGUE_MAX_AGE_S, FALLBACK, LOOKBACK_S, BoardFeed
from synoptux.services.snapshot import load_board


class TableReads:
    """The SELECTs sent that read table `name` (a real listener on the engine)."""

    def __init__(self, db: Database, name: str) -> None:
        self.name = name.lower()
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._on)

    def _on(self, _conn, _cursor, statement, *_args) -> None:
        s = " ".join(statement.split()).lower()
        if s.startswith("select") and (
            f"from {self.name} " in s or s.endswith(f"from {self.name}")
        ):
            self.count += 1


class Ticks:
    """The feed's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def settled_feed(db: Database, clock: FakeClock, ticks: Ticks) -> BoardFeed:
    """A feed whose floor has passed the seeding's reference rows (two checks LOOKBACK_S
    apart move it; the next comparison counts above it)."""
    feed = BoardFeed(db, clock, monotonic=ticks)
    assert feed.check() is not None
    ticks.now += LOOKBACK_S + 1
    feed.check()
    ticks.now += 1
    feed.check()
    return feed


def _arrival(db: Database, name: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_Replier, EC_HeureEntree)"
                " VALUES ('A1', :n, 0, '2026-11-23 10:00:00')"
            ),
            {"n": name},
        )


def test_patients_coming_in_do_not_read_the_reference_tables_again(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    ticks = Ticks()
    feed = settled_feed(seeded, clock, ticks)
    tasks = TableReads(seeded, seeded.tables.taches.name)
    for n in range(3):
        _arrival(other, f"ARRIVAL{n}")
        board = feed.check()
        assert board is not None and f"ARRIVAL{n}" in [p.last_name for p in board.patients()]
    assert tasks.count == 0, "a patient's arrival read the task catalogue again"


def test_a_reference_row_changed_by_another_program_is_read_at_once(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    feed = settled_feed(seeded, clock, Ticks())
    code = load_board(other, clock.now()).tasks[0].code
    tasks = TableReads(seeded, seeded.tables.taches.name)
    t = other.tables
    with other.engine.begin() as conn:
        conn.execute(
            update(t.taches).where(t.taches.c.TA_Code_tache == code).values(TA_Libelle_tache="X9")
        )
    board = feed.check()
    assert board is not None and tasks.count == 1
    assert next(d for d in board.tasks if d.code == code).label == "X9"
    # A patient's arrival after that: the new label stays (the catalogue kept is the new one).
    _arrival(other, "AFTER")
    board = feed.check()
    assert board is not None and next(d for d in board.tasks if d.code == code).label == "X9"


def test_the_catalogue_is_read_again_when_it_is_old(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    ticks = Ticks()
    feed = settled_feed(seeded, clock, ticks)
    tasks = TableReads(seeded, seeded.tables.taches.name)
    _arrival(other, "ONE")
    ticks.now += 1
    assert feed.check() is not None and tasks.count == 0
    _arrival(other, "TWO")
    ticks.now += CATALOGUE_MAX_AGE_S
    assert feed.check() is not None and tasks.count == 1


def test_without_the_change_log_every_board_reads_the_catalogue(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    """Keys and counts (no triggers) cannot tell a reference row updated in place."""
    from synoptux.db.schema import OPS, trigger_name
    from synoptux.db.tables import WATCHED

    with seeded.engine.begin() as conn:
        for base in WATCHED:
            for op in OPS:
                conn.execute(
                    text(f"DROP TRIGGER IF EXISTS {trigger_name(seeded.tables, base, op)}")
                )
    feed = BoardFeed(seeded, clock)
    tasks = TableReads(seeded, seeded.tables.taches.name)
    feed.check()
    assert feed.mode == FALLBACK
    _arrival(other, "ONE")
    assert feed.check() is not None
    assert tasks.count == 2
