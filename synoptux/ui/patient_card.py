"""A patient card: name, fold, annex program, history, move; times, responsible, comment; tasks."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.model import (
    MARK_UNKNOWN_BOX,
    MARK_UNKNOWN_RESPONSIBLE,
    BoxType,
    PatientView,
)
from synoptux.services.snapshot import MARK_ORPHAN_TASK
from synoptux.ui.card_widgets import ClickLabel, NameButton
from synoptux.ui.confirm import inform
from synoptux.ui.plain import plain_tip
from synoptux.ui.style import ElideButton, set_data_color, set_prop
from synoptux.ui.task_row import TaskActions, TaskRow


def _tr(text: str) -> str:
    return QCoreApplication.translate("PatientCard", text)


class CardActions(TaskActions):
    toggle_anonymous: Callable[[int], None]
    toggle_folded: Callable[[int], None]
    run_annex: Callable[[int], None]
    show_history: Callable[[int], None]
    start_move: Callable[[int], None]
    pick_responsible: Callable[[int], None]
    edit_comment: Callable[[int], None]


_TITLE = re.compile(r"^(dr|pr|docteur|professeur)\.?\s+", re.IGNORECASE)


def short_name(name: str) -> str:
    """'Dr Rossi' -> 'Rossi': the card is narrow and the colour already says who."""
    return _TITLE.sub("", name.strip()) or name


def _hhmm(value: datetime | None, today: datetime | None) -> str:
    if value is None:
        return "--:--"
    if today is not None and value.date() != today.date():
        return value.strftime("%d/%m %H:%M")
    return value.strftime("%H:%M")


class CardView:
    """How the board shows cards right now (privacy, annex button)."""

    def __init__(self, privacy: bool = False, annex_button: bool = True) -> None:
        self.privacy = privacy
        self.annex_button = annex_button


def mark_texts(p: PatientView) -> list[str]:
    """Plain words for what is odd with this patient's data (shown on a tap of "?")."""
    texts: list[str] = []
    if MARK_ORPHAN_TASK in p.marks:
        texts.append(
            _tr(
                "These tasks belong to a patient who is no longer on the board (deleted by "
                "an older version). Delete them when they are of no use."
            )
        )
    if MARK_UNKNOWN_BOX in p.marks:
        texts.append(
            _tr(
                "The box code {code} is not in the box list: move the patient to a real box."
            ).format(code=p.box_code or "?")
        )
    if MARK_UNKNOWN_RESPONSIBLE in p.marks:
        texts.append(
            _tr("The responsible code {code} is not in the responsible list.").format(
                code=p.responsible_code or "?"
            )
        )
    if any(t.marks and t.marks != (MARK_ORPHAN_TASK,) for t in p.tasks):
        texts.append(_tr("A task or a state of this patient has a code the board does not know."))
    return texts


# Heights (px) the card is built with, for the board layout's estimates before a card
# exists: keep them in step with the style sheet (Hauteur_Patients, 48 px buttons).
CARD_MARGINS = 8
NAME_LINE = 52
INFO_LINE = 48
SPACING = 3
TASK_LINE = 48


def estimate_height_empty() -> int:
    """A card with no comment and no task: the room kept for an arrival."""
    return CARD_MARGINS + NAME_LINE + SPACING + INFO_LINE


def estimate_height(p: PatientView) -> int:
    """About how tall this patient's card is (px)."""
    h = CARD_MARGINS + NAME_LINE + SPACING + INFO_LINE
    if not p.folded:
        h += sum(SPACING + TASK_LINE * (2 if t.mode == "B" else 1) for t in p.tasks)
    return h


