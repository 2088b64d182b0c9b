"""Data findings for `synoptux doctor` and `synoptux upgrade`: legacy data that is kept
and shown, but that somebody should look at.

Orphans (tasks whose patient is gone, patients in deleted boxes, unknown task
codes or states) are data, not garbage: the board shows them marked, and these
lines say where they are. Works before and after the upgrade (only 2.x columns
are read), on MySQL/MariaDB and SQLite.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Connection, func, inspect, select, text

from synoptux.config_types import Msg, msg
from synoptux.db.backup import primary_key, q
from synoptux.db.engine import Database
from synoptux.db.schema import read_version
from synoptux.db.tables import Tables
from synoptux.db.types import LegacyDateTime
from synoptux.speech import QT_TRANSLATE_NOOP

SHOWN = 12  # identifiers listed per line
SENTINEL_LIMIT = datetime(2000, 1, 1)
BOARD_TEXT = ("encours", "encours_taches", "box", "taches", "etats", "destinations")
TEXT_SCAN = (*BOARD_TEXT, "historique")  # the upgrade reads the whole history once


def _some(values: list, more: int | None = None) -> str:
    shown = ", ".join(str(v) for v in values[:SHOWN])
    rest = (more if more is not None else len(values)) - min(len(values), SHOWN)
    return shown + (f", … (+{rest})" if rest > 0 else "")


def _counted(counter: Counter) -> str:
    items = [f"{k or '(empty)'} ({n})" for k, n in sorted(counter.items(), key=lambda kv: -kv[1])]
    return _some(items)


def describe_findings(db: Database, tr=None, *, double_encoding: bool = True) -> list[str]:
    """Lines 'WARN ...' / 'INFO ...' about the data of the board tables; `tr` (str -> str,
    doctor's Qt translation of the "Settings" context) says them in the interface language.
    `double_encoding=False`: without that finding (the upgrade's plan says it already)."""
    with db.connect() as conn:
        return findings(conn, db.tables, tr, double_encoding=double_encoding)


def findings(conn: Connection, t: Tables, tr=None, *, double_encoding: bool = True) -> list[str]:
    said = tr or (lambda text: text)
    return [m.translated(said) for m in _findings(conn, t, double_encoding)]


def _findings(conn: Connection, t: Tables, double_encoding: bool = True) -> list[Msg]:
    insp = inspect(conn)
    if not insp.has_table(t.encours.name) or not insp.has_table(t.encours_taches.name):
        return [
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "WARN no board tables with prefix {prefix} in this database"
                ),
                prefix=repr(t.prefix),
            )
        ]
    lines: list[Msg] = []
    lines += _structure(conn, t)
    lines += _orphans(conn, t, insp)
    lines += _unknown_codes(conn, t, insp)
    lines += _sentinels(conn, t)
    if double_encoding and conn.dialect.name in ("mysql", "mariadb"):
        lines += _double_encoded(conn, t, BOARD_TEXT)  # doctor: not the long history
    if not any(ln.template.startswith("WARN") for ln in lines):
        lines.insert(
            0,
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "OK data: no orphan task, no patient in an unknown box, no unknown code",
                )
            ),
        )
    return lines


def _structure(conn: Connection, t: Tables) -> list[Msg]:
    lines = []
    et = t.encours_taches
    repeated = conn.execute(
        select(func.count()).select_from(
            select(et.c.EN_Num_tache)
            .group_by(et.c.EN_Num_tache)
            .having(func.count() > 1)
            .subquery()
        )
    ).scalar_one()
    if repeated:
        lines.append(
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "WARN {count} task numbers (EN_Num_tache) are used by several patients "
                    "(2.x per-patient numbering): run 'synoptux upgrade'",
                ),
                count=repeated,
            )
        )
    if conn.dialect.name in ("mysql", "mariadb"):
        from synoptux.db.upgrade_steps import site_tables

        old = [
            f"{n} ({s.describe()})" for n, s in site_tables(conn, t).items() if s.needs_conversion
        ]
        if old:
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "WARN tables not converted to InnoDB/utf8mb4: {tables}: run 'synoptux upgrade'",
                    ),
                    tables=_some(old),
                )
            )
    if read_version(conn, t) is None:
        lines.append(
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "WARN no schema version recorded (a 2.x database?): run 'synoptux upgrade'",
                )
            )
        )
    return lines


