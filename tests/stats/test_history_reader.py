"""The history of a stay, including rows written by 2.x (translated action texts, state
labels, moves without their origin)."""

from __future__ import annotations

from datetime import date, datetime

from synoptux.services.history import Action
from synoptux.stats.history import patient_events, search_stays, stay_events
from synoptux.stats.report import compute_stats


def test_events_of_a_patient_on_the_board_in_order(ward) -> None:
    p = ward.admit("ALPHA", "A1", "08:00")
    ward.at("08:40").move_patient(p, "S1")
    task = ward.task(p, "ECG")
    ward.at("08:50").set_task_state(task, "30")
    ward.at("09:05").set_task_state(task, "80")
    ward.at("09:10").set_responsible(p, "ro")
    events = patient_events(ward.db, p)
    assert [e.action for e in events] == [
        Action.PATIENT_IN,
        Action.SET_PLACE,
        Action.TASK_STATE,
        Action.TASK_STATE,
        Action.SET_OWNER,
    ]
    assert [e.when.strftime("%H:%M") for e in events] == [
        "08:00",
        "08:40",
        "08:50",
        "09:05",
        "09:10",
    ]
    move = events[1]
    assert (move.box_before, move.box, move.actor) == ("A1", "S1", "test")
    done = events[3]
    assert done.change() == ("En cours", "Terminé")
    assert (done.state_code, done.task_code, done.task_label) == ("80", "ECG", "ECG")
    assert events[4].change() == (None, "ro")
    assert not any(e.legacy for e in events)


def test_archived_stay_found_by_name_and_guid(ward) -> None:
    p = ward.admit("D'ARTAGNAN", "A1", "08:00", guid="6F9619FF-8B86-D011-B42D-00C04FC964FF")
    ward.at("09:00").move_patient(p, "SORT", destination="Domicile")
    ward.at("09:30").final_exit(p)
    other = ward.admit("DARTOIS", "S1", "09:00")
    by_name = search_stays(ward.db, "d'art")
    assert [s.last_name for s in by_name] == ["D'ARTAGNAN"]
    assert by_name[0].archived and by_name[0].reason == "PATIENT_OUT"
    assert [s.patient_id for s in search_stays(ward.db, "dart")] == [other]  # current too
    assert [s.last_name for s in search_stays(ward.db, "6f9619ff-8b86-d011-b42d-00c04fc964ff")] == [
        "D'ARTAGNAN"
    ]
    assert search_stays(ward.db, "%") == []  # LIKE wildcards are searched literally
    assert search_stays(ward.db, "   ") == []
    stay, events = stay_events(ward.db, by_name[0].archive_id)
    assert stay.last_name == "D'ARTAGNAN"
    assert [e.action for e in events] == [
        Action.PATIENT_IN,
        Action.SET_PLACE,
        Action.SET_DESTINATION,
        Action.PATIENT_OUT,
    ]


def _legacy_stay(db) -> int:
    """A stay written by 2.x and its plug scripts: translated texts, state labels, moves
    without their origin; archived (as the upgrade does for patients on the board)."""
    t = db.tables
    pk = 4242

    def h(when: str, action: str, **kw: object) -> dict:
        # Every row names the same columns (one executemany); 2.x never wrote the new ones.
        row = dict.fromkeys(
            (
                "HI_Code_box",
                "HI_Code_resp",
                "HI_Code_tache",
                "HI_Libelle_tache",
                "HI_Libelle_etat",
                "HI_Commentaire",
            )
        )
        row.update(
            HI_Date=f"2026-11-23 {when}:00",
            HI_Action=action,
            HI_NumEncours=str(pk),
            HI_Nom_patient="ANCIEN",
            HI_PrenomPatient="Paul",
            HI_Code_acteur="poste2",
        )
        row.update(kw)
        return row

    rows = [
        h("07:00", "Entrée du patient", HI_Code_box="A1"),
        h("07:05", "Modification du responsable", HI_Code_box="A1", HI_Code_resp="sev"),
        h("07:45", "SET_PLACE", HI_Code_box="A2"),
        h("08:15", "SET_PLACE", HI_Code_box="S5"),
        h(
            "08:20",
            "TASK_STATE",
            HI_Code_box="S5",
            HI_Code_tache="BIO S",
            HI_Libelle_tache="Bilan standard",
            HI_Libelle_etat="Prélevé",
        ),
        h(
            "09:00",
            "Changement d'état",
            HI_Code_box="S5",
            HI_Code_tache="BIO S",
            HI_Libelle_tache="Bilan standard",
            HI_Libelle_etat="Terminé",
        ),
        h("09:30", "Saisie Commentaire", HI_Code_box="S5", HI_Commentaire="Retour domicile"),
        h("10:00", "SET_PLACE", HI_Code_box="SORT"),
    ]

    def tx(conn):
        conn.execute(t.historique.insert(), rows)
        conn.execute(
            t.encours_archive.insert().values(
                EC_PK=pk,
                EC_CodeBox="SORT",
                EC_NomPatient="ANCIEN",
                EC_PrenomPatient="Paul",
                EC_HeureEntree=datetime(2026, 11, 23, 7, 0),
                EC_HeureSortie=datetime(2026, 11, 23, 10),
                EC_Destination="Domicile",
                AR_Date_archive=datetime(2026, 11, 23, 10, 30),
                AR_Motif="UPGRADE",
            )
        )
        conn.execute(
            t.encours_taches_archive.insert().values(
                EN_Num_tache=9,
                EN_PK_encours=pk,
                EN_Code_tache="BIO S",
                EN_Etat_en_cours="Terminé",
                EN_HeureDebut=datetime(2026, 11, 23, 8, 20),
                EN_HeureFin=datetime(2026, 11, 23, 9, 0),
                EN_HeureFinPrevue="1000-01-01 01:01:01",
                AT_Date_archive=datetime(2026, 11, 23, 10, 30),
            )
        )
        return (
            conn.execute(t.encours_archive.select().where(t.encours_archive.c.EC_PK == pk))
            .first()
            .AR_PK
        )

    return db.transaction(tx)


