"""Administration services: reference tables edited from the menus.

`AdminService` holds the use cases; `records` the edited values and their
validation; `medintux` reads the responsibles of MedinTux's `Personnes`.
"""

from synoptux.services.admin.medintux import read_medintux_people
from synoptux.services.admin.orphans import OrphanTask
from synoptux.services.admin.records import (
    DEST_KINDS,
    BoxRecord,
    DestinationRecord,
    ImportReport,
    ResponsibleRecord,
    StateRecord,
    TaskRecord,
    clean_color,
)
from synoptux.services.admin.service import AdminService

__all__ = [
    "DEST_KINDS",
    "AdminService",
    "BoxRecord",
    "DestinationRecord",
    "ImportReport",
    "OrphanTask",
    "ResponsibleRecord",
    "StateRecord",
    "TaskRecord",
    "clean_color",
    "read_medintux_people",
]
