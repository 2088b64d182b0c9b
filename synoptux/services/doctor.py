"""`synoptux doctor`: what an admin runs when the board stays empty."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from synoptux.config import IFACE, Settings
from synoptux.db.engine import Database, sqlite_file
from synoptux.db.schema import SCHEMA_VERSION, read_version, triggers_complete


@dataclass
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def run_checks(settings: Settings, qt_check: Callable[[], Check] | None = None) -> list[Check]:
    checks: list[Check] = []
    errors = settings.validate()
    where = str(settings.path) if settings.path else "(no file: defaults)"
    checks.append(
        Check(
            "configuration", not errors, where if not errors else "; ".join(str(e) for e in errors)
        )
    )
    try:
        conn_info = settings.connection()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks.append(Check("database connection", False, str(exc)))
        return checks
    path = sqlite_file(conn_info.url)
    if path and not Path(path).exists():
        checks.append(
            Check(
                "database connection",
                False,
                f"SQLite file {path} does not exist "
                "(start the board once, or run: synoptux init-db --demo)",
            )
        )
        checks.append(_check_folder(settings.path_setting(IFACE, "Dossier_Entrees")))
        if qt_check is not None:
            checks.append(qt_check())
        return checks
    db = Database.from_url(conn_info.url, conn_info.prefix)
    safe_url = db.engine.url.render_as_string(hide_password=True)
    try:
        with db.engine.connect() as conn:
            checks.append(
                Check(
                    "database connection",
                    True,
                    f"{safe_url} ({conn_info.source}; password: "
                    f"{describe_password(conn_info.password)})",
                )
            )
            t = db.tables
            insp = inspect(conn)
            missing = [tb.name for tb in t.all if not insp.has_table(tb.name)]
            checks.append(
                Check(
                    f"tables (prefix {t.prefix!r})",
                    not missing,
                    "all present"
                    if not missing
                    else "missing: "
                    + ", ".join(missing)
                    + " (run: synoptux init-db, or synoptux upgrade for a 2.x database)",
                )
            )
            version = read_version(conn, t)
            checks.append(
                Check(
                    "schema version",
                    version == SCHEMA_VERSION,
                    f"{version} (expected {SCHEMA_VERSION})"
                    if version != SCHEMA_VERSION
                    else str(version),
                )
            )
            if not missing:
                mode = (
                    "triggers (revision row)"
                    if triggers_complete(conn, t)
                    else "fallback: keys and counts (triggers missing; run init-db as a user with TRIGGER)"
                )
                checks.append(Check("change feed", True, mode))
    except Exception as exc:  # noqa: BLE001
        checks.append(
            Check(
                "database connection",
                False,
                f"{safe_url} ({conn_info.source}; password: "
                f"{describe_password(conn_info.password)}): {getattr(exc, 'orig', exc)}",
            )
        )
    finally:
        db.dispose()
    checks.append(_check_medintux(settings))
    checks.append(_check_folder(settings.path_setting(IFACE, "Dossier_Entrees")))
    if qt_check is not None:
        checks.append(qt_check())
    return checks


def describe_password(form: str) -> str:
    """How the password was written in the ini (never the password itself)."""
    return {
        "2.x encoded": "2.x encoded form ('#' + hex), decoded",
        "clear": "in clear",
        "none": "none",
    }.get(form, form or "none")


def _check_medintux(settings: Settings) -> Check:
    """The MedinTux connection (task notes; responsibles while our table is empty)."""
    try:
        url, source, form = settings.medintux_connection()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return Check("MedinTux connection", False, str(exc))
    if not url:
        return Check(
            "MedinTux connection",
            True,
            "not configured (responsibles: Personnes of the board database if present)",
        )
    safe = make_url(url).render_as_string(hide_password=True)
    how = f"; password: {describe_password(form)}" if form else ""
    return Check("MedinTux connection", True, f"{safe} ({source}{how})")


def _check_folder(folder: Path) -> Check:
    if not folder.exists():
        return Check(
            "entry folder",
            False,
            f"{folder} does not exist (create it or fix [Interface] Dossier_Entrees)",
        )
    if not folder.is_dir():
        return Check("entry folder", False, f"{folder} is not a folder")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".synoptux-doctor-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return Check("entry folder", False, f"{folder} is not writable: {exc.strerror}")
    return Check("entry folder", True, f"{folder} (writable)")