def test_legacy_rows_are_understood(board_db) -> None:
    archive_id = _legacy_stay(board_db)
    _stay, events = stay_events(board_db, archive_id)
    assert [e.action for e in events] == [
        Action.PATIENT_IN,
        Action.SET_OWNER,
        Action.SET_PLACE,
        Action.SET_PLACE,
        Action.TASK_STATE,
        Action.TASK_STATE,
        Action.COMMENT,
        Action.SET_PLACE,
    ]
    assert all(e.legacy for e in events)
    moves = [e for e in events if e.action == Action.SET_PLACE]
    # Origins reconstructed from the previous row of the same stay.
    assert [(m.box_before, m.box) for m in moves] == [("A1", "A2"), ("A2", "S5"), ("S5", "SORT")]
    states = [e for e in events if e.action == Action.TASK_STATE]
    assert [(s.state_code, s.state_before, s.state_label) for s in states] == [
        ("25", None, "Prélevé"),
        ("80", "Prélevé", "Terminé"),
    ]
    assert events[0].action_raw == "Entrée du patient"


def test_legacy_stay_in_the_figures(board_db) -> None:
    _legacy_stay(board_db)
    r = compute_stats(
        board_db,
        date(2026, 11, 23),
        date(2026, 11, 23),
        now=datetime(2026, 11, 24, 8, 0),
        threshold=5,
    )
    # Waiting: A1 07:00 -> A2 07:45 -> S5 08:15 = 75 minutes, both boxes being Attente.
    assert r.tables["waiting_time"].rows[0][:2] == [1, 75.0]
    assert r.tables["length_of_stay"].rows[0][:2] == [1, 180.0]
    acts = r.tables["acts_by_task"]
    assert acts.rows == [["BIO S", "Bilan standard", 1, 1]]  # the label 'Terminé' -> state 80
    assert acts.columns[-1] == "state_80" and acts.headers["state_80"] == "Terminé"
    bio = dict(
        zip(
            r.tables["task_durations"].columns, r.tables["task_durations"].row("BIO S"), strict=True
        )
    )
    # The sentinel planned end means 'not set': the 60 min maximum decides (40 min: on time).
    assert (bio["n"], bio["mean_min"], bio["planned_end_exceeded"]) == (1, 40.0, 0)
    assert r.tables["exits_by_destination"].rows == [["Domicile", 1]]


def test_search_ignores_case_of_accented_names(ward) -> None:
    a = ward.admit("ÉLODIE", "A1", "08:00")
    t = ward.db.tables
    b = ward.admit("MARTIN", "A1", "08:05")
    ward.db.transaction(
        lambda conn: conn.execute(
            t.encours.update().where(t.encours.c.EC_PK == b).values(EC_PrenomPatient="Élodie")
        )
    )
    assert sorted(s.patient_id for s in search_stays(ward.db, "élo")) == sorted([a, b])
    assert [s.patient_id for s in search_stays(ward.db, "mart élo")] == [b]
