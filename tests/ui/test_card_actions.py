"""Each patient action tapped as a nurse would: the row, then its touch sheet; the
database, the history row, and what the row shows afterwards."""

from __future__ import annotations

from synoptux.domain.model import BoxType
from synoptux.ui.board.row_look import Tier
from synoptux.ui.style import get_prop
from tests.support.settle import reload_now
from tests.support.ui import history, patient_id, patient_row
from tests.ui.taps import open_sheet, row, tap


def test_a_tap_on_a_patient_opens_every_action_of_the_manual(qtbot, window) -> None:
    sheet = open_sheet(qtbot, window, "GARCIA")
    assert set(sheet.buttons) == {
        "responsible",
        "comment",
        "history",
        "annex",
        "move",
        "fold",
        "anonymous",
        "triage",  # the triage level
        "ack_triage",  # the demo's GARCIA (level 2, nobody yet) is late for a doctor
    }
    assert all(b.height() >= 56 and b.isVisible() for b in sheet.buttons.values())
    assert sheet.title_label.text() == "GARCIA Inès"
    sheet.close()
    moreau = open_sheet(qtbot, window, "MOREAU")  # and each task: states, note, deletion
    assert len(moreau.task_buttons) == 2 and all(
        b.height() >= 56 for b in moreau.task_buttons.values()
    )


def test_hide_and_show_the_name(qtbot, window) -> None:
    pk = patient_id(window.db, "NGUYEN")
    r = row(window, "NGUYEN")
    assert r.current().name.text.startswith("NGUYEN")
    tap(qtbot, open_sheet(qtbot, window, "NGUYEN").buttons["anonymous"])
    assert patient_row(window.db, pk)["EC_Anonyme"] == 1
    assert history(window.db, pk)[-1]["HI_Action"] == "SET_ANON"
    assert r.current().name.text == "N.T."
    assert window.controller.row(pk) is r  # updated in place, not rebuilt
    sheet = open_sheet(qtbot, window, "NGUYEN")
    assert sheet.buttons["anonymous"].text() == "Show the name"
    tap(qtbot, sheet.buttons["anonymous"])
    assert patient_row(window.db, pk)["EC_Anonyme"] == 0
    assert r.current().name.text.startswith("NGUYEN")


def test_fold_shows_the_tasks_as_dots_and_unfold_as_chips(qtbot, window) -> None:
    pk = patient_id(window.db, "LEFEBVRE")
    r = row(window, "LEFEBVRE")
    geo = r.current()
    assert len(geo.chips) == 3 and not geo.dots
    tap(qtbot, open_sheet(qtbot, window, "LEFEBVRE").buttons["fold"])
    assert patient_row(window.db, pk)["EC_Replier"] == 1
    assert history(window.db, pk)[-1]["HI_Action"] == "SET_FOLD"
    geo = r.current()  # folded: each task still shows its state colour, as a dot
    assert not geo.chips and [d.task_id for d in geo.dots] == [t.id for t in r.patient.tasks]
    tap(qtbot, open_sheet(qtbot, window, "LEFEBVRE").buttons["fold"])
    assert patient_row(window.db, pk)["EC_Replier"] == 0
    assert len(r.current().chips) == 3


