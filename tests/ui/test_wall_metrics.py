"""One source for a box's heights: the floor the masonry gives a box (its title and one
dense row) and the room an empty box keeps (a compact line) are what the panel measures
when it lays its rows out (there were two estimators, each with its own constants)."""

from __future__ import annotations

from synoptux.ui.board.box_panel import FRAME, MARGIN
from synoptux.ui.board.row_look import Tier


def test_a_box_floor_and_an_empty_slot_are_what_the_rows_measure(sqlite_window) -> None:
    view = sqlite_window.view
    width = 600
    checked = 0
    for panel in view.panels.values():
        if len(panel.rows) != 1:
            continue
        body = width - 2 * FRAME  # as `BoxPanel._measure_need` measures the body
        assert panel.content_height(Tier.DENSE, body) == panel.one_row(Tier.DENSE)
        assert panel.content_height(Tier.MINIMAL, body) == panel.one_row(Tier.MINIMAL)
        row = panel.rows[0]
        inner = body - 2 * MARGIN
        if row.height_for(Tier.COMPACT, inner) == panel.one_row(Tier.COMPACT) - 2 * MARGIN:
            # A compact row of one line measures as an empty box's kept slot.
            assert panel.content_height(Tier.COMPACT, body) == panel.one_row(Tier.COMPACT)
            checked += 1
        need = panel.need(width)
        assert need.floor == panel.floor_height() == panel.chrome() + 1 + panel.one_row(Tier.DENSE)
    assert checked, "some one-patient box shows its patient on one compact line"
