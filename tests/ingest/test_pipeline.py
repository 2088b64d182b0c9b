"""Claim -> apply -> done/errors on a real folder and a real database (SQLite and MariaDB)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.domain import model as m
from synoptux.domain.clock import FakeClock
from synoptux.ingest.folder import REASON_SUFFIX, EntryFolder, StabilityTracker
from synoptux.ingest.processor import APPLIED, DEFERRED, DUPLICATE, ERROR, Ingestor
from synoptux.services.history import Action
from synoptux.services.snapshot import load_board
from tests.ingest.test_parser import BAD
from tests.support.ingest import copy_samples, drop


def _count(db: Database, table, *where) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def _history(db: Database, action: Action) -> int:
    return _count(db, db.tables.historique, db.tables.historique.c.HI_Action == action.value)


def test_samples_in_order(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    for i, path in enumerate(copy_samples(inbox)):  # dupuich, silouva, then the follow-up
        os.utime(path, ns=(1_000_000_000 * (i + 1),) * 2)
    summary = ingestor.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [APPLIED, APPLIED, APPLIED]
    board = load_board(seeded, clock.now())
    by_name = {p.last_name: p for p in board.patients()}
    assert set(by_name) == {"DUPUICH", "SILOUVA"}
    dupuich, silouva = by_name["DUPUICH"], by_name["SILOUVA"]
    assert dupuich.box_code == "A1" and silouva.box_code == "S1"  # Code_Box honoured (defect 2)
    assert dupuich.comment == "Poignet cassé, chute à domicile"
    rx = next(t for t in dupuich.tasks if t.code == "RX OS")
    assert rx.planned_start == datetime(2026, 11, 23, 10, 20)
    assert rx.planned_end == datetime(2026, 11, 23, 10, 50)
    assert rx.priority == 1 and rx.comment == "Poignet gauche face + profil"
    assert sorted(t.code for t in silouva.tasks) == ["BIO C", "ECG", "SCAN T"]  # merged by GUID
    ecg = next(t for t in silouva.tasks if t.code == "ECG")
    assert ecg.note_blob == 160651
    bio = next(t for t in silouva.tasks if t.code == "BIO C")
    assert bio.note_file.endswith("CR ECHO DOPP PULSE.pdf") and bio.priority == 3
    assert _history(seeded, Action.PATIENT_IN) == 2
    assert _history(seeded, Action.TASK_ADD) == 5
    folder = EntryFolder(inbox)
    assert sorted(p.name for p in folder._entries(folder.done)) == sorted(
        ["entree_dupuich.txt", "entree_silouva_cp1252.txt", "suite_silouva_utf8bom.txt"]
    )
    assert folder.inbox_files() == [] and folder.claimed_files() == []


def test_planned_end_from_catalogue_duration(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    t = seeded.tables
    with seeded.connect() as conn:
        code, minutes = conn.execute(
            select(t.taches.c.TA_Code_tache, t.taches.c.TA_Duree_maxi)
            .where(t.taches.c.TA_Duree_maxi > 0)
            .limit(1)
        ).one()
    drop(
        inbox,
        "a.txt",
        f"[Entree]\nNom_Patient=A\n[Tache_1]\nCode_Tache={code}\nHeure_Debut_Prevue=11h00\n",
    )
    ingestor.run_cycle(wait_stable=False)
    task = load_board(seeded, clock.now()).patients()[0].tasks[0]
    assert task.planned_end == datetime(2026, 11, 23, 11, 0) + timedelta(minutes=minutes)


def test_empty_guid_never_merges(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    for n in range(3):
        drop(
            inbox,
            f"e{n}.txt",
            f"[Entree]\nNom_Patient=X{n}\nGUID_Patient=\n[Tache_1]\nCode_Tache=ECG\n",
        )
    drop(inbox, "f.txt", "[Entree]\nNom_Patient=Y\n")
    ingestor.run_cycle(wait_stable=False)
    patients = load_board(seeded, clock.now()).patients()
    assert sorted(p.last_name for p in patients) == ["X0", "X1", "X2", "Y"]  # defect 9


def test_unknown_box_and_task_code_kept_and_reported(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    drop(
        inbox,
        "u.txt",
        "[Entree]\nCode_Box=ZZ9\nNom_Patient=U\nCode_Responsable=nobody\n"
        "[Tache_1]\nCode_Tache=IRM CEREB\nHeure_Debut_Prevue=demain\n",
    )
    summary = ingestor.run_cycle(wait_stable=False)
    (outcome,) = summary.outcomes
    assert outcome.status == APPLIED
    text = "\n".join(outcome.warnings)
    assert "unknown box 'ZZ9'" in text and "unknown task code 'IRM CEREB'" in text
    assert "unknown responsible 'nobody'" in text and "Heure_Debut_Prevue" in text
    p = load_board(seeded, clock.now()).patients()[0]
    assert p.box_code == "A1"
    task = p.tasks[0]
    assert task.code == "IRM CEREB" and m.MARK_UNKNOWN_TASK in task.marks
    assert "Heure_Debut_Prevue=demain" in task.note  # nothing lost
    done = EntryFolder(inbox).done / "u.txt.warnings.txt"
    assert "ZZ9" in done.read_text(encoding="utf-8")


def test_quotes_and_long_values(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    long_comment = "x" * 300
    drop(
        inbox,
        "q.txt",
        '[Entree]\nNom_Patient=D\'ARTAGNAN\nPrenom_Patient=Jean-Pierre "JP"\n'
        f"Commentaire='; DROP TABLE encours; --\n[Tache_1]\nCode_Tache=ECG\n"
        f"Commentaire={long_comment}\n",
        encoding="cp1252",
    )
    summary = ingestor.run_cycle(wait_stable=False)
    assert summary.outcomes[0].status == APPLIED  # defect 1: no SQL built from values
    p = load_board(seeded, clock.now()).patients()[0]
    assert p.last_name == "D'ARTAGNAN" and p.first_name == 'Jean-Pierre "JP"'
    assert p.comment == "'; DROP TABLE encours; --"
    assert len(p.tasks[0].comment) == 200 and p.tasks[0].note == long_comment


def test_same_content_applied_once(ingestor: Ingestor, seeded: Database, inbox: Path) -> None:
    content = "[Entree]\nNom_Patient=D\nGUID_Patient=g-1\n[Tache_1]\nCode_Tache=ECG\n"
    drop(inbox, "one.txt", content)
    ingestor.run_cycle(wait_stable=False)
    drop(inbox, "one_again.txt", content)
    summary = ingestor.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [DUPLICATE]
    assert _count(seeded, seeded.tables.encours_taches) == 1
    assert _count(seeded, seeded.tables.applied_entries) == 1


def test_bad_corpus_goes_to_errors_board_keeps_running(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    for case, data, _line, _words in BAD:
        drop(inbox, f"bad {case}.txt", data)
    drop(inbox, "zz_good.txt", "[Entree]\nNom_Patient=GOOD\n")
    summary = ingestor.run_cycle(wait_stable=False)
    assert summary.count(ERROR) == len(BAD) and summary.count(APPLIED) == 1
    folder = EntryFolder(inbox)
    errors = {e.name: e.reason for e in folder.error_files()}
    assert len(errors) == len(BAD) == folder.error_count()
    for case, _data, line, words in BAD:
        reason = errors[f"bad {case}.txt"]
        assert words in reason
        if line:
            assert f"line {line}:" in reason
    assert [p.last_name for p in load_board(seeded, clock.now()).patients()] == ["GOOD"]
    # A second cycle does not retry them (no error loop: 2.x defect 1).
    assert ingestor.run_cycle(wait_stable=False).outcomes == []


def test_retry_after_fix(ingestor: Ingestor, inbox: Path) -> None:
    drop(inbox, "r.txt", "[Entree]\nPrenom_Patient=Y\n")
    ingestor.run_cycle(wait_stable=False)
    folder = EntryFolder(inbox)
    (err,) = folder.error_files()
    err.path.write_bytes(b"[Entree]\nNom_Patient=FIXED\n")
    folder.retry(err.path)
    assert not (folder.errors / ("r.txt" + REASON_SUFFIX)).exists()
    assert [o.status for o in ingestor.run_cycle(wait_stable=False).outcomes] == [APPLIED]


def test_any_case_of_txt_only(ingestor: Ingestor, inbox: Path) -> None:
    drop(inbox, "A.TXT", "[Entree]\nNom_Patient=A\n")
    drop(inbox, "b.Txt", "[Entree]\nNom_Patient=B\n")
    drop(inbox, "c.ini", "[Entree]\nNom_Patient=C\n")
    drop(inbox, "d.txt.tmp", "[Entree]\nNom_Patient=D\n")
    summary = ingestor.run_cycle(wait_stable=False)
    assert sorted(o.name for o in summary.outcomes) == ["A.TXT", "b.Txt"]
    assert (inbox / "c.ini").exists() and (inbox / "d.txt.tmp").exists()


def test_file_being_written_waits_until_stable(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    tracker = StabilityTracker(settle=0.2)
    path = drop(inbox, "w.txt", "[Entree]\nNom_")
    assert tracker.ready([path], now=100.0) == []
    path.write_bytes(b"[Entree]\nNom_Patient=W\n")
    assert tracker.ready([path], now=100.15) == []  # changed: the wait starts again
    assert tracker.ready([path], now=100.30) == []
    assert tracker.ready([path], now=100.36) == [path]
    empty = drop(inbox, "e.txt", b"")
    assert tracker.ready([empty], now=200.0) == []
    assert tracker.ready([empty], now=205.0) == []  # an empty file waits longer
    assert tracker.ready([empty], now=210.5) == [empty]


def test_database_unreachable_leaves_files_untouched(
    tmp_path: Path, inbox: Path, clock: FakeClock
) -> None:
    dead = Database.from_url("mysql+pymysql://root@127.0.0.1:1/nothing")
    ing = Ingestor(dead, inbox, default_box="A1", clock=clock, settle=0)
    path = drop(inbox, "x.txt", "[Entree]\nNom_Patient=X\n")
    before = path.stat()
    summary = ing.run_cycle(wait_stable=False)
    assert summary.database_unavailable and summary.outcomes == []
    after = path.stat()
    assert path.exists() and (after.st_mtime_ns, after.st_ino) == (
        before.st_mtime_ns,
        before.st_ino,
    )
    dead.dispose()


def test_claimed_file_goes_back_when_database_fails_during_apply(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    """The server goes away between the claim and the commit: the file returns to the inbox."""
    dead = Database.from_url("mysql+pymysql://root@127.0.0.1:1/nothing")

    def server_gone(step: str, _path: Path) -> None:
        if step == "parsed":
            ing.service.db = dead  # the next transaction meets a server that is not there

    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, before_step=server_gone)
    drop(inbox, "x.txt", "[Entree]\nNom_Patient=X\n")
    summary = ing.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [DEFERRED]
    assert summary.database_unavailable
    assert (inbox / "x.txt").exists() and not any(EntryFolder(inbox).claimed.iterdir())
    ing._before_step = None
    ing.service.db = seeded
    assert [o.status for o in ing.run_cycle(wait_stable=False).outcomes] == [APPLIED]
    assert _count(seeded, seeded.tables.encours) == 1
    dead.dispose()


def test_done_kept_n_days_or_deleted(seeded: Database, inbox: Path, clock: FakeClock) -> None:
    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, keep_days=2)
    drop(inbox, "old.txt", "[Entree]\nNom_Patient=O\n")
    ing.run_cycle(wait_stable=False)
    done = EntryFolder(inbox).done / "old.txt"
    assert done.exists()
    now = done.stat().st_mtime
    assert EntryFolder(inbox).purge_done(2, now=now + 86400) == 0
    assert EntryFolder(inbox).purge_done(2, now=now + 3 * 86400) == 1
    assert not done.exists()
    deleting = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, delete_done=True)
    drop(inbox, "gone.txt", "[Entree]\nNom_Patient=G\n")
    assert deleting.run_cycle(wait_stable=False).count(APPLIED) == 1
    assert not (EntryFolder(inbox).done / "gone.txt").exists()
    assert not (inbox / "gone.txt").exists()


def test_over_capacity_arrival_is_placed(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    drop(inbox, "1.txt", "[Entree]\nCode_Box=S2\nNom_Patient=ONE\n")
    drop(inbox, "2.txt", "[Entree]\nCode_Box=S2\nNom_Patient=TWO\n")
    summary = ingestor.run_cycle(wait_stable=False)
    assert summary.count(APPLIED) == 2
    assert any("over capacity" in w for w in summary.outcomes[1].warnings)
    assert load_board(seeded, clock.now()).box("S2").occupancy == 2
