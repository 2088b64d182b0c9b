"""`synoptux doctor`: what an admin runs when the board stays empty."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from synoptux.config import KEYS, Settings
from synoptux.db.engine import Database, failover_of, sqlite_file
from synoptux.db.galera import cluster_status, shape_problems
from synoptux.db.schema import SCHEMA_VERSION, read_version, triggers_complete
from synoptux.logfile import log_path
from synoptux.shipped import missing_files

# The layers keep Qt out of services/: the CLI (ui/doctor_cli.py) gives Qt's translator.
from synoptux.speech import speaking, translate  # noqa: F401 - speaking: for the CLI


def tr_settings(text: str) -> str:
    """A settings message template (config.Msg, context "Settings") in the interface language."""
    return translate("Settings", text)


def status_word(ok: bool) -> str:
    """OK or FAIL, padded so that the names line up (4 columns in English)."""
    words = (translate("Doctor", "OK"), translate("Doctor", "FAIL"))
    return (words[0] if ok else words[1]).ljust(max(len(w) for w in words))


# The exit status of a failing check (README, Command line: exit status): any check 1, the
# database connection 3 (the same as every other command), no Synoptux tables 4.
PARTLY, CONNECTION, NO_SCHEMA = 1, 3, 4


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    status: int = PARTLY  # doctor's exit status when this check fails

    def line(self) -> str:
        return translate("Doctor", "{status} {name}: {detail}").format(
            status=status_word(self.ok), name=self.name, detail=self.detail
        )


def run_checks(settings: Settings, qt_check: Callable[[], Check] | None = None) -> list[Check]:
    checks: list[Check] = [_check_versions(), _check_shipped(), _check_log(settings)]
    errors = settings.validate()
    where = str(settings.path) if settings.path else translate("Doctor", "(no file: defaults)")
    checks.append(
        Check(
            translate("Doctor", "configuration"),
            not errors,
            where if not errors else "; ".join(e.translated(tr_settings) for e in errors),
        )
    )
    try:
        conn_info = settings.connection()
    except Exception as exc:  # reported, not raised
        from synoptux.services.setup import exit_status

        said = exc.translated(tr_settings) if hasattr(exc, "translated") else str(exc)
        found = exit_status(exc)
        checks.append(
            Check(
                translate("Doctor", "database connection"),
                False,
                said,
                found[0] if found else PARTLY,
            )
        )
        return checks
    path = sqlite_file(conn_info.url)
    if path and not Path(path).exists():
        checks.append(
            Check(
                translate("Doctor", "database connection"),
                False,
                translate(
                    "Doctor",
                    "SQLite file {path} does not exist ({source}): if it is on a "
                    "share, is the share mounted? A new board: synoptux init-db",
                ).format(path=path, source=_source(conn_info.source)),
                CONNECTION,
            )
        )
        checks.append(_check_folder(settings.path_of(KEYS.ENTRY_FOLDER)))
        if qt_check is not None:
            checks.append(qt_check())
        return checks
    db = Database.from_url(conn_info.url, conn_info.prefix)
    safe_url = db.engine.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as conn:
            hosts = failover_of(db.engine)
            servers = (
                translate("Doctor", "; servers {hosts}, connected to {current}").format(
                    hosts=", ".join(str(h) for h in hosts.hosts), current=hosts.current
                )
                if hosts is not None
                else ""
            )
            checks.append(
                Check(
                    translate("Doctor", "database connection"),
                    True,
                    translate("Doctor", "{url} ({source}; password: {password}{servers})").format(
                        url=safe_url,
                        source=_source(conn_info.source),
                        password=describe_password(conn_info.password),
                        servers=servers,
                    ),
                )
            )
            t = db.tables
            insp = inspect(conn)
            missing = [tb.name for tb in t.all if not insp.has_table(tb.name)]
            checks.append(
                Check(
                    translate("Doctor", "tables (prefix {prefix})").format(prefix=repr(t.prefix)),
                    not missing,
                    translate("Doctor", "all present")
                    if not missing
                    else translate(
                        "Doctor",
                        "missing: {tables} (run: synoptux init-db, or synoptux upgrade for a "
                        "2.x database)",
                    ).format(tables=", ".join(missing)),
                    NO_SCHEMA if len(missing) == len(t.all) else PARTLY,
                )
            )
            version = read_version(conn, t)
            checks.append(
                Check(
                    translate("Doctor", "schema version"),
                    version == SCHEMA_VERSION,
                    translate("Doctor", "{version} (expected {expected})").format(
                        version=version, expected=SCHEMA_VERSION
                    )
                    if version != SCHEMA_VERSION
                    else str(version),
                )
            )
            if not missing:
                mode = (
                    translate("Doctor", "triggers (change log)")
                    if triggers_complete(conn, t)
                    else translate(
                        "Doctor",
                        "fallback: keys and counts (triggers missing; run init-db as a user "
                        "with TRIGGER)",
                    )
                )
                checks.append(Check(translate("Doctor", "change feed"), True, mode))
            checks.extend(_cluster_checks(conn, db))
    except Exception as exc:
        from synoptux.services.setup import connection_error

        failure = connection_error(exc, db)
        checks.append(
            Check(
                translate("Doctor", "database connection"),
                False,
                translate("Doctor", "{url} ({source}; password: {password}): {failure}").format(
                    url=safe_url,
                    source=_source(conn_info.source),
                    password=describe_password(conn_info.password),
                    failure=failure.msg.translated(tr_settings)
                    if failure is not None
                    else str(getattr(exc, "orig", exc)),
                ),
                CONNECTION if failure is not None else PARTLY,
            )
        )
    finally:
        db.dispose()
    checks.append(_check_medintux(settings))
    checks.append(_check_folder(settings.path_of(KEYS.ENTRY_FOLDER)))
    if qt_check is not None:
        checks.append(qt_check())
    return checks


def _cluster_checks(conn, db: Database) -> list[Check]:
    """On a Galera node: the cluster as this node sees it, the schema's fitness for it, and
    each server of the ini's host list."""
    out: list[Check] = []
    status = cluster_status(conn)
    if status is not None:
        out.append(
            Check(
                translate("Doctor", "database cluster"),
                status.healthy,
                status.describe(tr_settings),
            )
        )
        problems = shape_problems(conn, [tb.name for tb in db.tables.all], tr_settings)
        out.append(
            Check(
                translate("Doctor", "cluster schema"),
                not problems,
                translate("Doctor", "InnoDB and a primary key on every table")
                if not problems
                else "; ".join(problems),
            )
        )
    hosts = failover_of(db.engine)
    if hosts is not None:
        lines, ok = [], True
        for host in hosts.hosts:
            up, state = _server_state(db, host)
            ok = ok and up
            lines.append(
                f"{host} {state}"
                + (translate("Doctor", " (in use)") if host == hosts.current else "")
            )
        out.append(Check(translate("Doctor", "database servers"), ok, "; ".join(lines)))
    return out


