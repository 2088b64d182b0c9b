"""Vigilance figures: triage levels against their target, and alarms acknowledged.

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

from sqlalchemy import Connection, and_, case, func, literal, null, or_, select

from synoptux.db.tables import Tables
from synoptux.domain.model import TriageLevel
from synoptux.domain.triage import find_level, level_code
from synoptux.speech import QT_TRANSLATE_NOOP, translate
from synoptux.stats.compute import percentile
from synoptux.stats.model import StatTable
from synoptux.stats.sqlexpr import secs, to_secs

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
    """The first time each stay got a responsible, from the history: one range read over
    the index on action and date, the first time per stay computed by the database."""
    h = t.historique.c
    wanted = {str(pk) for pk in pks}
    first_date = h.HI_Date if conn.dialect.name == "sqlite" else func.min(h.HI_Date)
    stmt = select(h.HI_NumEncours, first_date).where(
        h.HI_Action.in_(("SET_OWNER", "PATIENT_IN")),
        h.HI_Date >= lo,
        h.HI_Date < hi,
        h.HI_Code_resp.is_not(None),
        h.HI_Code_resp != "",
    )
    if conn.dialect.name != "sqlite":  # the server groups: fewer rows through PyMySQL
        stmt = stmt.group_by(h.HI_NumEncours)
    first: dict[int, datetime] = {}
    for num, when in conn.execute(stmt):
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
        QT_TRANSLATE_NOOP(
            "StatsWindow", "Triage levels: waiting time to the first medical contact"
        ),
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
        note=translate(
            "StatsWindow",
            "Stays that entered in the period, by their triage level. The first medical "
            "contact is the first responsible set (or given with the entry).",
        ),
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
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime, per: dict[str, dict]
) -> None:
    """Count into `per` (task code -> raised) the task lateness episodes that began in
    [lo, hi), on the board and archived. A year is some 200,000 tasks. MariaDB computes the
    deadlines (in whole seconds since 2000, `sqlexpr.secs`) and counts per task type: only
    the counts travel (PyMySQL reads rows slowly). SQLite, in the process, is faster reading
    the times once per row and counting here (`_count_rows`). A 2.x "not set" date (year
    1000) is negative."""
    d = conn.dialect.name
    if d == "sqlite":
        _count_rows(conn, t, lo, hi, now, per)
        return
    lo_s, hi_s, now_s = to_secs(lo), to_secs(hi), to_secs(now)
    tc = t.taches.c
    labels = {
        code: label for code, label in conn.execute(select(tc.TA_Code_tache, tc.TA_Libelle_tache))
    }
    for table, archived in ((t.encours_taches, False), (t.encours_taches_archive, True)):
        c = table.c
        ps, pe, st, en = (
            secs(col, d)
            for col in (c.EN_HeureDebPrevue, c.EN_HeureFinPrevue, c.EN_HeureDebut, c.EN_HeureFin)
        )
        gone = secs(c.AT_Date_archive, d) if archived else literal(now_s)
        stop = case((en >= 0, en), else_=gone)
        started = case((st >= 0, st), else_=null())
        maxm = func.coalesce(tc.TA_Duree_maxi, 0)
        deadline = case((pe >= 0, pe), (and_(st >= 0, maxm > 0), st + 60 * maxm), else_=null())
        start_late = case(
            (and_(ps >= lo_s, ps < hi_s, func.coalesce(started, stop) > ps), 1), else_=0
        )
        end_late = case((and_(deadline >= lo_s, deadline < hi_s, stop > deadline), 1), else_=0)
        when = or_(
            and_(c.EN_HeureDebPrevue >= lo, c.EN_HeureDebPrevue < hi),
            and_(c.EN_HeureFinPrevue >= lo, c.EN_HeureFinPrevue < hi),
            and_(c.EN_HeureDebut >= lo - timedelta(days=2), c.EN_HeureDebut < hi),
        )
        rows = conn.execute(
            select(c.EN_Code_tache, func.sum(start_late), func.sum(end_late))
            .select_from(table.outerjoin(t.taches, tc.TA_Code_tache == c.EN_Code_tache))
            .where(when)
            .group_by(c.EN_Code_tache)
        )
        for code, starts, ends in rows:
            raised = int(starts or 0) + int(ends or 0)
            if not raised:
                continue
            code = (code or "").strip()
            row = per.setdefault(
                code, {"label": labels.get(code) or code, "raised": 0, "acked": []}
            )
            row["raised"] += raised


def _count_rows(
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime, per: dict[str, dict]
) -> None:
    """`_task_alarms` on SQLite: the rows' times as seconds, the counting done here."""
    d = conn.dialect.name
    lo_s, hi_s, now_s = to_secs(lo), to_secs(hi), to_secs(now)
    tc = t.taches.c
    catalogue = {
        code: (minutes or 0, label or code)
        for code, minutes, label in conn.execute(
            select(tc.TA_Code_tache, tc.TA_Duree_maxi, tc.TA_Libelle_tache)
        )
    }
    counts: dict[str, int] = defaultdict(int)
    for table, archived in ((t.encours_taches, False), (t.encours_taches_archive, True)):
        c = table.c
        cols = [
            c.EN_Code_tache,
            secs(c.EN_HeureDebPrevue, d),
            secs(c.EN_HeureFinPrevue, d),
            secs(c.EN_HeureDebut, d),
            secs(c.EN_HeureFin, d),
            secs(c.AT_Date_archive, d) if archived else literal(now_s),
        ]
        when = or_(
            and_(c.EN_HeureDebPrevue >= lo, c.EN_HeureDebPrevue < hi),
            and_(c.EN_HeureFinPrevue >= lo, c.EN_HeureFinPrevue < hi),
            and_(c.EN_HeureDebut >= lo - timedelta(days=2), c.EN_HeureDebut < hi),
        )
        for code, ps, pe, st, en, gone in conn.execute(select(*cols).where(when)):
            stop = en if en is not None and en >= 0 else gone
            started = st if st is not None and st >= 0 else None
            n = int(ps is not None and lo_s <= ps < hi_s and (started or stop) > ps)
            deadline = pe if pe is not None and pe >= 0 else None
            if deadline is None and started is not None:
                minutes = catalogue.get(code, (0, ""))[0]
                deadline = started + 60 * minutes if minutes else None
            n += int(deadline is not None and lo_s <= deadline < hi_s and stop > deadline)
            if n:
                counts[code] += n
    for code, n in counts.items():
        code = (code or "").strip()
        label = catalogue.get(code, (0, code))[1]
        per.setdefault(code, {"label": label, "raised": 0, "acked": []})["raised"] += n


