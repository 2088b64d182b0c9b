"""`synoptux stats --from DATE --to DATE [--format csv|json] [--out DIR] [--audit]`.

With `--audit`: the administration audit trail of the period instead of the figures
(who — screen and admin session —, what, before and after; stats/audit.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from synoptux.config import KEYS, Settings
from synoptux.db.engine import DatabaseUnavailable
from synoptux.speech import translate
from synoptux.stats.export import Cell, Header, to_json, write_csv
from synoptux.stats.report import PeriodError, compute_stats, parse_day


def run_stats(
    args: argparse.Namespace,
    settings: Settings,
    header: Header | None = None,
    cell: Cell | None = None,
) -> int:
    """The figures (or the audit trail) of the period. The CSV files' column names and
    words are `header`'s and `cell`'s (cli.py gives the statistics window's, in the
    interface language); without them, the identifiers."""
    from synoptux.services.setup import open_database

    try:
        first = parse_day(args.date_from, "--from")
        last = parse_day(args.date_to, "--to")
        if last < first:
            raise PeriodError(
                translate("Stats", "--to {last} is before --from {first}").format(
                    last=last, first=first
                )
            )
    except PeriodError as exc:
        print(translate("Stats", "synoptux stats: {error}").format(error=exc), file=sys.stderr)
        return 2
    if getattr(args, "audit", False):
        return _run_audit(args, settings, first, last)
    now = getattr(args, "now", None) or datetime.now().replace(microsecond=0)
    threshold = settings.strict(KEYS.STRESS_THRESHOLD)
    db = open_database(settings)
    try:
        report = compute_stats(db, first, last, now=now, threshold=threshold)
    except DatabaseUnavailable as exc:
        print(
            translate("Stats", "synoptux stats: database unavailable: {error}").format(error=exc),
            file=sys.stderr,
        )
        return 3
    finally:
        db.dispose()
    fmt = getattr(args, "format", "json") or "json"
    out: Path | None = getattr(args, "out", None)
    if fmt == "csv":
        folder = out or Path(f"stats_{first}_{last}")
        for path in write_csv(report, folder, header, cell):
            print(path)
        return 0
    text = to_json(report)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"stats_{first}_{last}.json"
        path.write_text(text + "\n", encoding="utf-8")
        print(path)
    else:
        print(text)
    return 0


def _run_audit(args: argparse.Namespace, settings: Settings, first, last) -> int:
    from synoptux.fileperm import atomic_write, make_dir
    from synoptux.services.setup import open_database
    from synoptux.stats.audit import audit_lines, to_csv, to_json

    db = open_database(settings, writes=False)
    try:
        lines = audit_lines(db, first, last)
    except DatabaseUnavailable as exc:
        print(
            translate("Stats", "synoptux stats: database unavailable: {error}").format(error=exc),
            file=sys.stderr,
        )
        return 3
    finally:
        db.dispose()
    csv_out = (getattr(args, "format", "json") or "json") == "csv"
    text = to_csv(lines) if csv_out else to_json(lines) + "\n"
    out: Path | None = getattr(args, "out", None)
    if out is None:
        sys.stdout.write(text)
        return 0
    make_dir(out)  # the audit names screens and may quote settings: private
    path = out / f"audit_{first}_{last}.{'csv' if csv_out else 'json'}"
    atomic_write(path, text.encode("utf-8-sig" if csv_out else "utf-8"))
    print(path)
    return 0
