"""The masonry leaves the board order only to hide less: the demo seeded at
midnight on a 1366x768 wall, as its boxes measured (compact heights at a 334 px column),
fits with every task shown only when boxes move between columns."""

from __future__ import annotations

from synoptux.ui.board.masonry import GAP, BoxNeed, masonry, share_height, split_columns

# (least, minimal, compact, full, tasks, patients, importance) of the 16 demo boxes in the
# board order (A1, A2, DECH, PLAT, S1..S8, UHCD, BLOC, IMG, SORT), measured at 334 px.
DEMO_AT_MIDNIGHT = [
    (183, 216, 329, 445, 6, 5, 2.0),
    (99, 111, 212, 361, 5, 2, 2.0),
    (71, 76, 142, 263, 5, 1, 3.0),
    (71, 76, 111, 170, 2, 1, 3.0),
    (71, 76, 142, 232, 4, 1, 3.0),
    (71, 76, 142, 232, 3, 1, 3.0),
    (71, 76, 111, 139, 2, 1, 3.0),
    (71, 76, 142, 201, 2, 1, 3.0),
    (71, 76, 111, 170, 2, 1, 3.0),
    (71, 76, 142, 232, 2, 1, 3.0),
    (71, 76, 142, 232, 3, 1, 3.0),
    (71, 76, 142, 170, 1, 1, 3.0),
    (71, 111, 150, 237, 5, 2, 2.0),
    (71, 76, 111, 139, 1, 1, 0.7),
    (71, 111, 119, 237, 2, 2, 0.7),
    (99, 146, 251, 366, 4, 3, 0.7),
]
WIDTH, HEIGHT = 1366, 675  # the board's area under the menu, above the late strip


def needs() -> list[BoxNeed]:
    return [
        BoxNeed(
            least=least,
            full=full,
            importance=imp,
            floor=71,
            compact=compact,
            minimal=minimal,
            tasks=tasks,
            patients=patients,
        )
        for least, minimal, compact, full, tasks, patients, imp in DEMO_AT_MIDNIGHT
    ]


def test_the_board_order_alone_hides_tasks() -> None:
    boxes = needs()
    usable = HEIGHT - 2 * GAP
    _cost, starts = split_columns(boxes, 4, usable)
    bounds = [*starts, len(boxes)]
    short = 0
    for a, b in zip(bounds, bounds[1:], strict=False):
        stack = boxes[a:b]
        heights = share_height(stack, usable - GAP * (len(stack) - 1))
        short += sum(h + 0.5 < n.compact for n, h in zip(stack, heights, strict=True))
    assert short, "the defect this file is about: some box below its compact tier"


def test_every_box_gets_its_compact_tier_when_boxes_change_columns() -> None:
    boxes = needs()
    rects = masonry(lambda _w: boxes, WIDTH, HEIGHT)
    assert len(rects) == len(boxes)
    for need, (_x, _y, _w, h) in zip(boxes, rects, strict=True):
        assert h >= need.compact - 1, (need, h)  # every task shown
    # Nothing overlaps, everything inside, each column filled from top to bottom.
    for i, a in enumerate(rects):
        assert a[0] >= GAP and a[1] >= GAP
        assert a[0] + a[2] <= WIDTH - GAP and a[1] + a[3] <= HEIGHT - GAP
        for b in rects[i + 1 :]:
            assert not (
                a[0] < b[0] + b[2]
                and b[0] < a[0] + a[2]
                and a[1] < b[1] + b[3]
                and b[1] < a[1] + a[3]
            )
    columns: dict[int, list[int]] = {}
    for i, r in enumerate(rects):
        columns.setdefault(r[0], []).append(i)
    # Columns left to right by their first box; in a column, the board order top down.
    firsts = [columns[x][0] for x in sorted(columns)]
    assert firsts == sorted(firsts) and firsts[0] == 0
    for col in columns.values():
        tops = [rects[i][1] for i in col]
        assert tops == sorted(tops)
    # The same needs give the same rects: a box does not move on a plain re-arrangement.
    assert masonry(lambda _w: list(boxes), WIDTH, HEIGHT) == rects
