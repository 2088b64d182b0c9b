"""Fill a database with a year of realistic emergency-department activity.

    .venv/bin/python bench/gen_history.py --db sqlite:///var/year.db [--stays 40000]
    .venv/bin/python bench/gen_history.py --db mysql+pymysql://root@127.0.0.1:3306/stx_year

About 40,000 stays with their moves, tasks and task states (over a million history
rows): arrivals follow the hour of day and the day of week, waiting grows at busy
hours, some stays cross midnight, some tasks are never finished, a few patients
are still on the board at the end, and 3 % of the stays are logged the 2.x way
(translated action texts, state labels, moves without their origin). Rows are
written exactly as the services write them, in bulk. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services import seed_data as data
from synoptux.services.seed import seed_reference

HOUR_WEIGHT = [
    2,
    1.5,
    1.2,
    1,
    1,
    1,
    1.5,
    2.5,
    4.5,
    6.5,
    7.5,
    7.5,
    7,
    6.5,
    6.5,
    6.5,
    6.5,
    6.5,
    6,
    5.5,
    5,
    4.5,
    3.5,
    2.5,
]
DAY_WEIGHT = [1.25, 1.05, 1.0, 1.0, 1.05, 0.9, 0.95]  # Monday first
CARE_BOXES = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "PLAT", "UHCD"]
EXIT_DESTS = [d for d, k in data.DESTINATIONS if k == "Sortie"]
ABS_DESTS = {"IMG": ["Scanner", "IRM", "Radiologie"], "BLOC": ["Bloc opératoire"]}
NAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFEVRE",
    "FAURE",
    "ANDRE",
    "D'ARTAGNAN",
    "NGUYEN",
    "GARCIA",
]
FIRST = [
    "Léa",
    "Jules",
    "Inès",
    "Hugo",
    "Chloé",
    "Louis",
    "Emma",
    "Paul",
    "Jeanne",
    "Marcel",
    "Élodie",
    "Théo",
    "Zoé",
    "André",
    "Yasmine",
    "Karl",
    "Lucas",
    "Sophie",
]
RESP = [c for c, _n, _col in data.RESPONSIBLES]
TASKS = [(c, lb, mx, states) for c, lb, _col, _al, mx, _m, _p, _com, states in data.TASKS]
STATE_LABEL = {c: lb for c, lb, _col, _e in data.STATES}
BATCH = 20_000


class Writer:
    """Buffers rows per table and writes them in bulk, one transaction per batch."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.buffers: dict[str, list[dict]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: str, row: dict) -> None:
        buf = self.buffers.setdefault(table, [])
        buf.append(row)
        if len(buf) >= BATCH:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buffers):
            rows = self.buffers.get(name) or []
            if rows:
                target = getattr(self.db.tables, name)
                self.db.transaction(lambda conn, t=target, r=rows: conn.execute(t.insert(), r))
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                self.buffers[name] = []


def _lognorm(rng: random.Random, median_min: float, sigma: float = 0.6) -> timedelta:
    return timedelta(minutes=max(1.0, rng.lognormvariate(0, sigma) * median_min))


def arrivals(rng: random.Random, start: datetime, end: datetime, stays: int) -> list[datetime]:
    """Arrival times in [start, end), weighted by hour of day and day of week."""
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    slots = [
        midnight + timedelta(days=d, hours=h)
        for d in range((end - midnight).days + 1)
        for h in range(24)
        if start <= midnight + timedelta(days=d, hours=h) < end
    ]
    weights = [DAY_WEIGHT[s.weekday()] * HOUR_WEIGHT[s.hour] for s in slots]
    picks = rng.choices(slots, weights=weights, k=stays)
    return sorted(min(s + timedelta(seconds=rng.randrange(3600)), end) for s in picks)


