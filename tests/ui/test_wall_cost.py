"""What one change costs on a crowded wall (the GUI thread must not stall): counted,
not timed. Applying a board where one patient came in re-measures that patient only, even
when the default grid is arranged again; the minimal and dense tiers need no layout."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

import synoptux.ui.board.patient_row as patient_row
from synoptux.ui.board.board_view import REARRANGE_HOLD_MS
from synoptux.ui.board.masonry import BoxNeed, share_height
from synoptux.ui.board.row_geometry import layout_row
from synoptux.ui.board.row_look import Tier
from tests.support.clock import T0
from tests.support.ui import destroy, make_window, patient_id
from tests.ui.builders import add_patients

# One new row measured at the widths the masonry tries (up to seven column counts) and at
# its box's width, in the full and compact tiers, plus the tier its box shows it in.
ONE_ROW = 40


class Counter:
    """Counts `layout_row` calls and what they laid out (a row's input, tier, width)."""

    def __init__(self) -> None:
        self.calls = 0
        self.seen: dict[tuple[int, Tier, int], int] = {}
        self._keep: list[object] = []  # the inputs stay alive: their ids stay theirs

    def __call__(self, inp, tier, width, *rest):
        self.calls += 1
        key = (id(inp), tier, width)
        self.seen[key] = self.seen.get(key, 0) + 1
        self._keep.append(inp)
        return layout_row(inp, tier, width, *rest)


def add_one(db, n: int) -> None:
    t = db.tables

    def tx(conn) -> None:
        pk = conn.execute(
            t.encours.insert().values(
                EC_CodeBox="A1",
                EC_NomPatient=f"ARRIVAL{n:02d}",
                EC_PrenomPatient="New",
                EC_HeureEntree=T0 - timedelta(minutes=1),
                EC_Medecin="ro",
                EC_Replier=0,
                EC_Anonyme=0,
                EC_Commentaire="arrival",
                EC_GUIDPatient=f"NEW-{n}",
            )
        ).inserted_primary_key[0]
        conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=pk, EN_Code_tache="ECG", EN_Etat_en_cours="10", EN_Comment="n"
            )
        )

    db.transaction(tx)


def test_one_arrival_on_a_200_patient_wall_lays_out_one_row(
    qtbot,
    demo_sqlite,
    ini,
    clock,
    monkeypatch,
) -> None:
    add_patients(demo_sqlite, T0, 200, 4)
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        QApplication.processEvents()
        view, ctl = win.view, win.controller
        assert ctl.hidden_patients(), "the wall is crowded: some patients are scrolled out"
        counter = Counter()
        monkeypatch.setattr(patient_row, "layout_row", counter)
        arranged = []
        view.sig_overflow.connect(lambda: arranged.append(1))
        per_apply = []
        for n in range(6):
            add_one(demo_sqlite, n)
            board = win.service.snapshot()
            before = counter.calls
            ctl.apply_board(board)
            QApplication.processEvents()
            view.finish_layout()  # an arrangement held back (REARRANGE_HOLD_MS): now
            QApplication.processEvents()
            per_apply.append(counter.calls - before)
        assert arranged, "a new hidden patient arranged the grid again"
        # Nothing laid out twice (a cache that thrashes lays the same rows out again and
        # again); what is laid out is the new row and, when the arrangement gave the box
        # another width, its rows at that width.
        again = {k: n for k, n in counter.seen.items() if n > 1}
        assert not again, f"{len(again)} row geometries laid out more than once"
        in_a1 = len(ctl.panels["A1"].rows)
        assert max(per_apply) <= in_a1 + ONE_ROW, per_apply
        # Arranged again with nothing changed: every row's geometry is remembered. (Rows the
        # last arrangement moved are painted first: that paint is not the arrangement's.)
        QApplication.processEvents()
        before = counter.calls
        view.arrange()
        QApplication.processEvents()
        assert counter.calls == before
    finally:
        destroy(win)


