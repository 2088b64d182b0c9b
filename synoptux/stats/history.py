"""Reading the history of a stay: every event in order, who, what, from what to what.

Understands the rows 2.x wrote too (action texts, state labels): translated action
texts are mapped to codes, state labels are resolved to codes, a move without its
origin takes the box of the previous row of the same stay, and a state change
without its previous state takes the state of the previous change of that task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, func, or_, select

from synoptux.db.engine import Database
from synoptux.services.history import Action, action_code
from synoptux.stats.catalogue import StatsCatalogue

# Rows logged this long before the entry time still belong to the stay (clock skew
# between screens); older rows with the same number belong to an earlier stay.
SKEW = timedelta(hours=1)
GUID_RE = re.compile(
    r"^[{(]?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
    r"[0-9a-fA-F]{12}[})]?$"
)


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    pk: int
    when: datetime | None
    action: str  # stable code (Action value), or the raw text when unknown
    action_raw: str
    actor: str | None
    source: str | None
    box: str | None
    box_before: str | None
    task_code: str | None
    task_label: str | None
    task_id: int | None
    state_code: str | None
    state_label: str | None
    state_before: str | None
    responsible: str | None
    comment: str | None
    legacy: bool  # written by 2.x (or another old writer): some fields were reconstructed

    def change(self) -> tuple[str | None, str | None]:
        """(from, to) of the event, when it changes something that has a before and after."""
        if self.action == Action.SET_PLACE:
            return self.box_before, self.box
        if self.action == Action.TASK_STATE:
            return self.state_before, self.state_label
        if self.action == Action.SET_OWNER:
            return self.comment, self.responsible
        if self.action == Action.SET_TRIAGE:
            return self.state_before, self.state_code
        return None, None


@dataclass(frozen=True, slots=True)
class StaySummary:
    patient_id: int  # EC_PK (HI_NumEncours of its history rows)
    archive_id: int | None  # AR_PK when archived, None when still on the board
    last_name: str
    first_name: str | None
    guid: str | None
    entered_at: datetime | None
    left_at: datetime | None
    box: str | None
    destination: str | None
    reason: str | None

    @property
    def archived(self) -> bool:
        return self.archive_id is not None


def _events(
    conn: Connection, db: Database, patient_id: int, since: datetime | None, until: datetime | None
) -> list[HistoryEvent]:
    t = db.tables
    h = t.historique.c
    cat = StatsCatalogue.load(conn, t)
    cond = [h.HI_NumEncours == str(patient_id)]
    if since is not None:
        cond.append(or_(h.HI_Date >= since - SKEW, h.HI_Date.is_(None)))
    if until is not None:
        cond.append(or_(h.HI_Date <= until + SKEW, h.HI_Date.is_(None)))
    rows = conn.execute(select(t.historique).where(and_(*cond))).mappings().all()
    rows = sorted(rows, key=lambda r: (r["HI_Date"] or datetime.min, r["HI_PK"]))
    events: list[HistoryEvent] = []
    current_box: str | None = None
    task_state: dict[object, str] = {}
    for r in rows:
        raw = (r["HI_Action"] or "").strip()
        code = action_code(raw) or "?"
        legacy = raw != code or (r["HI_Source"] is None and r["HI_GUIDPatient"] is None)
        box, before = r["HI_Code_box"], r["HI_Box_avant"]
        if code == Action.SET_PLACE and not before:
            before = current_box
        state_code = state_label = state_before = None
        task_key = r["HI_Num_tache"] or r["HI_Code_tache"]
        if code == Action.TASK_STATE:
            state_code = cat.state_code(r["HI_Code_etat"], r["HI_Libelle_etat"])
            state_label = cat.state_label(state_code, r["HI_Libelle_etat"])
            state_before = r["HI_Etat_avant"] or task_state.get(task_key)
            task_state[task_key] = state_label
        elif code == Action.SET_TRIAGE:  # the level after and before
            state_code, state_before = r["HI_Code_etat"], r["HI_Etat_avant"]
        events.append(
            HistoryEvent(
                pk=r["HI_PK"],
                when=r["HI_Date"],
                action=code,
                action_raw=raw,
                actor=r["HI_Code_acteur"],
                source=r["HI_Source"],
                box=box,
                box_before=before,
                task_code=r["HI_Code_tache"],
                task_label=r["HI_Libelle_tache"]
                or (cat.task_label(r["HI_Code_tache"]) if r["HI_Code_tache"] else None),
                task_id=r["HI_Num_tache"],
                state_code=state_code,
                state_label=state_label if code == Action.TASK_STATE else r["HI_Libelle_etat"],
                state_before=state_before,
                responsible=r["HI_Code_resp"],
                comment=r["HI_Commentaire"],
                legacy=legacy,
            )
        )
        if box:
            current_box = box
    return events


def patient_events(db: Database, patient_id: int) -> list[HistoryEvent]:
    """Every logged event of a patient on the board (EC_PK), oldest first."""
    t = db.tables
    with db.connect() as conn:
        entered = conn.execute(
            select(t.encours.c.EC_HeureEntree).where(t.encours.c.EC_PK == patient_id)
        ).scalar()
        return _events(conn, db, patient_id, entered, None)


def stay_events(db: Database, archive_id: int) -> tuple[StaySummary, list[HistoryEvent]]:
    """An archived stay (AR_PK) and its events. KeyError when there is no such stay."""
    t = db.tables
    with db.connect() as conn:
        row = (
            conn.execute(select(t.encours_archive).where(t.encours_archive.c.AR_PK == archive_id))
            .mappings()
            .first()
        )
        if row is None:
            raise KeyError(archive_id)
        stay = _summary(row, archived=True)
        return stay, _events(conn, db, stay.patient_id, stay.entered_at, stay.left_at)


def _summary(row, *, archived: bool) -> StaySummary:
    return StaySummary(
        patient_id=int(row["EC_PK"]),
        archive_id=row["AR_PK"] if archived else None,
        last_name=row["EC_NomPatient"],
        first_name=row["EC_PrenomPatient"],
        guid=row["EC_GUIDPatient"],
        entered_at=row["EC_HeureEntree"],
        left_at=row["AR_Date_archive"] if archived else None,
        box=row["EC_CodeBox"],
        destination=row["EC_Destination"],
        reason=row["AR_Motif"] if archived else None,
    )


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _starts(col, word: str):
    """`col` begins with `word`, whatever the case. SQLite's lower() and LIKE only fold
    ASCII, so the upper and typed forms are tried too ('élo' finds 'ÉLODIE' and 'Élodie')."""
    forms = {word.lower(), word.upper(), word}
    return or_(
        func.lower(col).like(_like_prefix(word.lower()), escape="\\"),
        *[col.like(_like_prefix(f), escape="\\") for f in sorted(forms)],
    )


def search_stays(
    db: Database, text: str, *, limit: int = 200, include_current: bool = True
) -> list[StaySummary]:
    """Stays whose patient matches `text`: a MedinTux GUID (exact), or words that each
    begin the last or first name (any case). Newest first; current patients too."""
    query = (text or "").strip()
    if not query:
        return []
    t = db.tables
    results: list[StaySummary] = []
    sources = [(t.encours_archive, True)] + ([(t.encours, False)] if include_current else [])
    with db.connect() as conn:
        for table, archived in sources:
            c = table.c
            if GUID_RE.match(query):
                where = func.lower(c.EC_GUIDPatient) == query.strip("{}()").lower()
            else:
                where = and_(
                    *[
                        or_(_starts(c.EC_NomPatient, word), _starts(c.EC_PrenomPatient, word))
                        for word in query.split()
                    ]
                )
            order = c.EC_HeureEntree.desc()
            for row in conn.execute(
                select(table).where(where).order_by(order).limit(limit)
            ).mappings():
                results.append(_summary(row, archived=archived))
    results.sort(key=lambda s: s.entered_at or datetime.min, reverse=True)
    return results[:limit]


def patient_summary(db: Database, patient_id: int) -> StaySummary | None:
    """The stay of a patient on the board, or None when he left it."""
    t = db.tables
    with db.connect() as conn:
        row = (
            conn.execute(select(t.encours).where(t.encours.c.EC_PK == patient_id))
            .mappings()
            .first()
        )
    return _summary(row, archived=False) if row is not None else None
