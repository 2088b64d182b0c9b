"""Task rows: state buttons ('B'), state menu ('M'), delete, note, late mark."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from synoptux.config import Settings
from synoptux.ui.style import get_prop
from tests.conftest import T0
from tests.ui.conftest import history, patient_id, task_rows
from tests.ui.taps import tap, tap_state


def shown_fill(bar, code: str) -> str:  # noqa: ANN001
    """The colour the screen shows inside a state's segment (inside its frame, off the text)."""
    rect = bar.segment_rect(code)
    return bar.grab().toImage().pixelColor(rect.left() + 6, rect.top() + 8).name()


def row_of(window, last_name: str, code: str):  # noqa: ANN001, ANN201
    pk = patient_id(window.db, last_name)
    card = window.controller.card(pk)
    for row in card.task_rows.values():
        if row.task.code == code:
            return pk, card, row
    raise AssertionError(f"{last_name} has no {code}")


def test_button_mode_shows_every_state_and_marks_the_current(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "MOREAU", "BIO S")  # 'B', biology states, 'Prescrit'
    bar = row.state_bar
    assert bar.codes() == ["10", "25", "40", "80", "90"]  # code order
    assert bar.current == "10" and bar.accessibleName() == "State: Prescrit"
    assert shown_fill(bar, "10") == bar.segment_color("10")  # the current one is filled
    assert all(shown_fill(bar, c) != bar.segment_color(c) for c in ("25", "40", "80"))
    tap_state(qtbot, row, "25")
    db_row = next(r for r in task_rows(window.db, pk) if r["EN_Num_tache"] == row.task_id)
    assert db_row["EN_Etat_en_cours"] == "Prélevé"  # the label, as 2.x stores it (issue 15)
    assert db_row["EN_HeureDebut"] == T0  # the first state change sets the real start
    assert db_row["EN_HeureFinPrevue"] == T0 + timedelta(minutes=60)  # start + TA_Duree_maxi
    assert db_row["EN_HeureFin"] is None
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_etat"], hist["HI_Libelle_etat"]) == (
        "TASK_STATE",
        "25",
        "Prélevé",
    )
    assert row.state_bar is bar and bar.current == "25"
    assert bar.accessibleName() == "State: Prélevé"
    assert shown_fill(bar, "25") == "#06b6d4"  # the state's colour, on screen
    assert shown_fill(bar, "10") != bar.segment_color("10")
    assert window.controller.card(pk) is card and card.task_rows[row.task_id] is row


def test_end_state_sets_the_real_end_and_another_clears_it(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "MOREAU", "BIO S")
    tap_state(qtbot, row, "80")
    db_row = next(r for r in task_rows(window.db, pk) if r["EN_Num_tache"] == row.task_id)
    assert db_row["EN_HeureFin"] == T0
    assert row.task.finished and get_prop(row.task_button, "finished") is True
    # finished tasks go after the open ones
    assert list(card.task_rows)[-1] == row.task_id or card.patient.tasks[-1].id == row.task_id
    window.clock.advance(minutes=5)
    tap_state(qtbot, row, "40")
    db_row = next(r for r in task_rows(window.db, pk) if r["EN_Num_tache"] == row.task_id)
    assert db_row["EN_HeureFin"] is None and db_row["EN_HeureDebut"] == T0
    assert not row.task.finished


def test_menu_mode_opens_the_other_states(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "MOREAU", "BU")  # 'M'
    button = row.state_menu_button
    assert row.state_bar is None
    assert "Prescrit" in button.text()
    tap(qtbot, button)
    menu = row.state_menu
    assert menu is not None and menu.isVisible()
    labels = [a.text().strip() for a in menu.actions()]
    assert labels == ["\u2713 Prescrit", "En cours", "Terminé", "Annulé"]
    menu.actions()[1].trigger()
    menu.close()
    db_row = next(r for r in task_rows(window.db, pk) if r["EN_Num_tache"] == row.task_id)
    assert db_row["EN_Etat_en_cours"] == "En cours"  # the label, as 2.x stores it (issue 15)
    assert "En cours" in row.state_menu_button.text()
    assert history(window.db, pk)[-1]["HI_Action"] == "TASK_STATE"


