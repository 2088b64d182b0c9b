"""Task chips: a tap opens the task's states ('B' with up to three states: buttons; any
other: a menu), its note and its deletion; the chip shows the state's colour and a
steady late mark."""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtWidgets import QMenu
from sqlalchemy import text

from synoptux.config import Settings
from synoptux.ui.contrast import contrast
from synoptux.ui.dialogs.task_picker import StatePopup
from tests.support.clock import T0
from tests.support.settle import reload_now
from tests.support.ui import history, patient_id, task_rows
from tests.ui.taps import choose, open_sheet, open_task, row, tap, task_of


def db_task(window, pk: int, tid: int) -> dict:
    return next(r for r in task_rows(window.db, pk) if r["EN_Num_tache"] == tid)


def chip(window, last_name: str, code: str):
    r, t = task_of(window, last_name, code)
    return next(c for c in r.current().chips if c.task_id == t.id)


def three_states(window) -> None:
    """ECG allows 10, 30, 80 only (the demo's care tasks have four states)."""
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.etats_taches.delete()
            .where(t.etats_taches.c.ST_Code_tache == "ECG")
            .where(t.etats_taches.c.ST_Code_etat == "90")
        )
    )
    reload_now(window)


def test_a_b_task_with_three_states_offers_them_as_buttons(qtbot, window) -> None:
    three_states(window)
    pk = patient_id(window.db, "LEFEBVRE")
    _r, task = task_of(window, "LEFEBVRE", "ECG")  # 'B', Terminé
    picker = open_task(qtbot, window, "LEFEBVRE", "ECG")
    assert isinstance(picker, StatePopup)
    bar = picker.state_bar
    assert bar.codes() == ["10", "30", "80"] and bar.current == "80"
    assert all(bar.segment_rect(c).height() >= 48 for c in bar.codes())
    choose(qtbot, picker, "30")
    row_ = db_task(window, pk, task.id)
    assert row_["EN_Etat_en_cours"] == "En cours"  # the label, as 2.x stores it
    assert row_["EN_HeureFin"] is None  # watched again
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_etat"]) == ("TASK_STATE", "30")
    assert not (shiboken6.isValid(picker) and picker.isVisible())  # closed (and deleted)
    assert chip(window, "LEFEBVRE", "ECG").fill == "#f59e0b"  # the chip takes the colour


def test_a_b_task_with_more_states_falls_back_to_the_menu(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")
    _r, task = task_of(window, "MOREAU", "BIO S")  # 'B', five biology states, 'Prescrit'
    menu = open_task(qtbot, window, "MOREAU", "BIO S")
    assert isinstance(menu, QMenu)
    states = [a.text().strip() for a in menu.actions() if a.data() and a.data()[0].isdigit()]
    assert states == ["\u2713 Prescrit", "Prélevé", "Résultat", "Terminé", "Annulé"]
    choose(qtbot, menu, "25")
    row_ = db_task(window, pk, task.id)
    assert row_["EN_Etat_en_cours"] == "Prélevé"  # the label, as 2.x stores it
    assert row_["EN_HeureDebut"] == T0  # the first state change sets the real start
    assert row_["EN_HeureFinPrevue"] == T0 + timedelta(minutes=60)  # start + TA_Duree_maxi
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_etat"], hist["HI_Libelle_etat"]) == (
        "TASK_STATE",
        "25",
        "Prélevé",
    )
    c = chip(window, "MOREAU", "BIO S")
    assert c.fill == "#06b6d4" and contrast(c.ink, c.fill) >= 4.5


