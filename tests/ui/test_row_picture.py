"""A row's picture is drawn once per look of the row and copied when Qt repaints
it for another reason (its box moved it, a neighbour changed, a blink came back to a phase
it had): after each board of a burst Qt repainted 100-185 rows, each drawn again. The
picture is drawn again whenever what it shows changes - never an old picture."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from synoptux.ui.board.patient_row import PatientRow
from tests.support.settle import reload_now
from tests.support.ui import destroy, make_window, patient_id


def _drawn(monkeypatch) -> list[int]:
    """The rows drawn (not copied) from now on, by patient."""
    drawn: list[int] = []
    draw = PatientRow._paint_row

    def counted(self, p, geo, alarm_phase) -> None:
        drawn.append(self.patient_id)
        draw(self, p, geo, alarm_phase)

    monkeypatch.setattr(PatientRow, "_paint_row", counted)
    return drawn


def test_a_row_moved_or_uncovered_is_copied_not_drawn(
    qtbot, demo_sqlite, ini, clock, monkeypatch
) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        row = next(r for r in win.controller.rows.values() if r.isVisible())
        before = row.grab().toImage()
        drawn = _drawn(monkeypatch)
        g = row.geometry()
        row.setGeometry(QRect(g.x(), g.y() + 1, g.width(), g.height()))  # moved, same size
        row.repaint()
        win.repaint()  # every row repainted: none drawn again
        QApplication.processEvents()
        assert drawn == []
        assert row.grab().toImage() == before
        row.setGeometry(QRect(g.x(), g.y(), g.width() - 40, g.height()))  # another size
        row.repaint()
        assert drawn == [row.patient_id]
    finally:
        destroy(win)


def test_a_changed_patient_is_drawn_again(qtbot, demo_sqlite, ini, clock, monkeypatch) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        pk = patient_id(demo_sqlite, "NGUYEN")
        row = win.controller.rows[pk]
        row.repaint()
        before = row.grab().toImage()
        drawn = _drawn(monkeypatch)
        with demo_sqlite.engine.begin() as conn:
            t = demo_sqlite.tables
            conn.execute(
                t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_NomPatient="NGUYENOVA")
            )
        reload_now(win)
        row = win.controller.rows[pk]
        row.repaint()
        assert pk in drawn and row.grab().toImage() != before
        assert "NGUYENOVA" in row.accessibleName()
        # Blinking: each phase drawn once, then copied as the blink comes back to it.
        drawn.clear()
        for phase in ("on", "off", "on", "off", "on"):
            row.apply_blink(phase)
            row.repaint()
        assert drawn.count(pk) <= 2
    finally:
        destroy(win)
