"""The triage scale in administration: service rules on both backends, and the dialog."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from synoptux.services.admin import AdminService
from synoptux.services.admin.triage import TriageRecord
from synoptux.services.errors import ActionRefused
from synoptux.services.snapshot import load_board
from synoptux.ui.admin.triage import TriageDialog
from tests.admin.test_dialogs_boxes_states import open_dialog
from tests.support.admin import add_patient, history
from tests.support.clock import T0
from tests.support.taps import rows, tap, tap_row, type_into


def set_level(db, pk: int, code: str) -> None:
    t = db.tables
    with db.engine.begin() as conn:
        conn.execute(t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_Niveau_Tri=code))


def test_levels_are_edited_audited_and_guarded(ref_admin: AdminService) -> None:
    admin = ref_admin
    db = admin.db
    assert [r.code for r in admin.list_triage_levels()] == ["1", "2", "3A", "3B", "4", "5"]
    admin.save_triage_level(TriageRecord(" 3c ", "Tri 3C local", "#ABCDEF", 75, 5))
    got = next(r for r in admin.list_triage_levels() if r.code == "3C")
    assert (got.label, got.color, got.target_minutes) == ("Tri 3C local", "#abcdef", 75)
    pk = add_patient(db, "A1")
    set_level(db, pk, "3c")  # as a macro would write it
    assert load_board(db, T0).patient(pk).triage.code == "3C"
    # in use: editable, not renamable nor deletable
    admin.save_triage_level(TriageRecord("3C", "Tri 3C", "#abcdef", 80, 5), "3C")
    with pytest.raises(ActionRefused) as refused:
        admin.save_triage_level(TriageRecord("3D", "Tri 3C", None, 80, 5), "3C")
    assert refused.value.code == "code_in_use"
    with pytest.raises(ActionRefused) as refused:
        admin.delete_triage_level("3C")
    assert refused.value.code == "triage_in_use"
    with pytest.raises(ActionRefused) as refused:
        admin.load_triage_scale("CCMU")  # CCMU has no 3C
    assert refused.value.code == "triage_in_use"
    with pytest.raises(ActionRefused) as refused:
        admin.save_triage_level(TriageRecord("6", "x", "rouge", None))
    assert refused.value.code == "invalid"
    set_level(db, pk, "4")
    admin.load_triage_scale("CCMU")
    assert [r.code for r in admin.list_triage_levels()] == ["1", "2", "3", "4", "5", "P", "D"]
    assert load_board(db, T0).patient(pk).triage.label.startswith("CCMU 4")
    said = history(db)
    assert "triage level 3C created" in said[0] and "triage scale CCMU loaded" in said[-1]
    with db.connect() as conn:
        audit = (
            conn.execute(select(db.tables.audit).order_by(db.tables.audit.c.AU_PK)).mappings().all()
        )
    assert audit[0]["AU_Objet"] == "triage_level"
    assert "3C" in json.loads(audit[0]["AU_Apres"])["triage_level"]


def test_the_dialog_creates_loads_and_refuses(qtbot, ctx, ui_admin) -> None:
    dlg = open_dialog(qtbot, TriageDialog, ctx, ui_admin)
    assert any(r.startswith("3B — Tri 3B") and "90 min" in r for r in rows(dlg.list))
    tap(qtbot, dlg.new_button)
    ed = dlg.editor
    qtbot.waitUntil(ed.isVisible)
    type_into(qtbot, ed.code, "6")
    type_into(qtbot, ed.label, "Tri 6 : réorientation")
    ed.target.setValue(300)
    tap(qtbot, ed.save_button)
    assert any(r.startswith("6 — Tri 6") for r in rows(dlg.list))
    pk = add_patient(ctx.db, "A1")
    set_level(ctx.db, pk, "6")
    tap(qtbot, dlg.ccmu_button)  # the patient's level 6 is not in CCMU: refused, in words
    assert dlg.error.isVisible() and "6" in dlg.error.text()
    tap_row(qtbot, dlg.list, "6 —")
    tap(qtbot, dlg.delete_button)
    tap(qtbot, dlg.confirm_yes)
    assert dlg.error.isVisible() and any(r.startswith("6 —") for r in rows(dlg.list))
    set_level(ctx.db, pk, "5")
    tap(qtbot, dlg.ccmu_button)
    assert any(r.startswith("P — CCMU P") for r in rows(dlg.list))
