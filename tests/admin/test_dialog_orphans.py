"""The administration's view of orphan tasks (patient gone, as 2.x sites have them): list,
attach, archive."""

from __future__ import annotations

from synoptux.services.snapshot import load_board
from synoptux.ui.admin.orphans import OrphansDialog
from tests.support.admin import add_patient, history
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.taps import rows, tap, tap_row


def _orphan(db, code: str) -> int:
    t = db.tables
    return db.transaction(
        lambda conn: conn.execute(
            t.encours_taches.insert().values(EN_PK_encours=900001, EN_Code_tache=code)
        ).inserted_primary_key[0]
    )


def test_orphans_dialog_attaches_and_archives(qtbot, ctx, ui_admin, calls) -> None:
    pk = add_patient(ctx.db, "S1", "RETOUR")
    ecg, bu = _orphan(ctx.db, "ECG"), _orphan(ctx.db, "BU")
    dlg = OrphansDialog(ctx, ui_admin)
    qtbot.addWidget(dlg)
    settle()  # the lists are read by the database thread
    dlg.show()
    assert rows(dlg.tasks) == [
        f"ECG \u2014 no state (patient #900001 gone, task {ecg})",
        f"Bandelette urinaire \u2014 no state (patient #900001 gone, task {bu})",
    ]
    assert any(r.startswith("RETOUR Jean") for r in rows(dlg.patients))
    assert not dlg.attach_button.isEnabled() and not dlg.archive_button.isEnabled()
    tap_row(qtbot, dlg.tasks, "ECG")
    assert dlg.archive_button.isEnabled() and not dlg.attach_button.isEnabled()
    tap_row(qtbot, dlg.patients, "RETOUR")
    tap(qtbot, dlg.attach_button)
    assert [t.id for t in load_board(ctx.db, T0).patient(pk).tasks] == [ecg]
    assert calls.reloads == 1 and len(rows(dlg.tasks)) == 1
    tap_row(qtbot, dlg.tasks, "Bandelette")
    tap(qtbot, dlg.archive_button)
    assert rows(dlg.tasks) == [] and dlg.empty.isVisible()
    assert history(ctx.db)[-1].endswith("of the patient #900001 gone archived")
