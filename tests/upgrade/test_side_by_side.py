"""Issue 15, findings 2 and 6: a 2.x screen left running beside the new board.

After each action of ours on an upgraded site, 2.x's own read queries (tests/upgrade/twox.py,
the statements of the original's mainwindow.cpp) are replayed: a 2.x screen must display the
same state (the highlighted button: 2.x compares the LABEL stored in EN_Etat_en_cours), box,
responsible (the Personnes login of EC_Medecin) and times as our board.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, text

from synoptux.db.upgrade import upgrade
from synoptux.domain import model as m
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService, BoxRecord, StateRecord, read_medintux_people
from synoptux.services.board import BoardService
from synoptux.services.snapshot import load_board
from tests.support.upgrade import make_site
from tests.upgrade import twox
from tests.upgrade.legacy_db import T0, add_personnes

pytestmark = pytest.mark.mysql
NOW = T0.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def side(mysql_factory, tmp_path):
    """An upgraded 2.16 site (utf8, synopt_), MedinTux's Personnes in the same database, and
    one patient entered by 2.x with a B-mode and an M-mode task."""
    site = make_site(mysql_factory, tmp_path, "synopt_", "utf8", "2.16", patients=20, history=30)
    add_personnes(site.url)
    db = site.database()
    upgrade(db, site.backup_dir, out=lambda _l: None)
    engine = create_engine(site.url)
    with engine.begin() as conn:
        pk = twox.entry_file(
            conn,
            site.prefix,
            dict(box="A1", nom="CÔTÉ", prenom="Zoé", resp="A1B2C3D4-USER-GUID", guid="g-cote",
                 com="Douleur", prog="", args=""),
            [{"code": "RX OS", "deb": "2026-11-23 10:20"}, {"code": "ECHO"}],
            NOW,
        )  # fmt: skip
    clock = FakeClock(T0)
    yield site, db, engine, pk, clock
    engine.dispose()
    db.dispose()


def _task_id(board: m.Board, pk: int, code: str) -> int:
    return next(t.id for t in board.patient(pk).tasks if t.code == code)


def _when(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else None


def _twox_when(raw: str) -> str | None:
    return raw[:19] if twox.is_set(raw) else None


def assert_2x_shows_the_same(site, db, engine, pk: int, clock) -> twox.TwoXPatient | None:
    """Replay 2.x's read queries and compare with our board, for the patient `pk`."""
    board = load_board(db, clock.now())
    with engine.connect() as conn:
        shown = twox.screen(conn, site.prefix)
        alarm_rows = {(r[0], r[1]) for r in twox.alarms(conn, site.prefix)}
    ours = board.patient(pk)
    if ours is None:
        assert pk not in shown, "2.x still shows a patient our board archived"
        return None
    two = shown[pk]
    assert two.box == ours.box_code
    # Responsible: 2.x looks EC_Medecin up in Personnes by GUID and shows the Login.
    if ours.responsible is not None and ours.responsible.guid:
        assert two.responsible_guid == ours.responsible.guid
    else:
        assert two.responsible_guid is None
    assert two.folded == ours.folded and two.anonymous == ours.anonymous
    assert _twox_when(two.entered) == _when(ours.entered_at)
    assert _twox_when(two.moved) == _when(ours.moved_at)
    for task in ours.tasks:
        if task.id not in two.tasks:  # 2.x hides tasks of unknown types (INNER JOIN)
            assert m.MARK_UNKNOWN_TASK in task.marks
            continue
        t2 = two.tasks[task.id]
        if task.state is not None:
            assert t2.state_label == task.state_label, (task.code, t2.raw_state)
        assert _twox_when(t2.started) == _when(task.started_at)
        assert _twox_when(t2.ended) == _when(task.ended_at)
        assert _twox_when(t2.planned_start) == _when(task.planned_start)
        assert _twox_when(t2.planned_end) == _when(task.planned_end)
        if not task.finished:  # 2.x's alarm check watches the tasks we watch
            assert (pk, task.id) in alarm_rows
    return two


