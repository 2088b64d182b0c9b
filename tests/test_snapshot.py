"""Board snapshot: fixed query count, nothing invisible, stable JSON keys."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, text

from synoptux.services.export import board_dict
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.snapshot import QUERY_COUNT, load_board
from tests.support.clock import T0


def count_queries(db, fn):
    seen = []

    def before(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return result, len(seen)


def add_patients(db, n, start=0):
    t = db.tables
    with db.engine.begin() as conn:
        for i in range(start, start + n):
            pk = conn.execute(
                t.encours.insert().values(
                    EC_CodeBox="UHCD", EC_NomPatient=f"P{i}", EC_HeureEntree=T0
                )
            ).inserted_primary_key[0]
            conn.execute(
                t.encours_taches.insert(),
                [dict(EN_PK_encours=pk, EN_Code_tache="ECG", EN_Priorite=str(j)) for j in range(3)],
            )


def test_query_count_is_fixed(db):
    seed_reference(db)
    add_patients(db, 3)
    board, small = count_queries(db, lambda: load_board(db, T0))
    add_patients(db, 60, start=3)
    board, large = count_queries(db, lambda: load_board(db, T0))
    assert small == large == QUERY_COUNT
    assert len(board.patients()) == 63


def test_unknown_codes_are_visible_and_marked(db):
    seed_reference(db)
    t = db.tables
    with db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(
                EC_CodeBox="ZZ9",
                EC_NomPatient="PERDU",
                EC_HeureEntree=T0,
                EC_Medecin="inconnu",
            )
        ).inserted_primary_key[0]
        conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=pk, EN_Code_tache="XRAY?", EN_Etat_en_cours="Fini peut-être"
            )
        )
        conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=pk, EN_Code_tache="ECG", EN_Etat_en_cours="Terminé"
            )
        )  # 2.x: a label
        conn.execute(text(f"UPDATE {t.encours.name} SET EC_HeureSortie='1000-01-01 01:01'"))
    board = load_board(db, T0)
    box = board.box("ZZ9")
    assert box is not None and "unknown_box" in box.marks
    (patient,) = box.patients
    assert set(patient.marks) == {"unknown_box", "unknown_responsible"}
    assert patient.moved_at is None
    by_code = {tk.code: tk for tk in patient.tasks}
    assert set(by_code["XRAY?"].marks) == {"unknown_task", "unknown_state"}
    assert by_code["XRAY?"].label == "XRAY?"
    assert by_code["ECG"].state == "80" and by_code["ECG"].finished
    assert [tk.code for tk in patient.tasks] == ["XRAY?", "ECG"]  # open tasks first


def test_demo_board_json_keys(db):
    seed_reference(db)
    seed_demo(db, T0)
    data = board_dict(load_board(db, T0 + timedelta(minutes=1)))
    assert set(data) == {"generated_at", "boxes"}
    box = data["boxes"][0]
    assert {"code", "label", "type", "capacity", "patients"} <= set(box)
    patients = [p for b in data["boxes"] for p in b["patients"]]
    assert len(patients) == 25
    assert {
        "id",
        "guid",
        "last_name",
        "first_name",
        "responsible",
        "comment",
        "entered_at",
        "moved_at",
        "destination",
        "folded",
        "anonymous",
        "tasks",
    } <= set(patients[0])
    tasks = [tk for p in patients for tk in p["tasks"]]
    assert {
        "id",
        "code",
        "label",
        "comment",
        "state",
        "state_label",
        "planned_start",
        "planned_end",
        "started_at",
        "ended_at",
        "priority",
        "overdue",
    } <= set(tasks[0])
    assert {tk["state"] for tk in tasks} >= {"10", "20", "25", "30", "40", "80"}
    assert {tk["overdue"] for tk in tasks} == {None, "start", "end"}
    types = {b["type"] for b in data["boxes"]}
    assert types == {"Attente", "Soins", "Absence", "Sortie"}
    assert len(data["boxes"]) >= 14
    sortie = next(b for b in data["boxes"] if b["type"] == "Sortie")
    assert all(tk["overdue"] is None for p in sortie["patients"] for tk in p["tasks"])