def test_minimal_and_dense_heights_need_no_layout(window) -> None:
    for row in window.controller.rows.values():
        for tier in (Tier.MINIMAL, Tier.DENSE):
            for width in (110, 150, 233, 400):
                geo = layout_row(row.inp, tier, width, row.look, row._now)
                assert row.height_for(tier, width) == geo.height


@pytest.mark.parametrize("room", [50.0, 200.0, 333.3, 420.0])
def test_the_water_fill_gives_every_short_box_the_same_level(room: float) -> None:
    needs = [
        BoxNeed(least=120, full=300, importance=2.0, floor=40),
        BoxNeed(least=90, full=150, importance=1.0, floor=30),
        BoxNeed(least=300, full=500, importance=3.0, floor=40),
        BoxNeed(least=60, full=60, importance=0.7, floor=30),
    ]
    height = 140 + room
    heights = share_height(needs, height)
    assert sum(heights) == pytest.approx(height)
    floors = [40, 30, 40, 30]
    demand = [80, 60, 260, 30]
    imp = [2.0, 1.0, 3.0, 0.7]
    got = [h - f for h, f in zip(heights, floors, strict=True)]
    short = [g / i for g, d, i in zip(got, demand, imp, strict=True) if g < d - 1e-6]
    assert short and max(short) - min(short) < 1e-6  # one level for all the short ones
    met = [g for g, d in zip(got, demand, strict=True) if g >= d - 1e-6]
    for g, d, i in zip(got, demand, imp, strict=True):
        if g >= d - 1e-6:
            assert d / i <= min(short) + 1e-6  # met: its demand is below the level
    assert len(met) + len(short) == len(needs)


def test_a_burst_of_arrivals_rearranges_the_wall_once_a_hold(
    qtbot, demo_sqlite, ini, clock
) -> None:
    """On a crowded wall every arrival in a full box hides one more patient, and each one
    re-arranged the whole wall: a burst of MedinTux arrivals (a board every 100-200 ms)
    moved the boxes under the nurses' fingers several times a second, each time a search
    and every row drawn again at its new width (the longest stalls of the screen). The
    first arrival that hides one more still re-arranges at once; the next ones within
    REARRANGE_HOLD_MS wait, and one look at the end of the hold takes them all."""
    add_patients(demo_sqlite, T0, 200, 4)
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        view, ctl = win.view, win.controller
        assert ctl.hidden_patients(), "the wall is crowded: some patients are scrolled out"
        qtbot.wait(REARRANGE_HOLD_MS + 100)  # start-up's own arrangement is past its hold
        arranged: list[float] = []
        view.sig_overflow.connect(lambda: arranged.append(time.monotonic()))
        boards = []  # read first: the burst is the window's applying them, 60 ms apart
        for n in range(6):
            add_one(demo_sqlite, n)
            boards.append(win.service.snapshot())
        started = time.monotonic()
        for board in boards:
            ctl.apply_board(board)
            qtbot.wait(60)
        burst = time.monotonic() - started
        assert burst < REARRANGE_HOLD_MS / 1000, "the burst must fit in one hold"
        assert arranged and arranged[0] - started < 0.5, "the first that hides more: at once"
        qtbot.wait(REARRANGE_HOLD_MS + 300)
        hold = REARRANGE_HOLD_MS / 1000 - 0.02
        assert all(b - a >= hold for a, b in zip(arranged, arranged[1:], strict=False)), [
            round(b - a, 3) for a, b in zip(arranged, arranged[1:], strict=False)
        ]
        # The arrivals held back were looked at once the hold was over: nothing is waiting.
        assert not view.layout_pending()
        # The last arrival is on the wall: a row of its box.
        last = ctl.current_board.patient(patient_id(demo_sqlite, "ARRIVAL05"))
        assert last is not None and ctl.row(last.id) is not None
    finally:
        destroy(win)