def test_2x_screen_shows_what_our_actions_did(side) -> None:
    site, db, engine, pk, clock = side
    board = BoardService(db, clock, actor="poste-2")
    admin = AdminService(db, clock, actor="poste-2")
    first = load_board(db, clock.now())
    rx, echo = _task_id(first, pk, "RX OS"), _task_id(first, pk, "ECHO")
    # The responsible shown before any action: the Login of Personnes, on both screens.
    assert first.patient(pk).responsible.name == "ro"
    assert assert_2x_shows_the_same(site, db, engine, pk, clock).responsible_name == "ro"

    def step(action) -> twox.TwoXPatient | None:
        clock.advance(minutes=7)
        action()
        return assert_2x_shows_the_same(site, db, engine, pk, clock)

    two = step(lambda: board.set_task_state(rx, "20"))  # B mode: one button per state
    assert two.tasks[rx].highlighted == ["Demandé"]
    two = step(lambda: board.set_task_state(echo, "30"))  # M mode: one button + menu
    assert two.tasks[echo].shown == "En cours"
    two = step(lambda: board.set_task_state(rx, "80"))  # ends the task: real end set
    assert two.tasks[rx].highlighted == ["Terminé"] and twox.is_set(two.tasks[rx].ended)
    two = step(lambda: board.set_task_state(rx, "30"))  # watched again: end cleared
    assert not twox.is_set(two.tasks[rx].ended)
    # Responsibles come from Personnes (our table is still empty): 2.x's GUID is written.
    sev = next(r for r in load_board(db, clock.now()).responsibles if r.name == "sev")
    two = step(lambda: board.set_responsible(pk, sev.code))
    assert two.responsible_name == "sev"
    two = step(lambda: board.set_comment(pk, "Revoir à H2"))
    assert two.comment == "Revoir à H2"
    step(lambda: board.set_folded(pk, True))
    step(lambda: board.set_anonymous(pk, True))
    admin.save_box(BoxRecord("R6", "Box de réanimation 6", "#ffeedd", "#112233", 1, "Soins"))
    two = step(lambda: board.move_patient(pk, "R6"))
    assert two.box == "R6"  # a box created by the new board shows on the 2.x screen too
    two = step(
        lambda: board.move_patient(
            pk, "SORT", destination="Retour domicile", exit_time=clock.now() + timedelta(hours=1)
        )
    )
    assert two.box == "SORT" and two.comment.endswith("Retour domicile")
    step(lambda: board.delete_task(echo))
    # Once the site imported its responsibles, our table wins; 2.x still finds the GUID.
    admin.import_responsibles(read_medintux_people(site.url), "MedinTux")
    two = step(lambda: board.set_responsible(pk, "ro"))
    assert two.responsible_name == "ro"
    with engine.connect() as conn:
        medecin = conn.execute(
            text(f"SELECT EC_Medecin FROM {site.prefix}encours WHERE EC_PK = :pk"), {"pk": pk}
        ).scalar_one()
    assert medecin == "A1B2C3D4-USER-GUID"
    assert step(lambda: board.final_exit(pk)) is None


def test_what_2x_writes_shows_on_our_board(side) -> None:
    """The other direction: 2.x's own state, move and responsible writes read back here."""
    site, db, engine, pk, clock = side
    board = load_board(db, clock.now())
    rx = _task_id(board, pk, "RX OS")
    with engine.begin() as conn:
        twox.set_state(conn, site.prefix, pk, rx, "Prélevé", False, NOW)  # not allowed: kept
        twox.set_state(conn, site.prefix, pk, rx, "En cours", False, NOW)
        twox.set_responsible(conn, site.prefix, pk, "B2C3D4E5-USER-GUID", "sev", NOW)
        twox.move(conn, site.prefix, pk, "S5", False, NOW)
    assert_2x_shows_the_same(site, db, engine, pk, clock)
    ours = load_board(db, clock.now()).patient(pk)
    assert ours.box_code == "S5" and ours.responsible.name == "sev"
    assert next(t for t in ours.tasks if t.id == rx).state == "30"


def test_renaming_a_state_label_carries_the_2x_rows(side) -> None:
    """2.x rows hold the label: after a rename they hold the new one, on both screens."""
    site, db, engine, pk, clock = side
    board = BoardService(db, clock, actor="poste-2")
    rx = _task_id(load_board(db, clock.now()), pk, "RX OS")
    board.set_task_state(rx, "20")
    with engine.begin() as conn:  # a task 2.x itself set, for another patient
        opk = twox.entry_file(
            conn,
            site.prefix,
            dict(box="A1", nom="AUTRE", prenom="Luc", resp="", guid="g-autre", com="",
                 prog="", args=""),
            [{"code": "RX TH"}],
            NOW,
        )  # fmt: skip
        onum = conn.execute(
            text(f"SELECT EN_Num_tache FROM {site.prefix}encours_taches WHERE EN_PK_encours = :p"),
            {"p": opk},
        ).scalar_one()
        twox.set_state(conn, site.prefix, opk, onum, "Demandé", False, NOW)
    other = (opk, onum)
    admin = AdminService(db, clock, actor="poste-2")
    admin.save_state(StateRecord("20", "Demande faite", "#3b82f6", False), "20")
    two = assert_2x_shows_the_same(site, db, engine, pk, clock)
    assert two.tasks[rx].highlighted == ["Demande faite"]
    ours = load_board(db, clock.now()).patient(other[0])
    assert next(t for t in ours.tasks if t.id == other[1]).state == "20"
    assert assert_2x_shows_the_same(site, db, engine, other[0], clock).tasks[
        other[1]
    ].highlighted == ["Demande faite"]


def test_a_2x_site_keeps_its_responsibles_from_personnes_after_the_upgrade(side) -> None:
    """Finding 6: no import needed for the board to know who is responsible."""
    site, db, engine, pk, clock = side
    board = load_board(db, clock.now())
    names = {r.name for r in board.responsibles}
    assert names == {"ro", "sev"}  # med + sgn rights, as 2.x's menu listed them
    marked = [p for p in board.patients() if m.MARK_UNKNOWN_RESPONSIBLE in p.marks]
    t = db.tables
    with db.connect() as conn:
        raw = dict(conn.execute(select(t.encours.c.EC_PK, t.encours.c.EC_Medecin)).all())
    assert board.patient(pk).responsible.name == "ro"
    # Only the codes 2.x itself could not resolve (not a Personnes GUID) stay marked.
    assert all(raw[p.id] not in ("A1B2C3D4-USER-GUID", "B2C3D4E5-USER-GUID") for p in marked)
