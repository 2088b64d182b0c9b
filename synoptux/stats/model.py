"""The result of a statistics run: named tables plus notes, ready for UI, CSV and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class StatTable:
    """One table of figures. Column names are stable identifiers (CSV headers, JSON keys)."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[object]] = field(default_factory=list)
    note: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # display names of data columns

    def as_dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[object]:
        idx = self.columns.index(name)
        return [row[idx] for row in self.rows]

    def row(self, key: object) -> list[object] | None:
        """The first row whose first cell is `key`."""
        return next((r for r in self.rows if r[0] == key), None)


@dataclass
class StatsReport:
    date_from: date
    date_to: date
    generated_at: datetime
    stress_threshold: int
    tables: dict[str, StatTable] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # The same notes as (English template, values), for a translated display.
    note_items: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def add(self, table: StatTable) -> StatTable:
        self.tables[table.name] = table
        return table

    def note(self, template: str, **values: object) -> None:
        self.notes.append(template.format(**values))
        self.note_items.append((template, values))

    def value(self, metric: str) -> object:
        """A figure of the summary table."""
        row = self.tables["summary"].row(metric)
        if row is None:
            raise KeyError(metric)
        return row[1]

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "generated_at": self.generated_at.isoformat(sep=" "),
            "stress_threshold": self.stress_threshold,
            "notes": list(self.notes),
            "timings_ms": dict(self.timings_ms),
            "tables": {
                name: {"title": t.title, "columns": t.columns, "rows": t.rows, "note": t.note}
                for name, t in self.tables.items()
            },
        }
