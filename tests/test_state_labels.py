"""State labels in EN_Etat_en_cours, on SQLite and MariaDB.

2.x stores and compares the state LABEL; the board writes the label too (so a 2.x screen
beside it highlights the same button), and reads a code or a label. Two states that share a
label, a label too long for the column, and a renamed label are handled.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from synoptux.services.admin import AdminService, StateRecord, TaskRecord
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.seed import seed_reference
from synoptux.services.snapshot import load_board
from tests.support.clock import T0


def _patient_with(db, code: str) -> tuple[int, int]:
    t = db.tables

    def tx(conn):
        pk = conn.execute(
            t.encours.insert().values(EC_CodeBox="S1", EC_NomPatient="LABEL", EC_HeureEntree=T0)
        ).inserted_primary_key[0]
        num = conn.execute(
            t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache=code)
        ).inserted_primary_key[0]
        return pk, num

    return db.transaction(tx)


def _stored(db, num: int) -> str | None:
    et = db.tables.encours_taches
    with db.connect() as conn:
        return conn.execute(
            select(et.c.EN_Etat_en_cours).where(et.c.EN_Num_tache == num)
        ).scalar_one()


def _shown(db, pk: int, num: int) -> str | None:
    task = next(t for t in load_board(db, T0).patient(pk).tasks if t.id == num)
    return task.state


def test_the_label_is_written_where_2x_reads_it(db, clock) -> None:
    seed_reference(db)
    pk, num = _patient_with(db, "RX OS")
    board = BoardService(db, clock, actor="poste")
    board.set_task_state(num, "20")
    assert _stored(db, num) == "Demandé" and _shown(db, pk, num) == "20"
    board.set_task_state(num, "80")
    assert _stored(db, num) == "Terminé" and _shown(db, pk, num) == "80"
    t = db.tables
    with db.connect() as conn:
        row = conn.execute(
            select(t.historique.c.HI_Libelle_etat, t.historique.c.HI_Etat_avant)
            .where(t.historique.c.HI_Action == "TASK_STATE")
            .order_by(t.historique.c.HI_PK.desc())
        ).first()
    assert tuple(row) == ("Terminé", "Demandé")


def test_two_states_sharing_a_label_are_told_apart(db, clock) -> None:
    """A 2.x site may have two states with the same label (2.x itself could not tell them
    apart): the one the label resolves to for the task gets its label, the other its code."""
    seed_reference(db)
    t = db.tables

    def tx(conn):  # as 2.x's state dialog let a site write them
        conn.execute(
            t.etats.insert(),
            [
                dict(ET_Code_etat="AT", ET_Libelle_etat="Attente", ET_Tache_terminee=0),
                dict(ET_Code_etat="AT2", ET_Libelle_etat="attente ", ET_Tache_terminee=0),
            ],
        )
        conn.execute(
            t.taches.insert().values(TA_Code_tache="LIT", TA_Libelle_tache="Lit", TA_BoutonMenu="M")
        )
        conn.execute(
            t.etats_taches.insert(),
            [dict(ST_Code_tache="LIT", ST_Code_etat=s) for s in ("AT", "AT2", "80")],
        )

    db.transaction(tx)
    pk, num = _patient_with(db, "LIT")
    board = BoardService(db, clock, actor="poste")
    board.set_task_state(num, "AT2")
    assert _stored(db, num) == "AT2" and _shown(db, pk, num) == "AT2"
    board.set_task_state(num, "AT")
    assert _stored(db, num) == "Attente" and _shown(db, pk, num) == "AT"
    # The administration refuses to make it worse.
    admin = AdminService(db, clock, actor="poste")
    with pytest.raises(ActionRefused) as info:
        admin.save_state(StateRecord("AT3", "ATTENTE"))
    assert info.value.code == "label_taken" and info.value.params["what"] in ("AT", "AT2")
    with pytest.raises(ActionRefused) as info:
        admin.save_state(StateRecord("20", "Terminé"), "20")
    assert info.value.code == "label_taken" and info.value.params["what"] == "80"


def test_a_label_longer_than_the_column_is_written_as_its_code(db, clock) -> None:
    seed_reference(db)
    admin = AdminService(db, clock, actor="poste")
    label = "Demandé au service d'imagerie, en attente de la confirmation écrite"  # > 45
    admin.save_state(StateRecord("21", label))
    admin.save_task(TaskRecord("RX X", "Radio X", states=("21", "80")))
    pk, num = _patient_with(db, "RX X")
    BoardService(db, clock, actor="poste").set_task_state(num, "21")
    assert _stored(db, num) == "21" and _shown(db, pk, num) == "21"


def test_renaming_a_label_carries_the_tasks_on_the_board_and_in_the_archive(db, clock) -> None:
    seed_reference(db)
    board = BoardService(db, clock, actor="poste")
    admin = AdminService(db, clock, actor="poste")
    pk, num = _patient_with(db, "RX OS")
    gone, gone_num = _patient_with(db, "RX OS")
    board.set_task_state(num, "20")
    board.set_task_state(gone_num, "20")
    t = db.tables
    db.transaction(  # a 2.x writer's row, with the label as 2.x wrote it (case and spaces)
        lambda conn: conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=pk, EN_Code_tache="ECHO", EN_Etat_en_cours=" demandé"
            )
        )
    )
    board.move_patient(gone, "SORT")
    board.final_exit(gone)  # its task is archived with the old label
    admin.save_state(StateRecord("20", "Demande envoyée", "#3b82f6"), "20")
    assert _stored(db, num) == "Demande envoyée" and _shown(db, pk, num) == "20"
    states = {tv.code: tv.state for tv in load_board(db, T0).patient(pk).tasks}  # the 2.x row too
    assert states == {"RX OS": "20", "ECHO": "20"}
    with db.connect() as conn:
        archived = conn.execute(
            select(t.encours_taches_archive.c.EN_Etat_en_cours).where(
                t.encours_taches_archive.c.EN_Num_tache == gone_num
            )
        ).scalar_one()
    assert archived == "Demande envoyée"
