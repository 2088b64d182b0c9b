"""The audit trail: every administration change goes to the history with who
(the screen, the admin session), what, before and after; `synoptux stats --audit` lists
them (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from sqlalchemy import select

from synoptux.services.admin import AdminService, BoxRecord, StateRecord
from synoptux.services.admin_pin import AdminLock, PinStore
from synoptux.services.audit import record_change, session_source
from synoptux.services.seed import seed_reference
from synoptux.stats.audit import audit_lines
from tests.support.clock import T0
from tests.support.settle import settle


def audit_rows(db) -> list[dict]:
    h, a = db.tables.historique, db.tables.audit
    with db.connect() as conn:
        rows = conn.execute(
            select(h.c.HI_Commentaire, h.c.HI_Code_acteur, h.c.HI_Source, a)
            .select_from(h.join(a, a.c.AU_NumHistorique == h.c.HI_PK))
            .order_by(a.c.AU_PK)
        ).mappings()
        return [dict(r) for r in rows]


def test_reference_changes_keep_who_what_before_and_after(db, clock) -> None:
    seed_reference(db)
    admin = AdminService(db, clock, actor="poste-accueil", source=session_source("c0ffee42"))
    old = next(b for b in admin.list_boxes() if b.code == "S1")
    admin.save_box(BoxRecord("S1", "Box 1 bis", old.bg_color, old.title_color, 2, old.type), "S1")
    admin.save_state(StateRecord("95", "Transféré", "#123456", True))
    admin.delete_state("95")
    first, created, deleted = audit_rows(db)[-3:]
    assert first["HI_Code_acteur"] == "poste-accueil" == first["AU_Poste"]
    assert first["HI_Source"] == "admin:c0ffee42" and first["AU_Session"] == "c0ffee42"
    assert first["AU_Objet"] == "box" and first["HI_Commentaire"].startswith("box S1 edited")
    before, after = json.loads(first["AU_Avant"]), json.loads(first["AU_Apres"])
    assert (
        before["box"]["S1"]["BO_Libelle"] == "Box 1" and before["box"]["S1"]["BO_Nb_Maxi_Pat"] == 1
    )
    assert (
        after["box"]["S1"]["BO_Libelle"] == "Box 1 bis"
        and after["box"]["S1"]["BO_Nb_Maxi_Pat"] == 2
    )
    assert list(before) == ["box"]  # only what changed
    assert created["AU_Avant"] is None and "95" in json.loads(created["AU_Apres"])["state"]
    assert deleted["AU_Apres"] is None
    assert json.loads(deleted["AU_Avant"])["state"]["95"]["ET_Libelle_etat"] == "Transféré"


def test_pin_session_and_settings_events_are_listed(db, clock) -> None:
    store = PinStore(db, clock, actor="poste-2")
    store.set_pin("2468")
    lock = AdminLock(store, clock, 120)
    assert not lock.unlock("0000")
    assert lock.unlock("2468")
    record_change(
        db,
        when=clock.now(),
        actor="poste-2",
        session=lock.session,
        subject="ini",
        what="synoptux.ini saved: [Timer] Periodicite_clignotement_en_secondes",
        before="[Timer] Periodicite_clignotement_en_secondes=1",
        after="[Timer] Periodicite_clignotement_en_secondes=2",
    )
    lines = audit_lines(db, T0.date(), T0.date())
    assert [x.what for x in lines] == [
        "admin PIN set",
        "wrong admin PIN (attempt 1 in a row)",
        "admin session opened",
        "synoptux.ini saved: [Timer] Periodicite_clignotement_en_secondes",
    ]
    assert {x.screen for x in lines} == {"poste-2"}
    assert lines[-1].session == lock.session == lines[-2].session
    assert lines[-1].before.endswith("=1") and lines[-1].after.endswith("=2")


def test_stats_audit_cli_json_and_csv(tmp_path: Path, monkeypatch, clock) -> None:
    from synoptux.cli import main
    from synoptux.db.engine import Database
    from synoptux.db.schema import ensure_schema

    url = f"sqlite:///{tmp_path / 'b.db'}"
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    AdminService(db, clock, actor="poste-9", source=session_source("abcd1234")).delete_box("PLAT")
    db.dispose()
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL={url}\n", encoding="utf-8")

    def run(*args: str) -> str:
        out = io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        assert main(["--config", str(ini), "stats", "--from", "2026-11-23", "--to",
                     "2026-11-23", "--audit", *args]) == 0  # fmt: skip
        return out.getvalue()

    data = json.loads(run())
    (line,) = [x for x in data if x["what"] == "box PLAT deleted"]
    assert line["screen"] == "poste-9" and line["session"] == "abcd1234"
    assert json.loads(line["before"])["box"]["PLAT"]["BO_Libelle"] == "Plâtres / sutures"
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert rows[-1]["what"] == "box PLAT deleted" and rows[-1]["screen"] == "poste-9"
    printed = run("--format", "csv", "--out", str(tmp_path / "audit"))
    path = Path(printed.strip())
    assert path.name == "audit_2026-11-23_2026-11-23.csv" and path.stat().st_mode & 0o077 == 0


def test_changes_made_in_the_menus_carry_the_session(qtbot, ctx, clock) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.admin.test_pin_gate import keypad, setup
    from tests.support.taps import tap, type_into

    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    actions["admin_ini"].trigger()
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    session = menus.gate.session
    ini = menus.last
    type_into(qtbot, ini.findChild(QLineEdit, "Timer.Periodicite_clignotement_en_secondes"), "2")
    tap(qtbot, ini.save_button)
    tap(qtbot, ini.close_button)
    actions["admin_boxes"].trigger()  # the session ended with its window: PIN again
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    second = menus.gate.session
    menus.admin.delete_box("PLAT")
    lines = audit_lines(ctx.db, T0.date(), T0.date())
    ini_line = next(x for x in lines if x.subject == "ini")
    assert ini_line.session == session and ini_line.screen == "poste-1"
    assert ini_line.after == "[Timer] Periodicite_clignotement_en_secondes=2"
    box_line = next(x for x in lines if x.what == "box PLAT deleted")
    assert box_line.session == second != session and box_line.screen == "poste-1"
