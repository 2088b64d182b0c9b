"""An upgrade killed at any step finishes when run again; --restore puts the 2.x database back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from synoptux.db.backup import read_info
from synoptux.db.upgrade import UpgradeInterrupted, restore, upgrade
from tests.upgrade.conftest import make_site

pytestmark = pytest.mark.mysql
ROOT = Path(__file__).resolve().parents[2]


def _ddl(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(r[0] for r in conn.execute(text("SHOW TABLES")))
            return {n: conn.execute(text(f"SHOW CREATE TABLE `{n}`")).first()[1] for n in names}
    finally:
        engine.dispose()


def _raw_rows(url: str, table: str) -> list[tuple]:
    """Rows as stored bytes (HEX of every column), for an exact restore comparison."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            cols = [r[0] for r in conn.execute(text(f"SHOW COLUMNS FROM `{table}`"))]
            sel = ", ".join(f"HEX(`{c}`)" for c in cols)
            return sorted(tuple(r) for r in conn.execute(text(f"SELECT {sel} FROM `{table}`")))
    finally:
        engine.dispose()


def _upgrade(site, **kw):  # noqa: ANN001, ANN003
    db = site.database()
    try:
        return upgrade(db, site.backup_dir, out=lambda _l: None, **kw)
    finally:
        db.dispose()


STEPS = [
    "backup",
    "renumber",
    "task_key",
    "convert:{p}box",
    "convert:{p}encours_taches",
    "convert:{p}taches",
    "schema",
]


@pytest.mark.parametrize("step", STEPS)
def test_interrupted_after_each_step_then_finished(mysql_factory, tmp_path, step):
    site = make_site(
        mysql_factory, tmp_path, "synopt_", "latin1", "2.15", patients=120, history=200
    )
    before = site.snapshot()
    stop = step.format(p=site.prefix)
    with pytest.raises(UpgradeInterrupted):
        _upgrade(site, stop_after=stop)
    result = _upgrade(site)
    assert site.snapshot() == before
    assert result.counts == {site.table(b): n for b, n in site.facts.counts.items()}
    # The resumed run used the first backup (taken before anything changed).
    assert [p.name for p in site.backup_dir.glob("*before-upgrade*.sql")] == [result.backup.name]
    info = read_info(result.backup)
    assert "MyISAM" in Path(result.backup).read_text(encoding="utf-8")
    assert info.counts == {site.table(b): n for b, n in site.facts.counts.items()}


def test_process_killed_mid_upgrade_then_finished(mysql_factory, tmp_path):
    """A real SIGKILL of `synoptux upgrade` while it works, then a second run."""
    site = make_site(mysql_factory, tmp_path, "ST_", "utf8", "2.16", patients=200, history=400)
    before = site.snapshot()
    cmd = [
        sys.executable,
        "-m",
        "synoptux",
        "--db",
        site.url,
        "--prefix",
        site.prefix,
        "upgrade",
        "--backup-dir",
        str(site.backup_dir),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "step task_key: done" in line:  # in the middle of the conversions
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "resuming the upgrade interrupted after step '" in done.stdout
    assert "upgrade finished: every row is there" in done.stdout
    assert site.snapshot() == before


def test_restore_puts_every_byte_back(latin1_site):
    site = latin1_site
    tables = [site.table(b) for b in site.facts.counts]
    ddl_before = _ddl(site.url)
    rows_before = {t: _raw_rows(site.url, t) for t in tables}
    _upgrade(site)
    # The new board works a little before the site goes back to 2.x.
    with create_engine(site.url).begin() as conn:
        conn.execute(text(f"DELETE FROM `{site.table('encours')}` WHERE EC_PK = 1"))
        conn.execute(
            text(
                f"INSERT INTO `{site.table('encours')}` (EC_CodeBox, EC_NomPatient, "
                "EC_HeureEntree) VALUES ('A1', 'NOUVEAU', '2026-11-23 10:00:00')"
            )
        )
    lines: list[str] = []
    db = site.database()
    try:
        counts = restore(db, site.backup_dir, out=lines.append)
    finally:
        db.dispose()
    assert counts == {site.table(b): n for b, n in site.facts.counts.items()}
    assert _ddl(site.url) == ddl_before  # MyISAM, latin1, 2.x key, AUTO_INCREMENT counters
    assert {t: _raw_rows(site.url, t) for t in tables} == rows_before
    # What the new board wrote was saved before the restore.
    safety = next(site.backup_dir.glob("*before-restore*.sql"))
    assert "NOUVEAU" in safety.read_text(encoding="utf-8")
    assert any("restored 8 tables" in ln for ln in lines)


def test_restore_after_an_interrupted_upgrade(latin1_site):
    site = latin1_site
    ddl_before = _ddl(site.url)
    rows_before = site.snapshot()
    with pytest.raises(UpgradeInterrupted):
        _upgrade(site, stop_after=f"convert:{site.table('encours')}")
    db = site.database()
    try:
        restore(db, site.backup_dir, out=lambda _l: None)
    finally:
        db.dispose()
    assert _ddl(site.url) == ddl_before
    assert site.snapshot() == rows_before
    # And the upgrade can start again from the 2.x state.
    assert _upgrade(site).counts[site.table("encours")] == site.facts.counts["encours"]
