"""Reference data and demo patients for `synoptux init-db [--demo]`.

Each reference table is filled only when it is empty, and the demo only when
the board has no patient: running init-db again never adds or rewrites a row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, func, select

from synoptux.db.engine import Database, inserted_key
from synoptux.services import seed_data as data
from synoptux.services.history import Action, record


@dataclass
class SeedReport:
    filled: list[str] = field(default_factory=list)
    demo_patients: int = 0


def _empty(conn: Connection, table: Table) -> bool:
    return conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


def seed_reference(db: Database) -> SeedReport:
    t = db.tables
    report = SeedReport()

    def tx(conn: Connection) -> None:
        if _empty(conn, t.box):
            conn.execute(
                t.box.insert(),
                [
                    dict(
                        BO_Code=c,
                        BO_Libelle=lb,
                        BO_CouleurBG=bg,
                        BO_CouleurTitre=tc,
                        BO_Nb_Maxi_Pat=cap,
                        BO_Type=ty,
                    )
                    for c, lb, bg, tc, cap, ty in data.BOXES
                ],
            )
            report.filled.append(t.box.name)
        if _empty(conn, t.etats):
            conn.execute(
                t.etats.insert(),
                [
                    dict(
                        ET_Code_etat=c,
                        ET_Libelle_etat=lb,
                        ET_Couleur_etat=col,
                        ET_Tache_terminee=end,
                    )
                    for c, lb, col, end in data.STATES
                ],
            )
            report.filled.append(t.etats.name)
        if _empty(conn, t.taches):
            conn.execute(
                t.taches.insert(),
                [
                    dict(
                        TA_Code_tache=c,
                        TA_Libelle_tache=lb,
                        TA_Couleur_tache=col,
                        TA_Couleur_alarme=al,
                        TA_Duree_maxi=mx,
                        TA_BoutonMenu=mode,
                        TA_Priorite=prio,
                        TA_Commentaire=com or None,
                    )
                    for c, lb, col, al, mx, mode, prio, com, _ in data.TASKS
                ],
            )
            report.filled.append(t.taches.name)
        if _empty(conn, t.etats_taches):
            conn.execute(
                t.etats_taches.insert(),
                [
                    dict(ST_Code_tache=c, ST_Code_etat=s)
                    for c, *_rest, states in data.TASKS
                    for s in states
                ],
            )
            report.filled.append(t.etats_taches.name)
        if _empty(conn, t.destinations):
            conn.execute(
                t.destinations.insert(),
                [dict(DE_Destination=d, DE_TypeSortie=k) for d, k in data.DESTINATIONS],
            )
            report.filled.append(t.destinations.name)
        if _empty(conn, t.responsables):
            conn.execute(
                t.responsables.insert(),
                [dict(RE_Code=c, RE_Nom=n, RE_Couleur=col) for c, n, col in data.RESPONSIBLES],
            )
            report.filled.append(t.responsables.name)

    db.transaction(tx)
    return report


def _demo_ack(  # conn, t
    conn, t, patient: dict, tid: int, code: str, since: datetime, by: str, when: datetime
) -> None:
    """An acknowledged late-to-finish alarm, as `BoardService.acknowledge` writes it."""
    conn.execute(
        t.acks.insert().values(
            AQ_NumEncours=patient["EC_PK"],
            AQ_Num_tache=tid,
            AQ_Type="end",
            AQ_Depuis=since,
            AQ_Date=when,
            AQ_Par=by,
            AQ_Poste="demo",
            AQ_Code_tache=code,
        )
    )
    record(
        conn, t, Action.ALARM_ACK, when=when, patient=patient, task_code=code, task_id=tid,
        state_code="end", comment=f"{by} (end, late since {since:%H:%M})", source="demo",
    )  # fmt: skip


def seed_demo(db: Database, now: datetime, report: SeedReport | None = None) -> SeedReport:
    """About 25 patients over the boxes, tasks in every state, some late."""
    t = db.tables
    report = report or SeedReport()
    ends = {c for c, _l, _col, end in data.STATES if end}
    labels = {c: lb for c, lb, *_ in data.STATES}
    task_labels = {c: lb for c, lb, *_ in data.TASKS}
    max_minutes = {c: m for c, _lb, _col, _al, m, *_ in data.TASKS}

    def at(minutes: int | None) -> datetime | None:
        return None if minutes is None else now + timedelta(minutes=minutes)

    def tx(conn: Connection) -> None:
        if not _empty(conn, t.encours):
            return
        for box, last, first, resp, comment, since, folded, tasks in data.DEMO_PATIENTS:
            entered = now - timedelta(minutes=since)
            dest, moved = None, entered + timedelta(minutes=min(10, since // 2))
            if last in data.DEMO_EXITS:
                dest, ago = data.DEMO_EXITS[last]
                moved = now - timedelta(minutes=ago)
            elif last in data.DEMO_ABSENCES:
                dest = data.DEMO_ABSENCES[last]
            guid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"synoptux-demo/{last}/{first}"))
            values: dict[str, Any] = dict(
                EC_CodeBox=box,
                EC_NomPatient=last,
                EC_PrenomPatient=first,
                EC_HeureEntree=entered,
                EC_HeureSortie=moved,
                EC_Medecin=resp,
                EC_GUIDPatient=guid,
                EC_Replier=folded,
                EC_Anonyme=0,
                EC_Commentaire=comment,
                EC_Destination=dest,
                EC_ProgAnnexe="drtux",
                EC_ArgsAnnexe=f"{resp or ''}|{resp or ''}|{guid}|6521",
                EC_Niveau_Tri=data.DEMO_TRIAGE.get(last),
                EC_Tri_Trace=data.DEMO_TRIAGE.get(last),
            )
            pk = inserted_key(conn.execute(t.encours.insert().values(**values)))
            patient = {**values, "EC_PK": pk}
            record(conn, t, Action.PATIENT_IN, when=entered, patient=patient, source="demo")
            if values["EC_Niveau_Tri"]:
                record(
                    conn,
                    t,
                    Action.SET_TRIAGE,
                    when=entered,
                    patient=patient,
                    state_code=values["EC_Niveau_Tri"],
                    source="demo",
                )
            for code, state, dstart, dend, started_ago, prio, tcomment in tasks:
                started = now - timedelta(minutes=started_ago) if started_ago is not None else None
                ended = None
                if state in ends and started is not None and started_ago is not None:
                    ended = min(now, started + timedelta(minutes=max(5, started_ago // 3)))
                tid = inserted_key(
                    conn.execute(
                        t.encours_taches.insert().values(
                            EN_PK_encours=pk,
                            EN_Code_tache=code,
                            EN_Comment=tcomment or None,
                            EN_Etat_en_cours=state,
                            EN_HeureDebPrevue=at(dstart),
                            EN_HeureFinPrevue=at(dend),
                            EN_HeureDebut=started,
                            EN_HeureFin=ended,
                            EN_Priorite=prio,
                            EN_Note_tache="Prescription : "
                            + task_labels[code]
                            + (f" — {tcomment}" if tcomment else "")
                            if prio == 1
                            else None,
                        )
                    )
                )
                for who, task, by, ago in data.DEMO_ACKS:
                    # late to finish since its planned end, or its start + its maximum
                    late_since = at(dend) or (
                        started + timedelta(minutes=max_minutes[code]) if started else None
                    )
                    if (who, task) == (last, code) and late_since is not None:
                        when = now - timedelta(minutes=ago)
                        _demo_ack(conn, t, patient, tid, code, late_since, by, when)
                if started is not None:
                    record(
                        conn,
                        t,
                        Action.TASK_STATE,
                        when=started,
                        patient=patient,
                        task_code=code,
                        task_label=task_labels[code],
                        state_code=state,
                        state_label=labels[state],
                        source="demo",
                    )
            report.demo_patients += 1

    db.transaction(tx)
    return report
