"""The statistics report's own texts (table titles, notes: made in stats/, said by the
window) have their French in the one .ts (every string in the code: tests/ui/test_i18n.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

from synoptux.resources.translations.update_ts import TS


def _translations() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name")
        out[name] = {m.findtext("source"): m.findtext("translation") for m in ctx.iter("message")}
    return out


def test_table_titles_and_notes_are_translated(ward) -> None:
    from synoptux.stats.report import compute_stats
    from tests.stats.test_figures import _day

    _day(ward)
    p = ward.admit("NUIT", "A1", "23:30")
    ward.task(p, "ECG")
    report = compute_stats(
        ward.db,
        date(2026, 11, 23),
        date(2026, 11, 23),
        now=datetime(2026, 11, 24, 1, 0),
        threshold=3,
    )
    ts = _translations()["StatsWindow"]
    assert [t.title for t in report.tables.values() if not ts.get(t.title)] == []
    assert report.note_items
    assert [text for text, _v in report.note_items if not ts.get(text)] == []
