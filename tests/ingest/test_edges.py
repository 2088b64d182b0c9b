"""Same entry, same outcome on both backends; parser edges; symlinks; GUID-only follow-ups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.folder import EntryFolder
from synoptux.ingest.parser import parse_entry
from synoptux.ingest.processor import APPLIED, ERROR, Ingestor
from synoptux.services.snapshot import load_board
from tests.support.ingest import drop


def _tasks(db: Database) -> list[dict]:
    t = db.tables
    with db.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                select(t.encours_taches).order_by(t.encours_taches.c.EN_Num_tache)
            ).mappings()
        ]


def _patients(db: Database) -> list[dict]:
    t = db.tables
    with db.connect() as conn:
        return [
            dict(r) for r in conn.execute(select(t.encours).order_by(t.encours.c.EC_PK)).mappings()
        ]


# -- same outcome on both backends ----------------------------------------------------------


def test_values_longer_than_their_column_are_cut_with_a_warning(
    ingestor: Ingestor, seeded: Database, inbox: Path
) -> None:
    """MariaDB in strict mode quarantined the whole entry; SQLite stored the long text."""
    code = "C" * 60
    drop(
        inbox,
        "long.txt",
        f"[Entree]\nNom_Patient={'N' * 150}\nCode_Responsable={'r' * 80}\n"
        f"Commentaire={'c' * 300}\n"
        f"[Tache_1]\nCode_Tache={code}\nNom_Fichier_Note={'f' * 260}\n",
    )
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert outcome.status == APPLIED, outcome.reason
    text = "\n".join(outcome.warnings)
    for what in ("EC_NomPatient", "EC_Medecin", "EC_Commentaire", "EN_Code_tache"):
        assert what in text, text
    (p,) = _patients(seeded)
    assert p["EC_NomPatient"] == "N" * 100 and p["EC_Commentaire"] == "c" * 255
    (task,) = _tasks(seeded)
    assert task["EN_Code_tache"] == code[:45] and task["EN_NomFicNote"] == "f" * 200


@pytest.mark.parametrize(
    "key, value",
    [("Priorite", "12345678901"), ("PrimKey_Blob", "123456789012345678901"), ("Priorite", "-7")],
)
def test_numbers_that_do_not_fit_are_kept_in_the_note(
    ingestor: Ingestor, seeded: Database, inbox: Path, key: str, value: str
) -> None:
    drop(inbox, "n.txt", f"[Entree]\nNom_Patient=N\n[Tache_1]\nCode_Tache=ECG\n{key}={value}\n")
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert outcome.status == APPLIED, outcome.reason
    (task,) = _tasks(seeded)
    if value == "-7":
        assert str(task["EN_Priorite"]) == "-7" and not outcome.warnings
    else:
        assert f"{key}={value}" in task["EN_Note_tache"]
        assert any(key in w for w in outcome.warnings)


def test_codes_compare_the_same_way_on_both_backends(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    """One rule (domain.codes): case and surrounding spaces ignored; the catalogue's
    spelling is stored, so the board resolves the box and the task."""
    drop(
        inbox,
        "lower.txt",
        "[Entree]\nNom_Patient=MINUSCULES\nCode_Box=s1\n[Tache_1]\nCode_Tache= ecg \n"
        "[Tache_2]\nCode_Tache=Bio c\n",
    )
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert outcome.status == APPLIED
    assert not any("unknown" in w for w in outcome.warnings), outcome.warnings
    (p,) = _patients(seeded)
    assert p["EC_CodeBox"] == "S1"
    assert [t["EN_Code_tache"] for t in _tasks(seeded)] == ["ECG", "BIO C"]
    assert _tasks(seeded)[0]["EN_Priorite"] is not None  # the catalogue's default applied
    board = load_board(seeded, clock.now())
    assert board.box("S1").occupancy == 1


def test_accents_count_in_codes(ingestor: Ingestor, seeded: Database, inbox: Path) -> None:
    """MariaDB's collation would take 'ÉCG' for 'ECG'; the rule does not (on both)."""
    drop(inbox, "e.txt", "[Entree]\nNom_Patient=E\n[Tache_1]\nCode_Tache=ÉCG\n")
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert any("unknown task code 'ÉCG'" in w for w in outcome.warnings)
    assert _tasks(seeded)[0]["EN_Code_tache"] == "ÉCG"


# -- parser edges ------------------------------------------------------------------------------


def test_duplicate_task_sections_are_reported_and_nothing_is_dropped() -> None:
    e = parse_entry(
        b"[Entree]\nNom_Patient=X\n[Tache_1]\nCode_Tache=ECG\n[Tache_01]\nCode_Tache=BIO C\n"
        b"[Tache_2]\nCode_Tache=RX OS\n"
    )
    assert [t.get("code") for t in e.tasks] == ["ECG", "BIO C", "RX OS"]
    (w,) = [w for w in e.warnings if "Tache_01" in w]
    assert "line 5" in w and "[Tache_1]" in w


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"], ids=["LS", "PS", "NEL"])
def test_only_cr_and_lf_end_a_line(sep: str) -> None:
    text = f"[Entree]\nNom_Patient=DUPONT{sep}Code_Box=S5\nCode_Box=A1\n"
    e = parse_entry(text.encode("utf-8"))
    assert e.get("last_name") == f"DUPONT{sep}Code_Box=S5"
    assert e.get("box_code") == "A1"


def test_cr_alone_and_crlf_still_end_lines() -> None:
    e = parse_entry(b"[Entree]\rNom_Patient=MAC\r[Tache_1]\r\nCode_Tache=ECG\r\n")
    assert e.get("last_name") == "MAC" and [t.get("code") for t in e.tasks] == ["ECG"]


