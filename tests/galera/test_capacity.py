"""Capacity stays exact between screens on different nodes.

`SELECT ... FOR UPDATE` on the box row holds on one node only: two screens on two nodes
moving two patients into the last place both counted it free, and both moves committed
(Galera certifies written rows, not locked ones)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.seed import seed_reference

pytestmark = pytest.mark.galera
NOW = datetime(2026, 11, 23, 10, 0)


def test_two_screens_on_two_nodes_cannot_both_take_the_last_place(galera_db):
    setup = Database.from_url(galera_db.url())
    ensure_schema(setup)
    seed_reference(setup)
    enc = setup.tables.encours
    rounds = 12
    with setup.engine.begin() as conn:
        for r in range(rounds):
            for s in (0, 1):
                conn.execute(
                    enc.insert().values(
                        EC_CodeBox="A1", EC_NomPatient=f"R{r}S{s}", EC_Replier=0, EC_HeureEntree=NOW
                    )
                )
    with setup.connect() as conn:
        ids = dict(conn.execute(select(enc.c.EC_NomPatient, enc.c.EC_PK)).all())
    screens = [BoardService(Database.from_url(galera_db.url(first=n))) for n in (1, 2)]
    over = []
    for r in range(rounds):
        barrier = threading.Barrier(2)
        results: list[str] = []

        def move(
            s: int, r: int = r, barrier: threading.Barrier = barrier, results: list = results
        ) -> None:
            barrier.wait()
            try:
                screens[s].move_patient(ids[f"R{r}S{s}"], "S1")
                results.append("moved")
            except ActionRefused as exc:
                results.append(exc.code)

        threads = [threading.Thread(target=move, args=(s,)) for s in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with setup.connect() as conn:
            present = conn.execute(
                select(func.count()).select_from(enc).where(enc.c.EC_CodeBox == "S1")
            ).scalar()
        if present > 1:
            over.append((r, present, results))
        with setup.engine.begin() as conn:  # empty the box for the next round
            conn.execute(enc.update().where(enc.c.EC_CodeBox == "S1").values(EC_CodeBox="A2"))
    for s in screens:
        s.db.dispose()
    setup.dispose()
    assert over == [], f"box S1 (capacity 1) held 2 patients in rounds {over}"
