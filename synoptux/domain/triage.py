"""Triage levels: the shipped scales, how a written level is read, when a patient is late.

**FRENCH** (FRench Emergency Nurses Classification in-Hospital), the triage scale of the
Société française de médecine d'urgence (SFMU, 2018): six levels, 1, 2, 3A, 3B, 4, 5, from
the most to the least urgent, each with a target delay to the first medical contact.
Source: P. Taboulet et al., "Triage des patients à l'accueil d'une structure d'urgences.
Présentation de l'échelle de tri élaborée par la SFMU : la FRench Emergency Nurses
Classification in Hospital (FRENCH)", Annales françaises de médecine d'urgence, 2019
(docs/triage.md gives the pages read). A site edits labels, colours and delays in
*Fichiers → Niveaux de tri* (admin PIN).

**CCMU** (Classification clinique des malades aux urgences): 1 to 5, P (psychiatric) and D
(dead on arrival), set by the physician at the end of the first examination: it has no
target delay (a level without one never makes a patient late).

**Late** (`triage_late_since`): a level with a target delay, no responsible set yet
(`EC_Medecin` empty: no first medical contact), and the patient's entry time plus the
target delay passed (strictly). A patient in a `Sortie` box is never late. Setting a
responsible ends it; changing the level moves the deadline.

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from synoptux.domain.model import BoxType, TriageLevel

FRENCH = "FRENCH"
CCMU = "CCMU"
SCALES = (FRENCH, CCMU)

_LEVELS: dict[str, tuple[tuple[str, str, str, int | None], ...]] = {
    FRENCH: (
        ("1", "Tri 1 : détresse vitale majeure", "#dc2626", 0),
        (
            "2",
            "Tri 2 : atteinte patente d'un organe vital ou lésion traumatique sévère",
            "#ea580c",
            20,
        ),
        (
            "3A",
            "Tri 3A : atteinte potentielle, avec comorbidité ou situation à risque",
            "#eab308",
            60,
        ),
        ("3B", "Tri 3B : atteinte potentielle, sans comorbidité", "#fde047", 90),
        ("4", "Tri 4 : atteinte fonctionnelle ou lésionnelle stable", "#16a34a", 120),
        ("5", "Tri 5 : pas d'atteinte fonctionnelle ou lésionnelle évidente", "#3b82f6", 240),
    ),
    CCMU: (
        ("1", "CCMU 1 : état stable, pas d'acte complémentaire", "#16a34a", None),
        ("2", "CCMU 2 : état stable, acte complémentaire décidé", "#84cc16", None),
        (
            "3",
            "CCMU 3 : état susceptible de s'aggraver, pronostic vital non engagé",
            "#eab308",
            None,
        ),
        ("4", "CCMU 4 : pronostic vital engagé, sans réanimation immédiate", "#ea580c", None),
        ("5", "CCMU 5 : pronostic vital engagé, réanimation immédiate", "#dc2626", None),
        (
            "P",
            "CCMU P : problème psychiatrique dominant, sans atteinte somatique instable",
            "#7c3aed",
            None,
        ),
        ("D", "CCMU D : patient décédé à l'arrivée", "#374151", None),
    ),
}

CODE_WIDTH = 10  # EC_Niveau_Tri / NT_Code
_PREFIX = re.compile(r"^(?:TRI|NIVEAU|NIV|CCMU|FRENCH)[\s:._-]*", re.IGNORECASE)


def shipped_scale(scale: str) -> tuple[TriageLevel, ...]:
    """The levels of a shipped scale (FRENCH or CCMU), most urgent first for FRENCH."""
    rows = _LEVELS[scale.upper()]
    return tuple(
        TriageLevel(code, label, color, delay, order, scale.upper())
        for order, (code, label, color, delay) in enumerate(rows, start=1)
    )


def level_code(raw: object) -> str | None:
    """A written level as a code: ' 3a ' -> '3A', 'Tri 2' -> '2', 'CCMU 4' -> '4'; None when
    empty. What macros, entry files and taps write is compared through this one rule."""
    if raw is None:
        return None
    text = _PREFIX.sub("", str(raw).strip()).strip().upper()
    text = re.sub(r"\s+", "", text)
    return text[:CODE_WIDTH] or None


def find_level(levels: tuple[TriageLevel, ...], raw: object) -> TriageLevel | None:
    code = level_code(raw)
    if code is None:
        return None
    return next((lv for lv in levels if level_code(lv.code) == code), None)


@dataclass(frozen=True, slots=True)
class TriageDue:
    level: TriageLevel
    deadline: datetime


def triage_deadline(level: TriageLevel | None, entered_at: datetime | None) -> datetime | None:
    if level is None or level.target_minutes is None or entered_at is None:
        return None
    return entered_at + timedelta(minutes=max(0, level.target_minutes))


def triage_late_since(
    *,
    level: TriageLevel | None,
    entered_at: datetime | None,
    has_responsible: bool,
    box_type: BoxType | None,
    now: datetime,
) -> datetime | None:
    """When the patient became late for his first medical contact, or None (see the
    module docstring)."""
    if has_responsible or box_type is BoxType.EXIT:
        return None
    deadline = triage_deadline(level, entered_at)
    if deadline is None or now <= deadline:
        return None
    return deadline
