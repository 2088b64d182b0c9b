"""CSV and JSON output of a report: one CSV file per table."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from synoptux.speech import translate
from synoptux.stats.model import StatsReport, StatTable


def _cell(value: object) -> object:
    return "" if value is None else value


# A column's header in the file: its identifier by default; the statistics window and
# `synoptux stats` (cli.py) give the names the window shows, in the interface language.
Header = Callable[[str, StatTable], str]
# A cell's words likewise (weekdays, the summary's figure names): as computed by default.
Cell = Callable[[StatTable, str, object], object]


def write_table_csv(
    table: StatTable, path: Path, header: Header | None = None, cell: Cell | None = None
) -> Path:
    """Write one table; UTF-8 with a BOM so that spreadsheets detect the accents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([header(c, table) for c in table.columns] if header else table.columns)
        for row in table.rows:
            if cell is not None:
                row = [cell(table, c, v) for c, v in zip(table.columns, row, strict=True)]
            writer.writerow([_cell(v) for v in row])
    tmp.replace(path)
    return path


def write_csv(
    report: StatsReport, folder: Path, header: Header | None = None, cell: Cell | None = None
) -> list[Path]:
    """Every table of the report as `<folder>/<table name>.csv`, plus notes.txt (in the
    interface language: synoptux.speech)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [
        write_table_csv(t, folder / f"{name}.csv", header, cell)
        for name, t in report.tables.items()
    ]
    notes = folder / "notes.txt"
    title = translate("StatsWindow", "Period {first} - {last} (computed {when})").format(
        first=report.date_from, last=report.date_to, when=f"{report.generated_at:%Y-%m-%d %H:%M}"
    )
    said = [translate("StatsWindow", text).format(**values) for text, values in report.note_items]
    notes.write_text(title + "\n" + "".join(f"- {n}\n" for n in said), encoding="utf-8")
    paths.append(notes)
    return paths


def to_json(report: StatsReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
