"""`synoptux doctor`: what an admin runs when the board stays empty.

The checks in the order printed; here the configuration and the databases (the board's,
the cluster's servers, MedinTux), services/doctor_environment.py the machine's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from synoptux.config import KEYS, Settings
from synoptux.db.engine import Database, failover_of, sqlite_file
from synoptux.db.galera import cluster_status, shape_problems
from synoptux.db.schema import SCHEMA_VERSION, read_version, triggers_complete
from synoptux.services.doctor_check import CONNECTION, NO_SCHEMA, PARTLY, Check, tr_settings
from synoptux.services.doctor_environment import (
    check_folder,
    check_log,
    check_shipped,
    check_versions,
)

# The layers keep Qt out of services/: the CLI (ui/doctor_cli.py) gives Qt's translator.
from synoptux.speech import speaking, translate  # noqa: F401 - speaking: for the CLI


def run_checks(settings: Settings, qt_check: Callable[[], Check] | None = None) -> list[Check]:
    checks: list[Check] = [check_versions(), check_shipped(), check_log(settings)]
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
        checks.append(check_folder(settings.path_of(KEYS.ENTRY_FOLDER)))
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
    checks.append(check_folder(settings.path_of(KEYS.ENTRY_FOLDER)))
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
