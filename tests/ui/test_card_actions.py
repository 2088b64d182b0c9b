"""Each card action tapped as a nurse would: database, history row, what the card shows."""

from __future__ import annotations

from synoptux.domain.model import BoxType
from synoptux.ui.style import get_prop
from tests.ui.conftest import history, patient_id, patient_row
from tests.ui.taps import tap


def test_name_button_hides_and_shows_the_name(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "NGUYEN")
    card = window.controller.card(pk)
    assert card.name_button.text() == "NGUYEN Thi Mai"
    tap(qtbot, card.name_button)
    assert patient_row(window.db, pk)["EC_Anonyme"] == 1
    assert history(window.db, pk)[-1]["HI_Action"] == "SET_ANON"
    assert card.name_button.text() == "N.T."
    assert window.controller.card(pk) is card  # updated in place, not rebuilt
    tap(qtbot, card.name_button)
    assert patient_row(window.db, pk)["EC_Anonyme"] == 0
    assert card.name_button.text() == "NGUYEN Thi Mai"


def test_fold_button_hides_and_shows_the_tasks(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "LEFEBVRE")
    card = window.controller.card(pk)
    assert len(card.task_rows) == 3 and all(r.isVisible() for r in card.task_rows.values())
    tap(qtbot, card.fold_button)
    assert patient_row(window.db, pk)["EC_Replier"] == 1
    assert history(window.db, pk)[-1]["HI_Action"] == "SET_FOLD"
    assert not any(r.isVisible() for r in card.task_rows.values())
    tap(qtbot, card.fold_button)
    assert patient_row(window.db, pk)["EC_Replier"] == 0
    assert all(r.isVisible() for r in card.task_rows.values())


def test_folded_patient_tasks_are_built_on_first_unfold(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "DUBOIS")  # folded in the demo
    card = window.controller.card(pk)
    assert card.task_rows == {}
    tap(qtbot, card.fold_button)
    assert len(card.task_rows) == 2 and all(r.isVisible() for r in card.task_rows.values())


def test_comment_is_edited_from_the_card(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "GARCIA")
    card = window.controller.card(pk)
    tap(qtbot, card.comment_button)
    dlg = window.actions.last_dialog
    assert dlg.isVisible()
    dlg.edit.setText("Céphalées, scanner ? D'après l'IAO")
    tap(qtbot, dlg.save_button)
    assert patient_row(window.db, pk)["EC_Commentaire"] == "Céphalées, scanner ? D'après l'IAO"
    row = history(window.db, pk)[-1]
    assert row["HI_Action"] == "COMMENT"
    assert row["HI_Commentaire"] == "Céphalées, scanner ? D'après l'IAO"
    assert card.comment_button.text() == "Céphalées, scanner ? D'après l'IAO"


def test_responsible_is_chosen_from_the_list(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "GARCIA")  # nobody yet
    card = window.controller.card(pk)
    tap(qtbot, card.responsible_button)
    picker = window.actions.last_dialog
    assert set(picker.choice_buttons) >= {"ro", "sev", "lam", "ben", "iao", None}
    tap(qtbot, picker.choice_buttons["sev"])
    assert patient_row(window.db, pk)["EC_Medecin"] == "sev"
    row = history(window.db, pk)[-1]
    assert row["HI_Action"] == "SET_OWNER" and row["HI_Code_resp"] == "sev"
    assert card.responsible_button.text() == "Sevin"
    assert card.responsible_button.toolTip() == "Dr Sevin"
    assert get_prop(card.responsible_button, "dataBg") == "#059669"


def test_annex_program_is_started_with_split_arguments(qtbot, window, tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "args.txt"
    prog = tmp_path / "fake drtux.sh"
    prog.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{out}"\n', encoding="utf-8")
    prog.chmod(0o755)
    window.settings.set("Interface", "Programmes_Autorises", (f"{tmp_path}/",))  # issue 14
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update()
            .where(t.encours.c.EC_PK == pk)
            .values(EC_ProgAnnexe=str(prog), EC_ArgsAnnexe="ro|a b;c|GUID-1|6521")
        )
    )
    window.reload_board()
    card = window.controller.card(pk)
    tap(qtbot, card.annex_button)
    qtbot.waitUntil(lambda: out.exists() and out.read_text().count("\n") == 4, timeout=5000)
    assert out.read_text().splitlines() == ["ro", "a b;c", "GUID-1", "6521"]  # no shell


def test_missing_annex_program_gives_a_clear_message(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_ProgAnnexe="/nowhere/drtux")
        )
    )
    window.reload_board()
    tap(qtbot, window.controller.card(pk).annex_button)
    msg = window.actions.last_dialog
    assert msg.isVisible() and "/nowhere/drtux" in msg.text and "cannot be found" in msg.text


def test_annex_button_hidden_when_setting_is_non(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "GARCIA")
    assert window.controller.card(pk).annex_button.isVisible()
    window.settings.set("Interface", "Bouton_Acces_DrTux", False)
    window.apply_settings()
    assert not window.controller.card(pk).annex_button.isVisible()


def test_times_show_entry_and_exit(window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "DURAND")  # in Sorties, left 120 min before T0
    card = window.controller.card(pk)
    assert card.box_type is BoxType.EXIT
    assert card.entry_label.text().endswith("03:20")
    assert card.moved_label.text() == "out 08:00"


def test_history_button_opens_the_history(qtbot, window) -> None:  # noqa: ANN001
    pk = patient_id(window.db, "NGUYEN")
    tap(qtbot, window.controller.card(pk).history_button)
    dlg = window.actions.last_dialog
    assert dlg is not None and type(dlg).__name__ != "Message"  # the history, not a refusal
    qtbot.waitUntil(dlg.isVisible)
    dlg.close()
