"""Layers import only downward: ui -> services/ingest/stats -> db/domain (architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "synoptux"
# package -> packages of ours it must not import
FORBIDDEN = {
    "domain": {"db", "services", "ingest", "stats", "ui", "config", "cli", "web"},
    "db": {"services", "ingest", "stats", "ui", "cli", "web"},
    "services": {"ui", "cli", "ingest", "stats", "web"},
    "stats": {"ui", "cli", "ingest", "web"},
    "ingest": {"ui", "cli", "web"},
    # The web view sits beside ui/, above the services; it never imports Qt (below).
    "web": {"ui", "cli", "ingest", "stats"},
    "ui": {"web"},
}
QT_ALLOWED = {"ui", "cli.py", "__main__.py"}
THIRD_PARTY_FORBIDDEN_IN_DOMAIN = {"sqlalchemy", "PySide6", "pymysql", "watchdog"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules():
    return sorted(p for p in ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path):
    rel = path.relative_to(ROOT)
    top = rel.parts[0]
    names = imports(path)
    ours = {n.split(".")[1] for n in names if n.startswith("synoptux.") and n.count(".") >= 1}
    bad = ours & FORBIDDEN.get(top, set())
    assert not bad, f"{rel} imports {bad}"
    if top not in QT_ALLOWED:
        assert not any(n.split(".")[0] == "PySide6" for n in names), f"{rel} imports Qt"
    if top == "domain":
        assert not {n.split(".")[0] for n in names} & THIRD_PARTY_FORBIDDEN_IN_DOMAIN
