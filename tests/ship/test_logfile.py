"""The log file the UI promises ("l'erreur a été journalisée"): rotating, private, fed by
every part, no patient name at INFO level. Real processes, real folders, a real database."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.logfile import (
    BACKUPS,
    MAX_BYTES,
    close_logging,
    log_path,
    read_tail,
    setup_logging,
)
from synoptux.services.live import BoardFeed

POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
NAME = "ZORGLUBIAN"  # a patient's name: must never appear on an INFO line


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SYNOPTUX_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "synoptux", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "synoptux.ini").write_text(
        "[Interface]\nDossier_Entrees=entrees\nDossier_Journal=journal\n", encoding="utf-8"
    )
    done = cli("init-db", "--demo", "--now", "2026-11-23 10:00", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path


@POSIX
def test_ingest_errors_reach_a_private_log_without_names_at_info(site: Path) -> None:
    inbox = site / "entrees"
    (inbox / f"entree_{NAME.lower()}.txt").write_bytes(
        f"[Entree]\nNom_Patient={NAME}\nPrenom_Patient=Albert\n[Tache_1]\nCode_Tache=ECG\n".encode()
    )
    (inbox / "courrier.txt").write_bytes(b"Bonjour,\nvoici le patient DUPONT\n")
    old = os.umask(0o022)  # a usual umask: the modes below are not the umask's doing
    try:
        done = cli("ingest", "--once", cwd=site)
    finally:
        os.umask(old)
    assert done.returncode != 0  # one file in errors/
    path = site / "journal" / "synoptux.log"
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "ERROR synoptux.ingest.processor" in text and "courrier.txt rejected" in text
    info = [ln for ln in text.splitlines() if " INFO " in ln or " DEBUG " in ln]
    assert not [ln for ln in info if NAME in ln or "DUPONT" in ln]


@POSIX
def test_rotation_keeps_files_private_and_bounded(tmp_path: Path) -> None:
    settings = Settings.from_text("[Interface]\nDossier_Journal=log\n", tmp_path / "synoptux.ini")
    handler = setup_logging(settings)
    try:
        for i in range(MAX_BYTES * (BACKUPS + 2) // 100):
            logging.getLogger("synoptux.test").warning("line %06d %s", i, "x" * 60)
    finally:
        close_logging(handler)
    files = sorted((tmp_path / "log").iterdir())
    assert [f.name for f in files] == ["synoptux.log"] + [
        f"synoptux.log.{i}" for i in range(1, BACKUPS + 1)
    ]
    assert all(mode(f) == 0o600 and f.stat().st_size <= MAX_BYTES for f in files)


def test_feed_errors_are_logged(tmp_path: Path) -> None:
    settings = Settings.from_text("[Interface]\nDossier_Journal=log\n", tmp_path / "synoptux.ini")
    handler = setup_logging(settings)
    try:  # the live feed loses its database (nothing listens on port 1)
        db = Database.from_url("mysql+pymysql://root@127.0.0.1:1/board?connect_timeout=2")
        try:
            assert BoardFeed(db).check() is None
        finally:
            db.dispose()
    finally:
        close_logging(handler)
    text = (tmp_path / "log" / "synoptux.log").read_text(encoding="utf-8")
    assert "WARNING synoptux.services.live" in text and "database unreachable" in text


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_any_slot_is_logged_with_its_traceback(qtbot, tmp_path: Path) -> None:
    """Admin dialogs, cards, menus: an exception escaping a Qt slot goes to sys.excepthook."""
    settings = Settings.from_text("[Interface]\nDossier_Journal=log\n", tmp_path / "synoptux.ini")
    saved = sys.excepthook
    handler = setup_logging(settings)
    try:
        button = QPushButton()
        qtbot.addWidget(button)

        def broken_slot() -> None:
            raise ZeroDivisionError("a bug in a slot")

        button.clicked.connect(broken_slot)
        button.click()
    finally:
        close_logging(handler)
        sys.excepthook = saved
    text = (tmp_path / "log" / "synoptux.log").read_text(encoding="utf-8")
    assert "CRITICAL synoptux [MainThread] uncaught exception" in text
    assert "ZeroDivisionError: a bug in a slot" in text and "broken_slot" in text


def test_log_folder_that_cannot_be_written_leaves_the_board_running(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Interface]\nDossier_Journal={blocker / 'log'}\n", encoding="utf-8")
    settings = Settings.load(ini)
    assert setup_logging(settings) is None  # said on stderr; doctor reports it
    done = cli("--lang", "en", "doctor", cwd=tmp_path)
    assert f"FAIL log file: {blocker / 'log' / 'synoptux.log'} cannot be written" in done.stdout


def test_doctor_reports_the_log_path(site: Path) -> None:
    done = cli("--lang", "en", "doctor", cwd=site)
    assert f"OK   log file: {site / 'journal' / 'synoptux.log'}" in done.stdout


def test_tail_is_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "synoptux.log"
    path.write_text("".join(f"line {i:05d}\n" for i in range(20_000)), encoding="utf-8")
    tail = read_tail(path, 1_000)
    assert tail.splitlines()[0].startswith("line ") and len(tail.splitlines()[0]) == 10
    assert tail.endswith("line 19999\n")
    assert log_path(Settings.from_text("", tmp_path / "x.ini")) == tmp_path / "var/log/synoptux.log"
