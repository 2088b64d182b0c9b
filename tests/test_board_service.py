"""Board actions at the service level: one transaction, one history row, the manual's rules."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.seed import seed_reference
from tests.support.clock import T0


@pytest.fixture
def svc(db, clock):
    seed_reference(db)
    return BoardService(db, clock, actor="ecran-1")


def add_patient(svc, box="A1", name="D'ARTAGNAN", tasks=()):
    t = svc.t
    with svc.db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(
                EC_CodeBox=box,
                EC_NomPatient=name,
                EC_PrenomPatient="Charles",
                EC_HeureEntree=T0,
                EC_Medecin="ro",
                EC_GUIDPatient=f"g-{name}",
            )
        ).inserted_primary_key[0]
        ids = [
            conn.execute(
                t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache=code)
            ).inserted_primary_key[0]
            for code in tasks
        ]
    return pk, ids


def history(svc, pk):
    t = svc.t.historique
    with svc.db.engine.connect() as conn:
        return conn.execute(select(t).where(t.c.HI_NumEncours == str(pk)).order_by(t.c.HI_PK)).all()


def test_state_rules(svc, clock):
    pk, (task,) = add_patient(svc, tasks=["RX OS"])  # max 60 min, states 10 20 30 80 90
    clock.advance(minutes=5)
    svc.set_task_state(task, "20")
    tv = svc.snapshot().patient(pk).tasks[0]
    assert tv.started_at == T0 + timedelta(minutes=5)
    assert tv.planned_end == T0 + timedelta(minutes=65) and tv.ended_at is None
    clock.advance(minutes=10)
    svc.set_task_state(task, "80")  # ends the task
    tv = svc.snapshot().patient(pk).tasks[0]
    assert tv.finished and tv.ended_at == T0 + timedelta(minutes=15)
    assert tv.started_at == T0 + timedelta(minutes=5)  # unchanged by later states
    svc.set_task_state(task, "30")  # a non-final state after a final one: watched again
    tv = svc.snapshot().patient(pk).tasks[0]
    assert not tv.finished and tv.ended_at is None
    clock.advance(minutes=60)
    assert svc.snapshot().patient(pk).tasks[0].overdue.value == "end"
    rows = [r for r in history(svc, pk) if r.HI_Action == "TASK_STATE"]
    assert [(r.HI_Etat_avant, r.HI_Libelle_etat) for r in rows] == [
        (None, "Demandé"),
        ("Demandé", "Terminé"),
        ("Terminé", "En cours"),
    ]
    assert rows[0].HI_Libelle_tache == "Radio osseuse" and rows[0].HI_Code_acteur == "ecran-1"


def test_state_not_allowed_is_refused(svc):
    _pk, (task,) = add_patient(svc, tasks=["RX OS"])
    with pytest.raises(ActionRefused) as exc:
        svc.set_task_state(task, "25")  # Prélevé is a biology state
    assert exc.value.code == "state_not_allowed"


def test_capacity_counts_every_patient(svc):
    first, _ = add_patient(svc, name="UN")
    second, _ = add_patient(svc, name="DEUX")
    svc.move_patient(first, "S1")
    with pytest.raises(ActionRefused) as exc:
        svc.move_patient(second, "S1")
    assert exc.value.code == "box_full" and exc.value.params["capacity"] == 1
    assert svc.snapshot().patient(second).box_code == "A1"  # nothing half done


def test_move_to_exit_with_destination_and_exit_time_then_final_exit(svc, clock):
    pk, _ = add_patient(svc, tasks=["ECG"])
    exit_time = datetime(2026, 11, 23, 9, 42)
    svc.move_patient(pk, "SORT", destination="Transfert Hôpital Nord", exit_time=exit_time)
    p = svc.snapshot().patient(pk)
    assert (p.box_code, p.destination, p.moved_at, p.folded) == (
        "SORT",
        "Transfert Hôpital Nord",
        exit_time,
        True,
    )
    svc.final_exit(pk)
    assert svc.snapshot().patient(pk) is None
    t = svc.t
    with svc.db.engine.connect() as conn:
        arch = conn.execute(select(t.encours_archive).where(t.encours_archive.c.EC_PK == pk)).one()
        tasks = conn.execute(
            select(func.count())
            .select_from(t.encours_taches_archive)
            .where(t.encours_taches_archive.c.EN_PK_encours == pk)
        ).scalar()
        left = conn.execute(select(func.count()).select_from(t.encours_taches)).scalar()
    assert arch.EC_NomPatient == "D'ARTAGNAN" and arch.AR_Motif == "PATIENT_OUT" and tasks == 1
    assert left == 0
    assert [r.HI_Action for r in history(svc, pk)] == [
        "SET_PLACE",
        "SET_DESTINATION",
        "PATIENT_OUT",
    ]


def test_card_actions_write_history(svc):
    pk, (task,) = add_patient(svc, tasks=["ECG"])
    svc.set_anonymous(pk, True)
    svc.set_folded(pk, True)
    svc.set_comment(pk, "Allergie pénicilline ; 100% sûr")
    svc.set_responsible(pk, "sev")
    svc.delete_task(task)
    p = svc.snapshot().patient(pk)
    assert p.anonymous and p.folded and p.comment == "Allergie pénicilline ; 100% sûr"
    assert p.responsible.name == "Dr Sevin" and p.tasks == ()
    assert [r.HI_Action for r in history(svc, pk)] == [
        "SET_ANON",
        "SET_FOLD",
        "COMMENT",
        "SET_OWNER",
        "TASK_DELETE",
    ]
    with pytest.raises(ActionRefused):
        svc.set_responsible(pk, "nobody")
    with pytest.raises(ActionRefused):
        svc.delete_task(task)