def generate(db: Database, *, stays: int, end: datetime, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    t = db.tables
    start = end - timedelta(days=365)
    w = Writer(db)
    busy = {}
    times = arrivals(rng, start, end, stays)
    for at in times:
        key = at.replace(minute=0, second=0)
        busy[key] = busy.get(key, 0) + 1
    with db.connect() as conn:
        pk = conn.execute(select(func.max(t.encours_archive.c.EC_PK))).scalar() or 0
        live_max = conn.execute(select(func.max(t.encours.c.EC_PK))).scalar() or 0
        task_no = (
            conn.execute(select(func.max(t.encours_taches_archive.c.EN_Num_tache))).scalar() or 0
        )
    pk = max(pk, live_max) + 1000
    task_no += 1000
    live_pks: list[int] = []
    for entry in times:
        pk += 1
        legacy = rng.random() < 0.03
        guid = str(uuid.UUID(int=rng.getrandbits(128)))
        name, first = rng.choice(NAMES), rng.choice(FIRST)
        resp = rng.choice(RESP)
        p = {
            "EC_PK": pk,
            "EC_NomPatient": name,
            "EC_PrenomPatient": first,
            "EC_Medecin": resp,
            "EC_GUIDPatient": guid,
        }
        hist: list[dict] = []

        def log(
            action: str,
            when: datetime,
            box: str | None,
            p=p,
            hist=hist,
            legacy=legacy,
            **kw: object,
        ) -> None:
            row = {
                "HI_Date": when,
                "HI_Action": action,
                "HI_NumEncours": str(p["EC_PK"]),
                "HI_Code_box": box,
                "HI_Nom_patient": p["EC_NomPatient"],
                "HI_PrenomPatient": p["EC_PrenomPatient"],
                "HI_Code_resp": p["EC_Medecin"],
                "HI_Code_tache": None,
                "HI_Libelle_tache": None,
                "HI_Libelle_etat": None,
                "HI_Commentaire": None,
                "HI_Code_acteur": "poste1",
                "HI_Code_etat": None,
                "HI_Etat_avant": None,
                "HI_Box_avant": None,
                "HI_GUIDPatient": None,
                "HI_Num_tache": None,
                "HI_Source": None,
            }
            if not legacy:
                row.update(HI_GUIDPatient=p["EC_GUIDPatient"], HI_Source="board")
            row.update(
                {
                    k: v
                    for k, v in kw.items()
                    if not legacy
                    or not k.startswith(
                        ("HI_Code_etat", "HI_Etat_avant", "HI_Box_avant", "HI_Num_tache")
                    )
                }
            )
            hist.append(row)

        r = rng.random()
        first_box = "A1" if r < 0.75 else "A2" if r < 0.85 else rng.choice(["DECH", "S1", "S2"])
        log("Entrée du patient" if legacy else "PATIENT_IN", entry, first_box)
        box, now_at = first_box, entry
        factor = 1 + busy.get(entry.replace(minute=0, second=0), 0) / 6
        # 2 % of those in the waiting room leave before any care.
        left = first_box in ("A1", "A2") and rng.random() < 0.02
        if first_box in ("A1", "A2"):
            now_at = entry + _lognorm(rng, 25 * factor)
            if not left:
                care = rng.choice(CARE_BOXES)
                log("SET_PLACE", now_at, care, HI_Box_avant=box)
                box = care
        care_start = now_at
        # Tasks.
        tasks = []
        for _ in range(0 if left else rng.choice([2, 3, 3, 4, 4, 5, 5, 6, 7, 8])):
            code, label, mx, states = rng.choice(TASKS)
            task_no += 1
            prescribed = care_start + _lognorm(rng, 10)
            started = prescribed + _lognorm(rng, 15 * factor**0.5)
            ended = started + _lognorm(rng, (mx or 30) * 0.6 * factor**0.3, 0.5)
            planned = started + timedelta(minutes=mx or 30)
            finish = "90" if rng.random() < 0.05 else "80"
            unfinished = rng.random() < 0.03
            steps = [s for s in states if s not in ("80", "90")]
            timeline = [(steps[0], prescribed, None)]
            for i, code_i in enumerate(steps[1:] or ["30"]):
                when = started + (ended - started) * i / max(1, len(steps) - 1)
                timeline.append((code_i, when, timeline[-1][0]))
            middle = timeline[-1][0]
            if not unfinished:
                timeline.append((finish, ended, middle))
            tasks.append(
                {
                    "no": task_no,
                    "code": code,
                    "label": label,
                    "pres": prescribed,
                    "start": started,
                    "end": None if unfinished else ended,
                    "planned": planned,
                    "final": middle if unfinished else finish,
                    "states": timeline,
                }
            )
        last_task = max(((tk["end"] or tk["start"]) for tk in tasks), default=now_at)
        if not left and rng.random() < 0.2:  # imaging or specialist away and back
            away = rng.choice(["IMG", "BLOC"])
            leave = care_start + _lognorm(rng, 40)
            back = leave + _lognorm(rng, 45)
            log(
                "SET_PLACE",
                leave,
                away,
                HI_Box_avant=box,
                HI_Commentaire=rng.choice(ABS_DESTS[away]),
            )
            log("SET_PLACE", back, box, HI_Box_avant=away)
            last_task = max(last_task, back)
        exit_at = now_at if left else last_task + _lognorm(rng, 30 * factor)
        dest = "Sortie contre avis médical" if left else rng.choice(EXIT_DESTS)
        log("SET_PLACE", exit_at, "SORT", HI_Box_avant=box, HI_Commentaire=dest)
        log("SET_DESTINATION", exit_at, "SORT", HI_Commentaire=dest)
        archived_at = exit_at + timedelta(minutes=rng.choice([5, 20, 60, 240, 720, 1440]))
        for _ in range(rng.choice([1, 2, 2, 3, 4])):
            log(
                "Saisie Commentaire" if legacy else "COMMENT",
                entry + _lognorm(rng, 30),
                box,
                HI_Commentaire="Réévaluation",
            )
        log(
            "Modification du responsable" if legacy else "SET_OWNER",
            entry + _lognorm(rng, 20),
            box,
            HI_Code_resp=rng.choice(RESP),
        )
        log("SET_FOLD", exit_at, "SORT", HI_Commentaire="1")
        for tk in tasks:
            for code, when, before in tk["states"]:
                log(
                    "TASK_STATE",
                    when,
                    box,
                    HI_Code_tache=tk["code"],
                    HI_Libelle_tache=tk["label"],
                    HI_Num_tache=tk["no"],
                    HI_Code_etat=code,
                    HI_Libelle_etat=STATE_LABEL[code],
                    HI_Etat_avant=STATE_LABEL[before] if before else None,
                )
        live = archived_at > end
        if live:
            live_pks.append(pk)
            hist = [h for h in hist if h["HI_Date"] <= end]
        else:
            log("PATIENT_OUT", archived_at, "SORT", HI_Commentaire=dest)
        for h in hist:
            w.add("historique", h)
        in_sortie = exit_at <= end
        # Where a patient still on the board is at the end: his last move before it.
        box_now, moved = first_box, entry
        for h in sorted(hist, key=lambda r: r["HI_Date"]):
            if h["HI_Action"] == "SET_PLACE" and h["HI_Date"] <= end:
                box_now, moved = h["HI_Code_box"], h["HI_Date"]
        stay = {
            **p,
            "EC_CodeBox": "SORT" if in_sortie else box_now,
            "EC_HeureEntree": entry,
            "EC_HeureSortie": exit_at if in_sortie else moved,
            "EC_Replier": 1,
            "EC_Anonyme": 0,
            "EC_Commentaire": None,
            "EC_Destination": dest if in_sortie else None,
            "EC_ProgAnnexe": None,
            "EC_ArgsAnnexe": None,
        }
        if live:
            w.add("encours", stay)
        else:
            w.add(
                "encours_archive",
                {
                    **stay,
                    "AR_Date_archive": archived_at,
                    "AR_Motif": "PATIENT_OUT" if rng.random() < 0.7 else "PATIENT_PURGE",
                },
            )
        for tk in tasks:
            seen_end = tk["end"] if (tk["end"] and (not live or tk["end"] <= end)) else None
            row = {
                "EN_Num_tache": tk["no"],
                "EN_PK_encours": pk,
                "EN_Code_tache": tk["code"],
                "EN_Etat_en_cours": STATE_LABEL[tk["final"]] if legacy else tk["final"],
                "EN_HeureDebPrevue": tk["pres"],
                "EN_HeureFinPrevue": tk["planned"],
                "EN_HeureDebut": tk["start"],
                "EN_HeureFin": seen_end,
                "EN_Priorite": 2,
            }
            if live:
                if tk["start"] <= end:
                    w.add("encours_taches", row)
            else:
                w.add("encours_taches_archive", {**row, "AT_Date_archive": archived_at})
    w.flush()
    return {
        "stays": len(times),
        "still_present": len(live_pks),
        "rows": w.counts,
        "from": start.isoformat(sep=" "),
        "to": end.isoformat(sep=" "),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="database URL")
    ap.add_argument("--prefix", default="")
    ap.add_argument("--stays", type=int, default=40_000)
    ap.add_argument("--end", default="2026-11-23 10:00", help="end of the year of activity")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--append", action="store_true", help="allow a history that is not empty")
    args = ap.parse_args(argv)
    db = Database.from_url(args.db, args.prefix)
    ensure_schema(db)
    seed_reference(db)
    with db.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(db.tables.historique)).scalar()
    if existing and not args.append:
        print(
            f"the history already holds {existing} rows; use --append to add a year anyway",
            file=sys.stderr,
        )
        return 2
    began = time.perf_counter()
    result = generate(db, stays=args.stays, end=datetime.fromisoformat(args.end), seed=args.seed)
    result["seconds"] = round(time.perf_counter() - began, 1)
    print(json.dumps(result, indent=2))
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