def _server_state(db: Database, host) -> tuple[bool, str]:
    """One server of the list, asked on its own (1 s to answer): fit for the board, and how."""
    import pymysql

    u = db.engine.url
    try:
        conn = pymysql.connect(
            host=host.host,
            port=host.port,
            user=u.username,
            password=u.password or "",
            database=u.database,
            connect_timeout=1,
            read_timeout=2,
        )
    except pymysql.MySQLError as exc:
        return False, translate("Doctor", "unreachable ({error})").format(
            error=exc.args[-1] if exc.args else exc
        )
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW GLOBAL VARIABLES LIKE 'wsrep_on'")
            row = cur.fetchone()
            if row is None or str(row[1]).upper() != "ON":
                return True, translate("Doctor", "up")
            cur.execute(
                "SHOW GLOBAL STATUS WHERE Variable_name IN "
                "('wsrep_local_state_comment', 'wsrep_ready')"
            )
            st = {k: v for k, v in cur.fetchall()}
        state = st.get("wsrep_local_state_comment", "?")
        ready = st.get("wsrep_ready") == "ON"
        said = (
            translate("Doctor", "up, {state}")
            if ready
            else translate("Doctor", "up, {state}, not ready")
        )
        return ready and state == "Synced", said.format(state=state)
    except pymysql.MySQLError as exc:
        return False, translate("Doctor", "answers but fails ({error})").format(error=exc)
    finally:
        conn.close()


def describe_password(form: str) -> str:
    """How the password was written in the ini (never the password itself)."""
    said = {
        "2.x encoded": translate("Doctor", "2.x encoded form ('#' + hex), decoded"),
        "clear": translate("Doctor", "in clear"),
        "none": translate("Doctor", "none"),
    }
    return said.get(form, form or said["none"])


def _source(source: str) -> str:
    """Where the connection setting came from (config.Connection.source), in words."""
    said = {
        "[Connexion] Parametres (2.x)": translate("Doctor", "[Connexion] Parametres (2.x)"),
        "--db": "--db",
    }
    if source in said:
        return said[source]
    from synoptux.config import DEFAULT_SOURCE

    return translate("Doctor", "default embedded SQLite") if source == DEFAULT_SOURCE else source


def _check_medintux(settings: Settings) -> Check:
    """The MedinTux connection (task notes; responsibles while our table is empty)."""
    try:
        url, source, form = settings.medintux_connection()
    except Exception as exc:  # reported, not raised
        said = exc.translated(tr_settings) if hasattr(exc, "translated") else str(exc)
        return Check(translate("Doctor", "MedinTux connection"), False, said)
    if not url:
        return Check(
            translate("Doctor", "MedinTux connection"),
            True,
            translate(
                "Doctor",
                "not configured (responsibles: Personnes of the board database if present)",
            ),
        )
    safe = make_url(url).render_as_string(hide_password=True)
    how = (
        translate("Doctor", "; password: {password}").format(password=describe_password(form))
        if form
        else ""
    )
    return Check(
        translate("Doctor", "MedinTux connection"), True, f"{safe} ({_source(source)}{how})"
    )


