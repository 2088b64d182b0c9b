"""The database settings' addresses: 2.x's `Parametres` lines and URLs (one server or a
Galera list), read and refused before any connection is tried (see config.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from synoptux.config_password import decode_2x_password
from synoptux.config_types import ConfigError, msg
from synoptux.db.failover import join_hosts, split_hosts
from synoptux.speech import QT_TRANSLATE_NOOP


class DatabaseSettingError(ConfigError):
    """The connection setting names no usable database (unparseable URL, no database
    name): a database connection failure for the exit status (3), found before any
    connection is tried."""


def _split_params(raw: str) -> tuple[str, str, str, str, str, str]:
    """driver , base , user , password , host , port — the password may hold commas."""
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) < 6:
        parts += [""] * (6 - len(parts))
    driver, base, user = parts[0], parts[1], parts[2]
    host, port = parts[-2], parts[-1]
    password = ",".join(parts[3:-2])
    return driver, base, user, password, host, port


def params_to_url(raw: str, section: str, base_dir: Path) -> str:
    return read_params(raw, section, base_dir)[0]


def read_params(raw: str, section: str, base_dir: Path) -> tuple[str, str]:
    """(URL, password form) of a MedinTux-style `Parametres` value."""
    driver, base, user, password, host, port = _split_params(raw)
    d = driver.upper()
    if d.startswith(("QSQLITE", "QMYSQL", "MYSQL", "QMARIADB")) and not base:
        raise DatabaseSettingError(
            section,
            "Parametres",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "no database name after the driver {driver} "
                    "(expected: driver , base , user , password , host , port)",
                ),
                driver=repr(driver),
            ),
        )
    if d.startswith("QSQLITE"):
        path = Path(base)
        return f"sqlite:///{path if path.is_absolute() else (base_dir / path)}", "none"
    if d.startswith("QMYSQL") or d.startswith("MYSQL") or d.startswith("QMARIADB"):
        form = "clear" if password else "none"
        if password.startswith("#"):
            try:
                password = decode_2x_password(password)
            except ValueError as exc:
                raise ConfigError(
                    section,
                    "Parametres",
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings",
                            "the password is in 2.x's encoded form ('#...') but cannot be decoded "
                            "({error}); write it in clear",
                        ),
                        error=exc,
                    ),
                ) from None
            form = "2.x encoded"
        if port and not port.isdigit():
            raise ConfigError(
                section,
                "Parametres",
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "port {port} is not a number "
                        "(expected: driver , base , user , password , host , port)",
                    ),
                    port=repr(port),
                ),
            )
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
        # Several servers (a Galera cluster): their names in the host field, separated by
        # ';' (the commas separate the fields), all on the one port.
        hosts = ",".join(
            f"{h.strip()}:{port or 3306}" for h in (host or "localhost").split(";") if h.strip()
        )
        url = canonical_url(f"mysql+pymysql://{auth}@{hosts}/{base}", section, "Parametres")
        return url, form
    raise ConfigError(
        section,
        "Parametres",
        msg(
            QT_TRANSLATE_NOOP(
                "Settings",
                "driver {driver} is not QMYSQL3 or QSQLITE "
                "(expected: driver , base , user , password , host , port)",
            ),
            driver=repr(driver),
        ),
    )


def canonical_url(url: str, section: str, name: str = "URL") -> str:
    """A URL that names several servers (`user@node1,node2:3307,node3/base`) in the form
    every part of the code reads: the first host in the URL, the whole list in its query
    (`?synoptux_hosts=...`, see db/failover.py)."""
    try:
        single, hosts = split_hosts(url)
    except ValueError as exc:
        raise DatabaseSettingError(
            section,
            name,
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "server list: {error} (expected host[:port],host[:port],...)"
                ),
                error=exc,
            ),
        ) from None
    check_url(single, section, name)
    return join_hosts(single, hosts)


def check_url(url: str, section: str, name: str = "URL") -> None:
    """Refuse a URL that names no database (before any connection is tried)."""
    from sqlalchemy.engine import make_url

    try:
        u = make_url(url)
        u.port  # noqa: B018 - parsed lazily: a port that is not a number fails here
        backend = u.get_backend_name()
    except Exception as exc:  # ArgumentError, ValueError: all "unparseable"
        raise DatabaseSettingError(
            section,
            name,
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "cannot be read as a database address ({error}); expected "
                    "sqlite:///path/file.db or mysql+pymysql://user:password@host:3306/base",
                ),
                error=exc,
            ),
        ) from None
    if backend not in ("sqlite", "mysql", "mariadb"):
        raise DatabaseSettingError(
            section,
            name,
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "{backend} databases are not supported (SQLite, MySQL, MariaDB)"
                ),
                backend=repr(backend),
            ),
        )
    if not u.database:
        raise DatabaseSettingError(
            section,
            name,
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "no database name (expected sqlite:///path/file.db or "
                    "mysql+pymysql://user:password@host:3306/base)",
                )
            ),
        )
