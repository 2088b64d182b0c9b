"""Reference data the statistics need: box types, task labels, end states."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from synoptux.db.tables import Tables
from synoptux.domain.model import BoxType
from synoptux.domain.values import flag as _flag
from synoptux.domain.values import whole_number as _int


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
        cat = cls()
        for b in conn.execute(select(t.box.c.BO_Code, t.box.c.BO_Type)):
            cat.box_types[b.BO_Code] = BoxType.parse(b.BO_Type)
        for r in conn.execute(
            select(t.taches.c.TA_Code_tache, t.taches.c.TA_Libelle_tache, t.taches.c.TA_Duree_maxi)
        ):
            cat.task_labels[r.TA_Code_tache] = r.TA_Libelle_tache or r.TA_Code_tache
            minutes = _int(r.TA_Duree_maxi)
            if minutes:
                cat.task_max_minutes[r.TA_Code_tache] = minutes
        for r in conn.execute(
            select(t.etats.c.ET_Code_etat, t.etats.c.ET_Libelle_etat, t.etats.c.ET_Tache_terminee)
        ):
            label = r.ET_Libelle_etat or r.ET_Code_etat
            cat.state_labels[r.ET_Code_etat] = label
            cat.state_codes.setdefault(label.strip().lower(), r.ET_Code_etat)
            if _flag(r.ET_Tache_terminee):
                cat.end_states.add(r.ET_Code_etat)
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