def test_delete_asks_then_deletes_and_logs(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "MOREAU", "BU")
    tid = row.task_id
    tap(qtbot, row.delete_button)
    confirm = window.actions.last_dialog
    tap(qtbot, confirm.no_button)
    assert any(r["EN_Num_tache"] == tid for r in task_rows(window.db, pk))
    tap(qtbot, row.delete_button)
    tap(qtbot, window.actions.last_dialog.yes_button)
    assert not any(r["EN_Num_tache"] == tid for r in task_rows(window.db, pk))
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_tache"]) == ("TASK_DELETE", "BU")
    assert tid not in card.task_rows
    assert window.controller.card(pk) is card


def test_task_button_shows_the_note(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "NGUYEN", "RX OS")  # priority 1: the demo wrote a note
    assert row.task.has_more and row.task_button.text().startswith("\u25c9")
    tap(qtbot, row.task_button)
    popup = window.actions.last_popup
    qtbot.waitUntil(popup.isVisible)
    assert "Radio osseuse" in popup.text_label.text()
    qtbot.mouseClick(popup, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not popup.isVisible())


def test_task_button_shows_the_medintux_note(
    qtbot,
    seeded_sqlite,
    ini: Settings,
    clock,  # noqa: ANN001
    tmp_path,
) -> None:
    from sqlalchemy import create_engine

    from tests.ui.conftest import destroy, make_window

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
    pk = patient_id(seeded_sqlite, "MOREAU")
    t = seeded_sqlite.tables
    seeded_sqlite.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .where(t.encours_taches.c.EN_Code_tache == "BU")
            .values(EN_PrimKey_blob=160651)
        )
    )
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    try:
        _pk, _card, row = row_of(win, "MOREAU", "BU")
        assert row.task_button.text().startswith("\u25c9")
        tap(qtbot, row.task_button)
        popup = win.actions.last_popup
        qtbot.waitUntil(popup.isVisible)
        assert "reins normaux" in popup.text_label.text()
        assert "Échographie" in popup.text_label.text()
    finally:
        destroy(win)


def test_note_file_opens_with_its_program(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "opened.txt"
    prog = tmp_path / "reader.sh"
    prog.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{out}"\n', encoding="utf-8")
    prog.chmod(0o755)
    note = tmp_path / "CR ECHO DOPP PULSE.pdf"
    note.write_bytes(b"%PDF-1.4\n")
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
    window.reload_board()
    _pk, _card, row = row_of(window, "MOREAU", "BU")
    tap(qtbot, row.task_button)
    qtbot.waitUntil(lambda: out.exists() and out.read_text() == str(note), timeout=5000)


def test_missing_note_file_gives_a_message(qtbot, window) -> None:  # noqa: ANN001
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
    window.reload_board()
    _pk, _card, row = row_of(window, "MOREAU", "BU")
    tap(qtbot, row.task_button)
    assert "/nowhere/cr.pdf" in window.actions.last_dialog.text


def test_late_task_is_marked_and_blinks(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "NGUYEN", "RX OS")  # planned end T0-10 min
    assert row.task.overdue.value == "end"
    assert get_prop(row.task_button, "overdue") == "end"
    assert row.late_label.isVisible() and row.late_label.text() == "late 10 min"
    assert row.task_button in window.controller.late_widgets()
    assert get_prop(row.task_button, "blink") in ("on", "off", "steady")
    window.clock.advance(minutes=5)
    window.controller.refresh_late()
    assert row.late_label.text() == "late 15 min"
    folded = window.controller.card(patient_id(window.db, "ROUX"))  # folded, late HOSPI
    assert folded.name_button in window.controller.late_widgets()
    assert get_prop(folded.name_button, "overdue") == "end"


def test_finishing_the_late_task_stops_the_alarm(qtbot, window) -> None:  # noqa: ANN001
    pk, card, row = row_of(window, "NGUYEN", "RX OS")
    tap_state(qtbot, row, "80")
    assert row.task.overdue is None
    assert not row.late_label.isVisible()
    assert row.task_button not in window.controller.late_widgets()
    assert get_prop(row.task_button, "blink") in ("", None)
