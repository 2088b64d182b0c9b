"""Orphan tasks: tasks whose patient is gone, kept off the wall (as 2.x kept them).

Left: the orphan tasks (type, state, the EC_PK of the patient gone). Right: the patients
on the board. "Attach to this patient" gives the selected task to the selected patient;
"Archive" moves it to the task archive. Both go through `AdminService` (one transaction
and its history rows each); refusals are shown in words and nothing is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from synoptux.services.admin import OrphanTask
from synoptux.ui.admin.table_dialog import change, submit
from synoptux.ui.admin.widgets import TOUCH, ErrorLabel, TouchList, touch_button


def orphan_text(task: OrphanTask) -> str:
    when = task.planned_start.strftime("%d/%m %H:%M") if task.planned_start else ""
    parts = [task.label, task.state or QCoreApplication.translate("Admin", "no state"), when]
    head = " \u2014 ".join(p for p in parts if p)
    return QCoreApplication.translate("Admin", "{task} (patient #{pk} gone, task {id})").format(
        task=head, pk=task.lost_patient, id=task.id
    )


class OrphansDialog(QDialog):
    sig_changed = Signal()

    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.admin = ctx, admin
        self.setWindowTitle(QCoreApplication.translate("Admin", "Orphan tasks"))
        self.resize(980, 640)
        self.intro = QLabel(
            QCoreApplication.translate(
                "Admin",
                "These tasks belong to patients who are no longer on the board (2.x deleted "
                "the patients and left their tasks). They are not shown on the wall. Give a "
                "task to a patient on the board, or archive it.",
            ),
            self,
        )
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.tasks = TouchList(self)
        self.tasks.setObjectName("orphans")
        self.patients = TouchList(self)
        self.patients.setObjectName("patients")
        self.empty = QLabel(QCoreApplication.translate("Admin", "No orphan task."), self)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.error = ErrorLabel(self)
        self.attach_button = touch_button(
            QCoreApplication.translate("Admin", "Attach to this patient"), self, name="attach"
        )
        self.archive_button = touch_button(
            QCoreApplication.translate("Admin", "Archive"), self, name="archive"
        )
        self.close_button = touch_button(
            QCoreApplication.translate("Admin", "Close"), self, name="close"
        )
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(QCoreApplication.translate("Admin", "Orphan tasks"), self))
        left.addWidget(self.tasks, 1)
        left.addWidget(self.empty)
        right.addWidget(QLabel(QCoreApplication.translate("Admin", "Patients on the board"), self))
        right.addWidget(self.patients, 1)
        lists.addLayout(left, 3)
        lists.addLayout(right, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(lists, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.tasks.setMinimumHeight(TOUCH * 5)
        self.tasks.currentRowChanged.connect(self._on_selection)
        self.patients.currentRowChanged.connect(self._on_selection)
        self.attach_button.clicked.connect(self._on_attach)
        self.archive_button.clicked.connect(self._on_archive)
        self.close_button.clicked.connect(self.accept)
        self.refresh()

    def refresh(self) -> None:
        """Read the orphan tasks and the patients on the database thread, then list them."""
        admin, service = self.admin, self.ctx.service  # type: ignore[attr-defined]

        def load() -> tuple[list, list[tuple[str, int]]]:
            tasks = list(admin.list_orphan_tasks())  # type: ignore[attr-defined]
            board = service.snapshot()
            people = [
                (
                    " ".join(x for x in (p.last_name, p.first_name) if x) + f" \u2014 {box.label}",
                    p.id,
                )
                for box in board.boxes
                for p in box.patients
            ]
            return tasks, people

        def show(loaded: tuple[list, list[tuple[str, int]]]) -> None:
            tasks, people = loaded
            self.tasks.clear()
            for task in tasks:
                self.tasks.add_row(orphan_text(task), task)
            self.patients.clear()
            for text, pid in people:
                self.patients.add_row(text, pid)
            for lst in (self.tasks, self.patients):  # nothing chosen until tapped
                lst.setCurrentRow(-1)
            self.empty.setVisible(self.tasks.count() == 0)
            self._on_selection()

        submit(self.ctx.runner, load, self.error, show)  # type: ignore[attr-defined]

    def _on_selection(self, *_args: object) -> None:
        task = self.tasks.current_data()
        self.archive_button.setEnabled(task is not None)
        self.attach_button.setEnabled(task is not None and self.patients.current_data() is not None)

    def _changed(self) -> None:
        self.refresh()
        reload = getattr(self.ctx, "reload_board", None)
        if reload is not None:
            reload()
        self.sig_changed.emit()

    def _on_attach(self) -> None:
        task, pid = self.tasks.current_data(), self.patients.current_data()
        if task is None or pid is None:
            return
        change(
            self.ctx.runner,  # type: ignore[attr-defined]
            lambda: self.admin.attach_orphan_task(task.id, pid),  # type: ignore[attr-defined]
            self.error,
            lambda _r: self._changed(),
        )

    def _on_archive(self) -> None:
        task = self.tasks.current_data()
        if task is None:
            return
        change(
            self.ctx.runner,  # type: ignore[attr-defined]
            lambda: self.admin.archive_orphan_task(task.id),  # type: ignore[attr-defined]
            self.error,
            lambda _r: self._changed(),
        )
