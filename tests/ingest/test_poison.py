"""No file can stop the pipeline, on SQLite and MariaDB.

Each of these files once left the pipeline stuck: an exception while applying it left
it in `.claimed/`, retried first on every cycle, forever, and nothing after it was taken.
Now every file ends in `done/` or in `errors/` (with a reason) within one cycle.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.folder import CLAIMED, REASON_SUFFIX, EntryFolder
from synoptux.ingest.processor import APPLIED, ERROR, Ingestor
from synoptux.services.snapshot import load_board
from tests.support.ingest import drop

GOOD = "[Entree]\nNom_Patient=APRES\n[Tache_1]\nCode_Tache=ECG\n"


def _names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def _settled(inbox: Path) -> EntryFolder:
    """Nothing left in the inbox or in .claimed/ (whatever happened)."""
    folder = EntryFolder(inbox)
    assert folder.inbox_files() == [] and _names(folder.claimed) == []
    return folder


def _board_names(db: Database, clock: FakeClock) -> list[str]:
    return sorted(p.last_name for p in load_board(db, clock.now()).patients())


def test_planned_time_at_the_end_of_time(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    """9999-12-31 23:59 + the task's maximum duration overflows a date: the task is kept,
    without a planned end, and the warning says why."""
    drop(
        inbox,
        "a.txt",
        "[Entree]\nNom_Patient=FIN DES TEMPS\n"
        "[Tache_1]\nCode_Tache=ECG\nHeure_Debut_Prevue=9999-12-31 23:59\n",
    )
    drop(inbox, "b.txt", GOOD)
    summary = ingestor.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [APPLIED, APPLIED]
    assert any("planned end" in w for w in summary.outcomes[0].warnings)
    _settled(inbox)
    p = next(p for p in load_board(seeded, clock.now()).patients() if p.last_name != "APRES")
    assert p.tasks[0].planned_end is None and p.tasks[0].planned_start.year == 9999


@pytest.mark.parametrize("key", ["Priorite", "PrimKey_Blob"])
def test_numbers_too_large_for_any_column(
    ingestor: Ingestor, seeded: Database, inbox: Path, clock: FakeClock, key: str
) -> None:
    """25 digits: no integer column holds it (SQLite raised OverflowError, MariaDB refused
    the row). The task is kept; the number goes into its note, with a warning."""
    digits = "1234567890123456789012345"
    drop(
        inbox,
        "big.txt",
        f"[Entree]\nNom_Patient=GRAND\n[Tache_1]\nCode_Tache=ECG\n{key}={digits}\n",
    )
    summary = ingestor.run_cycle(wait_stable=False)
    (outcome,) = summary.outcomes
    assert outcome.status == APPLIED, outcome.reason
    assert any(key in w and "kept in the task note" in w for w in outcome.warnings)
    (p,) = load_board(seeded, clock.now()).patients()
    assert f"{key}={digits}" in p.tasks[0].note
    _settled(inbox)


def test_file_name_that_is_not_utf8(ingestor: Ingestor, inbox: Path, seeded: Database) -> None:
    """A Samba share hands over Latin-1 names: byte 0xE9 is not UTF-8."""
    raw = os.fsencode(inbox) + b"/entr\xe9e urgente.txt"
    with open(raw, "wb") as f:
        f.write(b"[Entree]\nNom_Patient=LATIN\n")
    with open(os.fsencode(inbox) + b"/mauvais \xe9.txt", "wb") as f:
        f.write(b"pas un fichier d'entree\n")
    summary = ingestor.run_cycle(wait_stable=False)
    by_name = {o.name: o for o in summary.outcomes}
    assert set(by_name) == {"entrée urgente.txt", "mauvais é.txt"}  # shown readable
    assert by_name["entrée urgente.txt"].status == APPLIED
    assert by_name["mauvais é.txt"].status == ERROR
    folder = _settled(inbox)
    assert b"entr\xe9e urgente.txt" in os.listdir(os.fsencode(folder.done))  # the same bytes
    (err,) = folder.error_files()
    assert "mauvais é.txt" in err.reason and "not an INI" in err.reason
    t = seeded.tables
    with seeded.connect() as conn:
        assert conn.execute(select(t.applied_entries.c.EA_Fichier)).scalar() == (
            "entrée urgente.txt"
        )


def test_names_too_long_for_a_reason_file(ingestor: Ingestor, inbox: Path) -> None:
    """250 characters: `NAME.reason.txt` (and `NAME.warnings.txt`) would pass the 255-byte
    limit of a file name. The file is kept under a shortened name, its reason beside it."""
    bad = "b" * 246 + ".txt"
    good = "g" * 246 + ".txt"
    drop(inbox, bad, "[Entree]\nPrenom_Patient=SANS NOM\n")
    drop(inbox, good, "[Entree]\nNom_Patient=LONG\nAge=40\n")  # a warning: unknown key
    accent = "é" * 124 + ".txt"  # 252 bytes in UTF-8
    drop(inbox, accent, "[Entree]\nPrenom_Patient=SANS NOM\n")
    summary = ingestor.run_cycle(wait_stable=False)
    assert sorted(o.status for o in summary.outcomes) == [APPLIED, ERROR, ERROR]
    folder = _settled(inbox)
    errors = folder.error_files()
    assert len(errors) == 2 == folder.error_count()
    for e in errors:
        assert "Nom_Patient is missing" in e.reason
        assert len(os.fsencode(e.path.name + REASON_SUFFIX)) <= 255
    assert {bad, accent} == {e.reason.split("\n")[0].removeprefix("File: ") for e in errors}
    (done,) = folder._entries(folder.done)
    warnings = done.with_name(done.name + ".warnings.txt")
    assert "'age'" in warnings.read_text(encoding="utf-8")


def test_an_exception_once_is_retried_at_once(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    fails = {"n": 0}

    def flaky(step: str, _path: Path) -> None:
        if step == "parsed" and fails["n"] < 1:
            fails["n"] += 1
            raise RuntimeError("a hiccup")

    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, before_step=flaky)
    drop(inbox, "x.txt", GOOD)
    summary = ing.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [APPLIED]
    _settled(inbox)


def test_a_file_that_fails_twice_is_quarantined(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    def broken(step: str, path: Path) -> None:
        if step == "parsed" and path.name == "poison.txt":
            raise ValueError("something no one foresaw")

    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, before_step=broken)
    drop(inbox, "poison.txt", "[Entree]\nNom_Patient=POISON\n")
    os.utime(inbox / "poison.txt", (1, 1))  # the oldest: taken first
    drop(inbox, "z.txt", GOOD)
    summary = ing.run_cycle(wait_stable=False)
    assert [(o.name, o.status) for o in summary.outcomes] == [
        ("poison.txt", ERROR),
        ("z.txt", APPLIED),
    ]
    folder = _settled(inbox)
    (err,) = folder.error_files()
    assert "ValueError: something no one foresaw" in err.reason and "twice" in err.reason
    assert _board_names(seeded, clock) == ["APRES"]
    assert ing.run_cycle(wait_stable=False).outcomes == []  # not retried on its own


def test_a_file_the_ingester_died_on_twice_is_quarantined(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    """Killed twice while applying the same file (a crash, the OOM killer): the third start
    puts it aside instead of dying on it again."""
    died = {"n": 0}

    class Died(BaseException):  # like a kill: nothing of ours catches it
        pass

    def die(step: str, _path: Path) -> None:
        if step == "parsed":
            died["n"] += 1
            raise Died

    drop(inbox, "killer.txt", "[Entree]\nNom_Patient=KILLER\n")
    for _ in range(2):
        ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0, before_step=die)
        with pytest.raises(Died):
            ing.run_cycle(wait_stable=False)
    assert died["n"] == 2 and _names(inbox / CLAIMED) != []
    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0)
    summary = ing.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [ERROR]
    folder = _settled(inbox)
    (err,) = folder.error_files()
    assert "stopped twice" in err.reason
    assert _board_names(seeded, clock) == []


def test_claimed_file_applied_once_after_one_crash(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    class Died(BaseException):
        pass

    def die_once(step: str, _path: Path) -> None:
        if step == "parsed":
            raise Died

    drop(inbox, "once.txt", "[Entree]\nNom_Patient=ONCE\n")
    with pytest.raises(Died):
        Ingestor(
            seeded, inbox, default_box="A1", clock=clock, settle=0, before_step=die_once
        ).run_cycle(wait_stable=False)
    summary = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0).run_cycle(
        wait_stable=False
    )
    assert [o.status for o in summary.outcomes] == [APPLIED]
    folder = _settled(inbox)
    assert _names(folder.claimed) == [] and _board_names(seeded, clock) == ["ONCE"]


def test_a_file_another_board_is_applying_is_left_to_it(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    """Two boards on one folder: what one has in `.claimed/` (its attempt under way, its
    process alive) is not counted against the file by the other; once that process is
    gone, its attempts count."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        folder = EntryFolder(inbox)
        folder.ensure()
        claimed = folder.claimed / "busy.txt"
        claimed.write_bytes(b"[Entree]\nNom_Patient=BUSY\n")
        by = f"{socket.gethostname()}:{other.pid}"
        folder.add_attempt(claimed, by=by)
        folder.add_attempt(claimed, by=by)
        ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0)
        assert ing.run_cycle(wait_stable=False).outcomes == []
        assert claimed.exists()
    finally:
        other.kill()
        other.wait()
    summary = ing.run_cycle(wait_stable=False)
    assert [o.status for o in summary.outcomes] == [ERROR]  # died twice on it: put aside
    assert "stopped twice" in folder.error_files()[0].reason
