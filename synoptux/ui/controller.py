"""The board controller: holds the current Board and applies new snapshots as a diff.

A row whose patient (and its lateness) is unchanged is not touched; a changed row
is updated in place; a box whose list of shown patients changed, or one of whose
rows changed, lays its rows out again (and may change tier). After each apply the
late rows are told by `sig_late_changed` (the blink controller listens). Taps on rows
open the patient's sheet or a task's states; everything they do goes through the
`BoardActions` the controller makes at construction (`make_actions`); a tap on a box
title is told by `sig_box_title_tapped`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtWidgets import QWidget

from synoptux.domain.alarms import refresh_lateness
from synoptux.domain.model import Board, BoxType
from synoptux.ui.board.board_view import BoardView
from synoptux.ui.board.box_panel import BoxPanel
from synoptux.ui.board.patient_row import PatientRow
from synoptux.ui.board.row_look import Look
from synoptux.ui.style import color_rules, normalise_color

if TYPE_CHECKING:
    from synoptux.domain.clock import Clock
    from synoptux.ui.actions import BoardActions


@dataclass
class CardView:
    """How the board shows patients right now (privacy, annex button)."""

    privacy: bool = False
    annex_button: bool = True


def board_colors(board: Board) -> tuple[set[str], set[str], set[str]]:
    """Every data colour of a board the style sheet paints: backgrounds, foregrounds,
    alarm colours (catalogue and boxes: no walk over patients)."""
    bgs: set[str] = set()
    fgs: set[str] = set()
    alarms: set[str] = set()

    def add(target: set[str], raw: str | None) -> None:
        c = normalise_color(raw)
        if c:
            target.add(c)

    for box in board.boxes:
        add(bgs, box.bg_color)
        add(fgs, box.title_color)
    for t in board.tasks:
        add(bgs, t.color)
        add(alarms, t.alarm_color)
    for s in board.states:
        add(bgs, s.color)
    for r in board.responsibles:
        add(bgs, r.color)
    return bgs, fgs, alarms


class BoardController(QObject):
    sig_board_applied = Signal(object)
    """Emitted after a Board was applied to the widgets (arg: the Board)."""
    sig_moving_changed = Signal(object)
    """The patient being moved (EC_PK), or None when the move ended or was cancelled."""
    sig_colors_changed = Signal(str)
    """The data colours changed: the generated style-sheet rules to use."""
    sig_hidden_changed = Signal(object)
    """The patients not wholly shown (scrolled out of their box) changed: a frozenset."""
    sig_late_changed = Signal(list)
    """After each applied board: the rows whose alarm blinks (`late_widgets()`)."""
    sig_box_title_tapped = Signal(str)
    """A box title was tapped (or a row of another box while moving): the box code."""

    def __init__(
        self,
        view: BoardView,
        make_actions: Callable[[BoardController], BoardActions],
        clock: Clock,
        card_view: CardView | None = None,
        parent: QObject | None = None,
        look: Look | None = None,
    ) -> None:
        """`make_actions` builds the actions of this board from the controller (they
        read its board and move mode; its sheets and pickers call them)."""
        super().__init__(parent)
        self.view = view
        self.clock = clock
        self.card_view = card_view or CardView()
        self.look = look or Look()
        self.current_board: Board | None = None
        self.rows: dict[int, PatientRow] = {}
        self.panels: dict[str, BoxPanel] = {}
        self.filter_code: str | None = None
        self.moving_patient: int | None = None
        self.last_sheet: QWidget | None = None
        self.last_picker: QWidget | None = None
        self._colors: tuple[frozenset, frozenset, frozenset] | None = None
        self._force = False
        self._late_minute: datetime | None = None
        self._hidden: frozenset[int] = frozenset()
        # The time the current board's lateness was computed for (`apply_board`).
        self.lateness_at: datetime | None = None
        self.stats = {"cards_built": 0, "cards_updated": 0, "boxes_relaid": 0}
        view.sig_overflow.connect(self._on_overflow)
        self.actions = make_actions(self)

    # -- the diff ----------------------------------------------------------------------
    def apply_board(self, board: Board) -> None:
        """Show `board`: only the cards, boxes and columns that changed are touched.

        Its lateness is brought up to now first (`refresh_lateness`, with the board's
        policy): a board read a second ago may have a task fallen late since; applied as
        read, the alarm monitor would have had it applied again at once."""
        old = self.current_board
        force, self._force = self._force, False
        now = self.clock.now()
        board = refresh_lateness(board, now)
        self.lateness_at = now
        self._apply_colors(board)
        rebuilt = old is None or [b.code for b in old.boxes] != [b.code for b in board.boxes]
        if rebuilt:
            self._rebuild_panels(board)
        seen: set[int] = set()
        privacy = self.card_view.privacy
        for box in board.boxes:
            panel = self.panels[box.code]
            panel.update_box(box)
            changed = force
            shown: list[PatientRow] = []
            for p in box.patients:
                seen.add(p.id)
                row = self.rows.get(p.id)
                if row is None:
                    row = self._build()
                    row.set_patient(p, box.type, privacy, now)
                    self.rows[p.id] = row
                    self.stats["cards_built"] += 1
                    changed = True
                elif row.set_patient(p, box.type, privacy, now):
                    self.stats["cards_updated"] += 1
                    changed = True
                if self._visible(p):
                    shown.append(row)
            if panel.rows != shown:
                panel.set_rows(shown)
                self.stats["boxes_relaid"] += 1
            elif changed:
                panel.relayout()
                self.stats["boxes_relaid"] += 1
        for pid in [pid for pid in self.rows if pid not in seen]:
            row = self.rows.pop(pid)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        if self.moving_patient is not None and board.patient(self.moving_patient) is None:
            self.moving_patient = None
        self.current_board = board
        self._refresh_move_targets()
        self._late_minute = now.replace(second=0)
        if rebuilt:
            self.view.arrange()
        self.view.check_overflow()
        self._publish_late()
        self._update_hidden()
        self.sig_board_applied.emit(board)

    def _build(self) -> PatientRow:
        row = PatientRow(self.look)
        row.sig_patient_tapped.connect(self._on_patient_tapped)
        row.sig_task_tapped.connect(self._on_task_tapped)
        return row

    def _publish_late(self) -> None:
        self.sig_late_changed.emit(self.late_widgets())

    def _visible(self, p) -> bool:
        return (
            self.filter_code is None
            or p.responsible_code == self.filter_code
            or (p.responsible is not None and p.responsible.code == self.filter_code)
        )

    def _rebuild_panels(self, board: Board) -> None:
        new: dict[str, BoxPanel] = {}
        for box in board.boxes:
            panel = self.panels.get(box.code) or BoxPanel(box, self.look)
            if box.code not in self.panels:
                panel.sig_hidden_changed.connect(self._update_hidden)
                panel.sig_title_tapped.connect(self._title_tapped)
            new[box.code] = panel
        for code, panel in self.panels.items():
            if code not in new:
                panel.setParent(None)
                panel.deleteLater()
        self.panels = new
        self.view.set_panels([b.code for b in board.boxes], new)

    def _apply_colors(self, board: Board) -> None:
        old = self.current_board
        if (
            old is not None
            and (old.tasks, old.states, old.responsibles)
            == (board.tasks, board.states, board.responsibles)
            and [(b.bg_color, b.title_color) for b in old.boxes]
            == [(b.bg_color, b.title_color) for b in board.boxes]
        ):
            return
        bgs, fgs, alarms = board_colors(board)
        key = (frozenset(bgs), frozenset(fgs), frozenset(alarms))
        if self._colors is None or not (
            key[0] <= self._colors[0] and key[1] <= self._colors[1] and key[2] <= self._colors[2]
        ):
            merged = (
                key
                if self._colors is None
                else tuple(a | b for a, b in zip(key, self._colors, strict=True))
            )
            self._colors = merged  # type: ignore[assignment]
            self.sig_colors_changed.emit(color_rules(*merged))

    def _title_tapped(self, code: str) -> None:
        self.sig_box_title_tapped.emit(code)

    def _on_overflow(self) -> None:
        """The default layout was arranged again because a box hid a patient."""
        self._update_hidden()

    # -- taps -------------------------------------------------------------------------------
    def _on_patient_tapped(self, pid: int) -> None:
        board = self.current_board
        if board is None:
            return
        box = board.box_of(pid)
        if self.moving_patient is not None and box is not None:
            # Moving: the moving patient's own row cancels; another box's row is its title.
            if pid == self.moving_patient:
                self.set_moving(None)
            elif board.box_of(self.moving_patient) is not box:
                self._title_tapped(box.code)
            return
        self.open_sheet(pid)

    def open_sheet(self, pid: int) -> QWidget | None:
        from synoptux.ui.dialogs.patient_sheet import open_patient_sheet

        board = self.current_board
        if board is None:
            return None
        p = board.patient(pid)
        box = board.box_of(pid)
        if p is None or box is None:
            return None

        def on_task(tid: int) -> None:
            self.open_task(tid)

        self.last_sheet = open_patient_sheet(
            self.view.window(),
            p,
            box,
            self.actions,
            privacy=self.card_view.privacy,
            annex_button=self.card_view.annex_button,
            now=self.clock.now(),
            on_task=on_task,
            names={
                h.patient_id: " ".join(x for x in (o.last_name.upper(), o.first_name or "") if x)
                for h in p.homonyms
                if (o := board.patient(h.patient_id)) is not None
            },
        )
        return self.last_sheet

    def _on_task_tapped(self, tid: int) -> None:
        if self.moving_patient is not None:
            task = self.task(tid)
            if task is not None:
                self._on_patient_tapped(task.patient_id)
            return
        self.open_task(tid)

    def open_task(self, tid: int) -> QWidget | None:
        """Open the states of task `tid` under its chip (or mid-window)."""
        from synoptux.ui.dialogs.task_picker import open_task_picker

        task = self.task(tid)
        if task is None:
            return None
        row = self.rows.get(task.patient_id)
        rect = row.task_rect(tid) if row is not None and row.isVisible() else None
        if row is not None and rect is not None:
            anchor: QWidget = row
            at = row.mapToGlobal(rect.bottomLeft() + QPoint(0, 4))
        else:
            anchor = self.view
            at = self.view.mapToGlobal(self.view.rect().center())
        self.last_picker = open_task_picker(anchor, at, task, self.actions)
        return self.last_picker

    def task(self, tid: int):
        board = self.current_board
        if board is None:
            return None
        for p in board.patients():
            for t in p.tasks:
                if t.id == tid:
                    return t
        return None

    # -- late items ------------------------------------------------------------------------
    def refresh_late(self, now: datetime | None = None) -> None:
        """Refresh every "late N min" mark (after a lateness check, or a new minute)."""
        now = now or self.clock.now()
        self._late_minute = now.replace(second=0)
        changed = False
        for row in self.rows.values():
            if row.late():
                changed = row.refresh_late(now) or changed
        if changed:
            for panel in self.panels.values():
                panel.relayout()

    def on_checked(self, now: datetime) -> None:
        """After a lateness check: refresh the "late N min" marks when the minute changed."""
        if now.replace(second=0) != self._late_minute:
            self.refresh_late(now)

    def late_widgets(self) -> list[QWidget]:
        """The rows with an alarm that blinks: a late task or triage not acknowledged right
        now, among the patients shown."""
        return [row for row in self.rows.values() if row.alarming() and self._visible(row.patient)]

    # -- what is hidden ----------------------------------------------------------------------
    def hidden_patients(self) -> frozenset[int]:
        """Patients not wholly shown in their box (scrolled out)."""
        return frozenset(pid for panel in self.panels.values() for pid in panel.hidden_ids())

    def _update_hidden(self) -> None:
        hidden = self.hidden_patients()
        if hidden != self._hidden:
            self._hidden = hidden
            self.sig_hidden_changed.emit(hidden)

    # -- view options ----------------------------------------------------------------------
    def reapply(self) -> None:
        """Apply the current board again to every row (privacy, filter, options changed)."""
        if self.current_board is not None:
            self._force = True
            self.apply_board(self.current_board)

    def set_filter(self, code: str | None) -> None:
        self.filter_code = code or None
        self.reapply()

    def set_privacy(self, on: bool) -> None:
        self.card_view.privacy = on
        self.reapply()

    def set_look(self, look: Look) -> None:
        """New sizes or colours (the ini was edited): every row and box measures again."""
        self.look = look
        for row in self.rows.values():
            row.set_look(look)
        for panel in self.panels.values():
            panel.set_look(look)
        self.view.arrange()

    # -- move mode ---------------------------------------------------------------------------
    def set_moving(self, patient_id: int | None) -> None:
        previous = self.moving_patient
        self.moving_patient = patient_id
        for pid in {previous, patient_id} - {None}:
            row = self.rows.get(pid)  # type: ignore[arg-type]
            if row is not None:
                row.set_moving(pid == patient_id)
        self._refresh_move_targets()
        if previous != patient_id:
            self.sig_moving_changed.emit(patient_id)

    def _refresh_move_targets(self) -> None:
        board = self.current_board
        moving = self.moving_patient
        src = board.box_of(moving) if (board and moving is not None) else None
        for code, panel in self.panels.items():
            box = panel.box
            active = src is not None and code != src.code
            panel.set_move_target(active, box.occupancy < box.capacity)

    def row(self, patient_id: int) -> PatientRow | None:
        return self.rows.get(patient_id)

    def box_type_of(self, patient_id: int) -> BoxType | None:
        box = self.current_board.box_of(patient_id) if self.current_board else None
        return box.type if box else None
