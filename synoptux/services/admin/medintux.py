"""Read the responsibles from MedinTux's `Personnes` table (what 2.x did).

Only people with both the `med` and `sgn` rights are taken (2.x's filter). The
code is the MedinTux login (what the manual suggests), falling back to the
GUID; the GUID is kept so that rows the MedinTux macro writes (`EC_Medecin` =
user GUID) resolve to the same responsible.
"""

from __future__ import annotations

from sqlalchemy import MetaData, RowMapping, Table, and_, inspect, select

from synoptux.db.engine import MEDINTUX, DatabaseUnavailable, make_engine
from synoptux.services.admin.records import ResponsibleRecord
from synoptux.services.errors import ActionRefused
from synoptux.services.people import medintux_color

_color = medintux_color


def read_medintux_people(url: str | None) -> list[ResponsibleRecord]:
    """The doctors of MedinTux, as responsible records (not yet validated)."""
    if not url:
        raise ActionRefused(
            "medintux_unset",
            "The MedinTux connection is not set ([Connexion_MedinTux] in synoptux.ini).",
        )
    engine = make_engine(url, timeouts=MEDINTUX, create=False)
    try:
        with engine.connect() as conn:
            names = {n.lower(): n for n in inspect(conn).get_table_names()}
            if "personnes" not in names:
                raise ActionRefused(
                    "medintux_no_people", "The MedinTux database has no Personnes table."
                )
            people = Table(names["personnes"], MetaData(), autoload_with=conn)
            cols = {c.name.lower(): c for c in people.c}
            missing = [c for c in ("guid", "login", "droits") if c not in cols]
            if missing:
                raise ActionRefused(
                    "medintux_no_people",
                    f"The MedinTux Personnes table lacks {', '.join(missing)}.",
                )
            rights = cols["droits"]
            rows = (
                conn.execute(select(people).where(and_(rights.like("%med%"), rights.like("%sgn%"))))
                .mappings()
                .all()
            )
    except ActionRefused:
        raise
    except Exception as exc:  # any driver error: say it, import nothing
        raise DatabaseUnavailable(f"MedinTux database: {exc}") from exc
    finally:
        engine.dispose()

    def col(row: RowMapping, name: str) -> str:
        c = cols.get(name)
        return str(row[c.name] or "").strip() if c is not None else ""

    out = []
    for row in rows:
        guid = col(row, "guid")
        name = " ".join(p for p in (col(row, "nom"), col(row, "prenom")) if p)
        code = col(row, "login") or guid
        out.append(
            ResponsibleRecord(
                code=code, name=name or code, color=_color(col(row, "couleur")), guid=guid or None
            )
        )
    return out
