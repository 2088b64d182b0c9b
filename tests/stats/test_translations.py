"""Every English string of the statistics and history windows has its French translation."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import synoptux

ROOT = Path(synoptux.__file__).parent
TS = ROOT / "stats" / "synoptux_fr_stats.ts"


def _translations() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        name = ctx.findtext("name")
        out[name] = {m.findtext("source"): m.findtext("translation") for m in ctx.iter("message")}
    return out


def _tr_calls(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_tr" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_ui_strings_are_translated() -> None:
    ts = _translations()
    for module, ctx in (
        ("stats_window.py", "StatsWindow"),
        ("charts.py", "StatsWindow"),
        ("history_dialog.py", "History"),
    ):
        strings = _tr_calls(ROOT / "ui" / module)
        assert strings, module
        missing = sorted(s for s in strings if not ts[ctx].get(s))
        assert missing == [], (module, missing)


def test_table_titles_and_notes_are_translated(ward) -> None:  # noqa: ANN001
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
