"""Exactly once: an ingesting process killed (SIGKILL) at chosen and random points, restarted.

Twenty files (ten new patients, ten follow-ups that add tasks by GUID), two
tasks each. Whatever the kills, after a final run: ten patients, four tasks
each, one PATIENT_IN per patient, one TASK_ADD per task, twenty ledger rows,
twenty files in done/, nothing left in the inbox, .claimed/ or errors/.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.ingest.folder import EntryFolder
from synoptux.services.history import Action
from tests.support.ingest import drop

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
PATIENTS = 10


def _files(folder: Path, patients: int = PATIENTS) -> None:
    for i in range(patients):
        drop(
            folder,
            f"in_{i:02d}.txt",
            f"[Entree]\nNom_Patient=P{i:02d}\nGUID_Patient=g-{i}\n"
            "[Tache_1]\nCode_Tache=ECG\n[Tache_2]\nCode_Tache=BIO C\n",
        )
        drop(
            folder,
            f"suite_{i:02d}.txt",
            f"[Entree]\nNom_Patient=P{i:02d}\nGUID_Patient=g-{i}\n"
            "[Tache_1]\nCode_Tache=RX OS\nCommentaire=suite\n"
            "[Tache_2]\nCode_Tache=SCAN T\n",
        )


def _run(url: str, folder: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(CHILD), url, str(folder), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _check(db: Database, folder: Path, patients: int = PATIENTS) -> None:
    t = db.tables
    with db.connect() as conn:

        def count(table, *where) -> int:
            return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

        assert count(t.encours) == patients
        per_patient = conn.execute(
            select(t.encours_taches.c.EN_PK_encours, func.count()).group_by(
                t.encours_taches.c.EN_PK_encours
            )
        ).all()
        assert sorted(n for _pk, n in per_patient) == [4] * patients
        assert count(t.historique, t.historique.c.HI_Action == Action.PATIENT_IN.value) == patients
        assert (
            count(t.historique, t.historique.c.HI_Action == Action.TASK_ADD.value) == 4 * patients
        )
        assert count(t.applied_entries) == 2 * patients
    f = EntryFolder(folder)
    assert f.inbox_files() == [] and f.claimed_files() == [] and f.error_files() == []
    assert len(f._entries(f.done)) == 2 * patients


@pytest.mark.parametrize("step", ["claimed", "parsed", "committed"])
def test_killed_at_each_step_then_restarted(
    seeded: Database, backend_url: str, inbox: Path, step: str
) -> None:
    _files(inbox)
    for nth in (1, 4, 9):
        child = _run(backend_url, inbox, step, str(nth))
        child.wait(timeout=120)
        assert child.returncode == -9, child.stderr.read()
    final = _run(backend_url, inbox)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    _check(seeded, inbox)


def test_killed_at_random_moments_then_restarted(
    seeded: Database, backend_url: str, inbox: Path
) -> None:
    """Twelve kills, each while files are being applied: the child is killed once it has
    archived a random number (1 to 20) of further files, as seen in done/, plus a random
    few milliseconds, so the kill lands anywhere in the work on the next file (claim,
    parse, transaction, move). Timed by the work itself, not by sleeps: a loaded machine
    changes when, not whether, a kill lands mid-work."""
    many = 150  # 300 files; at most 12 x 20 are archived before the final run
    _files(inbox, many)
    rng = random.Random(20261123)
    folder = EntryFolder(inbox)

    def archived() -> int:
        return len(folder._entries(folder.done))

    mid_work = []
    for _ in range(12):
        before = archived()
        target = before + rng.randint(1, 20)
        child = _run(backend_url, inbox)
        deadline = time.monotonic() + 120
        while child.poll() is None and archived() < target and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.03))
        alive = child.poll() is None
        child.kill()
        child.wait(timeout=120)
        assert alive, f"the child ended before its kill: {child.stderr.read()}"
        done = archived()
        assert before < done < 2 * many, (before, done)
        mid_work.append(done)
    print("killed with files done:", mid_work)
    final = _run(backend_url, inbox)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    _check(seeded, inbox, many)
