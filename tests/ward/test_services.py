"""Triage, acknowledgements and identity through the services, on SQLite and MariaDB."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from synoptux.domain.acks import ACTIVE, SNOOZED
from synoptux.domain.alarms import TRIAGE_TASK_ID, late_items
from synoptux.domain.clock import FakeClock
from synoptux.domain.model import MARK_UNKNOWN_TRIAGE, AlarmPolicy
from synoptux.ingest.convert import to_new_entry
from synoptux.ingest.parser import parse_entry
from synoptux.services.board import BoardService
from synoptux.services.entries import EntryService
from synoptux.services.errors import ActionRefused
from synoptux.services.export import board_dict
from synoptux.services.seed import seed_reference
from synoptux.services.snapshot import load_board
from tests.support.clock import T0


@pytest.fixture
def ref(db):
    seed_reference(db)
    return db


def macro_patient(db, name: str, box: str = "A1", triage: str | None = None, **kw) -> int:
    """A patient inserted as a MedinTux macro does (plus the new column when given)."""
    values = dict(
        EC_CodeBox=box, EC_NomPatient=name, EC_PrenomPatient=kw.pop("first", "Jean"),
        EC_HeureEntree=kw.pop("entered", T0), EC_Medecin=kw.pop("resp", None),
        EC_GUIDPatient=kw.pop("guid", None), EC_Replier=0,
    )  # fmt: skip
    if triage is not None:
        values["EC_Niveau_Tri"] = triage
    t = db.tables
    with db.engine.begin() as conn:
        return conn.execute(t.encours.insert().values(**values)).inserted_primary_key[0]


def history(db, pk: int, action: str) -> list:
    h = db.tables.historique
    with db.connect() as conn:
        return list(
            conn.execute(
                select(h).where(h.c.HI_NumEncours == str(pk), h.c.HI_Action == action)
            ).mappings()
        )


def test_schema_ships_the_french_scale_and_2x_inserts_still_work(ref) -> None:
    board = load_board(ref, T0)
    assert [lv.code for lv in board.triage_levels] == ["1", "2", "3A", "3B", "4", "5"]
    # the macro's own INSERT (no new column named) works unchanged
    with ref.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_Medecin,"
                " EC_GUIDPatient, EC_Replier, EC_Commentaire, EC_HeureEntree, EC_ProgAnnexe,"
                " EC_ArgsAnnexe) VALUES ('A1', 'MACRO', 'Old', '', 'G-1', 0, '',"
                " '2026-11-23 09:00:00', '', '')"
            )
        )
    p = next(p for p in load_board(ref, T0).patients() if p.last_name == "MACRO")
    assert p.triage is None and p.triage_code is None and not p.triage_unrecorded


def test_set_triage_writes_the_level_and_the_history(ref) -> None:
    clock = FakeClock(T0)
    svc = BoardService(ref, clock, actor="poste-1")
    pk = macro_patient(ref, "DURAND")
    svc.set_triage(pk, "tri 3b")
    p = load_board(ref, T0).patient(pk)
    assert p.triage.code == "3B" and p.triage.target_minutes == 90 and not p.triage_unrecorded
    svc.set_triage(pk, "2")
    svc.set_triage(pk, None)
    rows = history(ref, pk, "SET_TRIAGE")
    assert [(r["HI_Code_etat"], r["HI_Etat_avant"]) for r in rows] == [
        ("3B", None),
        ("2", "3B"),
        (None, "2"),
    ]
    assert rows[0]["HI_Code_acteur"] == "poste-1"
    with pytest.raises(ActionRefused) as refused:
        svc.set_triage(pk, "9")
    assert refused.value.code == "triage_unknown"


def test_a_macro_level_is_shown_and_recorded_once(ref) -> None:
    pk = macro_patient(ref, "MACRO", triage=" 2 ")
    unknown = macro_patient(ref, "AUTRE", triage="ZZ")
    board = load_board(ref, T0)
    p = board.patient(pk)
    assert p.triage.code == "2" and p.triage_unrecorded
    assert board.patient(unknown).triage is None
    assert MARK_UNKNOWN_TRIAGE in board.patient(unknown).marks
    one, two = BoardService(ref, FakeClock(T0)), BoardService(ref, FakeClock(T0))
    assert one.record_outside_triage([pk, unknown]) == [pk, unknown]
    assert two.record_outside_triage([pk, unknown]) == []  # the other screen: already done
    assert len(history(ref, pk, "SET_TRIAGE")) == 1
    assert not load_board(ref, T0).patient(pk).triage_unrecorded


def test_late_triage_is_acknowledged_then_escalates_again(ref) -> None:
    clock = FakeClock(T0 + timedelta(minutes=25))
    svc = BoardService(ref, clock, actor="poste-2")
    pk = macro_patient(ref, "DURAND", triage="2")
    board = load_board(ref, clock.now())
    assert board.patient(pk).triage_alarm == ACTIVE
    item = next(i for i in late_items(board, clock.now()) if i.patient_id == pk)
    assert item.task_id == TRIAGE_TASK_ID
    svc.acknowledge(pk, None, "ro")
    board = load_board(ref, clock.now())
    p = board.patient(pk)
    assert p.triage_alarm == SNOOZED and p.triage_acks[0].by == "Dr Rossi"
    rows = history(ref, pk, "ALARM_ACK")
    assert len(rows) == 1 and "Dr Rossi" in rows[0]["HI_Commentaire"]
    # a responsible set: no longer late, nothing to acknowledge
    svc.set_responsible(pk, "ro")
    with pytest.raises(ActionRefused) as refused:
        svc.acknowledge(pk, None)
    assert refused.value.code == "not_late"


def test_acknowledging_a_late_task_is_shared_by_every_screen(ref) -> None:
    clock = FakeClock(T0)
    pk = macro_patient(ref, "MARTIN", resp="ro")
    t = ref.tables
    with ref.engine.begin() as conn:
        tid = conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=pk, EN_Code_tache="ECG", EN_HeureDebPrevue=T0 - timedelta(minutes=10)
            )
        ).inserted_primary_key[0]
    svc = BoardService(ref, clock, actor="poste-1")
    svc.acknowledge(pk, tid)  # by the screen
    other = load_board(ref, T0 + timedelta(minutes=5), AlarmPolicy(15, 20))  # another screen
    task = other.patient(pk).tasks[0]
    assert task.alarm == SNOOZED and task.acks[0].by == "poste-1" and task.acks[0].kind == "start"
    assert load_board(ref, T0 + timedelta(minutes=15)).patient(pk).tasks[0].alarm == ACTIVE
    with ref.connect() as conn:
        row = conn.execute(select(t.acks)).mappings().one()
    assert row["AQ_Num_tache"] == tid and row["AQ_Code_tache"] == "ECG"
    assert row["AQ_Depuis"] == T0 - timedelta(minutes=10) and row["AQ_Poste"] == "poste-1"
    # the change log tells the other screens
    with ref.connect() as conn:
        logged = conn.execute(
            select(func.count()).where(t.changes.c.CH_Table == "synoptux_acquittements")
        ).scalar()
    assert logged == 1
    # a task no longer late: refused
    svc.set_task_state(tid, "80")
    with pytest.raises(ActionRefused):
        svc.acknowledge(pk, tid)


def test_the_json_board_carries_triage_marks_and_acks(ref) -> None:
    a = macro_patient(ref, "LETELLIER", triage="3A")
    b = macro_patient(ref, "LETTELIER", box="S1")
    data = board_dict(load_board(ref, T0 + timedelta(hours=2)))
    pa = next(p for box in data["boxes"] for p in box["patients"] if p["id"] == a)
    assert pa["triage"]["code"] == "3A" and pa["triage"]["color"]
    assert pa["triage"]["late_since"] == "2026-11-23T11:00:00"
    assert pa["homonyms"] == [
        {"patient": b, "box": "S1", "box_label": "Box 1", "reason": "spelling"}
    ]


ENTRY = """[Entree]
Code_Box=A1
Nom_Patient={last}
Prenom_Patient={first}
GUID_Patient=G-42
{extra}
[Tache_1]
Code_Tache=ECG
"""


def apply(db, last: str, first: str = "Marie", extra: str = "") -> object:
    data = ENTRY.format(last=last, first=first, extra=extra).encode()
    entry, warnings = to_new_entry(parse_entry(data), T0)
    outcome = EntryService(db, default_box="A1").apply(entry, now=T0)
    outcome.warnings[:0] = warnings
    return outcome


def test_entry_files_set_and_change_the_triage_level(ref) -> None:
    first = apply(ref, "DUPONT", extra="Niveau_Tri=tri 3a")
    p = load_board(ref, T0).patient(first.patient_id)
    assert p.triage.code == "3A" and not p.triage_unrecorded
    again = apply(ref, "DUPONT", extra="Niveau_Tri=2")
    assert again.merged and load_board(ref, T0).patient(first.patient_id).triage.code == "2"
    rows = history(ref, first.patient_id, "SET_TRIAGE")
    assert [r["HI_Code_etat"] for r in rows] == ["3A", "2"]
    odd = apply(ref, "AUTRE", extra="Niveau_Tri=X9").warnings
    assert any("unknown triage level" in w for w in odd)


def test_a_guid_with_another_name_is_applied_and_flagged(ref) -> None:
    first = apply(ref, "DUPONT")
    variant = apply(ref, "Dupond")  # a spelling variant: not another person
    assert variant.merged and not any("identity" in w for w in variant.warnings)
    assert load_board(ref, T0).patient(first.patient_id).identity_check is None
    other = apply(ref, "DURAND", "Paul")
    assert other.merged and len(other.task_ids) == 1  # its task is not lost
    assert any("identity to check" in w for w in other.warnings)
    p = load_board(ref, T0).patient(first.patient_id)
    assert p.identity_check == "DURAND Paul" and len(p.tasks) == 3
    assert "DURAND Paul" in history(ref, p.id, "IDENTITY_CHECK")[0]["HI_Commentaire"]
    BoardService(ref, FakeClock(T0)).confirm_identity(p.id)
    assert load_board(ref, T0).patient(p.id).identity_check is None
    assert len(history(ref, p.id, "IDENTITY_OK")) == 1
