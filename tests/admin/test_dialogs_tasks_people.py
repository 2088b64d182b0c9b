"""Tasks, Responsibles and Destinations dialogs: create, edit, refuse, delete, refused."""

from __future__ import annotations

from sqlalchemy import select

from synoptux.ui.admin.destinations import DestinationsDialog
from synoptux.ui.admin.responsibles import ResponsiblesDialog
from synoptux.ui.admin.tasks import TasksDialog
from tests.admin.test_dialogs_boxes_states import open_dialog
from tests.admin.test_medintux_import import medintux_url  # noqa: F401 - fixture
from tests.support.admin import add_patient, history
from tests.support.taps import rows, tap, tap_row, type_into


def test_tasks_dialog_create_with_states_edit_refuse_delete(qtbot, ctx, ui_admin) -> None:
    dlg = open_dialog(qtbot, TasksDialog, ctx, ui_admin)
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    qtbot.waitUntil(ed.isVisible)
    type_into(qtbot, ed.code, "PONC")
    type_into(qtbot, ed.label, "Ponction")
    ed.max_minutes.setValue(45)
    type_into(qtbot, ed.priority, "2")
    type_into(qtbot, ed.comment, "à jeun")
    ed.mode.setCurrentIndex(ed.mode.findData("B"))
    tap_row(qtbot, ed.states, "20 —")  # a tap on the row ticks it
    tap_row(qtbot, ed.states, "80 —")
    tap_row(qtbot, ed.states, "90 —")
    tap_row(qtbot, ed.states, "90 —")  # and a second tap unticks it
    assert ed.checked_states() == ("20", "80")
    tap(qtbot, ed.save_button)
    assert "PONC — Ponction · buttons · 45 min" in rows(dlg.list)
    got = next(t for t in ui_admin.list_tasks() if t.code == "PONC")
    assert (got.states, got.priority, got.comment) == (("20", "80"), 2, "à jeun")
    tap_row(qtbot, dlg.list, "PONC —")
    tap(qtbot, dlg.edit_button)
    ed = dlg.editor
    assert ed.checked_states() == ("20", "80") and ed.priority.text() == "2"
    type_into(qtbot, ed.priority, "deux")
    tap(qtbot, ed.save_button)
    assert ed.isVisible() and "deux" in ed.error.text()
    type_into(qtbot, ed.priority, "")
    ed.mode.setCurrentIndex(ed.mode.findData("M"))
    tap(qtbot, ed.save_button)
    assert "PONC — Ponction · menu · 45 min" in rows(dlg.list)
    tap_row(qtbot, dlg.list, "PONC —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert not any(r.startswith("PONC") for r in rows(dlg.list))


def test_tasks_dialog_delete_refused_with_open_tasks(qtbot, ctx, ui_admin) -> None:
    add_patient(ctx.db, "S1", tasks=(("ECG", "10"),))
    dlg = open_dialog(qtbot, TasksDialog, ctx, ui_admin)
    tap_row(qtbot, dlg.list, "ECG —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert "1 open task(s)" in dlg.error.text()
    assert any(r.startswith("ECG —") for r in rows(dlg.list))


def test_responsibles_dialog_crud_refusal_and_import(
    qtbot,
    ctx,
    ui_admin,
    medintux_url,  # noqa: F811
) -> None:
    ctx.medintux_url = medintux_url
    add_patient(ctx.db, "S1", medecin="ro")
    dlg = open_dialog(qtbot, ResponsiblesDialog, ctx, ui_admin)
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    type_into(qtbot, ed.code, "dup")
    type_into(qtbot, ed.name, "Dr Dupont")
    ed.color.set_color("blue")
    tap(qtbot, ed.save_button)
    assert ed.isVisible() and "blue" in ed.error.text()
    ed.color.set_color("#0000ff")
    tap(qtbot, ed.save_button)
    assert "dup — Dr Dupont" in rows(dlg.list)
    tap_row(qtbot, dlg.list, "dup —")
    tap(qtbot, dlg.edit_button)
    type_into(qtbot, dlg.editor.name, "Dr Dupont-Durand")
    tap(qtbot, dlg.editor.save_button)
    assert "dup — Dr Dupont-Durand" in rows(dlg.list)
    tap_row(qtbot, dlg.list, "ro —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert "ro is the responsible of 1 patient(s)" in dlg.error.text()
    tap_row(qtbot, dlg.list, "dup —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert not any(r.startswith("dup —") for r in rows(dlg.list))
    tap(qtbot, dlg.import_button)
    assert "2 added, 1 updated" in dlg.report.text()
    assert "martin — MARTIN Anne" in rows(dlg.list)


def test_import_button_off_without_medintux(qtbot, ctx, ui_admin) -> None:
    dlg = open_dialog(qtbot, ResponsiblesDialog, ctx, ui_admin)
    assert not dlg.import_button.isEnabled()


def test_destinations_dialogs_touch_no_patient(qtbot, ctx, ui_admin) -> None:
    pk = add_patient(ctx.db, "SORT", "LEROY", destination="Domicile")
    ctx.service.set_comment(pk, "the last patient touched")  # 2.x defect 14 rewrote this one
    t = ctx.db.tables
    with ctx.db.connect() as conn:
        before = conn.execute(select(t.encours)).all()
    exits = open_dialog(qtbot, lambda c, a: DestinationsDialog(c, a, "Sortie"), ctx, ui_admin)
    tap(qtbot, exits.new_button)
    type_into(qtbot, exits.editor.label, "Clinique du Parc")
    tap(qtbot, exits.editor.save_button)
    assert "Clinique du Parc" in rows(exits.list)
    tap_row(qtbot, exits.list, "Clinique du Parc")
    tap(qtbot, exits.edit_button)
    type_into(qtbot, exits.editor.label, "Clinique du Parc Nord")
    tap(qtbot, exits.editor.save_button)
    assert "Clinique du Parc Nord" in rows(exits.list)
    tap(qtbot, exits.new_button)
    type_into(qtbot, exits.editor.label, "   ")
    tap(qtbot, exits.editor.save_button)
    assert exits.editor.isVisible() and exits.editor.error.text()
    tap(qtbot, exits.editor.cancel_button)
    tap_row(qtbot, exits.list, "Domicile")
    tap(qtbot, exits.delete_button)
    tap(qtbot, exits.confirm_yes)
    assert "Domicile" not in rows(exits.list)
    absences = open_dialog(qtbot, lambda c, a: DestinationsDialog(c, a, "Absence"), ctx, ui_admin)
    assert "Scanner" in rows(absences.list) and "Clinique du Parc Nord" not in rows(absences.list)
    tap(qtbot, absences.new_button)
    type_into(qtbot, absences.editor.label, "Endoscopie")
    tap(qtbot, absences.editor.save_button)
    assert "Endoscopie" in rows(absences.list)
    with ctx.db.connect() as conn:
        assert conn.execute(select(t.encours)).all() == before
    assert history(ctx.db)[-1] == "Absence destination 'Endoscopie' created"
