"""The web view shows what the wall shows of vigilance: the triage badge (code, colour, label),
look-alike names naming the other patient's box only, an identity to check."""

from __future__ import annotations

from sqlalchemy import update

from synoptux.services.board_view import present_board
from synoptux.services.snapshot import load_board
from tests.support.clock import T0


def _patients(view: dict) -> dict[int, dict]:
    return {p["id"]: p for b in view["boxes"] for p in b["patients"]}


def test_triage_badge_homonyms_and_identity_show_on_the_web_page(site) -> None:
    db = site.db
    t = db.tables
    db.transaction(
        lambda c: c.execute(
            update(t.encours)
            .where(t.encours.c.EC_NomPatient == "MARTIN")
            .values(EC_Identite_A_Verifier="MARTINEZ Luc")
        )
    )
    board = load_board(db, T0)
    by_name = {p.last_name: p for p in board.patients()}
    for named in (False, True):
        shown = _patients(present_board(board, T0, named=named))
        lefevre = shown[by_name["LEFEVRE"].id]
        triage = [b for b in lefevre["badges"] if b["kind"] == "triage"]
        assert [(b["text"], b["title"]) for b in triage] == [("4", by_name["LEFEVRE"].triage.label)]
        assert triage[0]["color"] and triage[0]["ink"]
        homonym = [m["text"] for m in lefevre["marks"] if m["code"] == "homonym"]
        assert homonym == ["Homonyme ? Attente couchés"], lefevre["marks"]
        assert "LEFEBVRE" not in str(lefevre)  # the other patient is named by his box only
        martin = shown[by_name["MARTIN"].id]
        assert "Identité à vérifier" in [m["text"] for m in martin["marks"]]
        assert "MARTINEZ" not in str(martin)
