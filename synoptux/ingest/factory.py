"""An `Ingestor` configured from synoptux.ini: built the same way by `synoptux ingest` and
by the board's live feed (which must not import the command line's module)."""

from __future__ import annotations

import socket

from synoptux.config import IFACE, TIMER, Settings
from synoptux.ingest.processor import Ingestor


def settle_seconds(settings: Settings) -> float:
    """How long an entry file must stay unchanged before it is taken (ini, in ms)."""
    return int(settings.get_or_default(TIMER, "Delai_stabilite_des_entrees_en_ms")) / 1000.0


def make_ingestor(db, settings: Settings, clock=None, **kw) -> Ingestor:
    """An Ingestor configured from synoptux.ini."""
    actor = str(settings.get_or_default(IFACE, "Poste") or "") or socket.gethostname()
    kw.setdefault("settle", settle_seconds(settings))
    return Ingestor(
        db,
        settings.path_setting(IFACE, "Dossier_Entrees"),
        default_box=str(settings.get_or_default(IFACE, "Code_Box_Par_Defaut") or "A1"),
        clock=clock,
        delete_done=bool(settings.get_or_default(IFACE, "Supprimer_Entrees_Traitees")),
        keep_days=int(settings.get_or_default(IFACE, "Conserver_Entrees_Traitees_Jours")),
        actor=f"ingest@{actor}"[:64],
        **kw,
    )
