"""The administration audit trail over a period (`synoptux stats --audit`).

One line per administration event of the history (`HI_Action = ADMIN`): when,
which screen, which admin session, what, and the values before and after kept
in `synoptux_audit` (services/audit.py). Rows written before the audit table
existed (or by other tools) are listed with what the history says.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.services.history import Action

COLUMNS = ("when", "screen", "session", "subject", "what", "before", "after")


@dataclass(frozen=True)
class AuditLine:
    when: str
    screen: str
    session: str
    subject: str
    what: str
    before: str
    after: str


def audit_lines(db: Database, first: date, last: date) -> list[AuditLine]:
    """The administration events of [first, last] (whole days), oldest first."""
    t = db.tables
    h, a = t.historique.c, t.audit.c
    lo = datetime.combine(first, datetime.min.time())
    hi = datetime.combine(last + timedelta(days=1), datetime.min.time())
    stmt = (
        select(
            h.HI_Date,
            h.HI_Code_acteur,
            h.HI_Source,
            h.HI_Commentaire,
            a.AU_Session,
            a.AU_Objet,
            a.AU_Avant,
            a.AU_Apres,
        )
        .select_from(t.historique.outerjoin(t.audit, a.AU_NumHistorique == h.HI_PK))
        .where(h.HI_Action == Action.ADMIN.value, h.HI_Date >= lo, h.HI_Date < hi)
        .order_by(h.HI_Date, h.HI_PK)
    )
    with db.connect() as conn:
        rows = conn.execute(stmt).all()
    out = []
    for when, actor, source, what, session, subject, before, after in rows:
        if not session and source and source.startswith("admin:"):
            session = source[len("admin:") :]
        out.append(
            AuditLine(
                when.strftime("%Y-%m-%d %H:%M:%S") if when else "",
                actor or "",
                session or "",
                subject or "",
                what or "",
                before or "",
                after or "",
            )
        )
    return out


def to_csv(lines: list[AuditLine]) -> str:
    """UTF-8 text with a header row (written with a BOM by the caller for spreadsheets)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([getattr(line, c) for c in COLUMNS])
    return buf.getvalue()


def to_json(lines: list[AuditLine]) -> str:
    return json.dumps([asdict(x) for x in lines], ensure_ascii=False, indent=2)
