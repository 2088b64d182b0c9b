"""Large boards written straight into the tables (as MedinTux macros do)."""

from __future__ import annotations

from datetime import datetime, timedelta

from synoptux.db.engine import Database

CODES = ["RX OS", "BIO C", "ECG", "BU", "SCAN T", "VVP", "AV CHIR", "ANTALG"]
STATES = ["10", "20", "30", "10", "25", "80", "20", "30"]


def add_patients(db: Database, now: datetime, patients: int, tasks: int = 8) -> list[int]:
    """`patients` patients spread over A1, UHCD, IMG, SORT (widened to hold them)."""
    t = db.tables
    boxes = ["A1", "UHCD", "IMG", "SORT"]

    def tx(conn) -> list[int]:
        conn.execute(t.box.update().values(BO_Nb_Maxi_Pat=1000))
        pks: list[int] = []
        for i in range(patients):
            pk = conn.execute(
                t.encours.insert().values(
                    EC_CodeBox=boxes[i % len(boxes)],
                    EC_NomPatient=f"PATIENT{i:03d}",
                    EC_PrenomPatient="Test",
                    EC_HeureEntree=now - timedelta(minutes=i),
                    EC_Medecin=["ro", "sev", "lam", "ben"][i % 4],
                    EC_Replier=0,
                    EC_Anonyme=0,
                    EC_Commentaire=f"Motif {i}",
                    EC_GUIDPatient=f"G-{i}",
                )
            ).inserted_primary_key[0]
            pks.append(pk)
            conn.execute(
                t.encours_taches.insert(),
                [
                    dict(
                        EN_PK_encours=pk,
                        EN_Code_tache=CODES[j % len(CODES)],
                        EN_Etat_en_cours=STATES[j % len(STATES)],
                        EN_Priorite=j % 4,
                        EN_HeureDebPrevue=now - timedelta(minutes=5 * j) if j % 3 == 0 else None,
                        EN_Comment=f"c{j}",
                    )
                    for j in range(tasks)
                ],
            )
        return pks

    return db.transaction(tx)
