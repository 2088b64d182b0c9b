"""Vigilance on the wall, tapped as a nurse would: the badge on every tier, the look-alike
and identity flags, a triage set from the sheet, alarms acknowledged from the task picker
and from the strip, blinking stopped and back, escalation first in the strip."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from synoptux.domain.acks import ACTIVE, ESCALATED, SNOOZED
from synoptux.domain.alarms import TRIAGE_TASK_ID
from synoptux.ui.board.row_look import TIERS, Tier
from synoptux.ui.board.wall_report import build_report
from synoptux.ui.style import get_prop
from tests.support.settle import reload_now
from tests.support.ui import history, patient_id
from tests.ui.taps import choose, open_sheet, open_task, row, tap


def tr(context: str, text: str) -> str:
    """The text in the language installed (another test may have left French on)."""
    return QCoreApplication.translate(context, text)


def test_the_badge_is_on_every_tier_and_keeps_the_tiers_sizes(window) -> None:
    r = row(window, "GARCIA")
    look = window.controller.look
    for tier in TIERS:
        geo = r.geometry_for(tier, 420)
        assert geo.triage is not None and geo.triage.text == "2", tier
        assert (
            geo.triage.rect.height() <= geo.height
            and geo.name.rect.left() > geo.triage.rect.right()
        )
        assert geo.triage.fill == "#ea580c"
    assert r.geometry_for(Tier.MINIMAL, 420).height == look.sizes.minimal_row
    assert r.geometry_for(Tier.DENSE, 420).height == look.sizes.dense_row
    window.set_privacy(True)  # the level shows in privacy mode too
    assert row(window, "GARCIA").geometry_for(Tier.FULL, 420).triage.text == "2"
    window.set_privacy(False)


def test_look_alike_names_are_flagged_on_both_rows_with_the_other_box(qtbot, window) -> None:
    a, b = row(window, "LEFEBVRE"), row(window, "LEFEVRE")
    assert [h.box_code for h in a.patient.homonyms] == ["S6"]
    assert [h.box_code for h in b.patient.homonyms] == ["A2"]
    said = tr("PatientRow", "Look-alike? {boxes}").format(boxes="Box 6")
    assert any(said in f.text for f in a.geometry_for(Tier.FULL, 460).flags)
    assert any("S6" in f.text for f in a.geometry_for(Tier.COMPACT, 460).flags)
    assert any(f.text.startswith("\u2248") for f in a.geometry_for(Tier.MINIMAL, 460).flags)
    sheet = open_sheet(qtbot, window, "LEFEBVRE")
    assert (
        "LEFEVRE Gérard" in sheet.vigilance_label.text() and "Box 6" in sheet.vigilance_label.text()
    )
    sheet.close()
    window.set_privacy(True)  # privacy: the box, never the other name
    sheet = open_sheet(qtbot, window, "LEFEBVRE")
    assert "LEFEVRE" not in sheet.vigilance_label.text() and "Box 6" in sheet.vigilance_label.text()
    sheet.close()
    window.set_privacy(False)


def test_a_tap_sets_the_triage_level(qtbot, window) -> None:
    pk = patient_id(window.db, "PETIT")
    tap(qtbot, open_sheet(qtbot, window, "PETIT").buttons["triage"])
    picker = window.board_actions.last_dialog
    qtbot.waitUntil(picker.isVisible)
    assert list(picker.choice_buttons) == ["1", "2", "3A", "3B", "4", "5", None]
    tap(qtbot, picker.choice_buttons["1"])
    assert row(window, "PETIT").patient.triage.code == "1"
    rows = [h for h in history(window.db, pk) if h["HI_Action"] == "SET_TRIAGE"]
    assert (rows[-1]["HI_Code_etat"], rows[-1]["HI_Etat_avant"]) == ("1", "3A")
    assert row(window, "PETIT").current().triage.text == "1"


def _strip_line(window, pid: int, tid: int):
    strip = window.parts.strip
    strip._expanded = True  # every line, as "+N more" shows them
    strip._fill()
    return strip.line(pid, tid)


def test_acknowledge_a_late_task_from_its_chip(qtbot, window) -> None:
    r = row(window, "NGUYEN")
    task = next(t for t in r.patient.tasks if t.code == "RX OS")
    assert task.alarm == ACTIVE and r in window.controller.late_widgets()
    choose(qtbot, open_task(qtbot, window, "NGUYEN", "RX OS"), "ack")  # a menu (5 states)
    picker = window.board_actions.last_dialog
    qtbot.waitUntil(picker.isVisible)
    tap(qtbot, picker.choice_buttons["ro"])
    r = row(window, "NGUYEN")
    task = next(t for t in r.patient.tasks if t.code == "RX OS")
    assert task.alarm == SNOOZED and task.acks[0].by == "Dr Rossi"
    assert r not in window.controller.late_widgets()  # blinking stops...
    chip = next(c for c in r.current().chips if c.task_id == task.id)
    assert chip.late_kind == "end" and chip.alarm_state == SNOOZED  # ...the late mark stays
    line = _strip_line(window, r.patient_id, task.id)
    said = tr("AlarmStrip", "ack. {0} {1}").format("Dr Rossi", "10:00")
    assert said in line.text() and get_prop(line, "alarmLevel") == SNOOZED
    acks = [h for h in history(window.db, r.patient_id) if h["HI_Action"] == "ALARM_ACK"]
    assert len(acks) == 1 and "Dr Rossi" in acks[0]["HI_Commentaire"]
    # 15 minutes later the snooze is over: it blinks again
    window.clock.advance(minutes=15)
    window.parts.monitor.check_now()
    r = row(window, "NGUYEN")
    assert r in window.controller.late_widgets()


def test_the_strip_acknowledges_a_late_triage_and_puts_escalated_alarms_first(
    qtbot, window
) -> None:
    pk = patient_id(window.db, "GARCIA")
    strip = window.parts.strip
    items = strip.items()
    escalated = [i for i in items if i.alarm == ESCALATED]
    assert escalated and items[: len(escalated)] == escalated
    line = _strip_line(window, pk, TRIAGE_TASK_ID)
    assert tr("AlarmStrip", "Triage {0}: no doctor yet").format("2") in line.text()
    tap(qtbot, line)
    picker = window.board_actions.last_dialog
    qtbot.waitUntil(picker.isVisible)
    tap(qtbot, picker.choice_buttons[None])  # this screen
    assert window.controller.current_board.patient(pk).triage_alarm == SNOOZED
    t = window.db.tables
    with window.db.connect() as conn:
        ack = conn.execute(select(t.acks).where(t.acks.c.AQ_NumEncours == pk)).mappings().one()
    assert ack["AQ_Type"] == "triage" and ack["AQ_Num_tache"] is None
    assert ack["AQ_Par"] == window.service.actor
    # unacknowledged 20 minutes after the snooze: escalated, first of the strip
    window.clock.advance(minutes=36)
    window.parts.monitor.check_now()
    QApplication.processEvents()
    assert window.controller.current_board.patient(pk).triage_alarm == ESCALATED
    assert strip.items()[0].alarm == ESCALATED


def test_the_buttons_picker_of_a_late_task_offers_the_acknowledgement(qtbot, window) -> None:
    et = window.db.tables.etats_taches
    with window.db.engine.begin() as conn:  # GDS with three states: a row of buttons
        conn.execute(
            et.delete().where(et.c.ST_Code_tache == "GDS", et.c.ST_Code_etat.in_(("10", "90")))
        )
    reload_now(window)
    popup = open_task(qtbot, window, "ROUSSEL", "GDS")
    assert popup.ack_button is not None and popup.ack_button.height() >= 40
    tap(qtbot, popup.ack_button)
    picker = window.board_actions.last_dialog
    qtbot.waitUntil(picker.isVisible)
    tap(qtbot, picker.choice_buttons["lam"])
    gds = next(t for t in row(window, "ROUSSEL").patient.tasks if t.code == "GDS")
    assert gds.alarm == SNOOZED and max(a.at for a in gds.acks) == window.clock.now()


def test_an_identity_to_check_is_shown_until_a_nurse_confirms(qtbot, window) -> None:
    pk = patient_id(window.db, "DUBOIS")
    t = window.db.tables
    with window.db.engine.begin() as conn:
        conn.execute(
            t.encours.update()
            .where(t.encours.c.EC_PK == pk)
            .values(EC_Identite_A_Verifier="DURAND Paul")
        )
    reload_now(window)
    r = row(window, "DUBOIS")
    said = tr("PatientRow", "Identity to check")
    assert any(f.text == said for f in r.geometry_for(Tier.FULL, 460).flags)
    sheet = open_sheet(qtbot, window, "DUBOIS")
    assert "DURAND Paul" in sheet.vigilance_label.text()
    tap(qtbot, sheet.buttons["identity"])
    r = row(window, "DUBOIS")
    assert r.patient.identity_check is None and not r.geometry_for(Tier.FULL, 460).flags
    assert any(h["HI_Action"] == "IDENTITY_OK" for h in history(window.db, pk))


def test_the_report_carries_triage_levels_and_marks(window) -> None:
    report = build_report(window)
    by_name = {p["last_name"]: p for p in report["patients"]}
    for p in report["patients"]:
        assert p["triage"] is not None and p["triage"]["badge"]["visible"], p["last_name"]
    assert by_name["GARCIA"]["triage"]["alarm"] == ACTIVE
    assert by_name["GARCIA"]["triage"]["late_since"] == "2026-11-23 09:55:00"
    assert "homonym" in by_name["LEFEBVRE"]["marks"] and by_name["LEFEBVRE"]["flags"]
    assert by_name["LEFEVRE"]["homonyms"][0]["box"] == "A2"
    gds = next(t for t in by_name["ROUSSEL"]["tasks"] if t["alarm"] == SNOOZED)
    assert gds["acknowledged_by"] == "Dr Lambert" and gds["visible"]
    assert any(ln["triage"] for ln in report["late_strip"]["lines"]) or any(
        i.task_id == TRIAGE_TASK_ID for i in window.parts.strip.items()
    )
    _ = timedelta


def test_the_monitor_records_a_macro_level_in_the_history_once(window) -> None:
    pk = patient_id(window.db, "MERCIER")
    t = window.db.tables
    with window.db.engine.begin() as conn:  # a MedinTux macro re-triages the patient
        conn.execute(t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_Niveau_Tri="2"))
    reload_now(window)
    assert row(window, "MERCIER").patient.triage_unrecorded
    window.parts.monitor.check_now()
    window.parts.monitor.check_now()  # seen again before the reload: not recorded twice
    reload_now(window)
    assert not row(window, "MERCIER").patient.triage_unrecorded
    rows = [h for h in history(window.db, pk) if h["HI_Action"] == "SET_TRIAGE"]
    assert [(r["HI_Code_etat"], r["HI_Etat_avant"]) for r in rows][-1] == ("2", "3A")
    assert len(rows) == 2  # the demo's entry level, then the macro's, once
