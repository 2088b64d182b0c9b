"""Issue 15, finding 7: look before you upgrade.

On a 2.x database not yet upgraded, the board and `board --json` run read-only with the
banner "base 2.x — lecture seule, lancer synoptux upgrade": every row shows, nothing is
written (no tap, no purge, no schema, no entry file taken); `init-db` and `ingest` still
refuse; what a 2.x screen writes meanwhile shows on the new board.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text

from synoptux.config import Settings
from synoptux.db.readonly import (
    READ_ONLY_BANNER,
    DatabaseReadOnly,
    ReadOnlyDatabase,
    read_only_reason,
)
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService, BoxRecord
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.legacy_view import LegacyViewFeed
from synoptux.services.setup import open_database
from synoptux.services.snapshot import load_board
from tests.support.settle import settle
from tests.support.upgrade import make_site
from tests.upgrade import twox
from tests.upgrade.legacy_db import T0, add_personnes

pytestmark = pytest.mark.mysql
ROOT = Path(__file__).resolve().parents[2]


def _state(url: str) -> dict[str, object]:
    """Everything a write would change: tables, triggers, each table's checksum."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(r[0] for r in conn.execute(text("SHOW TABLES")))
            sums = {
                t: conn.execute(text(f"CHECKSUM TABLE `{t}` EXTENDED")).first()[1] for t in tables
            }
            triggers = conn.execute(
                text(
                    "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                )
            ).scalar()
    finally:
        engine.dispose()
    return {"tables": tables, "checksums": sums, "triggers": triggers}


@pytest.fixture(
    params=[("synopt_", "latin1", "2.15"), ("ST_", "utf8", "2.16")],
    ids=["synopt_-latin1-2.15", "ST_-utf8-2.16"],
)
def twox_site(request, mysql_factory, tmp_path):
    prefix, charset, version = request.param
    site = make_site(mysql_factory, tmp_path, prefix, charset, version, patients=30, history=40)
    add_personnes(site.url)
    return site


def _ini(site, tmp_path: Path) -> Path:
    inbox = tmp_path / "entrees"
    inbox.mkdir(exist_ok=True)
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL={site.url}\nPrefixe_Tables={site.prefix}\n"
        f"[Interface]\nDossier_Entrees={inbox}\n",
        encoding="utf-8",
    )
    return ini


