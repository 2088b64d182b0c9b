"""`synoptux upgrade` on the command line: --dry-run, --restore, --backup-dir.

The work is `db/upgrade.py`'s (which prints nothing); this module reads the arguments,
prints its progress and the data findings, and turns failures into a message on stderr and
an exit status. Every line is said in the interface language (cli.py's `_speaking`: French
by default, `--lang en`): the texts are marked for synoptux_fr.ts where they are written,
here and in db/upgrade*.py (context "Upgrade") and db/findings.py ("Settings")."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from synoptux.config import Settings
from synoptux.db.engine import DatabaseUnavailable
from synoptux.db.findings import describe_findings
from synoptux.db.schema import ensure_schema
from synoptux.db.upgrade import (
    UpgradeError,
    open_for_upgrade,
    restore,
    said_settings,
    upgrade,
)
from synoptux.db.upgrade_plan import make_plan
from synoptux.speech import translate


def _say(line: str) -> None:
    print(line, flush=True)  # an upgrade takes minutes: each step shows as it ends


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """The `synoptux upgrade` command: --dry-run, --restore, --backup-dir."""
    conn = settings.connection()
    db = open_for_upgrade(conn.url, conn.prefix)
    backup_dir = (
        Path(args.backup_dir)
        if getattr(args, "backup_dir", None)
        else (settings.base_dir / "var" / "backups")
    )
    try:
        if db.dialect == "sqlite":
            if args.restore:
                print(
                    translate(
                        "Upgrade",
                        "SQLite: nothing to restore (no 2.x upgrade is done on SQLite; copy the "
                        "file to keep a backup)",
                    )
                )
                return 2
            if args.dry_run:
                print(
                    translate(
                        "Upgrade",
                        "SQLite: 'upgrade' would only create the missing tables/columns "
                        "(ensure_schema); 2.x sites run MySQL",
                    )
                )
                return 0
            report = ensure_schema(db)
            print(
                translate(
                    "Upgrade",
                    "SQLite: no 2.x database to adopt; schema checked (version {version}, "
                    "tables created: {tables})",
                ).format(
                    version=report.version_after,
                    tables=", ".join(report.created_tables) or translate("Upgrade", "none"),
                )
            )
            return 0
        if args.restore:
            restore(db, backup_dir, out=_say)
            return 0
        if args.dry_run:
            plan = make_plan(db)
            print(
                translate(
                    "Upgrade",
                    "dry run: nothing is changed. Backup method: SQL dump file written by "
                    "synoptux.",
                )
            )
            for line in plan.lines(backup_dir):
                print(line)
            print(
                translate(
                    "Upgrade",
                    "data kept as it is and shown marked (also listed by 'synoptux doctor'):",
                )
            )
            # Without the double encoding: the plan above already said it.
            for line in describe_findings(db, said_settings, double_encoding=False):
                print(f"  {line}")
            return 1 if plan.collisions else 0
        print(
            translate(
                "Upgrade",
                "Stop every board and MedinTux writer during the upgrade. Backup method: SQL "
                "dump file written by synoptux (restore: synoptux upgrade --restore).",
            ),
            flush=True,
        )
        upgrade(db, backup_dir, out=_say)
        for line in describe_findings(db, said_settings):
            print(line)
        return 0
    except UpgradeError as exc:
        print(f"synoptux upgrade: {exc}", file=sys.stderr)
        return 1
    except (
        SQLAlchemyError,
        DatabaseUnavailable,
        OSError,
        db.engine.dialect.loaded_dbapi.Error,
    ) as exc:
        print(
            translate(
                "Upgrade",
                "synoptux upgrade: stopped by an error: {error}. Every finished step is "
                "recorded: run the same command again to go on, or "
                "'synoptux upgrade --restore' to put the backup back.",
            ).format(error=getattr(exc, "orig", None) or exc),
            file=sys.stderr,
        )
        return 1
    finally:
        db.dispose()
