"""The statistics' view of the board's one catalogue (`services.snapshot.Catalogue`):
its states and tasks, indexed the way the statistics look them up (a 2.x history row's
state by its label, the end states, each task's maximum minutes), and the box types."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from synoptux.db.tables import Tables
from synoptux.domain.model import BoxType
from synoptux.services.snapshot import Catalogue


@dataclass
class StatsCatalogue:
    box_types: dict[str, BoxType | None] = field(default_factory=dict)
    task_labels: dict[str, str] = field(default_factory=dict)
    task_max_minutes: dict[str, int] = field(default_factory=dict)
    state_labels: dict[str, str] = field(default_factory=dict)  # code -> label
    state_codes: dict[str, str] = field(default_factory=dict)  # lower label -> code
    end_states: set[str] = field(default_factory=set)  # codes

    @classmethod
    def load(cls, conn: Connection, t: Tables) -> StatsCatalogue:
        """The board's catalogue (without the people: the statistics name no one) and
        the box types."""
        boxes = {
            b.BO_Code: BoxType.parse(b.BO_Type)
            for b in conn.execute(select(t.box.c.BO_Code, t.box.c.BO_Type))
        }
        return cls.over(Catalogue(conn, t, people=False), boxes)

    @classmethod
    def over(cls, catalogue: Catalogue, box_types: dict[str, BoxType | None]) -> StatsCatalogue:
        cat = cls(box_types=dict(box_types))
        for task in catalogue.tasks:
            cat.task_labels[task.code] = task.label
            if task.max_minutes:
                cat.task_max_minutes[task.code] = task.max_minutes
        for state in catalogue.states:
            cat.state_labels[state.code] = state.label
            if state.ends_task:
                cat.end_states.add(state.code)
        # The board resolves a label to the first state (by code) that has it, as here.
        cat.state_codes = {label: s.code for label, s in catalogue.state_by_label.items()}
        return cat

    def state_code(self, code: str | None, label: str | None) -> str | None:
        """The state code of a history row: its code, or (2.x rows) its label resolved."""
        if code:
            return code
        if not label:
            return None
        text = label.strip()
        if text in self.state_labels:  # a code written where a label was expected
            return text
        return self.state_codes.get(text.lower())

    def state_label(self, code: str | None, label: str | None) -> str:
        if code and code in self.state_labels:
            return self.state_labels[code]
        return label or code or "?"

    def task_label(self, code: str | None, fallback: str | None = None) -> str:
        if code and code in self.task_labels:
            return self.task_labels[code]
        return fallback or code or "?"

    def box_type(self, code: str | None) -> BoxType | None:
        return self.box_types.get(code) if code else None

    @property
    def end_labels(self) -> list[str]:
        return sorted({self.state_labels[c] for c in self.end_states})