def test_mixed_encodings_are_decoded_line_by_line_and_reported() -> None:
    data = (
        "[Entree]\nNom_Patient=HÉLÈNE\n".encode()
        + "Prenom_Patient=Zoé\n".encode("cp1252")  # one stray Latin-1 line
        + "Commentaire=Fièvre à 39 °C\n".encode()
    )
    e = parse_entry(data)
    assert e.get("last_name") == "HÉLÈNE"
    assert e.get("first_name") == "Zoé"
    assert e.get("comment") == "Fièvre à 39 °C"
    (w,) = [w for w in e.warnings if "encoding" in w]
    assert "line 3" in w


def test_plain_cp1252_file_is_not_reported_as_mixed() -> None:
    e = parse_entry("[Entree]\nNom_Patient=HÉLÈNE\nCommentaire=à voir\n".encode("cp1252"))
    assert e.get("last_name") == "HÉLÈNE" and e.encoding == "cp1252" and e.warnings == []


# -- symlinks ------------------------------------------------------------------------------------


def test_symlink_inside_the_folder_is_applied(
    ingestor: Ingestor, seeded: Database, inbox: Path
) -> None:
    store = inbox / "depot"
    store.mkdir()
    (store / "vrai.dat").write_bytes(b"[Entree]\nNom_Patient=LIEN\n[Tache_1]\nCode_Tache=ECG\n")
    os.symlink("depot/vrai.dat", inbox / "lien.txt")
    summary = ingestor.run_cycle(wait_stable=False)
    assert [(o.name, o.status) for o in summary.outcomes] == [("lien.txt", APPLIED)]
    assert [p["EC_NomPatient"] for p in _patients(seeded)] == ["LIEN"]
    folder = EntryFolder(inbox)
    assert folder.inbox_files() == [] and not any(folder.claimed.iterdir())
    assert (store / "vrai.dat").exists()  # the target is left alone


@pytest.mark.parametrize("where", ["outside", "missing", "directory"])
def test_symlink_elsewhere_is_quarantined_with_a_reason(
    ingestor: Ingestor, seeded: Database, inbox: Path, tmp_path: Path, where: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"[Entree]\nNom_Patient=SECRET\n")
    target = {
        "outside": str(secret),
        "missing": str(inbox / "nowhere.txt.bak"),
        "directory": str(inbox),
    }[where]
    os.symlink(target, inbox / "lien.txt")
    summary = ingestor.run_cycle(wait_stable=False)
    assert [(o.name, o.status) for o in summary.outcomes] == [("lien.txt", ERROR)]
    folder = EntryFolder(inbox)
    (err,) = folder.error_files()
    assert "symbolic link" in err.reason
    assert _patients(seeded) == []
    assert "SECRET" not in folder.preview(err.path)  # the board never shows what is outside
    assert secret.exists()


# -- GUID-only follow-ups -----------------------------------------------------------------------


def test_guid_only_follow_up_adds_tasks(ingestor: Ingestor, seeded: Database, inbox: Path) -> None:
    drop(inbox, "1.txt", "[Entree]\nNom_Patient=SUIVI\nGUID_Patient=G-42\n")
    ingestor.run_cycle(wait_stable=False)
    drop(
        inbox,
        "2.txt",
        "[Entree]\nGUID_Patient=G-42\n[Tache_1]\nCode_Tache=ECG\n[Tache_2]\nCode_Tache=BIO C\n",
    )
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert outcome.status == APPLIED and outcome.merged and outcome.tasks == 2
    (p,) = _patients(seeded)
    assert [t["EN_PK_encours"] for t in _tasks(seeded)] == [p["EC_PK"]] * 2


def test_guid_only_for_a_patient_not_on_the_board_is_quarantined(
    ingestor: Ingestor, seeded: Database, inbox: Path
) -> None:
    drop(inbox, "x.txt", "[Entree]\nGUID_Patient=G-UNKNOWN\n[Tache_1]\nCode_Tache=ECG\n")
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert outcome.status == ERROR
    assert "G-UNKNOWN" in outcome.reason and "not on the board" in outcome.reason
    assert _patients(seeded) == [] and _tasks(seeded) == []
    t = seeded.tables
    with seeded.connect() as conn:  # not recorded as applied: Retry works once he arrives
        assert conn.execute(select(t.applied_entries)).first() is None


def test_guid_matches_exactly_on_both_backends(
    ingestor: Ingestor, seeded: Database, inbox: Path
) -> None:
    drop(inbox, "1.txt", "[Entree]\nNom_Patient=A\nGUID_Patient=abc-1\n")
    ingestor.run_cycle(wait_stable=False)
    drop(inbox, "2.txt", "[Entree]\nNom_Patient=B\nGUID_Patient=ABC-1\n")
    ingestor.run_cycle(wait_stable=False)
    assert [p["EC_NomPatient"] for p in _patients(seeded)] == ["A", "B"]


def test_responsible_codes_follow_the_same_rule(
    ingestor: Ingestor, seeded: Database, inbox: Path
) -> None:
    t = seeded.tables
    with seeded.connect() as conn:
        code = conn.execute(select(t.responsables.c.RE_Code)).scalars().first()
    drop(inbox, "r.txt", f"[Entree]\nNom_Patient=R\nCode_Responsable= {code.upper()} \n")
    (outcome,) = ingestor.run_cycle(wait_stable=False).outcomes
    assert not any("responsible" in w for w in outcome.warnings), outcome.warnings
    assert _patients(seeded)[0]["EC_Medecin"] == code