def _orphans(conn: Connection, t: Tables, insp) -> list[Msg]:
    enc, et, box = t.encours, t.encours_taches, t.box
    lines = []
    rows = conn.execute(
        select(et.c.EN_Num_tache, et.c.EN_PK_encours)
        .where(et.c.EN_PK_encours.not_in(select(enc.c.EC_PK)))
        .order_by(et.c.EN_PK_encours, et.c.EN_Num_tache)
    ).all()
    if rows:
        lost = sorted({r.EN_PK_encours for r in rows})
        lines.append(
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "WARN {count} tasks whose patient is gone (EN_Num_tache {tasks}; lost patients "
                    "EC_PK {lost}): kept off the wall, as 2.x did; attach them to a patient or "
                    "archive them from the administration menu (Orphan tasks)",
                ),
                count=len(rows),
                tasks=_some([r.EN_Num_tache for r in rows]),
                lost=_some(lost),
            )
        )
    if insp.has_table(box.name):
        unknown = Counter(
            r[0]
            for r in conn.execute(
                select(enc.c.EC_CodeBox).where(enc.c.EC_CodeBox.not_in(select(box.c.BO_Code)))
            )
        )
        if unknown:
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings", "WARN {count} patients in unknown boxes: {which}"
                    ),
                    count=sum(unknown.values()),
                    which=_counted(unknown),
                )
            )
    return lines


def _unknown_codes(conn: Connection, t: Tables, insp) -> list[Msg]:
    et, lines = t.encours_taches, []
    if insp.has_table(t.taches.name):
        unknown = Counter(
            r[0]
            for r in conn.execute(
                select(et.c.EN_Code_tache).where(
                    et.c.EN_Code_tache.is_(None)
                    | et.c.EN_Code_tache.not_in(select(t.taches.c.TA_Code_tache))
                )
            )
        )
        if unknown:
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP("Settings", "WARN {count} tasks with unknown codes: {which}"),
                    count=sum(unknown.values()),
                    which=_counted(unknown),
                )
            )
    if insp.has_table(t.etats.name):
        known = set()
        for code, label in conn.execute(select(t.etats.c.ET_Code_etat, t.etats.c.ET_Libelle_etat)):
            known.add((code or "").strip().lower())
            known.add((label or "").strip().lower())
        states: Counter[str] = Counter()
        for raw, n in conn.execute(
            select(et.c.EN_Etat_en_cours, func.count()).group_by(et.c.EN_Etat_en_cours)
        ):
            if raw is not None and raw.strip() and raw.strip().lower() not in known:
                states[raw] += n
        if states:
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP("Settings", "WARN {count} tasks in unknown states: {which}"),
                    count=sum(states.values()),
                    which=_counted(states),
                )
            )
    known = set()
    if insp.has_table(t.responsables.name):
        for code, guid in conn.execute(select(t.responsables.c.RE_Code, t.responsables.c.RE_GUID)):
            known |= {(code or "").strip().lower(), (guid or "").strip().lower()}
    if not known - {""} and insp.has_table("Personnes"):
        # What the board (and 2.x) read while our table is empty: MedinTux's doctors.
        people = conn.execute(
            text("SELECT GUID FROM Personnes WHERE Droits LIKE :med AND Droits LIKE :sgn"),
            {"med": "%med%", "sgn": "%sgn%"},
        ).scalars()
        known = {(g or "").strip().lower() for g in people} - {""}
        lines.append(
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "INFO responsibles: {table} is empty; the board reads the {count} doctors of "
                    "MedinTux 'Personnes' (rights med and sgn) as 2.x did; import them from the "
                    "administration menu (Responsibles) to edit them",
                ),
                table=t.responsables.name,
                count=len(known),
            )
        )
        table_name = "MedinTux Personnes"
    else:
        table_name = t.responsables.name
    if insp.has_table(t.responsables.name) or known:
        resp: Counter[str] = Counter()
        for raw, n in conn.execute(
            select(t.encours.c.EC_Medecin, func.count()).group_by(t.encours.c.EC_Medecin)
        ):
            if raw and raw.strip() and raw.strip().lower() not in known:
                resp[raw] += n
        if resp:
            values = {"count": sum(resp.values()), "table": table_name, "which": _counted(resp)}
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "WARN {count} patients whose responsible is not in {table}: {which} (the "
                        "table is empty: 2.x read the responsibles from MedinTux 'Personnes'; "
                        "import them from the admin menu, Responsibles)",
                    ),
                    **values,
                )
                if not known - {""}
                else msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "WARN {count} patients whose responsible is not in {table}: {which}",
                    ),
                    **values,
                )
            )
    return lines


