"""`synoptux doctor` on the command line: its report, in the interface language.

The checks are services/doctor.py's; here they are printed with the data findings and the
entry folder's waiting or failed files, under the translator of --lang (else the ini's
[Interface] Langue, else French): ui/translation.py loads the board's synoptux_fr.qm
into a QCoreApplication (no platform plugin needed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from synoptux.config import KEYS, ConfigError, Settings
from synoptux.services.database import Database, sqlite_file
from synoptux.services.doctor import run_checks, speaking
from synoptux.services.doctor_check import CONNECTION, NO_SCHEMA, Check, tr_settings
from synoptux.services.doctor_environment import qt_check
from synoptux.services.setup import exit_status
from synoptux.ui.translation import language, translated


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    """The report in the interface language (--lang, else [Interface] Langue, else French)."""
    with translated(language(args, settings)), speaking(QCoreApplication.translate):
        checks = run_checks(settings, qt_check)
        for check in checks:
            print(check.line())
        status = exit_code(checks)
        # The data findings read the database: not worth a second wait on one that failed.
        extras = _doctor_extras(settings) if status not in (CONNECTION, NO_SCHEMA) else []
        for line in extras + _entry_folder_findings(settings):
            print(line)
    return status


def exit_code(checks: list[Check]) -> int:
    """0 all good; else the gravest failing check's status (README, exit status): 3 the
    database connection failed, 4 it has no Synoptux tables, 1 any other check."""
    return max((c.status for c in checks if not c.ok), default=0)


def doctor_failure(args: argparse.Namespace, settings: Settings | None, exc: Exception) -> str:
    """Doctor's one line when the settings cannot even be loaded, in the interface language."""
    with translated(language(args, settings)), speaking(QCoreApplication.translate):
        found = exit_status(exc, tr_settings)
        return Check(
            QCoreApplication.translate("Doctor", "configuration"),
            False,
            found[1] if found else str(exc),
        ).line()


def _doctor_extras(settings: Settings) -> list[str]:
    """Data findings (orphans, unknown codes) where the upgrade module provides them."""
    try:
        from synoptux.services.database import describe_findings
    except ImportError:
        return []
    try:
        conn = settings.connection()
        path = sqlite_file(conn.url)
        if path and not Path(path).is_file():
            return []  # said by the checks; connecting would create the file
        db = Database.from_url(conn.url, conn.prefix)
        try:
            return describe_findings(db, tr_settings)
        finally:
            db.dispose()
    except Exception as exc:
        return [
            QCoreApplication.translate("Doctor", "INFO data checks skipped: {error}").format(
                error=exc.translated(tr_settings)
                if isinstance(exc, ConfigError)
                else str(getattr(exc, "orig", exc)).splitlines()[0]
            )
        ]


def _entry_folder_findings(settings: Settings) -> list[str]:
    """Files waiting or in error: the usual reason an entry 'never appeared'."""
    from synoptux.ingest.folder import EntryFolder

    folder = EntryFolder(settings.path_of(KEYS.ENTRY_FOLDER))
    if not folder.root.is_dir():
        return []
    lines = []
    errors = folder.error_files() if folder.errors.is_dir() else []
    if errors:
        lines.append(
            QCoreApplication.translate("Doctor", "WARN {count} entry file(s) in {folder}:").format(
                count=len(errors), folder=folder.errors
            )
        )
        for err in errors[:10]:
            first = (
                err.reason.strip().splitlines()
                or [QCoreApplication.translate("Doctor", "(no reason recorded)")]
            )[0]
            lines.append(f"     {err.name}: {first}")
    waiting = folder.inbox_files() + (folder.claimed_files() if folder.claimed.is_dir() else [])
    if waiting:
        lines.append(
            QCoreApplication.translate(
                "Doctor",
                "INFO {count} entry file(s) waiting to be applied (is a board or "
                "`synoptux ingest` running?)",
            ).format(count=len(waiting))
        )
    return lines