def alarms_table(
    conn: Connection, t: Tables, lo: datetime, hi: datetime, now: datetime, triage: list
) -> StatTable:
    a = t.acks.c
    first: dict[tuple, tuple] = {}  # episode -> (first acknowledgement, task code)
    for pk, tid, kind, since, when, code in conn.execute(
        select(
            a.AQ_NumEncours, a.AQ_Num_tache, a.AQ_Type, a.AQ_Depuis, a.AQ_Date, a.AQ_Code_tache
        ).where(a.AQ_Depuis >= lo, a.AQ_Depuis < hi)
    ):
        key = (pk, tid, (kind or "").strip(), since)
        if since is not None and when is not None and (key not in first or when < first[key][0]):
            first[key] = (when, TRIAGE if tid is None else (code or "").strip())
    per: dict[str, dict] = {}
    _task_alarms(conn, t, lo, hi, now, per)
    for _pk, _tid, _kind, _since, code, label in triage:
        row = per.setdefault(code, {"label": label, "raised": 0, "acked": []})
        row["raised"] += 1
    for (_pk, _tid, _kind, since), (when, code) in first.items():
        row = per.setdefault(code, {"label": code, "raised": 0, "acked": []})
        row["acked"].append(max(0.0, (when - since).total_seconds() / 60))
    table = StatTable(
        "alarms_by_task",
        QT_TRANSLATE_NOOP("StatsWindow", "Alarms raised and acknowledged, per task type"),
        ["task_code", "task_label", "raised", "acknowledged", "ack_pct", "median_ack_min"],
        note=translate(
            "StatsWindow",
            "Lateness episodes that began in the period (late to start, late to finish, "
            "triage past its target), recomputed from the rows; the time to acknowledge runs "
            "from the start of the alarm to its first acknowledgement.",
        ),
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
