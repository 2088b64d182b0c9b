"""Boxes and States dialogs: create, edit, refuse bad input, delete, delete refused."""

from __future__ import annotations

from synoptux.ui.admin.boxes import BoxesDialog
from synoptux.ui.admin.states import StatesDialog
from tests.support.admin import add_patient, history
from tests.support.settle import settle
from tests.support.taps import rows, tap, tap_row, type_into


def open_dialog(qtbot, cls, ctx, admin):
    dialog = cls(ctx, admin)
    qtbot.addWidget(dialog)
    settle()
    dialog.show()
    return dialog


def test_boxes_dialog_create_edit_refuse_delete(qtbot, ctx, ui_admin, calls) -> None:
    dlg = open_dialog(qtbot, BoxesDialog, ctx, ui_admin)
    assert not dlg.edit_button.isEnabled() and not dlg.delete_button.isEnabled()
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    qtbot.waitUntil(ed.isVisible)
    type_into(qtbot, ed.code, "S9")
    type_into(qtbot, ed.label, "Box 9")
    tap(qtbot, ed.bg.findChildren(type(dlg.new_button))[3])  # a preset swatch, by a tap
    ed.capacity.setValue(2)
    tap(qtbot, ed.save_button)
    qtbot.waitUntil(lambda: not ed.isVisible())
    assert any(r.startswith("S9 — Box 9") and "2 place(s)" in r for r in rows(dlg.list))
    assert calls.reloads == 1 and dlg.list.current_data().code == "S9"
    # edit (a tap selects, Edit edits)
    tap_row(qtbot, dlg.list, "S9 —")
    tap(qtbot, dlg.edit_button)
    ed = dlg.editor
    assert ed.code.text() == "S9" and ed.bg.color() == "#fde8e8"
    type_into(qtbot, ed.label, "Box 9 trauma")
    tap(qtbot, ed.save_button)
    assert any(r.startswith("S9 — Box 9 trauma") for r in rows(dlg.list))
    # bad input: a duplicate code, then a bad colour; the editor stays open with the text
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    type_into(qtbot, ed.code, "s1")
    type_into(qtbot, ed.label, "Double")
    tap(qtbot, ed.save_button)
    assert ed.isVisible() and "already exists" in ed.error.text()
    type_into(qtbot, ed.code, "S10")
    ed.bg.set_color("#12")
    tap(qtbot, ed.save_button)
    assert ed.isVisible() and "#12" in ed.error.text() and ed.label.text() == "Double"
    tap(qtbot, ed.cancel_button)
    assert not any(r.startswith("S10") for r in rows(dlg.list))
    # delete, with the inline confirmation
    tap_row(qtbot, dlg.list, "S9 —")
    tap(qtbot, dlg.delete_button)
    assert dlg.confirm_bar.isVisible() and "S9" in dlg.confirm_label.text()
    tap(qtbot, dlg.confirm_yes)
    assert not any(r.startswith("S9") for r in rows(dlg.list))
    assert history(ctx.db)[-1] == "box S9 deleted"


def test_boxes_dialog_delete_refused_then_move_patients(qtbot, ctx, ui_admin) -> None:
    pk = add_patient(ctx.db, "S1", "MARTIN")
    dlg = open_dialog(qtbot, BoxesDialog, ctx, ui_admin)
    tap_row(qtbot, dlg.list, "S1 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert dlg.error.isVisible() and "1 patient" in dlg.error.text()
    assert any(r.startswith("S1 —") for r in rows(dlg.list))
    tap(qtbot, dlg.move_button)
    mover = dlg.mover
    qtbot.waitUntil(mover.isVisible)
    tap_row(qtbot, mover.targets, "A1 —")
    tap(qtbot, mover.save_button)
    qtbot.waitUntil(lambda: not mover.isVisible())
    board = ctx.service.snapshot()
    assert pk in [p.id for b in board.boxes if b.code == "A1" for p in b.patients]
    tap_row(qtbot, dlg.list, "S1 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert not any(r.startswith("S1 —") for r in rows(dlg.list))


def test_states_dialog_create_edit_refuse_delete(qtbot, ctx, ui_admin, calls) -> None:
    dlg = open_dialog(qtbot, StatesDialog, ctx, ui_admin)
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    type_into(qtbot, ed.code, "35")
    type_into(qtbot, ed.label, "Au scanner")
    ed.color.set_color("#0ea5e9")
    tap(qtbot, ed.save_button)
    assert "35 — Au scanner" in rows(dlg.list)
    tap_row(qtbot, dlg.list, "35 —")
    tap(qtbot, dlg.edit_button)
    ed = dlg.editor
    tap(qtbot, ed.ends)
    tap(qtbot, ed.save_button)
    assert any(r.startswith("35 — Au scanner ·") for r in rows(dlg.list))
    assert next(s for s in ui_admin.list_states() if s.code == "35").ends_task
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    type_into(qtbot, ed.code, "36")
    tap(qtbot, ed.save_button)  # no label
    assert ed.isVisible() and ed.error.text()
    tap(qtbot, ed.cancel_button)
    tap_row(qtbot, dlg.list, "35 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert not any(r.startswith("35 —") for r in rows(dlg.list))
    assert calls.reloads == 3


def test_states_dialog_delete_refused_when_in_use(qtbot, ctx, ui_admin) -> None:
    add_patient(ctx.db, "S1", tasks=(("ECG", "En cours"),))  # 2.x label in EN_Etat_en_cours
    dlg = open_dialog(qtbot, StatesDialog, ctx, ui_admin)
    tap_row(qtbot, dlg.list, "30 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert "1 task(s)" in dlg.error.text() and "30" in dlg.error.text()
    assert any(r.startswith("30 —") for r in rows(dlg.list))


def test_boxes_dialog_refuses_the_default_entry_box(qtbot, ctx, ui_admin) -> None:
    dlg = open_dialog(qtbot, BoxesDialog, ctx, ui_admin)  # the ini names A1
    tap_row(qtbot, dlg.list, "A1 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert "Code_Box_Par_Defaut" in dlg.error.text()
    assert any(r.startswith("A1 —") for r in rows(dlg.list))
