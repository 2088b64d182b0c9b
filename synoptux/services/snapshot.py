"""The whole board as plain data, in a fixed number of queries.

Nine SELECTs whatever the number of patients (no N+1: 2.x defect 12). No row
is ever dropped: a patient in an unknown box goes into a marked stand-in box, an
unknown responsible, task code or state is kept and marked, and tasks whose
patient is gone go into a marked stand-in box (`ORPHAN_BOX_CODE`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, select

from synoptux.db.engine import Database
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.rules import overdue, task_sort_key

QUERY_COUNT = 9
# A late task must change colour even when its catalogue entry has no alarm colour.
DEFAULT_ALARM_COLOR = "#dc2626"
# Orphan tasks (their patient row is gone) are shown in this stand-in box, marked.
# The mark belongs with the others in domain.model (MARK_*); kept here to stay in scope.
MARK_ORPHAN_TASK = "orphan_task"
ORPHAN_BOX_CODE = "#orphans"


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def _flag(value: object) -> bool:
    return _int(value) not in (None, 0)


class Catalogue:
    """Reference tables, indexed for resolution."""

    def __init__(self, conn: Connection, t: Tables) -> None:
        self.states = tuple(
            m.StateDef(
                r.ET_Code_etat,
                r.ET_Libelle_etat or r.ET_Code_etat,
                r.ET_Couleur_etat,
                _flag(r.ET_Tache_terminee),
            )
            for r in conn.execute(select(t.etats).order_by(t.etats.c.ET_Code_etat))
        )
        self.state_by_code = {s.code: s for s in self.states}
        self.state_by_label = {}
        for s in self.states:
            self.state_by_label.setdefault(s.label.strip().lower(), s)
        allowed: dict[str, list[m.StateDef]] = defaultdict(list)
        for r in conn.execute(
            select(t.etats_taches).order_by(
                t.etats_taches.c.ST_Code_tache, t.etats_taches.c.ST_Code_etat
            )
        ):
            state = self.state_by_code.get(r.ST_Code_etat)
            if state is not None:
                allowed[r.ST_Code_tache].append(state)
        self.tasks = tuple(
            m.TaskDef(
                code=r.TA_Code_tache,
                label=r.TA_Libelle_tache or r.TA_Code_tache,
                color=r.TA_Couleur_tache,
                alarm_color=r.TA_Couleur_alarme,
                max_minutes=_int(r.TA_Duree_maxi) or None,
                mode="M" if (r.TA_BoutonMenu or "B").strip().upper().startswith("M") else "B",
                default_priority=_int(r.TA_Priorite),
                default_comment=r.TA_Commentaire,
                states=tuple(allowed.get(r.TA_Code_tache, ())),
            )
            for r in conn.execute(select(t.taches).order_by(t.taches.c.TA_Code_tache))
        )
        self.task_by_code = {d.code: d for d in self.tasks}
        self.responsibles = tuple(
            m.Responsible(r.RE_Code, r.RE_Nom or r.RE_Code, r.RE_Couleur, r.RE_GUID)
            for r in conn.execute(select(t.responsables).order_by(t.responsables.c.RE_Nom))
        )
        self._resp_index: dict[str, m.Responsible] = {}
        for r in self.responsibles:
            self._resp_index.setdefault(r.code, r)
            self._resp_index.setdefault(r.code.lower(), r)
            if r.guid:
                self._resp_index.setdefault(r.guid, r)
        self.destinations = tuple(
            m.Destination(r.DE_PK, r.DE_Destination or "", (r.DE_TypeSortie or "Sortie").strip())
            for r in conn.execute(select(t.destinations).order_by(t.destinations.c.DE_Destination))
        )

    def responsible(self, raw: str | None) -> m.Responsible | None:
        if not raw:
            return None
        return self._resp_index.get(raw.strip()) or self._resp_index.get(raw.strip().lower())

    def state(self, raw: str | None) -> m.StateDef | None:
        """2.x stored the state label, 3.x the code: accept both."""
        if raw is None or not str(raw).strip():
            return None
        raw = str(raw).strip()
        return self.state_by_code.get(raw) or self.state_by_label.get(raw.lower())


TASK_COLUMNS = (
    "EN_Num_tache",
    "EN_PK_encours",
    "EN_Code_tache",
    "EN_Comment",
    "EN_Note_tache",
    "EN_Etat_en_cours",
    "EN_HeureDebPrevue",
    "EN_HeureFinPrevue",
    "EN_HeureDebut",
    "EN_HeureFin",
    "EN_Priorite",
    "EN_Code_acteur",
    "EN_PrimKey_blob",
    "EN_NomFicNote",
    "EN_NomProgNote",
)


def build_task(
    row, patient_id: int, box_type: m.BoxType | None, cat: Catalogue, now: datetime
) -> m.TaskView:
    """One task view from a row of TASK_COLUMNS (unpacked by position: this runs for every
    task of the board on every refresh, and named access on rows is several times slower)."""
    (
        num,
        _pk,
        code,
        comment,
        note,
        raw_state,
        planned_start,
        planned_end,
        started,
        ended,
        priority,
        actor,
        blob,
        note_file,
        note_prog,
    ) = row
    marks: list[str] = []
    code = (code or "").strip()
    tdef = cat.task_by_code.get(code)
    if tdef is None:
        marks.append(m.MARK_UNKNOWN_TASK)
    state = cat.state(raw_state)
    if state is None and raw_state not in (None, ""):
        marks.append(m.MARK_UNKNOWN_STATE)
    allowed = tdef.states if tdef and tdef.states else cat.states
    finished = bool(state and state.ends_task) or ended is not None
    max_minutes = tdef.max_minutes if tdef else None
    late, since = overdue(
        now=now,
        box_type=box_type,
        finished=finished,
        planned_start=planned_start,
        planned_end=planned_end,
        started_at=started,
        ended_at=ended,
        max_minutes=max_minutes,
    )
    return m.TaskView(
        id=num,
        patient_id=patient_id,
        code=code,
        label=tdef.label if tdef else (code or "?"),
        comment=comment or None,
        note=note or None,
        state=state.code if state else None,
        state_label=state.label if state else (raw_state or None),
        state_color=state.color if state else None,
        color=tdef.color if tdef else None,
        alarm_color=(tdef.alarm_color if tdef else None) or DEFAULT_ALARM_COLOR,
        mode=tdef.mode if tdef else "M",
        allowed_states=allowed,
        planned_start=planned_start,
        planned_end=planned_end,
        started_at=started,
        ended_at=ended,
        priority=_int(priority),
        max_minutes=max_minutes,
        note_blob=_int(blob) or None,
        note_file=note_file or None,
        note_program=note_prog or None,
        actor=actor or None,
        finished=finished,
        overdue=late,
        overdue_since=since,
        marks=tuple(marks),
    )


_TYPE_ORDER = {m.BoxType.WAITING: 0, m.BoxType.CARE: 1, m.BoxType.ABSENCE: 2, m.BoxType.EXIT: 3}


def _box_order(row) -> tuple:  # noqa: ANN001
    """Waiting rooms, care boxes, absences, exits; then by code."""
    return (_TYPE_ORDER.get(m.BoxType.parse(row.BO_Type), 1), row.BO_Code)


def build_board(conn: Connection, t: Tables, now: datetime) -> m.Board:
    cat = Catalogue(conn, t)  # 6 queries
    box_rows = sorted(conn.execute(select(t.box)).all(), key=_box_order)
    patient_rows = conn.execute(
        select(t.encours).order_by(t.encours.c.EC_HeureEntree, t.encours.c.EC_PK)
    ).all()
    # Every task, also those whose patient is gone: they go to a stand-in box below.
    task_rows = conn.execute(select(*(t.encours_taches.c[name] for name in TASK_COLUMNS))).all()

    boxes: dict[str, dict] = {}
    for r in box_rows:
        btype = m.BoxType.parse(r.BO_Type)
        boxes[r.BO_Code] = {
            "code": r.BO_Code,
            "label": r.BO_Libelle or r.BO_Code,
            "type": btype or m.BoxType.CARE,
            "capacity": max(_int(r.BO_Nb_Maxi_Pat) or 1, 1),
            "bg": r.BO_CouleurBG or None,
            "title": r.BO_CouleurTitre or None,
            "marks": () if btype else (m.MARK_UNKNOWN_TYPE,),
            "patients": [],
        }
    tasks_by_patient: dict[int, list] = defaultdict(list)
    for r in task_rows:
        tasks_by_patient[r[1]].append(r)

    for r in patient_rows:
        code = (r.EC_CodeBox or "").strip()
        marks: list[str] = []
        if code not in boxes:
            marks.append(m.MARK_UNKNOWN_BOX)
            boxes.setdefault(
                code,
                {
                    "code": code,
                    "label": f"? {code}" if code else "?",
                    "type": m.BoxType.WAITING,
                    "capacity": 0,
                    "bg": None,
                    "title": None,
                    "marks": (m.MARK_UNKNOWN_BOX,),
                    "patients": [],
                },
            )
        box = boxes[code]
        resp = cat.responsible(r.EC_Medecin)
        if resp is None and r.EC_Medecin:
            marks.append(m.MARK_UNKNOWN_RESPONSIBLE)
        tasks = [build_task(tr, r.EC_PK, box["type"], cat, now) for tr in tasks_by_patient[r.EC_PK]]
        tasks.sort(key=lambda tv: task_sort_key(tv.finished, tv.priority, tv.planned_start, tv.id))
        box["patients"].append(
            m.PatientView(
                id=r.EC_PK,
                box_code=code,
                guid=r.EC_GUIDPatient or None,
                last_name=r.EC_NomPatient or "",
                first_name=r.EC_PrenomPatient or None,
                responsible_code=r.EC_Medecin or None,
                responsible=resp,
                comment=r.EC_Commentaire or None,
                entered_at=r.EC_HeureEntree,
                moved_at=r.EC_HeureSortie,
                destination=r.EC_Destination or None,
                folded=_flag(r.EC_Replier),
                anonymous=_flag(r.EC_Anonyme),
                program=r.EC_ProgAnnexe or None,
                program_args=r.EC_ArgsAnnexe or None,
                tasks=tuple(tasks),
                marks=tuple(marks),
            )
        )
    known = {r.EC_PK for r in patient_rows}
    orphans = _orphan_patients(
        {pk: rows for pk, rows in tasks_by_patient.items() if pk not in known}, cat, now
    )
    if orphans:
        boxes[ORPHAN_BOX_CODE] = {
            "code": ORPHAN_BOX_CODE,
            "label": "? EN_PK_encours",
            "type": m.BoxType.WAITING,
            "capacity": 0,
            "bg": None,
            "title": None,
            "marks": (MARK_ORPHAN_TASK,),
            "patients": orphans,
        }
    revision = conn.execute(select(t.revision.c.RV_Valeur).where(t.revision.c.RV_Id == 1)).scalar()
    return m.Board(
        generated_at=now,
        boxes=tuple(
            m.BoxView(
                b["code"],
                b["label"],
                b["type"],
                b["capacity"],
                b["bg"],
                b["title"],
                tuple(b["patients"]),
                b["marks"],
            )
            for b in boxes.values()
        ),
        responsibles=cat.responsibles,
        states=cat.states,
        tasks=cat.tasks,
        destinations=cat.destinations,
        revision=revision,
    )


def _orphan_patients(lost: dict[int, list], cat: Catalogue, now: datetime) -> list:
    """Tasks whose patient row is gone (2.x deleted patients and left their tasks): one
    stand-in patient per lost EC_PK, marked; no lateness (nobody to treat). Its id is
    -EC_PK (stable across refreshes, never a real patient's); odd keys get -(10**9 + n)."""
    patients = []
    for n, pk in enumerate(sorted(lost, key=lambda v: (v is None, v or 0)), start=1):
        pid = -pk if isinstance(pk, int) and pk > 0 else -(10**9 + n)
        tasks = [
            replace(tv, marks=(*tv.marks, MARK_ORPHAN_TASK))
            for tv in (build_task(tr, pid, m.BoxType.EXIT, cat, now) for tr in lost[pk])
        ]
        tasks.sort(key=lambda tv: task_sort_key(tv.finished, tv.priority, tv.planned_start, tv.id))
        patients.append(
            m.PatientView(
                id=pid,
                box_code=ORPHAN_BOX_CODE,
                guid=None,
                last_name=f"#{pk}",
                first_name=None,
                responsible_code=None,
                responsible=None,
                comment=None,
                entered_at=None,
                moved_at=None,
                destination=None,
                folded=False,
                anonymous=False,
                program=None,
                program_args=None,
                tasks=tuple(tasks),
                marks=(MARK_ORPHAN_TASK,),
            )
        )
    return patients


def load_board(db: Database, now: datetime) -> m.Board:
    with db.connect() as conn:
        return build_board(conn, db.tables, now)
