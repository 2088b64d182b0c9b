"""History rows: a stable action code plus the legacy HI_* text columns.

Rows are denormalised on purpose (all text columns, as 2.x wrote them): they stay
readable after the box, the task or the patient is gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection

from synoptux.db.tables import Tables


class Action(StrEnum):
    # Codes found in 2.x data keep their spelling.
    PATIENT_IN = "PATIENT_IN"
    SET_PLACE = "SET_PLACE"
    TASK_STATE = "TASK_STATE"
    SET_OWNER = "SET_OWNER"
    PATIENT_OUT = "PATIENT_OUT"  # final exit (archived)
    PATIENT_LIFEOUT = "PATIENT_LIFEOUT"  # forced exit after the maximum stay
    # New in 3.x.
    PATIENT_PURGE = "PATIENT_PURGE"  # automatic exit from a Sortie box after the delay
    COMMENT = "COMMENT"
    TASK_ADD = "TASK_ADD"
    TASK_DELETE = "TASK_DELETE"
    SET_FOLD = "SET_FOLD"
    SET_ANON = "SET_ANON"
    SET_DESTINATION = "SET_DESTINATION"
    ADMIN = "ADMIN"
    VALUE_CUT = "VALUE_CUT"  # a value was cut to fit its column (db.fit): the comment says which
    # Triage, acknowledged alarms, identity vigilance.
    SET_TRIAGE = "SET_TRIAGE"  # HI_Code_etat: the new level, HI_Etat_avant: the one before
    ALARM_ACK = "ALARM_ACK"  # an alarm acknowledged: the task (or none: triage), who, since
    IDENTITY_CHECK = "IDENTITY_CHECK"  # an entry file named someone else for this GUID
    IDENTITY_OK = "IDENTITY_OK"  # a nurse confirmed the identity from the patient's sheet


# Translated texts found in 2.x data, read back as codes.
LEGACY_ACTION_TEXTS = {
    "saisie commentaire": Action.COMMENT,
    "entrée du patient": Action.PATIENT_IN,
    "entree du patient": Action.PATIENT_IN,
    "modification du responsable": Action.SET_OWNER,
    "masquer le nom": Action.SET_ANON,
    "afficher le nom": Action.SET_ANON,
    "déplacement": Action.SET_PLACE,
    "changement d'état": Action.TASK_STATE,
    "sortie du patient": Action.PATIENT_OUT,
    "suppression de la tâche": Action.TASK_DELETE,
}


def action_code(raw: str | None) -> str | None:
    """Map a stored HI_Action (a code or a 2.x translated text) to a code."""
    if raw is None:
        return None
    text = raw.strip()
    if text.upper() in Action.__members__:
        return Action(text.upper()).value
    return LEGACY_ACTION_TEXTS.get(text.lower(), text)


def record(
    conn: Connection,
    t: Tables,
    action: Action,
    *,
    when: datetime,
    patient: Mapping | None = None,
    box: str | None = None,
    box_before: str | None = None,
    task_code: str | None = None,
    task_label: str | None = None,
    task_id: int | None = None,
    state_code: str | None = None,
    state_label: str | None = None,
    state_before: str | None = None,
    comment: str | None = None,
    responsible: str | None = None,
    actor: str | None = None,
    source: str | None = None,
) -> int | None:
    """Write one history row. `patient` is an encours row mapping (EC_* keys).
    Returns its HI_PK (the audit of an administration change points to it)."""
    p = patient or {}
    result = conn.execute(
        t.historique.insert().values(
            HI_Date=when,
            HI_Action=action.value,
            HI_NumEncours=str(p["EC_PK"]) if p.get("EC_PK") is not None else None,
            HI_Code_box=box if box is not None else p.get("EC_CodeBox"),
            HI_Nom_patient=p.get("EC_NomPatient"),
            HI_PrenomPatient=p.get("EC_PrenomPatient"),
            HI_Code_resp=responsible if responsible is not None else p.get("EC_Medecin"),
            HI_Code_tache=task_code,
            HI_Libelle_tache=task_label,
            HI_Libelle_etat=state_label,
            HI_Commentaire=(comment or None) and comment[:1000],
            HI_Code_acteur=actor,
            HI_Code_etat=state_code,
            HI_Etat_avant=state_before,
            HI_Box_avant=box_before,
            HI_GUIDPatient=p.get("EC_GUIDPatient"),
            HI_Num_tache=task_id,
            HI_Source=source,
        )
    )
    key = result.inserted_primary_key
    return int(key[0]) if key and key[0] is not None else None
