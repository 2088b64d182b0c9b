"""The audit trail of administration: who, what, before and after.

Every administration change writes, in its own transaction, one history row
(`HI_Action = ADMIN`; `HI_Code_acteur` = the screen, `HI_Source` = `admin:<session>`,
`HI_Commentaire` = what) and one `synoptux_audit` row with the values before and
after. Reference tables (boxes, states, tasks, responsibles, destinations) are
compared row by row around the change, so whatever a change touched is listed;
the ini is compared key by key (passwords masked); a style sheet is kept whole.
`synoptux stats --audit` lists them (stats/audit.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, select

from synoptux.db.engine import Database
from synoptux.db.tables import Tables
from synoptux.services.history import Action, record

MAX_TEXT = 1_000_000
SESSION_PREFIX = "admin:"
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)([^@]*)(@)")


def session_source(session: str | None) -> str:
    """The HI_Source of a change made in an admin session."""
    return f"{SESSION_PREFIX}{session}" if session else "admin"


def session_of(source: str | None) -> str | None:
    if source and source.startswith(SESSION_PREFIX):
        return source[len(SESSION_PREFIX) :] or None
    return None


def write(
    conn: Connection,
    t: Tables,
    *,
    when: datetime,
    actor: str | None,
    session: str | None,
    subject: str,
    what: str,
    before: str | None = None,
    after: str | None = None,
    history_id: int | None = None,
) -> int | None:
    """The history row (unless given) and the audit row of one administration change."""
    if history_id is None:
        history_id = record(
            conn,
            t,
            Action.ADMIN,
            when=when,
            comment=what,
            actor=actor,
            source=session_source(session),
        )
    conn.execute(
        t.audit.insert().values(
            AU_Date=when,
            AU_NumHistorique=history_id,
            AU_Poste=(actor or "")[:64] or None,
            AU_Session=(session or "")[:32] or None,
            AU_Objet=subject[:32],
            AU_Quoi=what[:1000],
            AU_Avant=None if before is None else before[:MAX_TEXT],
            AU_Apres=None if after is None else after[:MAX_TEXT],
        )
    )
    return history_id


def record_change(
    db: Database,
    *,
    when: datetime,
    actor: str | None,
    session: str | None,
    subject: str,
    what: str,
    before: str | None = None,
    after: str | None = None,
) -> None:
    """`write` in a transaction of its own (ini, css, PIN, session events)."""
    db.transaction(
        lambda conn: write(
            conn,
            db.tables,
            when=when,
            actor=actor,
            session=session,
            subject=subject,
            what=what,
            before=before,
            after=after,
        )
    )


# -- reference tables: rows before and after ---------------------------------------------
def _reference(t: Tables) -> dict[str, tuple]:
    return {
        "box": (t.box, ("BO_Code",)),
        "state": (t.etats, ("ET_Code_etat",)),
        "task": (t.taches, ("TA_Code_tache",)),
        "allowed_state": (t.etats_taches, ("ST_Code_tache", "ST_Code_etat")),
        "responsible": (t.responsables, ("RE_Code",)),
        "destination": (t.destinations, ("DE_PK",)),
        "triage_level": (t.triage_levels, ("NT_Code",)),
    }


def reference_rows(conn: Connection, t: Tables) -> dict[str, dict[str, dict]]:
    """Every row of the reference tables (a few hundred at most), keyed by primary key."""
    out: dict[str, dict[str, dict]] = {}
    for name, (table, key) in _reference(t).items():
        rows = conn.execute(select(table)).mappings().all()
        out[name] = {
            "/".join(str(r[k]) for k in key): {c: _plain(v) for c, v in r.items()} for r in rows
        }
    return out


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def reference_diff(
    before: Mapping[str, Mapping[str, dict]], after: Mapping[str, Mapping[str, dict]]
) -> tuple[str | None, str | None]:
    """The rows a change created, edited or deleted, as two JSON texts (before, after)."""
    old: dict[str, dict] = {}
    new: dict[str, dict] = {}
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name, {}), after.get(name, {})
        for key in sorted(set(b) | set(a)):
            if b.get(key) != a.get(key):
                if key in b:
                    old.setdefault(name, {})[key] = b[key]
                if key in a:
                    new.setdefault(name, {})[key] = a[key]
    dump = lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True) if d else None  # noqa: E731
    return dump(old), dump(new)


def subject_of(diff_before: str | None, diff_after: str | None) -> str:
    names = set()
    for text in (diff_before, diff_after):
        if text:
            names |= set(json.loads(text))
    names.discard("allowed_state")
    return ",".join(sorted(names)) or "reference"


# -- synoptux.ini: keys before and after -----------------------------------------------
def mask(section: str, key: str, value: str | None) -> str | None:
    """A value fit for the history: passwords never leave synoptux.ini."""
    if value is None:
        return None
    k = key.lower()
    if k == "url":
        return _URL_PASSWORD.sub(r"\1***\3", value)
    if k == "parametres":
        parts = value.split(",")
        if len(parts) >= 6:
            parts[3:-2] = [" *** " if ",".join(parts[3:-2]).strip() else ""]
        return ",".join(parts)
    if "secours" in k or "password" in k or "mot_de_passe" in k:
        return "***" if value else value
    return value


def ini_diff(
    before: Mapping[tuple[str, str], str], after: Mapping[tuple[str, str], str]
) -> tuple[list[str], str | None, str | None]:
    """(keys changed as '[Section] Key', before text, after text): one 'key=value' a line."""
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    names = [f"[{s}] {k}" for s, k in changed]

    def text(values: Mapping[tuple[str, str], str]) -> str | None:
        lines = [f"[{s}] {k}={mask(s, k, values[(s, k)])}" for s, k in changed if (s, k) in values]
        return "\n".join(lines) or None

    return names, text(before), text(after)
