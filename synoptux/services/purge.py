"""Automatic exits: the Sortie-box purge and the forced exit of over-long stays.

Both archive (never hard-delete: 2.x defects 8 and 13) through
`services.archive.archive_patient`, each patient in its own short transaction
that re-reads and re-checks the row under a lock (`SELECT ... FOR UPDATE` on
MySQL/MariaDB): several screens running the same purge archive each stay once,
and a failure rolls back that one patient whole (stay, tasks and history row),
never half of it.

- `purge_exits`: only patients in a box whose `BO_Type` is `Sortie` (2.x defect
  6 removed patients from any box), whose exit time `EC_HeureSortie` is older
  than the delay. History `PATIENT_PURGE`.
  Legacy writers may leave `EC_HeureSortie` unset (NULL or a 1000-01-01
  sentinel) for a patient in a Sortie box. Its exit time is then unknown, and
  the entry time is no substitute (a patient who came in two days ago and was
  just put in Sortie would vanish at once). So the purge *stamps* the exit time
  with the current time the first time it sees such a patient: he stays on
  screen for one full delay from then, like any other exit.
- `force_exits`: stays whose entry time `EC_HeureEntree` is older than the
  maximum stay, in any box. History `PATIENT_LIFEOUT` (the 2.x code). A stay
  whose entry time is unset falls back to its last-move time; with neither, its
  age is unknown and it is left alone (it can still be exited by hand).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from sqlalchemy import Connection, select
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import Database, DatabaseUnavailable
from synoptux.domain.model import BoxType
from synoptux.services.archive import archive_patient
from synoptux.services.history import Action, record

log = logging.getLogger(__name__)

SOURCE = "timer"


def _exit_box_codes(conn: Connection, db: Database) -> set[str]:
    t = db.tables
    rows = conn.execute(select(t.box.c.BO_Code, t.box.c.BO_Type)).all()
    return {r.BO_Code for r in rows if BoxType.parse(r.BO_Type) is BoxType.EXIT}


def _lock_patient(conn: Connection, db: Database, pk: int) -> Mapping | None:
    """The patient's row as it is now, locked until the end of the transaction.

    The no-op UPDATE comes first because of SQLite: pysqlite runs a SELECT outside
    the transaction (it only opens one before a write), so a row read first could
    be archived by another screen before we write. Writing first takes the
    database's write lock, and the SELECT after it sees the latest state. On
    MySQL/MariaDB the UPDATE and the FOR UPDATE both lock the row.
    """
    t = db.tables
    conn.execute(
        t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_Replier=t.encours.c.EC_Replier)
    )
    return (
        conn.execute(select(t.encours).where(t.encours.c.EC_PK == pk).with_for_update())
        .mappings()
        .first()
    )


def _run_each(db: Database, pks: list[int], fn, what: str) -> list[int]:
    """Run `fn(conn, pk) -> bool` in one transaction per patient; the pks it archived."""
    done: list[int] = []
    for pk in pks:

        def one(conn: Connection, pk: int = pk) -> bool:
            return fn(conn, pk)

        try:
            if db.transaction(one):
                done.append(pk)
        except DatabaseUnavailable:
            raise
        except SQLAlchemyError:
            # This patient stays on the board, whole; the others go on.
            log.exception("%s: patient %s could not be archived, left on the board", what, pk)
    return done


def purge_exits(
    db: Database,
    now: datetime,
    delay_minutes: int,
    *,
    actor: str | None = None,
    only: Collection[int] | None = None,
) -> list[int]:
    """Archive the patients of `Sortie` boxes who left more than `delay_minutes` ago.

    `only` limits the work to those patients (the alarm monitor passes the ones
    its board in memory shows as due, so that an idle check costs no query).
    Returns the EC_PK of the archived patients.
    """
    if delay_minutes < 0:
        raise ValueError(f"delay_minutes must be >= 0, not {delay_minutes}")
    if only is not None and not only:
        return []
    t = db.tables
    limit = now - timedelta(minutes=delay_minutes)
    with db.connect() as conn:
        exit_codes = _exit_box_codes(conn, db)
        if not exit_codes:
            return []
        query = select(t.encours.c.EC_PK, t.encours.c.EC_HeureSortie).where(
            t.encours.c.EC_CodeBox.in_(sorted(exit_codes))
        )
        if only is not None:
            query = query.where(t.encours.c.EC_PK.in_(sorted(only)))
        rows = conn.execute(query.order_by(t.encours.c.EC_PK)).all()

    unstamped = [r.EC_PK for r in rows if r.EC_HeureSortie is None]
    due = [r.EC_PK for r in rows if r.EC_HeureSortie is not None and r.EC_HeureSortie <= limit]

    def stamp(conn: Connection, pk: int) -> bool:
        p = _lock_patient(conn, db, pk)
        if p is not None and p["EC_HeureSortie"] is None:
            conn.execute(
                t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_HeureSortie=now)
            )
        return False

    def archive(conn: Connection, pk: int) -> bool:
        p = _lock_patient(conn, db, pk)
        if p is None:  # another screen archived it first
            return False
        if p["EC_CodeBox"] not in _exit_box_codes(conn, db):
            return False
        left = p["EC_HeureSortie"]
        if left is None or left > limit:  # moved back, or exit time edited meanwhile
            return False
        record(
            conn,
            t,
            Action.PATIENT_PURGE,
            when=now,
            patient=p,
            actor=actor,
            source=SOURCE,
            comment=f"{delay_minutes} min",
        )
        archive_patient(conn, t, p, when=now, reason=Action.PATIENT_PURGE.value)
        return True

    _run_each(db, unstamped, stamp, "purge (stamp exit time)")
    return _run_each(db, due, archive, "purge")


def stay_start(patient: Mapping) -> datetime | None:
    """When a stay began, for the maximum-stay rule: entry time, else last move."""
    return patient["EC_HeureEntree"] or patient["EC_HeureSortie"]


def force_exits(
    db: Database,
    now: datetime,
    max_age_seconds: int,
    *,
    actor: str | None = None,
    limit: int | None = None,
) -> list[int]:
    """Close and archive stays older than `max_age_seconds`, in any box (0 = never).

    `limit` caps the number of stays archived by this call (oldest EC_PK first),
    so that a site with years of stale rows is cleaned in short steps instead of
    one long freeze. Returns the EC_PK of the archived patients.
    """
    if max_age_seconds <= 0:
        return []
    t = db.tables
    cutoff = now - timedelta(seconds=max_age_seconds)
    with db.connect() as conn:
        rows = (
            conn.execute(
                select(
                    t.encours.c.EC_PK, t.encours.c.EC_HeureEntree, t.encours.c.EC_HeureSortie
                ).order_by(t.encours.c.EC_PK)
            )
            .mappings()
            .all()
        )
    old = [r["EC_PK"] for r in rows if (s := stay_start(r)) is not None and s <= cutoff]
    if limit is not None:
        old = old[: max(0, limit)]

    def close(conn: Connection, pk: int) -> bool:
        p = _lock_patient(conn, db, pk)
        if p is None:
            return False
        start = stay_start(p)
        if start is None or start > cutoff:
            return False
        record(
            conn,
            t,
            Action.PATIENT_LIFEOUT,
            when=now,
            patient=p,
            actor=actor,
            source=SOURCE,
            comment=f"{max_age_seconds} s",
        )
        archive_patient(conn, t, p, when=now, reason=Action.PATIENT_LIFEOUT.value)
        return True

    return _run_each(db, old, close, "forced exit")
