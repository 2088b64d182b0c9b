"""Automatic exits: the Sortie purge and the forced exit of over-long stays.

Boxes of the seed set: SORT (Sortie), S1/S2 (Soins), A1 (Attente), IMG (Absence).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.purge import force_exits, purge_exits
from synoptux.services.seed import seed_reference
from tests.support.clock import T0
from tests.support.timers import Rows

M = timedelta(minutes=1)
DAY = 1440


def _archived(rows: Rows) -> dict[int, dict]:
    a = rows.t.encours_archive
    with rows.db.connect() as conn:
        return {r["EC_PK"]: dict(r) for r in conn.execute(select(a)).mappings()}


def test_purge_archives_only_sortie_patients_past_the_delay(rows: Rows) -> None:
    old_exit = rows.patient(
        "SORT", "PARTI", first="Paul", entered=T0 - 2 * DAY * M, moved=T0 - (DAY + 1) * M
    )
    t1 = rows.task(
        old_exit, "RX OS", started=T0 - 2 * DAY * M, ended=T0 - 2 * DAY * M + 30 * M, state="80"
    )
    rows.task(old_exit, "ECG", state="30")
    recent_exit = rows.patient("SORT", "RECENT", entered=T0 - 3 * 60 * M, moved=T0 - 60 * M)
    # 2.x defect 6: patients not moved for the delay were removed from any box.
    stuck_care = rows.patient("S1", "IMMOBILE", entered=T0 - 3 * DAY * M, moved=T0 - 2 * DAY * M)
    away = rows.patient("IMG", "ABSENT", entered=T0 - 3 * DAY * M, moved=T0 - 2 * DAY * M)
    waiting = rows.patient("A1", "PATIENT", entered=T0 - 3 * DAY * M, moved=T0 - 2 * DAY * M)

    assert purge_exits(rows.db, T0, DAY, actor="screen-1") == [old_exit]

    on_board = {p.id for p in rows.board(T0).patients()}
    assert on_board == {recent_exit, stuck_care, away, waiting}
    archived = _archived(rows)
    assert set(archived) == {old_exit}
    assert archived[old_exit]["AR_Motif"] == "PATIENT_PURGE"
    assert archived[old_exit]["EC_NomPatient"] == "PARTI"
    assert archived[old_exit]["EC_HeureSortie"] == T0 - (DAY + 1) * M
    # Tasks moved with the stay (2.x defect 13 left them behind), none left on the board.
    assert rows.count("encours_taches_archive", EN_PK_encours=old_exit) == 2
    assert rows.count("encours_taches", EN_PK_encours=old_exit) == 0
    [hist] = rows.history("PATIENT_PURGE")
    assert (hist["HI_NumEncours"], hist["HI_Code_box"], hist["HI_Nom_patient"]) == (
        str(old_exit),
        "SORT",
        "PARTI",
    )
    assert (hist["HI_Date"], hist["HI_Code_acteur"], hist["HI_Source"]) == (T0, "screen-1", "timer")
    a = rows.t.encours_taches_archive
    with rows.db.connect() as conn:
        kept = conn.execute(select(a).where(a.c.EN_Num_tache == t1)).mappings().one()
    assert kept["EN_Etat_en_cours"] == "80" and kept["EN_HeureFin"] is not None


def test_purge_twice_archives_once(rows: Rows) -> None:
    pid = rows.patient("SORT", "PARTI", entered=T0 - 2 * DAY * M, moved=T0 - 2 * DAY * M)
    assert purge_exits(rows.db, T0, DAY) == [pid]
    assert purge_exits(rows.db, T0 + M, DAY) == []  # another screen, a moment later
    assert len(_archived(rows)) == 1
    assert len(rows.history("PATIENT_PURGE")) == 1


def test_purge_only_limits_to_the_given_patients(rows: Rows) -> None:
    a = rows.patient("SORT", "AAA", entered=T0 - 2 * DAY * M, moved=T0 - 2 * DAY * M)
    b = rows.patient("SORT", "BBB", entered=T0 - 2 * DAY * M, moved=T0 - 2 * DAY * M)
    assert purge_exits(rows.db, T0, DAY, only=[b]) == [b]
    assert purge_exits(rows.db, T0, DAY, only=[]) == []
    assert {p.id for p in rows.board(T0).patients()} == {a}


def test_unset_exit_time_is_stamped_then_purged_one_delay_later(rows: Rows) -> None:
    # A plug script put the patient in SORT with the 2.x sentinel as exit time.
    pid = rows.patient("SORT", "SANSHEURE", entered=T0 - 3 * DAY * M, moved="1000-01-01 01:01:01")
    assert purge_exits(rows.db, T0, DAY) == []  # not purged on the entry time
    assert rows.board(T0).patient(pid).moved_at == T0  # exit time stamped on first sight
    assert purge_exits(rows.db, T0 + (DAY - 1) * M, DAY) == []
    assert purge_exits(rows.db, T0 + 2 * 60 * M, DAY) == []  # the stamp is not moved again
    assert purge_exits(rows.db, T0 + DAY * M, DAY) == [pid]


def test_purge_across_midnight(rows: Rows) -> None:
    left = datetime(2026, 11, 23, 23, 30)
    pid = rows.patient("SORT", "NUIT", entered=left - 120 * M, moved=left)
    assert purge_exits(rows.db, datetime(2026, 11, 24, 0, 29), 60) == []
    assert purge_exits(rows.db, datetime(2026, 11, 24, 0, 30), 60) == [pid]


def test_purge_with_no_sortie_box_does_nothing(rows: Rows) -> None:
    pid = rows.patient("S1", "SOIN", entered=T0 - 3 * DAY * M, moved=T0 - 3 * DAY * M)
    rows.db.transaction(
        lambda c: c.execute(
            rows.t.box.update().where(rows.t.box.c.BO_Code == "SORT").values(BO_Type="Soins")
        )
    )
    stay = rows.patient("SORT", "RESTE", entered=T0 - 3 * DAY * M, moved=T0 - 3 * DAY * M)
    assert purge_exits(rows.db, T0, DAY) == []
    assert {p.id for p in rows.board(T0).patients()} == {pid, stay}


def test_force_exits_any_box_with_history_and_tasks(rows: Rows) -> None:
    max_age = 2 * 24 * 3600
    old_care = rows.patient("S1", "ANCIEN", entered=T0 - 3 * DAY * M, moved=T0 - 3 * DAY * M)
    rows.task(old_care, "RX OS", state="30", started=T0 - 3 * DAY * M)
    rows.task(old_care, "ECG")
    old_wait = rows.patient("A1", "OUBLIE", entered=T0 - 2 * DAY * M - M)
    young = rows.patient("S2", "RECENT", entered=T0 - DAY * M)
    no_time = rows.patient("S3", "SANSDATE", entered=None, moved=None)  # age unknown: kept
    moved_only = rows.patient("S4", "DEPLACE", entered=None, moved=T0 - 3 * DAY * M)

    archived = force_exits(rows.db, T0, max_age, actor="screen-1")

    assert sorted(archived) == sorted([old_care, old_wait, moved_only])
    assert {p.id for p in rows.board(T0).patients()} == {young, no_time}
    assert {r["AR_Motif"] for r in _archived(rows).values()} == {"PATIENT_LIFEOUT"}
    assert rows.count("encours_taches_archive", EN_PK_encours=old_care) == 2
    assert rows.count("encours_taches") == 0
    hist = rows.history("PATIENT_LIFEOUT")
    assert sorted(int(h["HI_NumEncours"]) for h in hist) == sorted(archived)
    assert {h["HI_Code_box"] for h in hist} == {"S1", "A1", "S4"}
    assert force_exits(rows.db, T0, max_age) == []  # nothing twice


def test_force_exits_disabled_by_zero(rows: Rows) -> None:
    rows.patient("S1", "ANCIEN", entered=T0 - 300 * DAY * M)
    assert force_exits(rows.db, T0, 0) == []
    assert len(rows.board(T0).patients()) == 1


def test_negative_delay_is_refused(rows: Rows) -> None:
    with pytest.raises(ValueError):
        purge_exits(rows.db, T0, -1)


@pytest.mark.parametrize("prefix", ["ST_", "synopt_"])
def test_purge_and_force_with_a_table_prefix(sqlite_url: str, prefix: str) -> None:
    db = Database.from_url(sqlite_url, prefix)
    try:
        ensure_schema(db)
        seed_reference(db)
        r = Rows(db)
        out = r.patient("SORT", "PARTI", entered=T0 - 3 * DAY * M, moved=T0 - 2 * DAY * M)
        old = r.patient("S1", "ANCIEN", entered=T0 - 3 * DAY * M)
        r.task(old, "ECG")
        assert purge_exits(db, T0, DAY) == [out]
        assert force_exits(db, T0, 24 * 3600) == [old]
        assert r.board(T0).patients() == []
        assert r.count("encours_taches_archive") == 1
    finally:
        db.dispose()


def test_two_screens_purging_at_once_archive_each_stay_once(backend_url: str) -> None:
    """Two boards (two engines, two threads) run the same purge at the same moment."""
    import threading

    from tests.support.db import open_db

    dbs = [open_db(backend_url), open_db(backend_url)]
    try:
        seed_reference(dbs[0])
        r = Rows(dbs[0])
        pks = []
        for i in range(12):
            pk = r.patient("SORT", f"P{i}", entered=T0 - 3 * DAY * M, moved=T0 - 2 * DAY * M)
            r.task(pk, "ECG")
            pks.append(pk)
        results: list[list[int]] = [[], []]
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def run(i: int) -> None:
            try:
                start.wait()
                results[i] = purge_exits(dbs[i], T0, DAY, actor=f"screen-{i}")
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        assert sorted(results[0] + results[1]) == sorted(pks)  # each one archived once
        assert sorted(_archived(r)) == sorted(pks)
        assert len(rows_of(r, "encours_archive")) == 12
        assert r.count("encours_taches_archive") == 12 and r.count("encours_taches") == 0
        assert len(r.history("PATIENT_PURGE")) == 12
    finally:
        for d in dbs:
            d.dispose()


def rows_of(r: Rows, table_name: str) -> list[dict]:
    table = getattr(r.t, table_name)
    with r.db.connect() as conn:
        return [dict(x) for x in conn.execute(select(table)).mappings()]


def test_force_exits_limit(rows: Rows) -> None:
    pks = [rows.patient("A1", f"VIEUX{i}", entered=T0 - 9 * DAY * M) for i in range(4)]
    assert force_exits(rows.db, T0, 3600, limit=2) == pks[:2]
    assert force_exits(rows.db, T0, 3600, limit=0) == []
    assert force_exits(rows.db, T0, 3600) == pks[2:]
