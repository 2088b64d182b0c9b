"""CSV and JSON output of a report: one CSV file per table."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from synoptux.stats.model import StatsReport, StatTable


def _cell(value: object) -> object:
    return "" if value is None else value


def write_table_csv(table: StatTable, path: Path) -> Path:
    """Write one table; UTF-8 with a BOM so that spreadsheets detect the accents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_cell(v) for v in row])
    tmp.replace(path)
    return path


def write_csv(report: StatsReport, folder: Path) -> list[Path]:
    """Every table of the report as `<folder>/<table name>.csv`, plus notes.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [write_table_csv(t, folder / f"{name}.csv") for name, t in report.tables.items()]
    notes = folder / "notes.txt"
    notes.write_text(
        f"Period {report.date_from} - {report.date_to} (computed {report.generated_at:%Y-%m-%d %H:%M})\n"
        + "".join(f"- {n}\n" for n in report.notes),
        encoding="utf-8",
    )
    paths.append(notes)
    return paths


def to_json(report: StatsReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