def test_end_state_sets_the_real_end_and_another_clears_it(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")
    _r, task = task_of(window, "MOREAU", "BIO S")
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BIO S"), "80")
    assert db_task(window, pk, task.id)["EN_HeureFin"] == T0
    r, done = task_of(window, "MOREAU", "BIO S")
    assert done.finished and chip(window, "MOREAU", "BIO S").text.startswith("\u2713")
    assert r.patient.tasks[-1].id == task.id  # finished tasks go after the open ones
    window.clock.advance(minutes=5)
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BIO S"), "40")
    row_ = db_task(window, pk, task.id)
    assert row_["EN_HeureFin"] is None and row_["EN_HeureDebut"] == T0
    assert not task_of(window, "MOREAU", "BIO S")[1].finished


def test_menu_task_opens_its_states(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")
    _r, task = task_of(window, "MOREAU", "BU")  # 'M'
    menu = open_task(qtbot, window, "MOREAU", "BU")
    assert isinstance(menu, QMenu)
    labels = [a.text().strip() for a in menu.actions() if a.data() and a.data()[0].isdigit()]
    assert labels == ["\u2713 Prescrit", "En cours", "Terminé", "Annulé"]
    choose(qtbot, menu, "30")
    assert db_task(window, pk, task.id)["EN_Etat_en_cours"] == "En cours"  # the label
    assert history(window.db, pk)[-1]["HI_Action"] == "TASK_STATE"


def test_delete_asks_then_deletes_and_logs(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")
    r, task = task_of(window, "MOREAU", "BU")
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BU"), "delete")
    confirm = window.board_actions.last_dialog
    tap(qtbot, confirm.no_button)
    assert any(x["EN_Num_tache"] == task.id for x in task_rows(window.db, pk))
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BU"), "delete")
    tap(qtbot, window.board_actions.last_dialog.yes_button)
    assert not any(x["EN_Num_tache"] == task.id for x in task_rows(window.db, pk))
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_tache"]) == ("TASK_DELETE", "BU")
    assert r.task_rect(task.id) is None and window.controller.row(pk) is r


def test_the_sheet_lists_the_tasks_and_opens_their_states(qtbot, window) -> None:
    sheet = open_sheet(qtbot, window, "MOREAU")
    _r, task = task_of(window, "MOREAU", "BU")
    button = sheet.task_buttons[task.id]
    assert "Bandelette urinaire" in button.text() and "Prescrit" in button.text()
    tap(qtbot, button)
    menu = window.controller.last_picker
    assert isinstance(menu, QMenu) and menu.isVisible()
    assert not (shiboken6.isValid(sheet) and sheet.isVisible())  # closed (and deleted)


def test_chip_shows_the_note_mark_and_opens_the_note(qtbot, window) -> None:
    _r, task = task_of(window, "NGUYEN", "RX OS")  # priority 1: the demo wrote a note
    assert task.has_more and "\u25c9" in chip(window, "NGUYEN", "RX OS").text
    choose(qtbot, open_task(qtbot, window, "NGUYEN", "RX OS"), "note")
    popup = window.board_actions.last_popup
    qtbot.waitUntil(popup.isVisible)
    assert "Radio osseuse" in popup.text_label.text()
    qtbot.mouseClick(popup, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not popup.isVisible())


def test_the_medintux_note(
    qtbot,
    demo_sqlite,
    ini: Settings,
    clock,
    tmp_path,
) -> None:
    from sqlalchemy import create_engine

    from tests.support.ui import destroy, make_window

    mtx = tmp_path / "drtux.db"
    eng = create_engine(f"sqlite:///{mtx}")
    with eng.begin() as c:
        c.execute(
            text(
                "CREATE TABLE RubriquesHead (RbDate_PrimKey INTEGER PRIMARY KEY, "
                "RbDate_RefBlobs_PrimKey INTEGER)"
            )
        )
        c.execute(
            text(
                "CREATE TABLE RubriquesBlobs (RbDate_PrimKey INTEGER PRIMARY KEY, "
                "RbDate_DataRub BLOB)"
            )
        )
        c.execute(text("INSERT INTO RubriquesHead VALUES (160651, 77)"))
        c.execute(
            text("INSERT INTO RubriquesBlobs VALUES (77, :b)"),
            {"b": "<html><body><b>Échographie</b> : reins normaux</body></html>".encode("cp1252")},
        )
    eng.dispose()
    ini.set_raw("Connexion_MedinTux", "URL", f"sqlite:///{mtx}")
    pk = patient_id(demo_sqlite, "MOREAU")
    t = demo_sqlite.tables
    demo_sqlite.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .where(t.encours_taches.c.EN_Code_tache == "BU")
            .values(EN_PrimKey_blob=160651)
        )
    )
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        assert "\u25c9" in chip(win, "MOREAU", "BU").text
        choose(qtbot, open_task(qtbot, win, "MOREAU", "BU"), "note")
        popup = win.board_actions.last_popup
        qtbot.waitUntil(popup.isVisible)
        assert "reins normaux" in popup.text_label.text()
        assert "Échographie" in popup.text_label.text()
    finally:
        destroy(win)


def test_note_file_opens_with_its_program(qtbot, window, tmp_path) -> None:
    out = tmp_path / "opened.txt"
    prog = tmp_path / "reader.sh"
    prog.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{out}"\n', encoding="utf-8")
    prog.chmod(0o755)
    note = tmp_path / "CR ECHO DOPP PULSE.pdf"
    note.write_bytes(b"%PDF-1.4\n")
    window.settings.set("Interface", "Programmes_Autorises", (str(prog),))  # allowed to run
    pk = patient_id(window.db, "MOREAU")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .where(t.encours_taches.c.EN_Code_tache == "BU")
            .values(EN_NomFicNote=str(note), EN_NomProgNote=str(prog))
        )
    )
    reload_now(window)
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BU"), "note")
    qtbot.waitUntil(lambda: out.exists() and out.read_text() == str(note), timeout=5000)


