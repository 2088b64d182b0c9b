"""Admin services on SQLite and MariaDB: validation, refusals when in use, history, feed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from synoptux.services.admin import (
    AdminService,
    BoxRecord,
    DestinationRecord,
    ResponsibleRecord,
    StateRecord,
    TaskRecord,
)
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from tests.support.admin import add_patient, history, revision

S9 = BoxRecord("S9", "Box 9", "#F0F7FF", "#1e429f", 1, "Soins")


def codes(records) -> list[str]:
    return [r.code for r in records]


def test_box_create_edit_delete_with_history_and_feed(admin: AdminService) -> None:
    rev = revision(admin.db)
    change = admin.save_box(S9)
    assert change.reference and "S9" in change.box_codes
    assert revision(admin.db) > rev  # every open board sees it (change feed)
    box = next(b for b in admin.list_boxes() if b.code == "S9")
    assert box.bg_color == "#f0f7ff"  # normalised
    admin.save_box(BoxRecord("S9", "Box 9 (trauma)", None, "#000000", 2, "Soins"), "S9")
    box = next(b for b in admin.list_boxes() if b.code == "S9")
    assert (box.label, box.capacity, box.bg_color) == ("Box 9 (trauma)", 2, None)
    admin.delete_box("S9")
    assert "S9" not in codes(admin.list_boxes())
    assert history(admin.db) == [
        "box S9 created (Box 9, Soins, capacity 1)",
        "box S9 edited (Box 9 (trauma), Soins, capacity 2)",
        "box S9 deleted",
    ]


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (BoxRecord("", "x"), "code"),
        (BoxRecord("  ", "x"), "code"),
        (BoxRecord("S9", ""), "label"),
        (BoxRecord("S9", "x", "red"), "bg_color"),
        (BoxRecord("S9", "x", None, "#12345"), "title_color"),
        (BoxRecord("S9", "x", capacity=0), "capacity"),
        (BoxRecord("S9", "x", type="Cuisine"), "type"),
        (BoxRecord("X" * 46, "x"), "code"),
    ],
)
def test_box_bad_input_is_refused_and_writes_nothing(admin: AdminService, record, field) -> None:
    before = admin.list_boxes()
    with pytest.raises(ActionRefused) as info:
        admin.save_box(record)
    assert info.value.code == "invalid" and info.value.params["field"] == field
    assert admin.list_boxes() == before and history(admin.db) == []


def test_codes_are_unique_case_insensitively(admin: AdminService) -> None:
    for dup in ("S1", "s1"):
        with pytest.raises(ActionRefused) as info:
            admin.save_box(BoxRecord(dup, "again"))
        assert info.value.code == "code_taken"
    with pytest.raises(ActionRefused):
        admin.save_state(StateRecord("10", "Doublon"))
    with pytest.raises(ActionRefused):
        admin.save_task(TaskRecord("ecg", "Doublon"))
    with pytest.raises(ActionRefused):
        admin.save_responsible(ResponsibleRecord("RO", "Doublon"))
    with pytest.raises(ActionRefused):  # rename onto another existing code
        admin.save_box(BoxRecord("S2", "Box 1"), "S1")


def test_delete_box_with_patients_is_refused_then_move_then_delete(admin: AdminService) -> None:
    admin.save_box(BoxRecord("S9", "Box 9", capacity=2))
    p1 = add_patient(admin.db, "S9", "MARTIN")
    p2 = add_patient(admin.db, "S9", "D'ARTAGNAN")
    with pytest.raises(ActionRefused) as info:
        admin.delete_box("S9")
    assert info.value.code == "box_in_use" and info.value.params["count"] == 2
    with pytest.raises(ActionRefused) as info:  # S1 holds one place only
        admin.move_box_patients("S9", "S1")
    assert info.value.code == "box_full"
    with pytest.raises(ActionRefused):  # a used code cannot be renamed (macros write it)
        admin.save_box(BoxRecord("S10", "Box 9", capacity=2), "S9")
    admin.move_box_patients("S9", "A1")
    board = BoardService(admin.db, admin.clock).snapshot()
    waiting = next(b for b in board.boxes if b.code == "A1")
    assert {p.id for p in waiting.patients} == {p1, p2}
    assert len(history(admin.db, "SET_PLACE")) == 2
    admin.delete_box("S9")
    assert "S9" not in codes(admin.list_boxes())


def test_unused_code_can_be_renamed(admin: AdminService) -> None:
    admin.save_box(S9)
    admin.save_box(BoxRecord("S10", "Box 10"), "S9")
    assert "S10" in codes(admin.list_boxes()) and "S9" not in codes(admin.list_boxes())


def test_states_crud_and_in_use_by_code_or_legacy_label(admin: AdminService) -> None:
    admin.save_state(StateRecord("35", "Au scanner", "#112233", False))
    admin.save_task(TaskRecord("SCAN X", "Scanner X", states=("10", "35", "80")))
    admin.save_state(StateRecord("35", "Au scanner", "#112233", True), "35")
    assert next(s for s in admin.list_states() if s.code == "35").ends_task
    with pytest.raises(ActionRefused) as info:
        admin.save_state(StateRecord("36", "x", "blue"))
    assert info.value.params["field"] == "color"
    pk = add_patient(admin.db, "S1", tasks=(("SCAN X", "au scanner "),))  # 2.x wrote the label
    with pytest.raises(ActionRefused) as info:
        admin.delete_state("35")
    assert info.value.code == "state_in_use" and info.value.params["count"] == 1
    # Relabelling carries the 2.x row along (2.x stores the label): it now holds the new label.
    admin.save_state(StateRecord("35", "Parti au scanner"), "35")
    t = admin.db.tables
    with admin.db.connect() as conn:
        held = conn.execute(
            select(t.encours_taches.c.EN_Etat_en_cours).where(
                t.encours_taches.c.EN_PK_encours == pk
            )
        ).scalar_one()
    assert held == "Parti au scanner"
    assert "label 'Au scanner' -> 'Parti au scanner' carried to 1 task(s)" in history(admin.db)[-1]
    BoardService(admin.db, admin.clock).final_exit(pk)  # archived: no longer on the board
    admin.delete_state("35")
    assert "35" not in codes(admin.list_states())
    task = next(t for t in admin.list_tasks() if t.code == "SCAN X")
    assert task.states == ("10", "80")  # its allowed-state link went with it


def test_tasks_crud_with_allowed_states(admin: AdminService) -> None:
    rec = TaskRecord("PONC", "Ponction", "#aabbcc", "#ff0000", 30, 2, "à jeun", "m", ("20", "80"))
    admin.save_task(rec)
    got = next(t for t in admin.list_tasks() if t.code == "PONC")
    assert (got.mode, got.max_minutes, got.priority, got.states) == ("M", 30, 2, ("20", "80"))
    admin.save_task(TaskRecord("PONC", "Ponction lombaire", mode="B", states=("10", "30")), "PONC")
    got = next(t for t in admin.list_tasks() if t.code == "PONC")
    assert (got.label, got.states, got.color) == ("Ponction lombaire", ("10", "30"), None)
    for bad, field in [
        (TaskRecord("X", "x", max_minutes=-1), "max_minutes"),
        (TaskRecord("X", "x", mode="Z"), "mode"),
        (TaskRecord("X", "x", alarm_color="#ggg000"), "alarm_color"),
        (TaskRecord("X", "x", states=("99",)), "states"),
    ]:
        with pytest.raises(ActionRefused) as info:
            admin.save_task(bad)
        assert info.value.params["field"] == field
    assert "X" not in codes(admin.list_tasks())
    admin.delete_task("PONC")
    assert "PONC" not in codes(admin.list_tasks())


def test_delete_task_type_refused_only_while_open_tasks(admin: AdminService) -> None:
    pk = add_patient(admin.db, "S1", tasks=(("ECG", "30"), ("ECG", "Terminé")))
    with pytest.raises(ActionRefused) as info:
        admin.delete_task("ECG")
    assert info.value.code == "task_in_use" and info.value.params["count"] == 1
    svc = BoardService(admin.db, admin.clock)
    board = svc.snapshot()
    tasks = [t for b in board.boxes for p in b.patients if p.id == pk for t in p.tasks]
    open_task = next(t for t in tasks if not t.finished)
    svc.set_task_state(open_task.id, "80")
    admin.delete_task("ECG")  # only finished tasks left: allowed
    assert "ECG" not in codes(admin.list_tasks())


def test_responsibles_crud_and_in_use(admin: AdminService) -> None:
    admin.save_responsible(ResponsibleRecord("dup", "Dr Dupont", "#123456", "GUID-1"))
    admin.save_responsible(ResponsibleRecord("dup", "Dr Dupont-Durand", None, "GUID-1"), "dup")
    assert next(r for r in admin.list_responsibles() if r.code == "dup").name == "Dr Dupont-Durand"
    add_patient(admin.db, "S1", medecin="GUID-1")  # the MedinTux macro writes the GUID
    with pytest.raises(ActionRefused) as info:
        admin.delete_responsible("dup")
    assert info.value.code == "responsible_in_use"
    with pytest.raises(ActionRefused):
        admin.save_responsible(ResponsibleRecord("dup2", ""))
    admin.delete_responsible("lam")
    assert "lam" not in codes(admin.list_responsibles())


def test_destinations_touch_no_patient_defect_14(admin: AdminService) -> None:
    pk = add_patient(admin.db, "SORT", "LEROY", destination="Domicile")
    svc = BoardService(admin.db, admin.clock)
    svc.set_comment(pk, "last patient touched")
    t = admin.db.tables

    def patients() -> list[tuple]:
        with admin.db.connect() as conn:
            return [tuple(r) for r in conn.execute(select(t.encours).order_by(t.encours.c.EC_PK))]

    before = patients()
    admin.save_destination(DestinationRecord(None, "Clinique du Parc", "Sortie"))
    new = next(d for d in admin.list_destinations("Sortie") if d.label == "Clinique du Parc")
    admin.save_destination(DestinationRecord(new.id, "Clinique du Parc (Nord)", "Sortie"))
    admin.save_destination(DestinationRecord(None, "Endoscopie", "Absence"))
    assert patients() == before
    assert "Endoscopie" in [d.label for d in admin.list_destinations("Absence")]
    assert "Endoscopie" not in [d.label for d in admin.list_destinations("Sortie")]
    with pytest.raises(ActionRefused) as info:
        admin.save_destination(DestinationRecord(None, "domicile", "Sortie"))
    assert info.value.code == "code_taken"
    with pytest.raises(ActionRefused):
        admin.save_destination(DestinationRecord(None, "  ", "Absence"))
    dom = next(d for d in admin.list_destinations("Sortie") if d.label == "Domicile")
    admin.delete_destination(dom.id)  # the patient keeps the text he chose
    assert patients() == before
    assert history(admin.db)[-1] == "Sortie destination 'Domicile' deleted"


def test_deleted_elsewhere_is_reported(admin: AdminService) -> None:
    other = AdminService(admin.db, admin.clock, actor="poste-2")
    admin.save_box(S9)
    other.delete_box("S9")
    with pytest.raises(ActionRefused) as info:
        admin.save_box(S9, "S9")
    assert info.value.code == "gone"


def test_default_entry_box_cannot_be_deleted(admin: AdminService) -> None:
    admin.save_box(S9)
    with pytest.raises(ActionRefused) as info:
        admin.delete_box("S9", default_box="s9")
    assert info.value.code == "box_default"
    admin.delete_box("S9", default_box="A1")
    assert "S9" not in codes(admin.list_boxes())


def test_responsible_in_use_whatever_the_case(admin: AdminService) -> None:
    add_patient(admin.db, "S1", medecin="BEN ")  # typed by hand in a macro
    with pytest.raises(ActionRefused) as info:
        admin.delete_responsible("ben")
    assert info.value.code == "responsible_in_use"
