"""The patient's touch sheet: what a tap on a patient row opens.

Big buttons for every action of the manual on that patient (responsible, comment,
history, DrTux, move - or the final exit from a Sortie box -, fold, anonymise), the
vigilance ones (triage level, acknowledge a late triage, confirm an identity to check) and one
button per task (its states, note and deletion). Each button closes the sheet
and calls the same `BoardActions` method the old card buttons called: one tap from
the row to the sheet, one tap to the action.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from synoptux.domain.model import BoxType, BoxView, PatientView, TaskView
from synoptux.ui.board.row_texts import comment_text, hhmm, name_parts, row_input
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.style import button_text, set_data_color, set_prop

BUTTON_H = 64


def mark_texts(p: PatientView) -> list[str]:
    """Plain words for what is odd with this patient's data."""
    from synoptux.domain.model import MARK_UNKNOWN_BOX, MARK_UNKNOWN_RESPONSIBLE
    from synoptux.services.snapshot import MARK_ORPHAN_TASK

    texts: list[str] = []
    if MARK_ORPHAN_TASK in p.marks:
        texts.append(
            QCoreApplication.translate(
                "PatientSheet",
                "These tasks belong to a patient who is no longer on the board (deleted by "
                "an older version). Delete them when they are of no use.",
            )
        )
    if MARK_UNKNOWN_BOX in p.marks:
        texts.append(
            QCoreApplication.translate(
                "PatientSheet",
                "The box code {code} is not in the box list: move the patient to a real box.",
            ).format(code=p.box_code or "?")
        )
    if MARK_UNKNOWN_RESPONSIBLE in p.marks:
        texts.append(
            QCoreApplication.translate(
                "PatientSheet", "The responsible code {code} is not in the responsible list."
            ).format(code=p.responsible_code or "?")
        )
    if any(t.marks and t.marks != (MARK_ORPHAN_TASK,) for t in p.tasks):
        texts.append(
            QCoreApplication.translate(
                "PatientSheet",
                "A task or a state of this patient has a code the board does not know.",
            )
        )
    return texts


def vigilance_texts(p: PatientView, privacy: bool, names: dict[int, str]) -> list[str]:
    """Identity vigilance: an identity to check, look-alike names on the board,
    a triage level the scale lacks. In privacy mode, boxes only (no other name)."""
    from synoptux.domain.model import MARK_UNKNOWN_TRIAGE

    texts: list[str] = []
    if p.identity_check:
        said = "" if privacy else p.identity_check
        texts.append(
            QCoreApplication.translate(
                "PatientSheet",
                "Identity to check: an entry file with this patient's GUID named {name}. "
                "Check the identity, then tap \u201cIdentity checked\u201d.",
            ).format(name=said or QCoreApplication.translate("PatientSheet", "another person"))
        )
    for h in p.homonyms:
        other = "" if privacy else names.get(h.patient_id, "")
        texts.append(
            QCoreApplication.translate(
                "PatientSheet",
                "Look-alike name: {name} in {box}. Check the identity before every act.",
            ).format(
                name=other or QCoreApplication.translate("PatientSheet", "a patient"),
                box=h.box_label,
            )
        )
    if MARK_UNKNOWN_TRIAGE in p.marks:
        texts.append(
            QCoreApplication.translate(
                "PatientSheet", "The triage level {code} is not in the triage scale."
            ).format(code=p.triage_code)
        )
    return texts


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # data that looks like HTML shows as typed
    label.setWordWrap(True)
    return label