def test_missing_note_file_gives_a_message(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .where(t.encours_taches.c.EN_Code_tache == "BU")
            .values(EN_NomFicNote="/nowhere/cr.pdf")
        )
    )
    reload_now(window)
    choose(qtbot, open_task(qtbot, window, "MOREAU", "BU"), "note")
    assert "/nowhere/cr.pdf" in window.board_actions.last_dialog.text


def test_late_task_is_marked_and_blinks(qtbot, window) -> None:
    r, task = task_of(window, "NGUYEN", "RX OS")  # planned end T0-10 min
    assert task.overdue.value == "end"
    c = chip(window, "NGUYEN", "RX OS")
    assert c.late_kind == "end" and c.alarm == "#ef4444"
    assert c.text.endswith("late 10 min") or c.text.endswith("\u26a010\u2032")
    assert r in window.controller.late_widgets()
    assert r.blink_phase in ("on", "off", "steady")
    window.clock.advance(minutes=5)
    window.controller.refresh_late()
    c = chip(window, "NGUYEN", "RX OS")
    assert c.text.endswith("late 15 min") or c.text.endswith("\u26a015\u2032")
    folded = row(window, "ROUX")  # folded, late HOSPI: its dot carries the alarm
    assert folded in window.controller.late_widgets()
    assert any(d.alarm for d in folded.current().dots)


def test_finishing_the_late_task_stops_the_alarm(qtbot, window) -> None:
    r, _task = task_of(window, "NGUYEN", "RX OS")
    choose(qtbot, open_task(qtbot, window, "NGUYEN", "RX OS"), "80")
    _r, task = task_of(window, "NGUYEN", "RX OS")
    assert task.overdue is None
    assert not chip(window, "NGUYEN", "RX OS").late_kind
    assert r not in window.controller.late_widgets()
    assert r.blink_phase in ("", None)


def test_text_on_every_chip_and_pill_reads_wcag_aa(window) -> None:
    seen = 0
    for r in window.controller.rows.values():
        geo = r.current()
        for c in geo.chips:
            assert contrast(c.ink, c.fill) >= 4.5, (c.text, c.fill, c.ink)
            if c.alarm:
                from synoptux.ui.contrast import readable_on

                assert contrast(readable_on(c.alarm), c.alarm) >= 4.5
            seen += 1
        if geo.pill is not None and geo.pill.text:
            assert contrast(geo.pill.ink, geo.pill.fill) >= 4.5
    assert seen > 20
