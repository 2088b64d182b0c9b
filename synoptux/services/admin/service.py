"""Administration of the reference tables (manual 2.2): boxes, states, tasks,
responsibles and destinations.

Every change is one transaction with one `Action.ADMIN` history row whose
comment reads like "box S9 created"; the revision triggers then make every open
board reload. Nothing in use is deleted: a box holding patients, a task type
with open tasks, a state a task on the board is in, or a responsible of a
patient on the board is refused with the reason (`ActionRefused`).

Codes are the keys MedinTux macros and DrTux entry files write, so a code can be
renamed only while nothing on the board refers to it; once used it is
immutable (create a new one, move the patients, delete the old one). Renaming
an unused task or state code carries its allowed-state links along. Orphan tasks (their
patient is gone) are attached to a patient or archived (`orphans`).
"""

from __future__ import annotations

from synoptux.services.admin.boxes import BoxAdmin
from synoptux.services.admin.catalogue import CatalogueAdmin
from synoptux.services.admin.orphans import OrphansAdmin
from synoptux.services.admin.people import PeopleAdmin
from synoptux.services.admin.triage import TriageAdmin, TriageRecord  # noqa: F401


class AdminService(BoxAdmin, CatalogueAdmin, PeopleAdmin, OrphansAdmin, TriageAdmin):
    """Reference-table administration bound to one database and one clock."""
