"""Every admin UI string has a French translation with the same placeholders."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ADMIN = Path(__file__).resolve().parents[2] / "synoptux" / "ui" / "admin"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def source_strings() -> set[str]:
    found: set[str] = set()
    for path in ADMIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_admin_string_is_translated() -> None:
    root = ET.parse(ADMIN / "synoptux_fr_admin.ts").getroot()
    ts = {
        m.findtext("source"): m.findtext("translation") or ""
        for ctx in root.iter("context")
        if ctx.findtext("name") == "Admin"
        for m in ctx.iter("message")
    }
    missing = sorted(s for s in source_strings() if not ts.get(s))
    assert not missing, f"untranslated: {missing}"
    for source, french in ts.items():
        assert set(PLACEHOLDER.findall(source)) == set(PLACEHOLDER.findall(french)), source


def test_french_applies_through_qt(qtbot, tmp_path) -> None:  # noqa: ANN001
    import subprocess
    import sys

    from PySide6.QtCore import QCoreApplication, QTranslator

    from synoptux.ui.admin.widgets import tr

    qm = tmp_path / "admin_fr.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run(
        [str(lrelease), str(ADMIN / "synoptux_fr_admin.ts"), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        assert tr("Boxes…") == "Box…"
        assert tr("Delete {what}?").format(what="S9") == "Supprimer S9 ?"
    finally:
        QCoreApplication.removeTranslator(translator)
