"""Issue 19's figures: triage levels against their target, and alarms acknowledged.

**Triage** (`triage_levels`): the stays that entered in the period (on the board and
archived), by their triage level (the one they hold at the end; "-" none, a level the
scale lacks under its own code). For each level: patients, those who met a responsible
(the first medical contact: the first `SET_OWNER` to someone, or a responsible given with
the entry), the waiting time from entry to that contact (median, 90th percentile), and
how many met him within the level's target delay (and the share, in %). A patient who
never met one is counted in `never_seen`, not in the times.

**Alarms** (`alarms_by_task`): the lateness episodes that began in the period, recomputed
from the task rows with the board's deadlines (late to start: planned start passed without
a start; late to finish: planned end, or start + maximum duration, passed without an end),
and the triage alarms (a level's target passed before the first contact), per task type
(`TRIAGE` for triage): alarms raised, acknowledged (at least once, from
`synoptux_acquittements`), the share acknowledged and the median time from the start of
the alarm to its first acknowledgement. The episodes a task lived in a `Sortie` box are
counted too (the board does not raise them): the rows do not say where the task was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, or_, select

from synoptux.db.tables import Tables
from synoptux.domain.model import TriageLevel
from synoptux.domain.triage import find_level, level_code
from synoptux.stats.compute import percentile
from synoptux.stats.model import StatTable
from synoptux.stats.sqlexpr import from_secs, secs, to_secs

NONE = "-"
TRIAGE = "TRIAGE"


def _stays(conn: Connection, t: Tables, lo: datetime, hi: datetime) -> list[tuple]:
    """(stay key, level, responsible at the end, entry, end or None) of the stays that
    entered in [lo, hi): on the board and archived."""
    out = []
    e = t.encours.c
    for pk, tri, med, entry in conn.execute(
        select(e.EC_PK, e.EC_Niveau_Tri, e.EC_Medecin, e.EC_HeureEntree).where(
            e.EC_HeureEntree >= lo, e.EC_HeureEntree < hi
        )
    ):
        out.append((pk, level_code(tri), med, entry, None))
    a = t.encours_archive.c
    for pk, tri, med, entry, end in conn.execute(
        select(a.EC_PK, a.EC_Niveau_Tri, a.EC_Medecin, a.EC_HeureEntree, a.AR_Date_archive).where(
            a.EC_HeureEntree >= lo, a.EC_HeureEntree < hi
        )
    ):
        out.append((pk, level_code(tri), med, entry, end))
    return out


def _first_contacts(
    conn: Connection, t: Tables, pks: Iterable[int], lo: datetime, hi: datetime
) -> dict[int, datetime]:
    """The first time each stay got a responsible, from the history: one range read of the
    entries and responsible changes (the index on action and date), filtered here."""
    h = t.historique.c
    wanted = {str(pk) for pk in pks}
    first: dict[int, datetime] = {}
    rows = conn.execute(
        select(h.HI_NumEncours, h.HI_Date).where(
            h.HI_Action.in_(("SET_OWNER", "PATIENT_IN")),
            h.HI_Date >= lo,
            h.HI_Date < hi,
            h.HI_Code_resp.is_not(None),
            h.HI_Code_resp != "",
        )
    )
    for num, when in rows:
        if num in wanted and when is not None:
            pk = int(num)
            if pk not in first or when < first[pk]:
                first[pk] = when
    return first


def _levels(conn: Connection, t: Tables) -> list[TriageLevel]:
    n = t.triage_levels.c
    rows = conn.execute(
        select(n.NT_Code, n.NT_Libelle, n.NT_Couleur, n.NT_Delai_mn, n.NT_Ordre).order_by(
            n.NT_Ordre, n.NT_Code
        )
    )
    return [
        TriageLevel(code, label or code, color, delay, order or 0)
        for code, label, color, delay, order in rows
    ]


def triage_table(
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime
) -> tuple[StatTable, list]:
    levels = _levels(conn, t)
    stays = _stays(conn, t, lo, hi)
    first = _first_contacts(conn, t, (s[0] for s in stays), lo, hi + timedelta(days=2))
    by_level: dict[str, list] = defaultdict(list)
    for pk, code, med, entry, end in stays:
        contact = first.get(pk)
        if contact is None and med:
            contact = entry  # a responsible given with the entry (a macro): no wait
        if contact is not None and entry is not None and contact < entry:
            contact = entry
        by_level[code or NONE].append((pk, entry, contact, end))
    table = StatTable(
        "triage_levels",
        "Triage levels: waiting time to the first medical contact",
        [
            "level",
            "label",
            "target_min",
            "patients",
            "with_contact",
            "median_min",
            "p90_min",
            "within_target",
            "within_target_pct",
            "never_seen",
        ],
        note="Stays that entered in the period, by their triage level. The first medical "
        "contact is the first responsible set (or given with the entry).",
    )
    order = [lv.code for lv in levels]
    extra = sorted(c for c in by_level if c not in order and c != NONE)
    for code in [*order, *extra, NONE]:
        rows = by_level.get(code, [])
        if not rows and code not in order:
            continue
        level = find_level(tuple(levels), code) if code != NONE else None
        target = level.target_minutes if level else None
        waits = sorted(
            (contact - entry).total_seconds() / 60
            for _pk, entry, contact, _end in rows
            if contact is not None and entry is not None
        )
        within = sum(1 for w in waits if w <= target) if target is not None else None
        table.rows.append(
            [
                code,
                level.label if level else ("" if code == NONE else "?"),
                target,
                len(rows),
                len(waits),
                _r(percentile(waits, 0.5)),
                _r(percentile(waits, 0.9)),
                within,
                round(100 * within / len(waits), 1) if within is not None and waits else None,
                len(rows) - len(waits),
            ]
        )
    triage_alarms = []
    for code, rows in by_level.items():
        level = find_level(tuple(levels), code) if code != NONE else None
        if level is None or level.target_minutes is None:
            continue
        for pk, entry, contact, end in rows:
            if entry is None:
                continue
            deadline = entry + timedelta(minutes=level.target_minutes)
            stop = contact or end or now
            if stop > deadline and lo <= deadline < hi:
                triage_alarms.append((pk, None, "triage", deadline, TRIAGE, ""))
    return table, triage_alarms


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _task_alarms(
    conn: Connection,
    t: Tables,
    lo: datetime,
    hi: datetime,
    now: datetime,
    first_ack: dict[tuple, datetime],
    per: dict[str, dict],
) -> None:
    """Count into `per` (task code -> raised, acknowledgement delays) the task lateness
    episodes that began in [lo, hi), on the board and archived. A year is some 200,000
    tasks: the loop builds nothing but the counts."""
    catalogue = {
        code: (int(minutes) if minutes else 0, label or code)
        for code, minutes, label in conn.execute(
            select(t.taches.c.TA_Code_tache, t.taches.c.TA_Duree_maxi, t.taches.c.TA_Libelle_tache)
        )
    }
    dialect = conn.dialect.name
    lo_s, hi_s, now_s = to_secs(lo), to_secs(hi), to_secs(now)
    acks = {
        (pk, tid, kind, to_secs(since)): when for (pk, tid, kind, since), when in first_ack.items()
    }
    for table, archived in ((t.encours_taches, False), (t.encours_taches_archive, True)):
        c = table.c
        # Times as whole seconds since 2000 (computed by the database: no datetime parsing
        # per value); a 2.x "not set" date (year 1000) comes back negative.
        cols = [
            c.EN_PK_encours,
            c.EN_Num_tache,
            c.EN_Code_tache,
            secs(c.EN_HeureDebPrevue, dialect),
            secs(c.EN_HeureFinPrevue, dialect),
            secs(c.EN_HeureDebut, dialect),
            secs(c.EN_HeureFin, dialect),
            secs(c.AT_Date_archive, dialect) if archived else c.EN_Num_tache,
        ]
        when = or_(
            and_(c.EN_HeureDebPrevue >= lo, c.EN_HeureDebPrevue < hi),
            and_(c.EN_HeureFinPrevue >= lo, c.EN_HeureFinPrevue < hi),
            and_(c.EN_HeureDebut >= lo - timedelta(days=2), c.EN_HeureDebut < hi),
        )
        for pk, tid, code, p_start, p_end, started, ended, gone in conn.execute(
            select(*cols).where(when)
        ):
            stop = ended if ended is not None and ended >= 0 else (gone if archived else now_s)
            if started is not None and started < 0:
                started = None
            start_late = (
                p_start is not None and lo_s <= p_start < hi_s and (started or stop) > p_start
            )
            deadline = p_end if p_end is not None and p_end >= 0 else None
            if deadline is None and started is not None:
                minutes = catalogue.get((code or "").strip(), (0, ""))[0]
                deadline = started + 60 * minutes if minutes else None
            end_late = deadline is not None and lo_s <= deadline < hi_s and stop > deadline
            if not (start_late or end_late):
                continue
            code = (code or "").strip()
            row = per.get(code)
            if row is None:
                label = catalogue.get(code, (0, code))[1]
                row = per[code] = {"label": label, "raised": 0, "acked": []}
            for late, kind, since in ((start_late, "start", p_start), (end_late, "end", deadline)):
                if late:
                    row["raised"] += 1
                    ack = acks.get((pk, tid, kind, since))
                    if ack is not None:
                        delay = (ack - from_secs(since)).total_seconds() / 60
                        row["acked"].append(max(0.0, delay))


def alarms_table(
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime, triage: list
) -> StatTable:
    a = t.acks.c
    first_ack: dict[tuple, datetime] = {}
    for pk, tid, kind, since, when in conn.execute(
        select(a.AQ_NumEncours, a.AQ_Num_tache, a.AQ_Type, a.AQ_Depuis, a.AQ_Date).where(
            a.AQ_Depuis >= lo, a.AQ_Depuis < hi
        )
    ):
        key = (pk, tid, (kind or "").strip(), since)
        if key not in first_ack or when < first_ack[key]:
            first_ack[key] = when
    per: dict[str, dict] = {}
    _task_alarms(conn, t, lo, hi, now, first_ack, per)
    for pk, tid, kind, since, code, label in triage:
        row = per.setdefault(code, {"label": label, "raised": 0, "acked": []})
        row["raised"] += 1
        ack = first_ack.get((pk, tid, kind, since))
        if ack is not None:
            row["acked"].append(max(0.0, (ack - since).total_seconds() / 60))
    table = StatTable(
        "alarms_by_task",
        "Alarms raised and acknowledged, per task type",
        ["task_code", "task_label", "raised", "acknowledged", "ack_pct", "median_ack_min"],
        note="Lateness episodes that began in the period (late to start, late to finish, "
        "triage past its target), recomputed from the rows; the time to acknowledge runs "
        "from the start of the alarm to its first acknowledgement.",
    )
    total_raised, total_acked = 0, []
    for code in sorted(per, key=lambda c: (-per[c]["raised"], c)):
        row = per[code]
        acked = sorted(row["acked"])
        total_raised += row["raised"]
        total_acked += acked
        table.rows.append(
            [
                code,
                row["label"] if code != TRIAGE else "Triage",
                row["raised"],
                len(acked),
                round(100 * len(acked) / row["raised"], 1) if row["raised"] else None,
                _r(percentile(acked, 0.5)),
            ]
        )
    total_acked.sort()
    table.rows.append(
        [
            "*",
            "",
            total_raised,
            len(total_acked),
            round(100 * len(total_acked) / total_raised, 1) if total_raised else None,
            _r(percentile(total_acked, 0.5)),
        ]
    )
    return table


def ward_tables(
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime
) -> list[StatTable]:
    triage, triage_alarms = triage_table(conn, t, lo, hi, now)
    return [triage, alarms_table(conn, t, lo, hi, now, triage_alarms)]
