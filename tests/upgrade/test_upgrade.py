"""`synoptux upgrade` on 2.x databases built like live sites (MariaDB, MyISAM, latin1/utf8)."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import create_engine, text

from synoptux.db.schema import SCHEMA_VERSION, triggers_complete
from synoptux.db.upgrade import UpgradeError, make_plan, upgrade
from tests.upgrade.legacy_db import LEGACY_BASES

pytestmark = pytest.mark.mysql


def _scalar(url: str, sql: str, **params):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()


def _all(url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _create_statements(site) -> dict[str, str]:
    names = [r[0] for r in _all(site.url, "SHOW TABLES")]
    return {n: _all(site.url, f"SHOW CREATE TABLE `{n}`")[0][1] for n in sorted(names)}


def _task_pairs(site) -> list[tuple[int, int]]:
    return _all(
        site.url, f"SELECT EN_PK_encours, EN_Num_tache FROM `{site.table('encours_taches')}`"
    )


def _quiet(_line: str) -> None:
    pass


def test_dry_run_plans_everything_and_changes_nothing(site):
    before_ddl, before_rows = _create_statements(site), site.snapshot()
    db = site.database()
    try:
        plan = make_plan(db)
        lines = plan.lines(site.backup_dir)
    finally:
        db.dispose()
    text_ = "\n".join(lines)
    assert plan.needed and plan.task_key and len(plan.convert) == len(LEGACY_BASES)
    assert plan.repeated == len(_task_pairs(site)) - len({n for _, n in _task_pairs(site)})
    assert f"renumber {plan.repeated} tasks" in text_
    assert "(EN_PK_encours, EN_Num_tache) -> (EN_Num_tache)" in text_
    assert f"convert {site.table('encours')}: MyISAM/{site.facts.charset}" in text_
    assert f"{site.table('responsables')}" in text_ and f"version none -> {SCHEMA_VERSION}" in text_
    if site.facts.charset == "latin1":
        assert f"WARN {site.facts.double_encoded} values look double-encoded" in text_
    if site.facts.prefix == "synopt_":  # 2.15 has no EC_Anonyme: it is added
        assert f"{site.table('encours')}.EC_Anonyme" in text_
    assert _create_statements(site) == before_ddl and site.snapshot() == before_rows
    assert not site.backup_dir.exists()


def test_upgrade_keeps_every_row_and_value(site):
    before = site.snapshot()
    pairs_before = _task_pairs(site)
    db = site.database()
    try:
        result = upgrade(db, site.backup_dir, out=_quiet)
    finally:
        db.dispose()
    # Every value of every row, accents included, as the driver reads it.
    assert site.snapshot() == before
    for base in LEGACY_BASES:
        assert (
            _scalar(site.url, f"SELECT COUNT(*) FROM `{site.table(base)}`")
            == site.facts.counts[base]
        )
    assert result.counts == {site.table(b): site.facts.counts[b] for b in LEGACY_BASES}
    names = _all(site.url, f"SELECT EC_NomPatient FROM `{site.table('encours')}`")
    assert any(n[0].startswith("ŒUVRARD") for n in names)
    assert any(n[0].startswith("MÜLLER") for n in names)
    comments = {
        r[0] for r in _all(site.url, f"SELECT EC_Commentaire FROM `{site.table('encours')}`")
    }
    assert {"Prix: 30€", "Douleur thoracique, « brutale »"} <= comments
    # Engines, charsets, key, version, triggers.
    tables = _all(
        site.url,
        "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema."
        "TABLES WHERE TABLE_SCHEMA = DATABASE()",
    )
    assert tables and all(e == "InnoDB" and c.startswith("utf8mb4") for _, e, c in tables)
    assert not _all(
        site.url,
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE "
        "TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME <> 'utf8mb4'",
    )
    pk = _all(
        site.url,
        "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA "
        "= DATABASE() AND TABLE_NAME = :t AND INDEX_NAME = 'PRIMARY'",
        t=site.table("encours_taches"),
    )
    assert pk == [("EN_Num_tache",)]
    pairs = _task_pairs(site)
    assert len({n for _, n in pairs}) == len(pairs) == len(pairs_before)
    db = site.database()
    try:
        with db.engine.connect() as conn:
            assert triggers_complete(conn, db.tables)
            version = conn.execute(
                text(
                    f"SELECT SM_Valeur FROM `{site.table('synoptux_meta')}` "
                    "WHERE SM_Cle = 'schema_version'"
                )
            ).scalar()
            assert version == str(SCHEMA_VERSION)
        # A second run has nothing to do and writes no second backup.
        lines: list[str] = []
        again = upgrade(db, site.backup_dir, out=lines.append)
        assert again.backup is None and lines[-1].startswith("nothing to do")
    finally:
        db.dispose()
    assert len(list(site.backup_dir.glob("*before-upgrade*.sql"))) == 1


def test_double_encoded_values_keep_their_bytes(latin1_site):
    site = latin1_site
    sql = f"SELECT EC_PK, HEX(EC_Commentaire) FROM `{site.table('encours')}` WHERE EC_PK % 50 = 4"
    before = _all(site.url, sql)
    assert any(h == "456E7472C3A965207061722053414D55" for _, h in before)  # 'Entrée par SAMU'
    db = site.database()
    try:
        upgrade(db, site.backup_dir, out=_quiet)
    finally:
        db.dispose()
    # latin1 bytes C3 A9 read 'Ã©': converted character by character, as 2.x showed them.
    after = dict(
        _all(
            site.url,
            f"SELECT EC_PK, EC_Commentaire FROM `{site.table('encours')}` WHERE EC_PK % 50 = 4",
        )
    )
    assert "EntrÃ©e par SAMU" in after.values()


def test_renumbering_keeps_first_numbers_and_logs_the_others(site):
    pairs_before = sorted(_task_pairs(site))
    top = max(n for _, n in pairs_before)
    db = site.database()
    try:
        result = upgrade(db, site.backup_dir, out=_quiet)
    finally:
        db.dispose()
    first_owner: dict[int, int] = {}
    for pk, num in sorted(pairs_before, key=lambda p: (p[1], p[0])):
        first_owner.setdefault(num, pk)
    after = _task_pairs(site)
    kept = {(pk, n) for pk, n in after if n <= top}
    assert kept == {(pk, n) for n, pk in first_owner.items()}
    moved = [(pk, n) for pk, n in after if n > top]
    assert len(moved) == result.renumbered == len(pairs_before) - len(first_owner)
    assert sorted(n for _, n in moved) == list(range(top + 1, top + 1 + len(moved)))
    with result.backup.with_suffix(".renumbered.csv").open() as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == len(moved)
    old_pairs = {(int(r["EN_PK_encours"]), int(r["old_EN_Num_tache"])) for r in rows}
    assert old_pairs <= set(pairs_before)
    assert {(int(r["EN_PK_encours"]), int(r["new_EN_Num_tache"])) for r in rows} == set(moved)
    # New tasks number above everything (the AUTO_INCREMENT counter follows).
    with create_engine(site.url).begin() as conn:
        new = conn.execute(
            text(
                f"INSERT INTO `{site.table('encours_taches')}` (EN_PK_encours, EN_Code_tache) "
                "VALUES (1, 'ECG')"
            )
        ).lastrowid
    assert new > max(n for _, n in after)


def test_key_collisions_under_the_new_collation_stop_before_any_change(latin1_site):
    site = latin1_site
    # latin1_swedish_ci tells BU from BÜ (Ü sorts as Y in Swedish); utf8mb4_unicode_ci does not.
    with create_engine(site.url).begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO `{site.table('taches')}` (TA_Code_tache, TA_Libelle_tache, "
                "TA_BoutonMenu) VALUES ('BÜ', 'Bandelette (ancien code)', 'M')"
            )
        )
    before = _create_statements(site)
    db = site.database()
    try:
        with pytest.raises(UpgradeError, match="BÜ|BU"):
            upgrade(db, site.backup_dir, out=_quiet)
    finally:
        db.dispose()
    assert _create_statements(site) == before and not site.backup_dir.exists()


def test_wrong_prefix_says_which_tables_exist(latin1_site):
    from synoptux.db.engine import Database

    db = Database.from_url(latin1_site.url, "ST_")
    try:
        with pytest.raises(UpgradeError, match="synopt_encours"):
            upgrade(db, latin1_site.backup_dir, out=_quiet)
    finally:
        db.dispose()


def test_upgrade_required_tells_the_board_not_to_write(site):
    from synoptux.db.upgrade_plan import upgrade_required

    db = site.database()
    try:
        reason = upgrade_required(db)
        assert reason and "EN_PK_encours, EN_Num_tache" in reason and "synoptux upgrade" in reason
        upgrade(db, site.backup_dir, out=_quiet)
        assert upgrade_required(db) is None
    finally:
        db.dispose()


def test_upgrade_required_is_silent_on_sqlite(sqlite_db):
    from synoptux.db.upgrade_plan import upgrade_required

    assert upgrade_required(sqlite_db) is None


def test_schema_created_by_another_command_first_then_upgrade(latin1_site):
    """`init-db` or `ingest` ran ensure_schema on the 2.x database before anyone upgraded."""
    from synoptux.db.schema import ensure_schema

    site = latin1_site
    before = site.snapshot()
    db = site.database()
    try:
        ensure_schema(db)
        plan = make_plan(db)
        assert plan.needed and plan.task_key and plan.delta.version == SCHEMA_VERSION
        upgrade(db, site.backup_dir, out=_quiet)
        assert site.snapshot() == before
        pairs = _task_pairs(site)
        assert len({n for _, n in pairs}) == len(pairs)
        with db.engine.connect() as conn:
            assert triggers_complete(conn, db.tables)
    finally:
        db.dispose()


def test_site_without_prefix(mysql_factory, tmp_path):
    """The manual's table names (no prefix), utf8."""
    from tests.support.upgrade import make_site

    site = make_site(mysql_factory, tmp_path, "", "utf8", "2.16", patients=80, history=150)
    before = site.snapshot()
    db = site.database()
    try:
        result = upgrade(db, site.backup_dir, out=_quiet)
        assert result.counts["encours"] == 80 and result.counts["historique"] == 150
        assert site.snapshot() == before
        from synoptux.services.snapshot import load_board
        from tests.upgrade.legacy_db import T0

        board = load_board(db, T0)
        assert len(board.patients()) >= 80
    finally:
        db.dispose()


def test_writers_refuse_a_2x_database_until_upgraded(latin1_site, tmp_path):
    """init-db and ingest must not write into 2.x tables (task numbers repeat); they say to
    run the upgrade instead of failing on the missing new tables. (The board and
    `board --json` look at it read-only: tests/upgrade/test_read_only.py.)"""
    import subprocess
    import sys

    url, prefix = latin1_site.url, latin1_site.prefix
    base = [sys.executable, "-m", "synoptux", "--db", url, "--prefix", prefix]
    for cmd in (["init-db"], ["ingest", "--once"]):
        done = subprocess.run(base + cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "synoptux upgrade" in done.stderr