class PatientCard(QFrame):
    """Built once per patient; `update_patient` changes only what differs.

    Line 1: fold, the NAME (most of the width: read from two metres; the first name
    gives way first), "?" when the data is odd, the responsible (a short pill).
    Line 2: entry and move times (one above the other), the comment on up to two
    lines (a tap edits it), history, DrTux, move. Then the tasks.
    """

    def __init__(
        self,
        patient: PatientView,
        box_type: BoxType,
        actions: CardActions,
        view: CardView,
        now: datetime | None,
    ) -> None:
        super().__init__()
        self.setObjectName("PatientCard")
        self.actions = actions
        self.patient_id = patient.id
        self.patient = patient
        self.box_type = box_type
        self.task_rows: dict[int, TaskRow] = {}
        self.last_explanation: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(SPACING)

        self.responsible_button = ElideButton("", self)
        self.responsible_button.setObjectName("ResponsibleButton")
        self.responsible_button.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed
        )
        self.responsible_button.setMaximumWidth(104)  # the style sheet sets the minimum
        self.responsible_button.clicked.connect(lambda: actions.pick_responsible(self.patient_id))
        top = QHBoxLayout()
        top.setSpacing(4)
        self.fold_button = self._tool("FoldButton", lambda: actions.toggle_folded(self.patient_id))
        self.name_button = NameButton(self)
        self.name_button.setObjectName("PatientName")
        self.name_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.name_button.clicked.connect(lambda: actions.toggle_anonymous(self.patient_id))
        self.mark_button = self._tool("MarkBadge", self.explain_marks)
        self.mark_button.setText("?")
        self.mark_button.hide()
        top.addWidget(self.fold_button)
        top.addWidget(self.name_button, 1)
        top.addWidget(self.mark_button)
        top.addWidget(self.responsible_button)
        outer.addLayout(top)

        info = QHBoxLayout()
        info.setSpacing(4)
        times = QVBoxLayout()
        times.setSpacing(0)
        self.entry_label = QLabel(self)
        self.entry_label.setObjectName("EntryTime")
        self.moved_label = QLabel(self)
        self.moved_label.setObjectName("MoveTime")
        for label in (self.entry_label, self.moved_label):  # in a narrow box the times give
            label.setMinimumWidth(1)  # way, never the buttons (they are touch targets)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            times.addWidget(label)
        self.comment_button = ClickLabel(self, lines=2)  # a tap edits it
        self.comment_button.setObjectName("CommentButton")
        self.comment_button.setMinimumWidth(24)
        self.comment_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.comment_button.setFixedHeight(INFO_LINE)
        self.comment_button.clicked.connect(lambda: actions.edit_comment(self.patient_id))
        self.history_button = self._tool(
            "HistoryButton", lambda: actions.show_history(self.patient_id)
        )
        self.history_button.setText("\u2139")
        self.history_button.setToolTip(_tr("History"))
        self.annex_button = self._tool("AnnexButton", lambda: actions.run_annex(self.patient_id))
        self.annex_button.setText("DrTux")
        self.annex_button.setToolTip(_tr("Open the patient's file"))
        self.move_button = self._tool("MoveButton", lambda: actions.start_move(self.patient_id))
        self.move_button.setText("\u21c4")
        self.move_button.setToolTip(_tr("Move"))
        info.addLayout(times)
        info.addWidget(self.comment_button, 1)
        for w in (
            self.history_button,
            self.annex_button,
            self.move_button,
        ):
            info.addWidget(w)
        outer.addLayout(info)

        self.tasks_box = QVBoxLayout()
        self.tasks_box.setSpacing(SPACING)
        outer.addLayout(self.tasks_box)
        self._view_key: tuple = ()
        self.update_patient(patient, box_type, view, now, force=True)

    def _tool(self, name: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(self)
        b.setObjectName(name)
        b.setProperty("tool", True)
        b.clicked.connect(slot)
        return b

    # -- updates ---------------------------------------------------------------
    def update_patient(
        self,
        p: PatientView,
        box_type: BoxType,
        view: CardView,
        now: datetime | None,
        *,
        force: bool = False,
    ) -> None:
        old = self.patient
        self.patient, self.box_type = p, box_type
        view_key = (view.privacy, view.annex_button)
        header_changed = (
            force
            or view_key != self._view_key
            or (
                old.last_name,
                old.first_name,
                old.anonymous,
                old.comment,
                old.program,
                old.responsible,
                old.responsible_code,
                old.entered_at,
                old.moved_at,
                old.destination,
                old.folded,
                old.marks,
            )
            != (
                p.last_name,
                p.first_name,
                p.anonymous,
                p.comment,
                p.program,
                p.responsible,
                p.responsible_code,
                p.entered_at,
                p.moved_at,
                p.destination,
                p.folded,
                p.marks,
            )
            or old.box_code != p.box_code
        )
        self._view_key = view_key
        if header_changed:
            self._update_header(p, box_type, view, now)
        self._update_tasks(p, now, force)
        late = bool(p.overdue_tasks)
        set_prop(self, "late", late)
        set_prop(self.name_button, "overdue", "end" if (late and p.folded) else "")
        set_prop(self, "boxType", box_type.value)

    def _update_header(
        self, p: PatientView, box_type: BoxType, view: CardView, now: datetime | None
    ) -> None:
        hidden = view.privacy or p.anonymous
        orphan = MARK_ORPHAN_TASK in p.marks
        if orphan:
            full = _tr("Deleted patient #{0}").format(p.last_name.lstrip("#"))
            self.name_button.set_name(full)
        elif hidden:
            self.name_button.set_name(p.initials)
        else:
            last, first = p.last_name.upper().strip(), (p.first_name or "").strip()
            self.name_button.set_name(" ".join(x for x in (last, first) if x) or "?", last, first)
        self.name_button.setToolTip(_tr("Tap to show or hide the name"))
        set_prop(self.name_button, "anonymous", p.anonymous)
        set_prop(self.name_button, "orphan", orphan)
        self.mark_button.setVisible(bool(mark_texts(p)))
        self.fold_button.setText("\u25b8" if p.folded else "\u25be")
        self.fold_button.setToolTip(_tr("Show the tasks") if p.folded else _tr("Hide the tasks"))
        set_prop(self.fold_button, "folded", p.folded)
        self.annex_button.setVisible(bool(view.annex_button and p.program))
        self.entry_label.setText("\u2192" + _hhmm(p.entered_at, now))
        self.entry_label.setToolTip(_tr("Entry time"))
        if box_type is BoxType.EXIT:
            self.moved_label.setText(_tr("out {t}").format(t=_hhmm(p.moved_at, now)))
            self.moved_label.setToolTip(_tr("Exit time"))
        else:
            self.moved_label.setText("\u21c4" + _hhmm(p.moved_at, now) if p.moved_at else "")
            self.moved_label.setToolTip(_tr("Time of the last move"))
        self.moved_label.setVisible(bool(p.moved_at) or box_type is BoxType.EXIT)
        resp = p.responsible
        if resp is not None:
            self.responsible_button.setText(short_name(resp.name))
            self.responsible_button.setToolTip(plain_tip(resp.name))  # data: never rich
        else:
            self.responsible_button.setText(p.responsible_code or _tr("Responsible?"))
        set_data_color(self.responsible_button, "dataBg", resp.color if resp else None)
        set_prop(self.responsible_button, "unknown", bool(p.responsible_code and resp is None))
        comment = p.comment or ""
        if box_type in (BoxType.EXIT, BoxType.ABSENCE) and p.destination:
            comment = f"\u2192 {p.destination}" + (f" \u00b7 {comment}" if comment else "")
        if view.privacy:
            comment = ""
        self.comment_button.setText(comment or ("" if view.privacy else "\u270e"))
        self.comment_button.setToolTip(_tr("Tap to edit the comment"))
        set_prop(self.comment_button, "empty", not comment)
        self.comment_button.setEnabled(not view.privacy)
        # A stand-in for a deleted patient: nothing to assign or comment.
        for w in (self.responsible_button, self.comment_button):
            w.setVisible(not orphan)
        set_prop(self, "marked", bool(p.marks))

    def explain_marks(self) -> None:
        """Say in words what the "?" badge flags (a tap: there is no hover on a touchscreen)."""
        texts = mark_texts(self.patient)
        if texts:
            self.last_explanation = inform(self.window(), "\n\n".join(texts), _tr("Odd data"))

    def _update_tasks(self, p: PatientView, now: datetime | None, force: bool) -> None:
        if p.folded:
            # Folded: rows are not built (or kept hidden) - a board of 200 folded
            # patients paints fast; they are built on the first unfold.
            for row in self.task_rows.values():
                if not row.isHidden():
                    row.hide()
            return
        wanted = [t.id for t in p.tasks]
        for tid in [t for t in self.task_rows if t not in set(wanted)]:
            row = self.task_rows.pop(tid)
            self.tasks_box.removeWidget(row)
            row.deleteLater()
        old_tasks = {t.id: t for t in self.patient_tasks_shown}
        for task in p.tasks:
            row = self.task_rows.get(task.id)
            if row is None:
                self.task_rows[task.id] = TaskRow(task, self.actions, self)
            elif force or old_tasks.get(task.id) != task:
                row.update_task(task, now)
            else:
                row.update_late(now)
        order = [self.tasks_box.itemAt(i).widget() for i in range(self.tasks_box.count())]
        rows = [self.task_rows[i] for i in wanted]
        if order != rows:
            for row in rows:
                self.tasks_box.removeWidget(row)
            for row in rows:
                self.tasks_box.addWidget(row)
        for row in rows:
            if row.isHidden():
                row.show()
        for row in rows:
            if row.task.overdue:
                row.update_late(now)
        self.patient_tasks_shown = p.tasks

    patient_tasks_shown: tuple = ()

    def refresh_late(self, now: datetime | None) -> None:
        for row in self.task_rows.values():
            if row.task.overdue is not None:
                row.update_late(now)

    def late_widgets(self) -> list:
        """What blinks: late task buttons when unfolded, the name when folded."""
        p = self.patient
        if not p.overdue_tasks:
            return []
        if p.folded:
            return [self.name_button]
        return [self.task_rows[t.id].task_button for t in p.overdue_tasks if t.id in self.task_rows]