def _check_folder(folder: Path) -> Check:
    blocker = next((p for p in folder.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate(
                "Doctor",
                "{folder} cannot be created: {blocker} is a file, not a folder "
                "(fix [Interface] Dossier_Entrees)",
            ).format(folder=folder, blocker=blocker),
        )
    if not folder.exists():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate(
                "Doctor", "{folder} does not exist (create it or fix [Interface] Dossier_Entrees)"
            ).format(folder=folder),
        )
    if not folder.is_dir():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate("Doctor", "{folder} is not a folder").format(folder=folder),
        )
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".synoptux-doctor-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate("Doctor", "{folder} is not writable: {error}").format(
                folder=folder, error=exc.strerror
            ),
        )
    return Check(
        translate("Doctor", "entry folder"),
        True,
        translate("Doctor", "{folder} (writable)").format(folder=folder),
    )


def _dist_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


# (Python below this, shiboken6 version): pairs that abort the board (README, Supported versions)
DROPS = "drops references to None/True/False: the board aborts"
BROKEN = {((3, 12), "6.12.0"): DROPS}


def known_broken(python: tuple[int, int], shiboken: str) -> str | None:
    """Why this Python/shiboken6 pair must not run the board, or None."""
    for (below, bad), why in BROKEN.items():
        if python < below and shiboken == bad:
            return translate("Doctor", "PySide6 {bad} on Python {python} {why}").format(
                bad=bad,
                python=f"{python[0]}.{python[1]}",
                why=translate("Doctor", "drops references to None/True/False: the board aborts")
                if why == DROPS
                else why,
            )
    return None


def _check_versions() -> Check:
    from synoptux import __version__

    py = sys.version_info
    pyside = _dist_version("PySide6-Essentials") or _dist_version("PySide6")
    shiboken = _dist_version("shiboken6")
    missing = translate("Doctor", "missing")
    detail = (
        f"synoptux {__version__}, Python {py.major}.{py.minor}.{py.micro}, "
        f"PySide6 {pyside or missing}, shiboken6 {shiboken or missing}, "
        f"SQLAlchemy {_dist_version('SQLAlchemy') or missing}"
    )
    if pyside is None or shiboken is None:
        return Check(
            translate("Doctor", "versions"),
            False,
            detail + translate("Doctor", " (reinstall: pip install synoptux)"),
        )
    if pyside != shiboken:
        return Check(
            translate("Doctor", "versions"),
            False,
            detail + translate("Doctor", ": PySide6 and shiboken6 must be the same version"),
        )
    why = known_broken((py.major, py.minor), shiboken)
    if why:
        return Check(
            translate("Doctor", "versions"),
            False,
            translate(
                "Doctor",
                "{detail}: {why} (install the versions of constraints.txt: "
                "PySide6-Essentials==6.11.3)",
            ).format(detail=detail, why=why),
        )
    return Check(translate("Doctor", "versions"), True, detail)


def _check_shipped() -> Check:
    missing = missing_files()
    if missing:
        return Check(
            translate("Doctor", "shipped files"),
            False,
            translate(
                "Doctor", "missing: {files} (a broken install: reinstall the package)"
            ).format(files=", ".join(missing)),
        )
    return Check(
        translate("Doctor", "shipped files"),
        True,
        translate("Doctor", "style sheet and French translation present"),
    )


def _check_log(settings: Settings) -> Check:
    """Where the log file is, and whether the board can write it."""
    path = log_path(settings)
    folder = path.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent  # created at start: the first folder that exists must be writable
    if path.exists():
        ok = os.access(path, os.W_OK)
    else:
        ok = probe.is_dir() and os.access(probe, os.W_OK)
    if not ok:
        return Check(
            translate("Doctor", "log file"),
            False,
            translate("Doctor", "{path} cannot be written ([Interface] Dossier_Journal)").format(
                path=path
            ),
        )
    if not path.exists():
        return Check(
            translate("Doctor", "log file"),
            True,
            translate("Doctor", "{path} (created when the board starts)").format(path=path),
        )
    return Check(
        translate("Doctor", "log file"),
        True,
        translate("Doctor", "{path} ({size} bytes)").format(
            path=path, size=f"{path.stat().st_size:,}"
        ),
    )


def qt_check() -> Check:
    """Start Qt in a child process (Qt aborts a process whose platform plugin does not load)
    and name the system libraries the plugin lacks (synoptux.qtcheck)."""
    from synoptux.qtcheck import missing_libraries, platform_plugin, try_start

    result = try_start()
    if not result.ok:
        return Check(
            translate("Doctor", "Qt platform"),
            False,
            result.diagnosis(tr_settings).replace("\n", "\n     "),
        )
    detail = translate("Doctor", "{platform} (Qt starts)").format(platform=result.platform)
    if sys.platform.startswith("linux") and result.platform != "xcb":
        # Started offscreen or on Wayland: the wall's X11 plugin may still lack libraries.
        plugin = platform_plugin("xcb")
        lacking = missing_libraries(plugin) if plugin is not None else []
        if lacking:
            detail += translate(
                "Doctor",
                "; note: the xcb plugin (X11 screens) lacks {libraries} (README, System packages)",
            ).format(libraries=", ".join(lacking))
    return Check(translate("Doctor", "Qt platform"), True, detail)