def _sentinels(conn: Connection, t: Tables) -> list[Msg]:
    per_table = {}
    insp = inspect(conn)
    for table in (t.encours, t.encours_taches, t.historique):
        if not insp.has_table(table.name):
            continue
        present = {c["name"].lower() for c in insp.get_columns(table.name)}
        cols = [
            c
            for c in table.columns
            if c.name.lower() in present and isinstance(c.type, LegacyDateTime)
        ]
        total = 0
        for col in cols:
            total += conn.execute(
                select(func.count()).select_from(table).where(col < SENTINEL_LIMIT)
            ).scalar_one()
        if total:
            per_table[table.name] = total
    if not per_table:
        return []
    detail = ", ".join(f"{k} {v}" for k, v in per_table.items())
    return [
        msg(
            QT_TRANSLATE_NOOP(
                "Settings",
                "INFO sentinel dates (before 2000, read as 'not set'): {count} ({detail})",
            ),
            count=sum(per_table.values()),
            detail=detail,
        )
    ]


# -- double encoding (MySQL) -----------------------------------------------------------------
def _mysql_latin1_byte(ch: str) -> int:
    """The byte MySQL's latin1 (cp1252 with the 5 holes kept as C1 controls) stores for ch."""
    try:
        data = ch.encode("cp1252")
    except UnicodeEncodeError:
        if ord(ch) < 256:
            return ord(ch)
        raise ValueError(ch) from None
    return data[0]


def looks_double_encoded(value: str) -> bool:
    """True for text such as 'EntrÃ©e': UTF-8 bytes that were read as latin1."""
    try:
        raw = bytes(_mysql_latin1_byte(ch) for ch in value)
    except ValueError:
        return False
    if all(b < 0x80 for b in raw):
        return False
    try:
        return raw.decode("utf-8") != value
    except UnicodeDecodeError:
        return False


def double_encoded(
    conn: Connection, t: Tables, bases: tuple[str, ...] = TEXT_SCAN
) -> dict[str, list[str]]:
    """'table.column' -> primary keys of values that look double-encoded (not changed)."""
    found: dict[str, list[str]] = {}
    for base in bases:
        name = t.name(base)
        cols = conn.execute(
            text(
                "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :t"
            ),
            {"t": name},
        ).all()
        if not cols:
            continue
        pk = primary_key(conn, name)
        for col, dtype in cols:
            if dtype.lower() not in ("char", "varchar", "text", "tinytext", "mediumtext"):
                continue
            keys = ", ".join(q(c) for c in pk) or "NULL"
            rows = conn.execute(
                text(
                    f"SELECT {keys}, {q(col)} FROM {q(name)} WHERE "
                    f"LENGTH(CONVERT({q(col)} USING utf8mb4)) <> CHAR_LENGTH({q(col)})"
                )
            ).all()
            hits = [
                "/".join(str(v) for v in r[:-1])
                for r in rows
                if isinstance(r[-1], str) and looks_double_encoded(r[-1])
            ]
            if hits:
                found[f"{name}.{col}"] = hits
    return found


def double_encoded_lines(
    conn: Connection, t: Tables, bases: tuple[str, ...] = TEXT_SCAN, tr=None
) -> list[str]:
    """The double-encoding finding over `bases`; `tr` as in `findings`."""
    said = tr or (lambda text: text)
    return [m.translated(said) for m in _double_encoded(conn, t, bases)]


class _Joined(Msg):
    """Messages said one after the other, joined by `sep` (a value of another Msg)."""

    def __init__(self, parts: list[Msg], sep: str = "; ") -> None:
        super().__init__("")
        self.parts, self.sep = parts, sep

    def translated(self, tr) -> str:
        return self.sep.join(part.translated(tr) for part in self.parts)


def _double_encoded(conn: Connection, t: Tables, bases: tuple[str, ...]) -> list[Msg]:
    found = double_encoded(conn, t, bases)
    if not found:
        return []
    total = sum(len(v) for v in found.values())
    where = _Joined(
        [
            msg(QT_TRANSLATE_NOOP("Settings", "{column} (key {keys})"), column=k, keys=_some(v))
            for k, v in found.items()
        ]
    )
    return [
        msg(
            QT_TRANSLATE_NOOP(
                "Settings",
                "WARN {count} values look double-encoded (UTF-8 bytes stored as latin1, shown like "
                "'EntrÃ©e'); kept unchanged, correct them by hand: {where}",
            ),
            count=total,
            where=where,
        )
    ]
