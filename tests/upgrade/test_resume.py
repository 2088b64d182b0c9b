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
from tests.support.upgrade import make_site

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


def _upgrade(site, **kw):
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


# Lines after which the process is killed: mid-dump, between steps, during the ALTER of the
# largest table (the server finishes or rolls back that ALTER on its own).
KILL_AT = ["backup: writing", "step task key: done", "converting ST_historique"]


@pytest.mark.parametrize("marker", KILL_AT)
def test_process_killed_mid_upgrade_then_finished(mysql_factory, tmp_path, marker):
    """A real SIGKILL of `synoptux upgrade` while it works, then a second run."""
    site = make_site(mysql_factory, tmp_path, "ST_", "utf8", "2.16", patients=200, history=3000)
    before = site.snapshot()
    cmd = [
        sys.executable,
        "-m",
        "synoptux",
        "--lang",  # the markers and checks below are the English lines
        "en",
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
        if marker in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "upgrade finished: every row is there" in done.stdout
    if marker != "backup: writing":
        assert "resuming the upgrade interrupted after step '" in done.stdout
    assert site.snapshot() == before
    # A killed dump leaves no file that passes for a backup.
    for path in site.backup_dir.glob("*before-upgrade*.sql"):
        read_info(path)


def test_one_upgrade_at_a_time(latin1_site):
    from synoptux.db.upgrade import UpgradeError, exclusive

    site = latin1_site
    other = site.database()
    try:
        with exclusive(other):
            with pytest.raises(UpgradeError, match="another 'synoptux upgrade'"):
                _upgrade(site)
        assert _upgrade(site).counts[site.table("encours")] == site.facts.counts["encours"]
    finally:
        other.dispose()


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


def test_renumbering_loop_killed_half_way_resumes(latin1_site):
    """MyISAM has no transaction: a killed loop leaves some tasks renumbered, some not."""
    from synoptux.db.upgrade_steps import repeated_task_numbers

    site = latin1_site
    before = site.snapshot()
    table = site.table("encours_taches")
    engine = create_engine(site.url)
    with engine.begin() as conn:
        moves = repeated_task_numbers(conn, table)
        top = conn.execute(text(f"SELECT MAX(EN_Num_tache) FROM `{table}`")).scalar()
        for n, (pk, num) in enumerate(moves[: len(moves) // 3], start=1):
            conn.execute(
                text(
                    f"UPDATE `{table}` SET EN_Num_tache = :new WHERE EN_PK_encours = :pk "
                    "AND EN_Num_tache = :num"
                ),
                {"new": top + n, "pk": pk, "num": num},
            )
    engine.dispose()
    result = _upgrade(site)
    assert site.snapshot() == before
    assert result.renumbered == len(moves) - len(moves) // 3


def test_2x_task_table_without_key_and_with_twin_rows(latin1_site):
    site = latin1_site
    table = site.table("encours_taches")
    engine = create_engine(site.url)
    with engine.begin() as conn:
        conn.execute(
            text(f"ALTER TABLE `{table}` MODIFY EN_Num_tache INT NOT NULL, DROP PRIMARY KEY")
        )
        conn.execute(text(f"INSERT INTO `{table}` SELECT * FROM `{table}` WHERE EN_PK_encours = 2"))
        twins = conn.execute(
            text(f"SELECT COUNT(*) FROM `{table}` WHERE EN_PK_encours = 2")
        ).scalar()
    engine.dispose()
    site.facts.counts["encours_taches"] += twins // 2
    before = site.snapshot()
    result = _upgrade(site)
    assert site.snapshot() == before
    assert result.counts[table] == site.facts.counts["encours_taches"]


def test_rows_lost_during_the_upgrade_fail_the_verification(latin1_site):
    from synoptux.db.upgrade import UpgradeError

    site = latin1_site
    with pytest.raises(UpgradeInterrupted):
        _upgrade(site, stop_after="schema")
    with create_engine(site.url).begin() as conn:
        conn.execute(text(f"DELETE FROM `{site.table('historique')}` WHERE HI_PK = 7"))
    for _ in range(2):  # and it keeps saying so until the backup is restored
        with pytest.raises(
            UpgradeError,
            match=r"historique \(1000 rows before, 999 after\).*"
            r"--restore",
        ):
            _upgrade(site)
    db = site.database()
    try:
        restore(db, site.backup_dir, out=lambda _l: None)
    finally:
        db.dispose()
    assert _upgrade(site).counts[site.table("historique")] == 1000


def test_missing_triggers_alone_take_no_new_backup(latin1_site):
    site = latin1_site
    _upgrade(site)
    with create_engine(site.url).begin() as conn:
        conn.execute(text(f"DROP TRIGGER `{site.prefix}stx_chg_encours_ins`"))
    lines: list[str] = []
    db = site.database()
    try:
        upgrade(db, site.backup_dir, out=lines.append)
    finally:
        db.dispose()
    assert lines == ["only the change triggers were missing: installed (no data changed)"]
    assert len(list(site.backup_dir.glob("*.sql"))) == 1


def test_backup_file_is_private_and_loads_with_the_mysql_client(latin1_site, mysql_factory):
    import shutil
    import stat

    from sqlalchemy.engine import make_url

    site = latin1_site
    tables = [site.table(b) for b in site.facts.counts]
    rows = {t: _raw_rows(site.url, t) for t in tables}
    result = _upgrade(site)
    assert stat.S_IMODE(result.backup.stat().st_mode) == 0o600
    client = shutil.which("mariadb") or shutil.which("mysql")
    if client is None:
        pytest.skip("no mysql client on this machine")
    other = mysql_factory.create()
    u = make_url(other)
    cmd = [
        client,
        "-h",
        u.host or "127.0.0.1",
        "-P",
        str(u.port or 3306),
        "-u",
        u.username or "root",
    ]
    if u.password:
        cmd.append(f"-p{u.password}")
    with result.backup.open("rb") as f:
        subprocess.run([*cmd, u.database], stdin=f, check=True, timeout=120)
    assert {t: _raw_rows(other, t) for t in tables} == rows
