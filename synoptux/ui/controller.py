"""The board controller: holds the current Board and applies new snapshots as a diff.

A card whose PatientView is equal to the previous one is not touched; a changed
card is updated in place; a box whose list of shown patients changed is laid out
again. After each apply, the late widgets go to the blink controller and the late
items to the alarm strip.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from synoptux.domain.model import Board, BoxType, PatientView
from synoptux.ui.board_view import BoardView
from synoptux.ui.box_panel import BoxPanel
from synoptux.ui.patient_card import CardActions, CardView, PatientCard
from synoptux.ui.style import color_rules, normalise_color


def board_colors(board: Board) -> tuple[set[str], set[str], set[str]]:
    """Every data colour of a board: backgrounds, foregrounds, alarm colours."""
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
    for p in board.patients():
        for t in p.tasks:  # tasks/states resolved from outside the catalogue
            add(bgs, t.color)
            add(bgs, t.state_color)
            add(alarms, t.alarm_color)
        if p.responsible:
            add(bgs, p.responsible.color)
    return bgs, fgs, alarms


class BoardController(QObject):
    sig_board_applied = Signal(object)
    """Emitted after a Board was applied to the widgets (arg: the Board)."""
    sig_moving_changed = Signal(object)
    """The patient being moved (EC_PK), or None when the move ended or was cancelled."""
    sig_colors_changed = Signal(str)
    """The data colours changed: the generated style-sheet rules to use."""

    def __init__(
        self,
        view: BoardView,
        actions: CardActions,
        clock,  # noqa: ANN001
        card_view: CardView | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.actions = actions
        self.clock = clock
        self.card_view = card_view or CardView()
        self.current_board: Board | None = None
        self.cards: dict[int, PatientCard] = {}
        self.panels: dict[str, BoxPanel] = {}
        self.filter_code: str | None = None
        self.moving_patient: int | None = None
        self.on_box_title: Callable[[str], None] = lambda _code: None
        self.late_hooks: list[Callable[[list[QWidget]], None]] = []
        self.board_hooks: list[Callable[[Board], None]] = []
        self._colors: tuple[frozenset, frozenset, frozenset] | None = None
        self._force = False
        self.stats = {"cards_built": 0, "cards_updated": 0, "boxes_relaid": 0}

    # -- the diff ----------------------------------------------------------------
    def apply_board(self, board: Board) -> None:
        old = self.current_board
        force, self._force = self._force, False
        now = self.clock.now()
        self._apply_colors(board)
        if old is None or [b.code for b in old.boxes] != [b.code for b in board.boxes]:
            self._rebuild_panels(board)
        seen: set[int] = set()
        for box in board.boxes:
            panel = self.panels[box.code]
            panel.update_box(box)
            old_box = old.box(box.code) if old else None
            shown: list[PatientCard] = []
            for p in box.patients:
                seen.add(p.id)
                card = self.cards.get(p.id)
                if card is None:
                    card = PatientCard(p, box.type, self.actions, self.card_view, now)
                    self.cards[p.id] = card
                    self.stats["cards_built"] += 1
                elif force or card.patient != p or card.box_type is not box.type:
                    card.update_patient(p, box.type, self.card_view, now, force=force)
                    self.stats["cards_updated"] += 1
                if self._visible(p):
                    shown.append(card)
            if (
                force
                or old_box is None
                or panel.cards != shown
                or [p.id for p in old_box.patients] != [p.id for p in box.patients]
            ):
                panel.set_cards(shown)
                self.stats["boxes_relaid"] += 1
        for pid in [pid for pid in self.cards if pid not in seen]:
            card = self.cards.pop(pid)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        if self.moving_patient is not None and board.patient(self.moving_patient) is None:
            self.moving_patient = None
        self.current_board = board
        self._refresh_move_targets()
        self.refresh_late(now)
        late = self.late_widgets()
        for hook in self.late_hooks:
            hook(late)
        for hook in self.board_hooks:
            hook(board)
        self.sig_board_applied.emit(board)

    def _visible(self, p: PatientView) -> bool:
        return (
            self.filter_code is None
            or p.responsible_code == self.filter_code
            or (p.responsible is not None and p.responsible.code == self.filter_code)
        )

    def _rebuild_panels(self, board: Board) -> None:
        new: dict[str, BoxPanel] = {}
        for box in board.boxes:
            panel = self.panels.get(box.code) or BoxPanel(box, self._title_tapped)
            new[box.code] = panel
        for code, panel in self.panels.items():
            if code not in new:
                panel.setParent(None)
                panel.deleteLater()
        self.panels = new
        self.view.set_panels([b.code for b in board.boxes], new)

    def _apply_colors(self, board: Board) -> None:
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
        self.on_box_title(code)

    # -- late items ----------------------------------------------------------------
    def refresh_late(self, now: datetime | None = None) -> None:
        now = now or self.clock.now()
        board = self.current_board
        if board is None:
            return
        for p in board.patients():
            if p.overdue_tasks and not p.folded:
                self.cards[p.id].refresh_late(now)

    def late_widgets(self) -> list[QWidget]:
        out: list[QWidget] = []
        board = self.current_board
        if board is None:
            return out
        for p in board.patients():
            if p.overdue_tasks and self._visible(p):
                out.extend(self.cards[p.id].late_widgets())
        return out

    # -- view options ------------------------------------------------------------
    def reapply(self) -> None:
        """Apply the current board again to every card (privacy, filter, options changed)."""
        if self.current_board is not None:
            self._force = True
            self.apply_board(self.current_board)

    def set_filter(self, code: str | None) -> None:
        self.filter_code = code or None
        self.reapply()

    def set_privacy(self, on: bool) -> None:
        self.card_view.privacy = on
        self.reapply()

    def set_annex_button(self, on: bool) -> None:
        self.card_view.annex_button = on
        self.reapply()

    # -- move mode -------------------------------------------------------------------
    def set_moving(self, patient_id: int | None) -> None:
        previous = self.moving_patient
        self.moving_patient = patient_id
        from synoptux.ui.style import set_prop

        for pid in {previous, patient_id} - {None}:
            card = self.cards.get(pid)  # type: ignore[arg-type]
            if card is not None:
                set_prop(card.move_button, "active", pid == patient_id)
                set_prop(card, "moving", pid == patient_id)
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

    def card(self, patient_id: int) -> PatientCard | None:
        return self.cards.get(patient_id)

    def box_type_of(self, patient_id: int) -> BoxType | None:
        box = self.current_board.box_of(patient_id) if self.current_board else None
        return box.type if box else None
