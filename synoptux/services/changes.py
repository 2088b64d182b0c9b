"""What an action changed, so that screens refresh only that (cf. Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    action: str
    patient_ids: frozenset[int] = field(default_factory=frozenset)
    box_codes: frozenset[str] = field(default_factory=frozenset)
    reference: bool = False  # catalogue / boxes / responsibles changed
    archived: frozenset[int] = field(default_factory=frozenset)
