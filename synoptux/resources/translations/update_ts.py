"""Refresh the board's own contexts in synoptux_fr.ts from the sources, then compile.

    .venv/bin/python synoptux/resources/translations/update_ts.py

Strings are found by reading the code (`_tr("...")` of a module whose `_tr`
calls `QCoreApplication.translate("Context", text)`, and direct
`QCoreApplication.translate("Context", "...")` calls). French texts come from
FRENCH below. Contexts written by other modules are kept as they are, and the
French fragments other modules keep beside their code (`synoptux/**/synoptux_fr_*.ts`,
e.g. the admin menus') are merged in, their contexts replacing older copies.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TS = HERE / "synoptux_fr.ts"
QM = HERE / "synoptux_fr.qm"
SOURCES = [
    "actions.py",
    "alarm_strip.py",
    "box_panel.py",
    "comment_dialog.py",
    "compose.py",
    "confirm.py",
    "destination_dialog.py",
    "launch.py",
    "log_dialog.py",
    "main_window.py",
    "messages.py",
    "move_dialog.py",
    "note_popup.py",
    "patient_sheet.py",
    "responsible_picker.py",
    "row_texts.py",
    "stale_mark.py",
    "state_bar.py",
    "task_picker.py",
    "ward_dialogs.py",
]
# Outside the window (paths under synoptux/): `synoptux doctor`'s words (context "Doctor").
OTHER_SOURCES = ["ui/doctor_cli.py", "services/doctor.py"]
# Settings messages (config_types.Msg, made by `msg("...")`): context "Settings", said in
# the interface language where they are shown (doctor).
SETTINGS_SOURCES = [
    "config.py",
    "config_types.py",
    "config_url.py",
    "db/findings.py",
    "db/galera.py",
    "qtcheck.py",
    "services/setup.py",
]
SETTINGS_CONTEXT = "Settings"
sys.path.insert(0, str(HERE))
# this folder's french.py, found through sys.path above (not as a package module)
from french import FRENCH  # type: ignore[import-not-found]  # noqa: E402


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    context = None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and "translate" in (
                    getattr(call.func, "attr", ""),
                    getattr(call.func, "id", ""),
                ):
                    context = _literal(call.args[0])
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name == "_tr" and node.args and context and (text := _literal(node.args[0])):
            found.append((context, text))
        elif name == "translate" and len(node.args) >= 2:
            ctx, text = _literal(node.args[0]), _literal(node.args[1])
            if ctx and text:
                found.append((ctx, text))
    return found


def extract_messages(path: Path) -> list[tuple[str, str]]:
    """The templates of `msg("...")` calls (config_types.Msg)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg" and node.args:
            if text := _literal(node.args[0]):
                found.append((SETTINGS_CONTEXT, text))
    return found


def fragments() -> list[Path]:
    return sorted((ROOT / "synoptux").rglob("synoptux_fr_*.ts"))


def main() -> int:
    strings: dict[str, list[str]] = {}
    found = [pair for name in SOURCES for pair in extract(ROOT / "synoptux" / "ui" / name)]
    found += [pair for name in OTHER_SOURCES for pair in extract(ROOT / "synoptux" / name)]
    found += [
        pair for name in SETTINGS_SOURCES for pair in extract_messages(ROOT / "synoptux" / name)
    ]
    for ctx, text in found:
        if text not in strings.setdefault(ctx, []):
            strings[ctx].append(text)
    if TS.exists():
        root = ET.parse(TS).getroot()
    else:
        root = ET.Element("TS", version="2.1", language="fr_FR", sourcelanguage="en")
    for ctx_el in list(root.findall("context")):
        if ctx_el.findtext("name") in strings:
            root.remove(ctx_el)
    for frag in fragments():
        for ctx_el in ET.parse(frag).getroot().findall("context"):
            name = ctx_el.findtext("name")
            if name in strings:
                continue  # the board's own contexts come from the code
            for old in [c for c in root.findall("context") if c.findtext("name") == name]:
                root.remove(old)
            root.append(ctx_el)
    missing = []
    for ctx in sorted(strings):
        ctx_el = ET.SubElement(root, "context")
        ET.SubElement(ctx_el, "name").text = ctx
        for text in strings[ctx]:
            msg = ET.SubElement(ctx_el, "message")
            ET.SubElement(msg, "source").text = text
            fr = FRENCH.get(text)
            tr = ET.SubElement(msg, "translation")
            if fr is None:
                missing.append(f"{ctx}: {text}")
                tr.set("type", "unfinished")
            else:
                tr.text = fr
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    TS.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(QM)], check=True)
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