def test_comment_is_edited_from_the_sheet(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    tap(qtbot, open_sheet(qtbot, window, "GARCIA").buttons["comment"])
    dlg = window.board_actions.last_dialog
    assert dlg.isVisible()
    dlg.edit.setText("Céphalées, scanner ? D'après l'IAO")
    tap(qtbot, dlg.save_button)
    assert patient_row(window.db, pk)["EC_Commentaire"] == "Céphalées, scanner ? D'après l'IAO"
    row_ = history(window.db, pk)[-1]
    assert row_["HI_Action"] == "COMMENT"
    assert row_["HI_Commentaire"] == "Céphalées, scanner ? D'après l'IAO"
    full = row(window, "GARCIA").geometry_for(Tier.FULL, 460)
    assert any(t.full == "Céphalées, scanner ? D'après l'IAO" for t in full.texts)


def test_responsible_is_chosen_from_the_list(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")  # nobody yet
    r = row(window, "GARCIA")
    assert r.current().pill.text in ("?", "Responsible?")
    tap(qtbot, open_sheet(qtbot, window, "GARCIA").buttons["responsible"])
    picker = window.board_actions.last_dialog
    assert set(picker.choice_buttons) >= {"ro", "sev", "lam", "ben", "iao", None}
    tap(qtbot, picker.choice_buttons["sev"])
    assert patient_row(window.db, pk)["EC_Medecin"] == "sev"
    hist = history(window.db, pk)[-1]
    assert hist["HI_Action"] == "SET_OWNER" and hist["HI_Code_resp"] == "sev"
    pill = r.current().pill
    assert pill.text == "Sevin" and pill.fill == "#059669"
    sheet = open_sheet(qtbot, window, "GARCIA")
    assert sheet.buttons["responsible"].text() == "Responsible: Dr Sevin"
    assert get_prop(sheet.buttons["responsible"], "dataBg") == "#059669"


def test_annex_program_is_started_with_split_arguments(qtbot, window, tmp_path) -> None:
    out = tmp_path / "args.txt"
    prog = tmp_path / "fake drtux.sh"
    prog.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n', encoding="utf-8")
    prog.chmod(0o755)
    window.settings.set("Interface", "Programmes_Autorises", (f"{tmp_path}/",))  # allowed to run
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update()
            .where(t.encours.c.EC_PK == pk)
            .values(EC_ProgAnnexe=str(prog), EC_ArgsAnnexe="ro|a b;c|GUID-1|6521")
        )
    )
    reload_now(window)
    tap(qtbot, open_sheet(qtbot, window, "GARCIA").buttons["annex"])
    qtbot.waitUntil(lambda: out.exists() and out.read_text().count("\n") == 4, timeout=5000)
    assert out.read_text().splitlines() == ["ro", "a b;c", "GUID-1", "6521"]  # no shell


def test_missing_annex_program_gives_a_clear_message(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_ProgAnnexe="/nowhere/drtux")
        )
    )
    reload_now(window)
    tap(qtbot, open_sheet(qtbot, window, "GARCIA").buttons["annex"])
    msg = window.board_actions.last_dialog
    assert msg.isVisible() and "/nowhere/drtux" in msg.text and "cannot be found" in msg.text


def test_annex_button_hidden_when_setting_is_non(qtbot, window) -> None:
    sheet = open_sheet(qtbot, window, "GARCIA")
    assert "annex" in sheet.buttons
    sheet.close()
    window.settings.set("Interface", "Bouton_Acces_DrTux", False)
    window.apply_settings()
    assert "annex" not in open_sheet(qtbot, window, "GARCIA").buttons


def test_times_show_entry_and_exit(qtbot, window) -> None:
    r = row(window, "DURAND")  # in Sorties, left 120 min before T0
    assert r.box_type is BoxType.EXIT
    texts = [t.text for t in r.geometry_for(Tier.FULL, 460).texts]
    assert texts[0].endswith("03:20") and texts[1] == "out 08:00"
    assert r.current().texts[0].text.endswith("03:20")  # the entry time, whatever the tier
    assert "out 08:00" in open_sheet(qtbot, window, "DURAND").facts_label.text()


def test_history_button_opens_the_history(qtbot, window) -> None:
    tap(qtbot, open_sheet(qtbot, window, "NGUYEN").buttons["history"])
    dlg = window.board_actions.last_dialog
    assert dlg is not None and type(dlg).__name__ != "Message"  # the history, not a refusal
    qtbot.waitUntil(dlg.isVisible)
    dlg.close()


def test_data_that_looks_like_html_shows_as_typed(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update()
            .where(t.encours.c.EC_PK == pk)
            .values(EC_PrenomPatient="<b>Inès</b>", EC_Commentaire="<i>x</i> & <br>y")
        )
    )
    reload_now(window)
    sheet = open_sheet(qtbot, window, "GARCIA")
    assert sheet.title_label.text() == "GARCIA <b>Inès</b>"
    assert sheet.comment_label.text() == "<i>x</i> & <br>y"
    from PySide6.QtCore import Qt

    for label in (sheet.title_label, sheet.comment_label, sheet.facts_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    sheet.close()
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.box.update().where(t.box.c.BO_Code == "PLAT").values(BO_Libelle="Plâtres & sutures")
        )
    )
    reload_now(window)
    title = window.controller.panels["PLAT"].title_button
    from PySide6.QtWidgets import QPushButton

    assert title.text() == "Plâtres & sutures"  # "&" is shown, not taken as a shortcut mark
    assert QPushButton.text(title) == "Plâtres && sutures"