def test_board_json_runs_read_only_and_writes_nothing(twox_site, tmp_path) -> None:
    site = twox_site
    before = _state(site.url)
    ini = _ini(site, tmp_path)
    cmd = [sys.executable, "-m", "synoptux", "--config", str(ini), "--now", "2026-11-23 10:00"]
    done = subprocess.run(
        [*cmd, "board", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (
        data["read_only"] == READ_ONLY_BANNER == "base 2.x — lecture seule, lancer synoptux upgrade"
    )
    assert READ_ONLY_BANNER in done.stderr
    shown = sum(len(b["patients"]) for b in data["boxes"])
    assert shown == site.facts.counts["encours"]  # every patient, unknown boxes included
    names = {
        r["responsible"]["name"] for b in data["boxes"] for r in b["patients"] if r["responsible"]
    }
    assert names <= {"ro", "sev"} and names  # 2.x's responsibles: MedinTux Personnes
    text_out = subprocess.run(
        [*cmd, "board"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert text_out.returncode == 0 and text_out.stdout.startswith(f"*** {READ_ONLY_BANNER}")
    # init-db and ingest still refuse; nothing at all was written by any of them.
    for refused in (["init-db"], ["ingest", "--once"]):
        res = subprocess.run(
            [*cmd, *refused], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert res.returncode == 2 and "synoptux upgrade" in res.stderr, res.stderr
    assert _state(site.url) == before


def test_services_refuse_every_write_with_the_reason(twox_site, tmp_path) -> None:
    site = twox_site
    before = _state(site.url)
    db = open_database(Settings.load(_ini(site, tmp_path)), look=True)
    try:
        assert isinstance(db, ReadOnlyDatabase) and read_only_reason(db) == READ_ONLY_BANNER
        board = load_board(db, T0)
        pk = board.patients()[0].id
        service = BoardService(db, FakeClock(T0), actor="poste")
        for action in (
            lambda: service.set_folded(pk, True),
            lambda: service.set_comment(pk, "x"),
            lambda: service.move_patient(pk, "SORT"),
            lambda: service.final_exit(pk),
            lambda: AdminService(db, FakeClock(T0)).save_box(BoxRecord("R9", "Box 9")),
        ):
            with pytest.raises(ActionRefused) as info:
                action()
            assert info.value.code == "read_only" and info.value.message == READ_ONLY_BANNER
        with pytest.raises(DatabaseReadOnly):
            db.transaction(lambda conn: None)
        with db.engine.connect() as conn, pytest.raises(Exception) as refused:
            conn.execute(text(f"UPDATE {site.prefix}encours SET EC_Replier = 1"))
        assert "READ ONLY" in str(refused.value).upper()
    finally:
        db.dispose()
    assert _state(site.url) == before


def test_a_2x_screen_writing_meanwhile_shows_on_the_read_only_board(twox_site, tmp_path) -> None:
    site = twox_site
    db = open_database(Settings.load(_ini(site, tmp_path)), look=True)
    clock = FakeClock(T0)
    feed = LegacyViewFeed(db, clock)
    try:
        first = feed.check()
        assert first is not None and feed.check() is None  # nothing changed: no reload
        pk = first.patients()[0].id
        engine = create_engine(site.url)
        try:
            with engine.begin() as conn:
                twox.move(conn, site.prefix, pk, "S3", False, "2026-11-23 10:05:00")
        finally:
            engine.dispose()
        moved = feed.check()
        assert moved is not None and moved.patient(pk).box_code == "S3"
    finally:
        db.dispose()


def test_the_board_window_shows_the_banner_and_takes_nothing(twox_site, tmp_path, qtbot) -> None:
    """The wall screen on a 2.x database: French banner, taps refused with the reason, no
    entry file taken, no automatic exit, nothing written."""
    from synoptux.ui.app import install_translator
    from synoptux.ui.main_window import MainWindow
    from synoptux.ui.readonly_feed import ReadOnlyLiveFeed

    site = twox_site
    engine = create_engine(site.url)
    try:
        with engine.begin() as conn:  # a patient in Sortie for two days: 2.x's purge is due
            conn.execute(
                text(
                    f"UPDATE {site.prefix}encours SET EC_CodeBox = 'SORT', EC_HeureSortie = :t "
                    "ORDER BY EC_PK LIMIT 1"
                ),
                {"t": T0 - timedelta(days=2)},
            )
    finally:
        engine.dispose()
    ini = _ini(site, tmp_path)
    entry = tmp_path / "entrees" / "entree_dupont.txt"
    entry.write_text("[Entree]\nNom_Patient=DUPONT\nGUID_Patient=g-dupont\n", encoding="utf-8")
    before = _state(site.url)
    app = QApplication.instance()
    translators = install_translator(app, "fr")
    settings = Settings.load(ini)
    db = open_database(settings, look=True)
    window = MainWindow(db, settings, FakeClock(T0))
    qtbot.addWidget(window)
    try:
        settle()  # the first board, read by the database thread
        window.show()
        qtbot.waitUntil(window.parts.monitor.is_running, timeout=5000)  # live parts started
        assert isinstance(window.parts.feed, ReadOnlyLiveFeed)
        assert window.read_only_banner.isVisible()
        assert window.read_only_banner.text() == "base 2.x — lecture seule, lancer synoptux upgrade"
        pid = next(iter(window.controller.rows))
        window.board_actions.run(lambda: window.service.set_folded(pid, True))
        settle()
        assert window.board_actions.last_dialog.text == READ_ONLY_BANNER  # the tap says why
        window.board_actions.last_dialog.close()
        window.admin_menus.open("boxes")  # administration: the same reason, no PIN asked
        assert window.board_actions.last_dialog.text == READ_ONLY_BANNER
        window.board_actions.last_dialog.close()
        qtbot.wait(1500)  # a few feed checks and an alarm check
        window.parts.monitor.check_now()
        window.parts.monitor.run_forced_exits()
        settle()
        assert entry.exists()  # waits for the upgraded board (or synoptux ingest)
    finally:
        window.close()
        db.dispose()
        for tr in translators:
            app.removeTranslator(tr)
    assert _state(site.url) == before
