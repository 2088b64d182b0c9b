"""Responsibles as 2.x read them, until the site imports its own.

2.x had no table of responsibles: every screen read MedinTux's `Personnes`
(`SELECT GUID, Login, Couleur FROM Personnes WHERE Droits LIKE '%med%' AND Droits
LIKE '%sgn%'`, mainwindow.cpp `makeRequeteMedResponsable`), showed the `Login` and wrote
the `GUID` into `EC_Medecin`; the MedinTux macros write the same GUID. So while our
`responsables` table is empty, the board reads the same people the same way: from the
configured MedinTux connection, or else from a `Personnes` table in the board's own
database (most 2.x sites keep both in one MedinTux database). Once responsibles are
imported (or typed in), the table wins and `Personnes` is no longer read.

Each board database has one `PeopleFallback` (keyed by its URL, so the live feed's own
engine finds the same one); it keeps what it read for `ttl` seconds, failures included,
so a board without `Personnes` asks once a minute, not at every refresh.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    column,
    inspect,
    select,
    table,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import MEDINTUX, make_engine
from synoptux.domain import model as m

log = logging.getLogger(__name__)

PERSONNES = table("Personnes", column("GUID"), column("Login"), column("Couleur"), column("Droits"))
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def medintux_color(raw: object) -> str | None:
    """MedinTux stores '#rrggbb' or a bare 'rrggbb'; anything else is dropped."""
    text = str(raw or "").strip()
    if text and not text.startswith("#"):
        text = "#" + text
    return text.lower() if _COLOR.match(text) else None


def personnes_query() -> Select:
    """2.x's query, with the rights patterns bound."""
    p = PERSONNES.c
    return (
        select(p.GUID, p.Login, p.Couleur)
        .where(and_(p.Droits.like("%med%"), p.Droits.like("%sgn%")))
        .order_by(p.Login)
    )


def rows_to_people(rows: Iterable[Any]) -> tuple[m.Responsible, ...]:
    out = []
    for guid, login, color in rows:
        guid = str(guid or "").strip()
        if not guid:
            continue  # 2.x matched EC_Medecin on the GUID: a person without one never shows
        name = str(login or "").strip() or guid
        out.append(m.Responsible(guid, name, medintux_color(color), guid))
    return tuple(out)


class PeopleFallback:
    """Reads `Personnes` for one board database (see the module docstring)."""

    def __init__(
        self,
        medintux_url: str | None = None,
        *,
        ttl: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = medintux_url or None
        self.ttl = ttl
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._people: tuple[m.Responsible, ...] = ()
        self._read_at: float | None = None
        self._engine: Engine | None = None
        self.source = ""  # where the last read came from, or why nothing was read

    def people(self, conn: Connection) -> tuple[m.Responsible, ...]:
        """The doctors of `Personnes` (cached `ttl` seconds); () when there is none."""
        with self._lock:
            now = self._monotonic()
            if self._read_at is not None and now - self._read_at < self.ttl:
                return self._people
            self._people = self._read(conn)
            self._read_at = now
            return self._people

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = None

    def _read(self, conn: Connection) -> tuple[m.Responsible, ...]:
        try:
            if self.url:
                with self._medintux(self.url).connect() as other:
                    rows = other.execute(personnes_query()).all()
                self.source = "MedinTux connection"
            else:
                if not inspect(conn).has_table("Personnes"):
                    self.source = "no Personnes table in the board database"
                    return ()
                rows = conn.execute(personnes_query()).all()
                self.source = "Personnes of the board database"
        except SQLAlchemyError as exc:
            self.source = f"Personnes unreadable: {getattr(exc, 'orig', exc)}"
            log.warning("responsibles from MedinTux Personnes: %s", self.source)
            return ()
        return rows_to_people(rows)

    def _medintux(self, given_url: str) -> Engine:
        if self._engine is None:
            # MedinTux on a cluster: its server list; a missing SQLite file stays missing
            self._engine = make_engine(given_url, timeouts=MEDINTUX, create=False)
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


_registry: dict[str, PeopleFallback] = {}
_registry_lock = threading.Lock()


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def configure_people(engine: Engine, medintux_url: str | None) -> PeopleFallback:
    """Say where the board on `engine` reads `Personnes` from (setup does this from the ini)."""
    with _registry_lock:
        old = _registry.get(_key(engine))
        if old is not None and old.url == (medintux_url or None):
            return old
        if old is not None:
            old.dispose()
        fallback = _registry[_key(engine)] = PeopleFallback(medintux_url)
        return fallback


def people_fallback(engine: Engine) -> PeopleFallback:
    """The fallback of the board on `engine` (the board's own database unless configured)."""
    with _registry_lock:
        found = _registry.get(_key(engine))
        if found is None:
            found = _registry[_key(engine)] = PeopleFallback(None)
        return found


def forget_people(url: str) -> None:
    """Forget what was read of `Personnes` in the database at `url` (its content was
    replaced wholesale, e.g. a restore or a test database handed out again)."""
    key = make_url(url).render_as_string(hide_password=True)
    with _registry_lock:
        old = _registry.pop(key, None)
    if old is not None:
        old.dispose()
