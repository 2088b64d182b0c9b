"""Moving a patient: tap "move", tap the destination box title; capacity; destinations; exit."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, QRect, Qt
from sqlalchemy import func, select

from synoptux.ui.style import get_prop
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.ui import history, patient_id, patient_row
from tests.ui.taps import open_sheet, row, tap, tap_at


def title(window, code):
    return window.controller.panels[code].title_button


def start_move(qtbot, window, last_name: str) -> None:
    tap(qtbot, open_sheet(qtbot, window, last_name).buttons["move"])


def test_move_into_a_free_care_box(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    r = row(window, "GARCIA")
    start_move(qtbot, window, "GARCIA")
    assert window.controller.moving_patient == pk
    assert r.moving
    assert window.move_banner.isVisible()
    assert get_prop(title(window, "PLAT"), "target") == "on"  # 1/2: room left
    assert get_prop(title(window, "S1"), "target") == "full"
    tap(qtbot, title(window, "PLAT"))
    row_ = patient_row(window.db, pk)
    assert row_["EC_CodeBox"] == "PLAT" and row_["EC_HeureSortie"] == T0
    hist = history(window.db, pk)[-1]
    assert (hist["HI_Action"], hist["HI_Code_box"], hist["HI_Box_avant"]) == (
        "SET_PLACE",
        "PLAT",
        "A1",
    )
    assert window.controller.row(pk) is r  # moved, not rebuilt
    assert r in window.controller.panels["PLAT"].rows
    assert r not in window.controller.panels["A1"].rows
    assert window.controller.panels["PLAT"].count_label.text() == "2 / 2"
    assert window.controller.moving_patient is None and not window.move_banner.isVisible()
    assert not r.moving


def test_the_move_banner_overlays_and_titles_stay_where_they_were(qtbot, window) -> None:
    panels = window.controller.panels
    before = {
        c: p.title_button.mapTo(window, p.title_button.rect().center()) for c, p in panels.items()
    }
    view = window.view.geometry()
    start_move(qtbot, window, "GARCIA")
    assert window.move_banner.isVisible()
    assert window.view.geometry() == view  # the board was not pushed down
    banner = window.move_banner
    banner_rect = QRect(banner.mapTo(window, QPoint(0, 0)), banner.size())
    for code, centre in before.items():
        t = panels[code].title_button
        assert t.mapTo(window, t.rect().center()) == centre
        assert window.childAt(centre) is t  # a tap where the title was still hits it
        assert not banner_rect.intersects(QRect(t.mapTo(window, QPoint(0, 0)), t.size()))
    hit = window.childAt(before["PLAT"])  # the widget a finger there reaches
    qtbot.mouseClick(hit, Qt.MouseButton.LeftButton, pos=hit.mapFrom(window, before["PLAT"]))
    settle()
    assert patient_row(window.db, patient_id(window.db, "GARCIA"))["EC_CodeBox"] == "PLAT"


def test_a_row_of_another_box_is_a_target_too(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    start_move(qtbot, window, "GARCIA")
    girard = row(window, "GIRARD")  # in PLAT (1/2)
    sheet = window.controller.last_sheet
    tap_at(qtbot, girard, girard.name_point())
    assert patient_row(window.db, pk)["EC_CodeBox"] == "PLAT"
    assert window.controller.last_sheet is sheet  # no sheet opened for GIRARD


def test_tap_the_moving_patient_or_the_banner_cancels(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    r = row(window, "GARCIA")
    start_move(qtbot, window, "GARCIA")
    tap_at(qtbot, r, r.name_point())  # the moving patient again: cancel
    assert window.controller.moving_patient is None
    assert get_prop(title(window, "PLAT"), "target") == ""
    tap(qtbot, title(window, "PLAT"))  # a box title alone does nothing
    assert patient_row(window.db, pk)["EC_CodeBox"] == "A1"
    start_move(qtbot, window, "GARCIA")
    tap(qtbot, window.move_banner)
    assert window.controller.moving_patient is None and not window.move_banner.isVisible()


def test_full_box_refuses_with_a_message_whatever_the_filter(qtbot, window) -> None:
    pk = patient_id(window.db, "MOREAU")  # an iao patient
    window.set_filter("iao")  # S1's patient (sev) is hidden by the filter; S1 is still full
    assert window.controller.panels["S1"].rows == []
    start_move(qtbot, window, "MOREAU")
    tap(qtbot, title(window, "S1"))
    assert patient_row(window.db, pk)["EC_CodeBox"] == "A1"
    msg = window.board_actions.last_dialog
    assert msg.isVisible() and "full (1/1)" in msg.text
    assert msg.ok_button.minimumHeight() >= 48
    assert history(window.db, pk)[-1]["HI_Action"] != "SET_PLACE"


def test_move_to_absence_asks_the_destination(qtbot, window) -> None:
    pk = patient_id(window.db, "LAMBERT")
    start_move(qtbot, window, "LAMBERT")
    tap(qtbot, title(window, "IMG"))
    dlg = window.board_actions.last_dialog
    labels = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert "Scanner" in labels and "Domicile" not in labels  # the Absence list only
    assert dlg.time_edit is None
    item = dlg.list.item(labels.index("Radiologie"))
    rect = dlg.list.visualItemRect(item)
    qtbot.mouseClick(dlg.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    row = patient_row(window.db, pk)
    assert (row["EC_CodeBox"], row["EC_Destination"], row["EC_Replier"]) == ("IMG", "Radiologie", 1)
    actions = [h["HI_Action"] for h in history(window.db, pk)[-2:]]
    assert actions == ["SET_PLACE", "SET_DESTINATION"]
    r = window.controller.row(pk)
    assert "Radiologie" in open_sheet(qtbot, window, "LAMBERT").comment_label.text()
    assert not r.current().chips and len(r.current().dots) == 2  # folded in Absence


def test_move_to_exit_lets_the_exit_time_be_changed(qtbot, window) -> None:
    pk = patient_id(window.db, "GIRARD")
    start_move(qtbot, window, "GIRARD")
    tap(qtbot, title(window, "SORT"))
    dlg = window.board_actions.last_dialog
    assert dlg.time_edit is not None
    minus15 = [b for b in dlg.findChildren(type(dlg.validate_button)) if b.text() == "-15 min"][0]
    tap(qtbot, minus15)
    dlg.other.setText("Clinique du Parc")  # typed destination, then Validate
    tap(qtbot, dlg.validate_button)
    row = patient_row(window.db, pk)
    assert row["EC_CodeBox"] == "SORT"
    assert row["EC_HeureSortie"] == T0 - timedelta(minutes=15)
    assert row["EC_Destination"] == "Clinique du Parc"
    assert "out 09:45" in open_sheet(qtbot, window, "GIRARD").facts_label.text()


def test_final_exit_asks_then_archives_the_stay(qtbot, window) -> None:
    pk = patient_id(window.db, "MICHEL")  # in Sorties
    start_move(qtbot, window, "MICHEL")
    choice = window.board_actions.last_dialog
    tap(qtbot, choice.exit_button)
    confirm = window.board_actions.last_dialog
    assert confirm is not choice and confirm.isVisible()
    assert patient_row(window.db, pk) is not None  # nothing before the confirmation
    tap(qtbot, confirm.yes_button)
    assert patient_row(window.db, pk) is None
    t = window.db.tables
    with window.db.connect() as conn:
        archived = conn.execute(
            select(func.count())
            .select_from(t.encours_archive)
            .where(t.encours_archive.c.EC_PK == pk)
        ).scalar_one()
    assert archived == 1
    assert history(window.db, pk)[-1]["HI_Action"] == "PATIENT_OUT"
    assert window.controller.row(pk) is None


def test_final_exit_without_confirmation_setting(qtbot, window) -> None:
    window.settings.set("Interface", "Confirmation_Sortie_Definitive", False)
    pk = patient_id(window.db, "MICHEL")
    start_move(qtbot, window, "MICHEL")
    tap(qtbot, window.board_actions.last_dialog.exit_button)
    assert patient_row(window.db, pk) is None


def test_exit_box_move_offers_a_move_back(qtbot, window) -> None:
    pk = patient_id(window.db, "MICHEL")
    start_move(qtbot, window, "MICHEL")
    tap(qtbot, window.board_actions.last_dialog.move_button)
    assert window.controller.moving_patient == pk
    tap(qtbot, title(window, "A1"))
    assert patient_row(window.db, pk)["EC_CodeBox"] == "A1"
