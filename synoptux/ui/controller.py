"""The board controller: holds the current Board and applies new snapshots as a diff.

A card whose PatientView is equal to the previous one is not touched; a changed
card is updated in place; a box whose list of shown patients changed is laid out
again. After each apply, the late widgets go to the blink controller and the late
items to the alarm strip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from synoptux.domain.model import Board, BoxType, PatientView
from synoptux.ui.board_view import BoardView
from synoptux.ui.box_panel import BoxPanel
from synoptux.ui.patient_card import CardActions, CardView, PatientCard
from synoptux.ui.style import color_rules, normalise_color

EAGER_LIMIT = 40  # more new cards than this: the visible ones first, the others when idle
BUILD_SLICE_S = 0.04  # at most this long building cards per turn of the event loop


def estimated_height(p: PatientView) -> int:
    """About how tall a card is (px), to know how many fill a box at first."""
    if p.folded:
        return 112
    return 112 + sum(104 if t.mode == "B" else 52 for t in p.tasks)


def board_colors(board: Board) -> tuple[set[str], set[str], set[str]]:
    """Every data colour of a board: backgrounds, foregrounds, alarm colours.

    Task, state and responsible colours shown on cards all come from the
    catalogue, so the catalogue and the boxes are enough (no walk over patients).
    """
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
    sig_cards_complete = Signal()
    """Every card of a big board is built (they are built a chunk at a time)."""
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
        self._late_minute: datetime | None = None
        self._late: dict[int, list[QWidget]] = {}
        self.pending: dict[int, None] = {}
        self.hold_builds = False  # the window holds them until its first frame is shown
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.timeout.connect(self._build_pending)
        self.stats = {"cards_built": 0, "cards_updated": 0, "boxes_relaid": 0}

    # -- the diff ----------------------------------------------------------------
    def apply_board(self, board: Board) -> None:
        old = self.current_board
        force, self._force = self._force, False
        now = self.clock.now()
        self._apply_colors(board)
        if old is None or [b.code for b in old.boxes] != [b.code for b in board.boxes]:
            self._rebuild_panels(board)
        missing = sum(1 for p in board.patients() if p.id not in self.cards)
        lazy = missing > EAGER_LIMIT
        seen: set[int] = set()
        for box in board.boxes:
            panel = self.panels[box.code]
            panel.update_box(box)
            old_box = old.box(box.code) if old else None
            room = max(panel.scroll.viewport().height(), 260)
            used = 0
            shown: list[PatientCard] = []
            for p in box.patients:
                seen.add(p.id)
                card = self.cards.get(p.id)
                if card is None:
                    if lazy and used >= room:
                        self.pending[p.id] = None  # built when idle, see _build_pending
                        continue
                    card = self._build(p, box.type, now)
                elif force or card.patient != p or card.box_type is not box.type:
                    card.update_patient(p, box.type, self.card_view, now, force=force)
                    self.stats["cards_updated"] += 1
                    self._late[p.id] = card.late_widgets()
                if self._visible(p):
                    shown.append(card)
                    used += estimated_height(p)
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
            self._late.pop(pid, None)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        for pid in [pid for pid in self.pending if pid not in seen or pid in self.cards]:
            del self.pending[pid]
        if self.moving_patient is not None and board.patient(self.moving_patient) is None:
            self.moving_patient = None
        self.current_board = board
        self._refresh_move_targets()
        if force or now.replace(second=0) != self._late_minute:
            self.refresh_late(now)  # changed cards refreshed their own marks already
        self._publish_late()
        for hook in self.board_hooks:
            hook(board)
        self.sig_board_applied.emit(board)
        if self.pending and not self._build_timer.isActive() and not self.hold_builds:
            self._build_timer.start(0)

    def _build(self, p: PatientView, box_type: BoxType, now: datetime) -> PatientCard:
        card = PatientCard(p, box_type, self.actions, self.card_view, now)
        self.cards[p.id] = card
        self._late[p.id] = card.late_widgets()
        self.stats["cards_built"] += 1
        return card

    def _build_pending(self) -> None:
        """Build some of the cards left for later (a big board at start-up), then yield."""
        board = self.current_board
        if board is None or not self.pending:
            self.pending.clear()
            return
        now = self.clock.now()
        touched: set[str] = set()
        started = time.perf_counter()
        for pid in list(self.pending):
            if time.perf_counter() - started > BUILD_SLICE_S:
                break  # yield to taps, blinking and the feed
            del self.pending[pid]
            box = board.box_of(pid)
            p = board.patient(pid)
            if box is None or p is None or pid in self.cards:
                continue
            self._build(p, box.type, now)
            touched.add(box.code)
        for code in touched:
            box = board.box(code)
            if box is not None:
                self.panels[code].set_cards(
                    [
                        self.cards[p.id]
                        for p in box.patients
                        if p.id in self.cards and self._visible(p)
                    ]
                )
        self._publish_late()
        if self.pending:
            self._build_timer.start(0)
        else:
            self.sig_cards_complete.emit()

    def release_builds(self) -> None:
        """The first frame is on screen: build the cards below the fold now."""
        self.hold_builds = False
        if self.pending and not self._build_timer.isActive():
            self._build_timer.start(0)

    def ensure_card(self, patient_id: int) -> PatientCard | None:
        """The card of a patient, built now if it was waiting to be built."""
        if patient_id in self.pending:
            board = self.current_board
            box = board.box_of(patient_id) if board else None
            p = board.patient(patient_id) if board else None
            del self.pending[patient_id]
            if box is not None and p is not None:
                self._build(p, box.type, self.clock.now())
                self.panels[box.code].set_cards(
                    [
                        self.cards[x.id]
                        for x in box.patients
                        if x.id in self.cards and self._visible(x)
                    ]
                )
        return self.cards.get(patient_id)

    def _publish_late(self) -> None:
        late = self.late_widgets()
        for hook in self.late_hooks:
            hook(late)

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
        self.on_box_title(code)

    # -- late items ----------------------------------------------------------------
    def refresh_late(self, now: datetime | None = None) -> None:
        """Refresh every "late N min" mark (after a lateness check, or a new minute)."""
        now = now or self.clock.now()
        self._late_minute = now.replace(second=0)
        board = self.current_board
        if board is None:
            return
        for pid, widgets in self._late.items():
            card = self.cards.get(pid)
            if widgets and card is not None and not card.patient.folded:
                card.refresh_late(now)

    def on_checked(self, now: datetime) -> None:
        """After a lateness check: refresh the "late N min" marks when the minute changed."""
        if now.replace(second=0) != self._late_minute:
            self.refresh_late(now)

    def late_widgets(self) -> list[QWidget]:
        """Late task buttons of unfolded patients, names of folded ones (shown cards only)."""
        out: list[QWidget] = []
        board = self.current_board
        if board is None:
            return out
        for pid, widgets in self._late.items():
            if widgets:
                card = self.cards.get(pid)
                if card is not None and self._visible(card.patient):
                    out.extend(widgets)
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
