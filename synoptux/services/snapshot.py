"""The whole board as plain data, in a fixed number of queries.

Eleven SELECTs whatever the number of patients (no N+1: 2.x defect 12). No patient
is ever dropped: a patient in an unknown box goes into a marked stand-in box, an
unknown responsible, task code or state is kept and marked. Tasks whose patient is
gone (2.x's exit plug script deleted the patient and left them) stay off the wall,
as 2.x kept them: `doctor` lists them and the administration attaches or archives
them (`services.admin.orphans`).

While the responsible table is empty, the responsibles are MedinTux's `Personnes`,
read as 2.x read them (`services.people`; one more query, at most once a minute).
A 2.x database opened before its upgrade is read through its actual `Shape`
(missing tables and columns read as empty).

Vigilance adds, as plain data on each `PatientView` (what the wall, `board --json` and the
web view show): the triage level (`triage`, from `EC_Niveau_Tri` and the scale
`niveaux_tri`; a code the scale lacks is kept in `triage_code` and marked) and its
lateness, the acknowledgements of each alarm (`TaskView.acks`, `triage_acks`) and their
states under the board's `AlarmPolicy`, the look-alike names of the other patients on the
board (`homonyms`, `domain.homonyms`; patients of `Sortie` boxes are left out: they have
left) and an identity to check (`identity_check`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, literal, select

from synoptux.db.engine import Database
from synoptux.db.readonly import Shape, shape_of
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.acks import TRIAGE, alarm_state, current_ack
from synoptux.domain.rules import overdue, task_sort_key
from synoptux.domain.triage import find_level, level_code, triage_late_since
from synoptux.domain.values import whole_number as _int
from synoptux.services.people import people_fallback
from synoptux.services.snapshot_ward import add_homonyms, read_acks

QUERY_COUNT = 11
_POLICY = m.AlarmPolicy()
# A late task must change colour even when its catalogue entry has no alarm colour.
DEFAULT_ALARM_COLOR = "#dc2626"
# Orphan tasks (their patient row is gone) are no longer put on the wall (2.x hid them):
# the names stay for the UI code that still knows the stand-in box it never gets now.
MARK_ORPHAN_TASK = "orphan_task"
ORPHAN_BOX_CODE = "#orphans"


def _rows(conn: Connection, table: Table, shape: Shape | None, *order: ColumnElement[Any]):
    """Every row of `table` (with its full set of columns, missing ones read as NULL);
    no query at all for a table the database does not have (a 2.x database)."""
    if shape is None:
        return conn.execute(select(table).order_by(*order))
    if not shape.has_table(table.name):
        return []
    cols = [
        c if shape.has(table.name, c.name) else literal(None, c.type).label(c.name) for c in table.c
    ]
    return conn.execute(select(*cols).order_by(*order))


class Catalogue:
    """Reference tables, indexed for resolution: the one catalogue of the board, the
    administration and the statistics (`stats.catalogue` is a view over it). Without
    `people` the responsibles are not read (the statistics name no one)."""

    def __init__(
        self, conn: Connection, t: Tables, shape: Shape | None = None, *, people: bool = True
    ) -> None:
        self.states = tuple(
            m.StateDef(
                r.ET_Code_etat,
                r.ET_Libelle_etat or r.ET_Code_etat,
                r.ET_Couleur_etat,
                r.ET_Tache_terminee,
            )
            for r in _rows(conn, t.etats, shape, t.etats.c.ET_Code_etat)
        )
        self.state_by_code = {s.code: s for s in self.states}
        self.state_by_label: dict[str, m.StateDef] = {}
        for s in self.states:
            self.state_by_label.setdefault(s.label.strip().lower(), s)
        allowed: dict[str, list[m.StateDef]] = defaultdict(list)
        for r in _rows(
            conn,
            t.etats_taches,
            shape,
            t.etats_taches.c.ST_Code_tache,
            t.etats_taches.c.ST_Code_etat,
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
                max_minutes=r.TA_Duree_maxi or None,
                mode="M" if (r.TA_BoutonMenu or "B").strip().upper().startswith("M") else "B",
                default_priority=r.TA_Priorite,
                default_comment=r.TA_Commentaire,
                states=tuple(allowed.get(r.TA_Code_tache, ())),
            )
            for r in _rows(conn, t.taches, shape, t.taches.c.TA_Code_tache)
        )
        self.task_by_code = {d.code: d for d in self.tasks}
        self._allowed_index: dict[str, tuple[dict, dict]] = {}
        self.responsibles: tuple[m.Responsible, ...] = ()
        if people:
            self.responsibles = tuple(
                m.Responsible(r.RE_Code, r.RE_Nom or r.RE_Code, r.RE_Couleur, r.RE_GUID)
                for r in _rows(conn, t.responsables, shape, t.responsables.c.RE_Nom)
            )
        self.people_source = "responsables"
        if people and not self.responsibles:  # 2.x's own source until the site imports its people
            fallback = people_fallback(conn.engine)
            self.responsibles = fallback.people(conn)
            self.people_source = fallback.source
        self._resp_index: dict[str, m.Responsible] = {}
        for r in self.responsibles:
            self._resp_index.setdefault(r.code, r)
            self._resp_index.setdefault(r.code.lower(), r)
            if r.guid:
                self._resp_index.setdefault(r.guid, r)
                self._resp_index.setdefault(r.guid.lower(), r)
        self.destinations = tuple(
            m.Destination(r.DE_PK, r.DE_Destination or "", (r.DE_TypeSortie or "Sortie").strip())
            for r in _rows(conn, t.destinations, shape, t.destinations.c.DE_Destination)
        )
        self.triage_levels = tuple(
            m.TriageLevel(
                r.NT_Code,
                r.NT_Libelle or r.NT_Code,
                r.NT_Couleur or None,
                r.NT_Delai_mn,
                r.NT_Ordre or 0,
                r.NT_Echelle or "",
            )
            for r in sorted(
                _rows(conn, t.triage_levels, shape),
                key=lambda r: (r.NT_Ordre or 0, r.NT_Code),
            )
        )

    def responsible(self, raw: str | None) -> m.Responsible | None:
        if not raw:
            return None
        return self._resp_index.get(raw.strip()) or self._resp_index.get(raw.strip().lower())

    def state(self, raw: str | None, task_code: str | None = None) -> m.StateDef | None:
        """The state `EN_Etat_en_cours` names. 2.x wrote the label (and so do we), older rows
        and other writers the code: accept both. The task's own allowed states come first,
        code then label, so that a label two states share resolves to the one this task
        can be in; then every state, code then label."""
        if raw is None or not str(raw).strip():
            return None
        raw = str(raw).strip()
        if task_code is not None:
            by_code, by_label = self._allowed(task_code)
            found = by_code.get(raw) or by_label.get(raw.lower())
            if found is not None:
                return found
        return self.state_by_code.get(raw) or self.state_by_label.get(raw.lower())

    def _allowed(self, task_code: str) -> tuple[dict, dict]:
        index = self._allowed_index.get(task_code)
        if index is None:
            tdef = self.task_by_code.get(task_code)
            states = tdef.states if tdef and tdef.states else ()
            by_label: dict[str, m.StateDef] = {}
            for s in states:
                by_label.setdefault(s.label.strip().lower(), s)
            index = self._allowed_index[task_code] = ({s.code: s for s in states}, by_label)
        return index

    def stored_state(self, state: m.StateDef, task_code: str | None, width: int | None) -> str:
        """What to write in `EN_Etat_en_cours` for `state`: its label, as 2.x writes and
        compares it (a 2.x screen beside ours highlights the same button), when the label
        fits the column and reads back as this very state for this task; else its code
        (two states sharing a label, or a label longer than the column)."""
        label = state.label
        fits = width is None or len(label) <= width
        if fits and label.strip() and self.state(label, task_code) == state:
            return label
        return state.code


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
    row,
    patient_id: int,
    box_type: m.BoxType | None,
    cat: Catalogue,
    now: datetime,
    acks: tuple[m.Ack, ...] = (),
    policy: m.AlarmPolicy | None = None,
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
    state = cat.state(raw_state, code)
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
        acks=acks,
        alarm=alarm_state(since, current_ack(acks, late.value, since), now, policy or _POLICY)
        if late
        else "",
    )


_TYPE_ORDER: dict[m.BoxType | None, int] = {
    m.BoxType.WAITING: 0,
    m.BoxType.CARE: 1,
    m.BoxType.ABSENCE: 2,
    m.BoxType.EXIT: 3,
}


def _box_order(row) -> tuple:
    """Waiting rooms, care boxes, absences, exits; then by code."""
    return (_TYPE_ORDER.get(m.BoxType.parse(row.BO_Type), 1), row.BO_Code)


def build_board(
    conn: Connection,
    t: Tables,
    now: datetime,
    shape: Shape | None = None,
    policy: m.AlarmPolicy | None = None,
    catalogue: Catalogue | None = None,
) -> m.Board:
    """The board as the database holds it now. `catalogue`: the reference tables as read
    for an earlier board, when the caller knows none of them changed since (the live feed:
    `services.live.BoardFeed`); read here otherwise."""
    policy = policy or m.AlarmPolicy()
    # 7 queries (8 while the responsibles come from Personnes)
    cat = catalogue if catalogue is not None else Catalogue(conn, t, shape)
    box_rows = sorted(_rows(conn, t.box, shape), key=_box_order)
    patient_rows = list(
        _rows(conn, t.encours, shape, t.encours.c.EC_HeureEntree, t.encours.c.EC_PK)
    )
    task_cols: list[ColumnElement[Any]] = [t.encours_taches.c[name] for name in TASK_COLUMNS]
    if shape is not None:
        task_cols = [
            c if shape.has(t.encours_taches.name, c.name) else literal(None, c.type).label(c.name)
            for c in task_cols
        ]
    task_rows = conn.execute(select(*task_cols)).all()
    task_acks, triage_acks = read_acks(conn, t, shape)

    boxes: dict[str, dict] = {}
    for r in box_rows:
        btype = m.BoxType.parse(r.BO_Type)
        boxes[r.BO_Code] = {
            "code": r.BO_Code,
            "label": r.BO_Libelle or r.BO_Code,
            "type": btype or m.BoxType.CARE,
            "capacity": max(r.BO_Nb_Maxi_Pat or 1, 1),
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
        tasks = [
            build_task(tr, r.EC_PK, box["type"], cat, now, task_acks.get(tr[0], ()), policy)
            for tr in tasks_by_patient[r.EC_PK]
        ]
        tasks.sort(key=lambda tv: task_sort_key(tv.finished, tv.priority, tv.planned_start, tv.id))
        tri = level_code(r.EC_Niveau_Tri)
        level = find_level(cat.triage_levels, tri)
        if tri is not None and level is None:
            marks.append(m.MARK_UNKNOWN_TRIAGE)
        t_acks = triage_acks.get(r.EC_PK, ())
        t_since = triage_late_since(
            level=level,
            entered_at=r.EC_HeureEntree,
            has_responsible=bool(r.EC_Medecin),
            box_type=box["type"],
            now=now,
        )
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
                folded=r.EC_Replier,
                anonymous=r.EC_Anonyme,
                program=r.EC_ProgAnnexe or None,
                program_args=r.EC_ArgsAnnexe or None,
                tasks=tuple(tasks),
                marks=tuple(marks),
                triage=level,
                triage_code=tri,
                triage_late_since=t_since,
                triage_acks=t_acks,
                triage_alarm=alarm_state(
                    t_since, current_ack(t_acks, TRIAGE, t_since), now, policy
                ),
                triage_unrecorded=tri != level_code(r.EC_Tri_Trace),
                identity_check=(r.EC_Identite_A_Verifier or "").strip() or None,
            )
        )
    add_homonyms(boxes)
    # Tasks whose patient is gone are not shown (see the module docstring).
    revision = None
    if shape is None or shape.has_table(t.revision.name):
        revision = conn.execute(
            select(t.revision.c.RV_Valeur).where(t.revision.c.RV_Id == 1)
        ).scalar()
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
        triage_levels=cat.triage_levels,
        policy=policy,
    )


def load_board(db: Database, now: datetime, policy: m.AlarmPolicy | None = None) -> m.Board:
    with db.connect() as conn:
        return build_board(conn, db.tables, now, shape_of(db), policy)