class PatientSheet(TouchDialog):
    """The actions of one patient (see module docstring)."""

    def __init__(
        self,
        parent: QWidget | None,
        patient: PatientView,
        box: BoxView,
        actions,  # BoardActions
        *,
        privacy: bool,
        annex_button: bool,
        now,  # datetime | None
        on_task: Callable[[int], None],
        names: dict[int, str] | None = None,
    ) -> None:
        inp = row_input(patient, box.type, privacy, now)
        last, first = name_parts(inp)
        name = " ".join(x for x in (last, first) if x)
        super().__init__(parent, name)
        self.setObjectName("PatientSheet")
        self.patient_id = patient.id
        self._actions = actions
        self._on_task = on_task
        pid = patient.id
        resp = patient.responsible
        facts = [box.label, "\u2192 " + hhmm(patient.entered_at, now)]
        if box.type is BoxType.EXIT:
            facts.append(
                QCoreApplication.translate("PatientSheet", "out {t}").format(
                    t=hhmm(patient.moved_at, now)
                )
            )
        elif patient.moved_at:
            facts.append("\u21c4 " + hhmm(patient.moved_at, now))
        facts.append(
            resp.name
            if resp
            else (
                patient.responsible_code
                or QCoreApplication.translate("PatientSheet", "no responsible")
            )
        )
        self.facts_label = _plain(QLabel(" \u00b7 ".join(facts), self))
        self.facts_label.setObjectName("SheetFacts")
        self.body.addWidget(self.facts_label)
        comment = comment_text(inp)
        self.comment_label = _plain(QLabel(comment, self))
        self.comment_label.setObjectName("SheetComment")
        self.comment_label.setVisible(bool(comment))
        self.body.addWidget(self.comment_label)
        odd = mark_texts(patient)
        self.odd_label = _plain(QLabel("\n".join(odd), self))
        self.odd_label.setObjectName("SheetOdd")
        self.odd_label.setVisible(bool(odd))
        self.body.addWidget(self.odd_label)
        vigilance = vigilance_texts(patient, privacy, names or {})
        self.vigilance_label = _plain(QLabel("\n".join(vigilance), self))
        self.vigilance_label.setObjectName("SheetVigilance")
        self.vigilance_label.setVisible(bool(vigilance))
        self.body.addWidget(self.vigilance_label)

        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        orphan = bool(odd) and patient.box_code == "#orphans"
        resp_text = QCoreApplication.translate("PatientSheet", "Responsible: {name}").format(
            name=resp.name
            if resp
            else (patient.responsible_code or QCoreApplication.translate("PatientSheet", "nobody"))
        )
        specs: list[tuple[str, str, Callable[[], None], bool]] = [
            ("responsible", resp_text, lambda: actions.pick_responsible(pid), not orphan),
            (
                "comment",
                QCoreApplication.translate("PatientSheet", "Comment"),
                lambda: actions.edit_comment(pid),
                not privacy and not orphan,
            ),
            (
                "history",
                QCoreApplication.translate("PatientSheet", "History"),
                lambda: actions.show_history(pid),
                not orphan,
            ),
            (
                "annex",
                QCoreApplication.translate("PatientSheet", "Open the patient's file (DrTux)"),
                lambda: actions.run_annex(pid),
                bool(annex_button and patient.program),
            ),
            (
                "move",
                QCoreApplication.translate("PatientSheet", "Final exit or move")
                if box.type is BoxType.EXIT
                else QCoreApplication.translate("PatientSheet", "Move"),
                lambda: actions.start_move(pid),
                not orphan,
            ),
            (
                "fold",
                QCoreApplication.translate("PatientSheet", "Show the tasks")
                if patient.folded
                else QCoreApplication.translate("PatientSheet", "Fold the tasks"),
                lambda: actions.toggle_folded(pid),
                not orphan,
            ),
            (
                "anonymous",
                QCoreApplication.translate("PatientSheet", "Show the name")
                if patient.anonymous
                else QCoreApplication.translate("PatientSheet", "Hide the name"),
                lambda: actions.toggle_anonymous(pid),
                not orphan,
            ),
            (
                "triage",
                QCoreApplication.translate("PatientSheet", "Triage: {level}").format(
                    level=(patient.triage.code if patient.triage else patient.triage_code)
                    or QCoreApplication.translate("PatientSheet", "none")
                ),
                lambda: actions.pick_triage(pid),
                not orphan,
            ),
            (
                "ack_triage",
                QCoreApplication.translate("PatientSheet", "Acknowledge the triage alarm"),
                lambda: actions.acknowledge(pid, None),
                patient.triage_late_since is not None,
            ),
            (
                "identity",
                QCoreApplication.translate("PatientSheet", "Identity checked"),
                lambda: actions.confirm_identity(pid),
                bool(patient.identity_check),
            ),
        ]
        shown = [s for s in specs if s[3]]
        cols = 2 if len(shown) > 3 else 1
        for i, (key, text, slot, _on) in enumerate(shown):
            b = QPushButton(button_text(text), self)
            b.setObjectName("SheetButton")
            b.setMinimumHeight(BUTTON_H)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, s=slot: self._do(s))
            grid.addWidget(b, i // cols, i % cols)
            self.buttons[key] = b
        if "responsible" in self.buttons:
            set_data_color(self.buttons["responsible"], "dataBg", resp.color if resp else None)
        if "triage" in self.buttons and patient.triage is not None:
            set_data_color(self.buttons["triage"], "dataBg", patient.triage.color)
        self.body.addLayout(grid)

        self.task_buttons: dict[int, QPushButton] = {}
        if patient.tasks:
            head = QLabel(
                QCoreApplication.translate(
                    "PatientSheet", "Tasks (tap one for its states, note or deletion)"
                ),
                self,
            )
            head.setObjectName("SheetSection")
            self.body.addWidget(head)
            tasks = QGridLayout()
            tasks.setSpacing(8)
            for i, task in enumerate(patient.tasks):
                b = QPushButton(button_text(self._task_text(task)), self)
                b.setObjectName("SheetTask")
                b.setMinimumHeight(56)
                b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                set_data_color(b, "dataBg", task.state_color if task.state else task.color)
                set_prop(b, "overdue", task.overdue.value if task.overdue else "")
                b.clicked.connect(lambda _=False, t=task.id: self._task(t))
                tasks.addWidget(b, i // cols, i % cols)
                self.task_buttons[task.id] = b
            self.body.addLayout(tasks)
        self.close_button = self.add_button(
            QCoreApplication.translate("PatientSheet", "Close"), self.reject, name="NoButton"
        )
        self._fit_width(parent, cols)

    def _fit_width(self, parent: QWidget | None, cols: int) -> None:
        """As wide as the longest button needs (a label is never cut), within the window."""
        widest = max(
            (b.sizeHint().width() for b in [*self.buttons.values(), *self.task_buttons.values()]),
            default=0,
        )
        m = self.body.contentsMargins()
        want = cols * widest + (cols - 1) * 10 + m.left() + m.right() + 8
        room = parent.window().width() - 40 if parent is not None else 1200
        self.setMinimumWidth(max(min(want, room), min(640, room)))

    @staticmethod
    def _task_text(task: TaskView) -> str:
        text = task.label + (f" \u00b7 {task.comment}" if task.comment else "")
        state = task.state_label or QCoreApplication.translate("PatientSheet", "no state")
        return f"{text} \u2014 {state}"

    def _do(self, slot: Callable[[], None]) -> None:
        self.accept()
        slot()

    def _task(self, task_id: int) -> None:
        self.accept()
        self._on_task(task_id)


def open_patient_sheet(
    parent: QWidget | None,
    patient: PatientView,
    box: BoxView,
    actions,
    *,
    privacy: bool,
    annex_button: bool,
    now,
    on_task: Callable[[int], None],
    names: dict[int, str] | None = None,
) -> PatientSheet:
    sheet = PatientSheet(
        parent,
        patient,
        box,
        actions,
        privacy=privacy,
        annex_button=annex_button,
        now=now,
        on_task=on_task,
        names=names,
    )
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    sheet.open()
    return sheet
