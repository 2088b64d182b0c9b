"""Which databases synoptux.ini describes: the board's (URL, table prefix, where it came
from, the form its password was read in) and MedinTux's, from `[Connexion_SynopTux]`,
`[Connexion_MedinTux]`, 2.x's `[Connexion] Parametres`, or the command line's --db and
--prefix. `Settings.connection()` and its neighbours read them here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from synoptux.config_keys_connection import CONN, LEGACY, MTX
from synoptux.config_types import ConfigError, msg
from synoptux.config_url import canonical_url, read_params
from synoptux.inifile import IniDocument
from synoptux.speech import QT_TRANSLATE_NOOP

DEFAULT_SQLITE = "var/synoptux.db"
DEFAULT_SOURCE = "default embedded SQLite"


@dataclass(frozen=True)
class Connection:
    url: str
    prefix: str
    source: str  # where it came from, for `doctor`
    password: str = "none"  # the form it was read in (never the password): for `doctor`


@dataclass(frozen=True)
class ConnectionSettings:
    """The connections of a loaded synoptux.ini: `doc`, the file as this version reads it,
    `base_dir` its folder (relative SQLite paths), and the command line's overrides."""

    doc: IniDocument
    base_dir: Path
    db_override: str | None
    prefix_override: str | None

    def connection(self) -> Connection:
        prefix = self.prefix_override
        form = "none"
        if self.db_override:
            url = self.db_override
            if "://" not in url:
                url = f"sqlite:///{Path(url).resolve()}"
            url = canonical_url(url, "--db", "URL")
            source = "--db"
            form = _url_password(url)
        else:
            url, source, form = self._url_from(CONN)
            if not url and self.doc.get(LEGACY, "Parametres"):
                url, form = read_params(
                    self.doc.get(LEGACY, "Parametres") or "", LEGACY, self.base_dir
                )
                source = "[Connexion] Parametres (2.x)"
                if prefix is None and self.doc.get(CONN, "Prefixe_Tables") is None:
                    prefix = self.doc.get(LEGACY, "Prefixe_Tables")
                    if prefix is None:
                        prefix = "synopt_"  # 2.15+ sites
            if not url:
                url, source = (f"sqlite:///{self.base_dir / DEFAULT_SQLITE}", DEFAULT_SOURCE)
        if prefix is None:
            prefix = self.doc.get(CONN, "Prefixe_Tables") or ""
        if not all(c.isalnum() or c == "_" for c in prefix):
            raise ConfigError(
                CONN,
                "Prefixe_Tables",
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "{prefix}: letters, digits and '_' only (for instance ST_ or synopt_)",
                    ),
                    prefix=repr(prefix),
                ),
            )
        return Connection(url, prefix, source, form)

    def medintux_url(self) -> str | None:
        """The MedinTux database (task notes, responsibles): `[Connexion_MedinTux]`, else,
        on a site configured the 2.x way (`[Connexion] Parametres`), the same database,
        as 2.x used one connection for its tables, `Personnes` and the notes."""
        url, _, _ = self._url_from(MTX)
        if url:
            return url
        if (
            not self.db_override
            and not self._url_from(CONN)[0]
            and self.doc.get(LEGACY, "Parametres")
        ):
            return self.connection().url
        return None

    def medintux_connection(self) -> tuple[str | None, str, str]:
        """(URL, where it came from, password form) of the MedinTux database, for `doctor`."""
        url, source, form = self._url_from(MTX)
        if url:
            return url, source, form
        fallback = self.medintux_url()
        if fallback:
            return fallback, "[Connexion] Parametres (2.x: the same database)", ""
        return None, "", ""

    def _url_from(self, section: str) -> tuple[str, str, str]:
        url = (self.doc.get(section, "URL") or "").strip()
        if url:
            if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
                rel = Path(url[len("sqlite:///") :])
                if not rel.is_absolute():
                    url = f"sqlite:///{self.base_dir / rel}"
            url = canonical_url(url, section)
            return url, f"[{section}] URL", _url_password(url)
        params = (self.doc.get(section, "Parametres") or "").strip()
        if params:
            url, form = read_params(params, section, self.base_dir)
            return url, f"[{section}] Parametres", form
        return "", "", "none"


def _url_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return "clear" if make_url(url).password else "none"
    except Exception:  # an invalid URL is reported where it is used
        return "none"
