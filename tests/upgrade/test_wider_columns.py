"""Issue 15, findings 1 and 3: after `upgrade`, a 2.x site's columns have the fresh schema's
types and widths, so a busy day passes on a strict server (and stores whole values on a
lenient one) exactly as on a fresh database; 2.x's own statements still run on them, and
`--restore` gives back the exact 2.x columns."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from synoptux.db.upgrade import restore, upgrade
from synoptux.db.upgrade_plan import make_plan
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService, BoxRecord, read_medintux_people
from synoptux.services.board import BoardService
from tests.support.db import open_db
from tests.support.upgrade import make_site
from tests.upgrade import twox
from tests.upgrade.legacy_db import T0, add_personnes

pytestmark = pytest.mark.mysql
NOW = "2026-11-23 10:00:00"


def _columns(url: str) -> dict[tuple[str, str], tuple[str, int | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, CHARACTER_MAXIMUM_LENGTH "
                    "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                )
            ).all()
    finally:
        engine.dispose()
    return {(r[0], r[1].lower()): (r[2].lower(), r[3]) for r in rows}


def _ddl(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(r[0] for r in conn.execute(text("SHOW TABLES")))
            return {n: conn.execute(text(f"SHOW CREATE TABLE `{n}`")).first()[1] for n in names}
    finally:
        engine.dispose()


@pytest.fixture
def small_site(mysql_factory, tmp_path, request):
    prefix, charset, version = getattr(request, "param", ("synopt_", "utf8", "2.16"))
    site = make_site(mysql_factory, tmp_path, prefix, charset, version, patients=40, history=80)
    add_personnes(site.url)
    return site


def _upgrade(site) -> None:
    db = site.database()
    try:
        upgrade(db, site.backup_dir, out=lambda _l: None)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "small_site",
    [("synopt_", "utf8", "2.16"), ("ST_", "latin1", "2.15")],
    indirect=True,
    ids=["synopt_-utf8", "ST_-latin1"],
)
def test_upgrade_brings_every_column_to_the_fresh_schema(small_site, mysql_factory) -> None:
    site = small_site
    before = _columns(site.url)
    assert before[(site.table("encours"), "ec_commentaire")] == ("varchar(45)", 45)
    assert before[(site.table("encours_taches"), "en_priorite")][0] == "int(10) unsigned"
    _upgrade(site)
    fresh_url = mysql_factory.create()
    open_db(fresh_url, site.prefix).dispose()
    fresh, after = _columns(fresh_url), _columns(site.url)
    for (table, column), (kind, width) in fresh.items():
        assert (table, column) in after, f"{table}.{column} missing"
        got_kind, got_width = after[(table, column)]
        if width is not None:  # text: at least as wide as a fresh database (never narrowed)
            assert got_width >= width, f"{table}.{column}: {got_kind}, fresh {kind}"
            assert got_kind.startswith(("varchar", "char", "text", "mediumtext")), got_kind
        else:
            assert got_kind == kind, f"{table}.{column}: {got_kind}, fresh {kind}"
    widths = {c: after[(site.table(t), c)] for t, c in [
        ("encours", "ec_commentaire"), ("encours", "ec_destination"),
        ("historique", "hi_commentaire"), ("encours", "ec_nompatient"),
        ("encours_taches", "en_priorite"),
    ]}  # fmt: skip
    assert widths == {
        "ec_commentaire": ("varchar(255)", 255),
        "ec_destination": ("varchar(255)", 255),
        "hi_commentaire": ("varchar(1000)", 1000),
        "ec_nompatient": ("varchar(100)", 100),
        "en_priorite": ("varchar(10)", 10),
    }


def test_dry_run_lists_each_column_change(small_site) -> None:
    site = small_site
    db = site.database()
    try:
        lines = "\n".join(make_plan(db).lines(site.backup_dir))
    finally:
        db.dispose()
    enc, et, hi = site.table("encours"), site.table("encours_taches"), site.table("historique")
    assert f"{enc}.EC_Commentaire: varchar(45) -> varchar(255)" in lines
    assert f"{enc}.EC_Destination: varchar(45) -> varchar(255)" in lines
    assert f"{hi}.HI_Commentaire: varchar(45) -> varchar(1000)" in lines
    assert f"{et}.EN_Priorite: int(10) unsigned -> varchar(10)" in lines
    assert f"{enc}.EC_NomPatient: varchar(45) NOT NULL -> varchar(100) NOT NULL" in lines


def test_a_busy_day_on_the_upgraded_site_stores_every_value_whole(small_site, tmp_path) -> None:
    """What failed on a strict server (and was cut at 45 characters on a lenient one)."""
    site = small_site
    _upgrade(site)
    db = site.database()
    clock = FakeClock(T0)
    board = BoardService(db, clock, actor="poste-1")
    admin = AdminService(db, clock, actor="poste-1")
    t = db.tables
    try:
        with db.connect() as conn:
            pk = (
                conn.execute(select(t.encours.c.EC_PK).order_by(t.encours.c.EC_PK))
                .scalars()
                .first()
            )
        comment = "Douleur abdominale depuis trois jours, fièvre 39" + "!" * 12  # 60
        board.set_comment(pk, comment)
        admin.save_box(BoxRecord("R6", "Box de réanimation 6", "#ffeedd", "#112233", 1, "Soins"))
        exit_box = next(b.code for b in admin.list_boxes() if b.type == "Sortie")
        dest = "Transfert Hôpital de la Timone, réanimation adulte"  # 50
        board.move_patient(pk, exit_box, destination=dest, exit_time=datetime(2026, 11, 23, 11, 0))
        report = admin.import_responsibles(read_medintux_people(site.url), "MedinTux")
        assert sorted(report.added) == ["ro", "sev"]  # med + sgn rights, as 2.x filtered
        with db.connect() as conn:
            row = conn.execute(
                select(t.encours.c.EC_Commentaire, t.encours.c.EC_Destination).where(
                    t.encours.c.EC_PK == pk
                )
            ).one()
            notes = conn.execute(select(t.historique.c.HI_Commentaire)).scalars().all()
            boxes = conn.execute(select(t.box.c.BO_Libelle)).scalars().all()
        assert tuple(row) == (comment, dest)
        assert "Box de réanimation 6" in boxes
        assert any(n and n.startswith("box R6 created (Box de réanimation 6") for n in notes)
        assert any(n and "responsibles imported from MedinTux: 2 added" in n for n in notes)
    finally:
        db.dispose()


def test_macros_and_entry_files_send_empty_priorities_that_now_fit(small_site) -> None:
    """Finding 3: 39 of the 53 macros and every entry file without a priority send ''."""
    site = small_site
    _upgrade(site)
    p = site.prefix
    engine = create_engine(site.url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET SESSION sql_mode = 'STRICT_ALL_TABLES'")
            pk = twox.entry_file(
                conn,
                p,
                dict(box="A1", nom="SILOUVA", prenom="Philippe", resp="", guid="g-silouva",
                     com="Coup de couteau !", prog="", args=""),
                [{"code": "ECG"}, {"code": "RX THO", "priority": "2", "deb": "2026-11-23 10:20"}],
                NOW,
            )  # fmt: skip
            twox.macro_task(conn, p, "g-silouva", "BU", "", "", NOW, "2026-11-23 10:10:00")
            prios = (
                conn.execute(
                    text(f"SELECT EN_Priorite FROM {p}encours_taches WHERE EN_PK_encours = :pk"),
                    {"pk": pk},
                )
                .scalars()
                .all()
            )
        assert sorted(prios) == ["", "", "2"]
    finally:
        engine.dispose()


def test_2x_statements_run_on_the_upgraded_tables(small_site) -> None:
    """A 2.x screen left running: every statement shape it sends still runs, strict or not."""
    site = small_site
    _upgrade(site)
    p = site.prefix
    engine = create_engine(site.url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SET SESSION sql_mode = 'STRICT_ALL_TABLES'")
            pk = twox.entry_file(
                conn,
                p,
                dict(box="S1", nom="DUPUICH", prenom="Anaïs", resp="A1B2C3D4-USER-GUID",
                     guid="g-dupuich", com="Chute", prog="../../drtux/bin/drtux", args="a|b"),
                [{"code": "RX OS", "comment": "Poignet gauche"}],
                NOW,
            )  # fmt: skip
            num = conn.execute(
                text(f"SELECT EN_Num_tache FROM {p}encours_taches WHERE EN_PK_encours = :pk"),
                {"pk": pk},
            ).scalar_one()
            twox.set_state(conn, p, pk, num, "Demandé", False, NOW)
            twox.set_state(conn, p, pk, num, "Terminé", True, "2026-11-23 10:30:00")
            twox.set_state(conn, p, pk, num, "En cours", False, "2026-11-23 10:40:00")
            twox.fold(conn, p, pk, True)
            twox.set_responsible(conn, p, pk, "B2C3D4E5-USER-GUID", "sev", NOW)
            twox.move(conn, p, pk, "S2", False, NOW)
            twox.destination(conn, p, pk, "Retour domicile", NOW)
            twox.admin_box(conn, p, "R7", "Box de réanimation 7", "#aa00ff", "#ffaa00", 1, "Soins")
            twox.admin_state(conn, p, "RE", "Relu", "#ffffff", 0)
            twox.admin_destination(conn, p, "Transfert Hôpital Nord", "Sortie")
            assert any(r[0] == pk for r in twox.alarms(conn, p))
            shown = twox.screen(conn, p)[pk]
            assert (shown.box, shown.responsible_name, shown.folded) == ("S2", "sev", True)
            task = shown.tasks[num]
            assert task.state_label == "En cours" and task.ended == "1000-01-01 01:01:01"
            twox.delete_task(conn, p, pk, num)
            twox.final_exit(conn, p, pk, NOW)
            assert pk not in twox.screen(conn, p)
    finally:
        engine.dispose()


def test_restore_gives_back_the_2x_columns(small_site) -> None:
    site = small_site
    ddl_before = _ddl(site.url)
    _upgrade(site)
    assert _ddl(site.url) != ddl_before
    db = site.database()
    try:
        restore(db, site.backup_dir, out=lambda _l: None)
    finally:
        db.dispose()
    after = _ddl(site.url)
    assert {k: v for k, v in after.items() if k != "Personnes"} == {
        k: v for k, v in ddl_before.items() if k != "Personnes"
    }
    assert "`EC_Commentaire` varchar(45)" in after[site.table("encours")]


def test_entry_file_with_a_long_comment_is_applied_after_upgrade(
    small_site, tmp_path, capsys
) -> None:
    """Finding 1: an 87-character comment quarantined the whole entry on a strict server."""
    from synoptux.cli import main

    site = small_site
    _upgrade(site)
    comment = "Patient adressé par SOS Médecins pour douleur thoracique atypique depuis ce matin 6h"
    comment = (comment + " (ECG fait)")[:87]
    assert len(comment) == 87
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    entry = tmp_path / "entree_longue.txt"
    entry.write_bytes(
        (
            "[Entree]\r\nCode_Box=A1\r\nNom_Patient=LONGUET\r\nPrenom_Patient=Marc\r\n"
            f"GUID_Patient=g-longuet\r\nCommentaire={comment}\r\n"
            "[Tache_1]\r\nCode_Tache=ECG\r\n"
        ).encode("cp1252")
    )
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL={site.url}\nPrefixe_Tables={site.prefix}\n"
        f"[Interface]\nDossier_Entrees={inbox}\n",
        encoding="utf-8",
    )
    code = main(["--config", str(ini), "--now", "2026-11-23 10:00", "ingest", str(entry)])
    assert code == 0, capsys.readouterr()
    engine = create_engine(site.url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                text(
                    f"SELECT EC_Commentaire FROM {site.prefix}encours "
                    "WHERE EC_GUIDPatient = 'g-longuet'"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert stored == comment
    assert not list(Path(inbox, "errors").glob("*.txt")) if Path(inbox, "errors").exists() else True


def test_a_column_whose_values_would_not_fit_is_kept_and_said(small_site) -> None:
    """2.x's unsigned numbers become the fresh schema's signed int only when every value fits."""
    site = small_site
    engine = create_engine(site.url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(f"UPDATE {site.table('taches')} SET TA_Duree_maxi = 3000000000 LIMIT 1")
            )
    finally:
        engine.dispose()
    db = site.database()
    lines: list[str] = []
    try:
        plan = "\n".join(make_plan(db).lines(site.backup_dir))
        upgrade(db, site.backup_dir, out=lines.append)
    finally:
        db.dispose()
    said = f"{site.table('taches')}.TA_Duree_maxi: int(10) unsigned -> int (kept: values up to"
    assert said in plan
    assert _columns(site.url)[(site.table("taches"), "ta_duree_maxi")][0] == "int(10) unsigned"
    assert lines[-1] == "upgrade finished: every row is there"
