"""The one translation pipeline, Qt's own tools (README, "Translations"):

    python3 dev.py translations
    # = pyside6-lupdate -locations none -no-obsolete <every .py under synoptux/> -ts synoptux_fr.ts
    #   pyside6-lrelease synoptux_fr.ts -qm synoptux_fr.qm

lupdate reads the strings where they are written: `QCoreApplication.translate("Context",
"text")` in ui/, `translate("Context", "text")` (synoptux.speech) and
`QT_TRANSLATE_NOOP("Context", "text")` (a text defined here, said later) in the layers
without Qt. New strings arrive in synoptux_fr.ts as unfinished: write their French there
(Qt Linguist, or any editor), run this again, commit the .ts and the .qm. Exit status 1
while a string has no French.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parents[1]
TS = HERE / "synoptux_fr.ts"
QM = HERE / "synoptux_fr.qm"


def sources() -> list[Path]:
    """Every Python file of the package (walked, so a new module is never forgotten)."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside the running interpreter (the venv's)."""
    found = Path(sys.executable).with_name(name)
    return str(found) if found.exists() else name


def lupdate(ts: Path) -> None:
    """Bring `ts` up to date with the sources: new strings added (unfinished), strings no
    longer in the code dropped, every translation of a string still there kept."""
    listing = ts.with_name(ts.name + ".files")
    listing.write_text("\n".join(str(p) for p in sources()) + "\n", encoding="utf-8")
    try:
        subprocess.run(
            [tool("pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete"]
            + [f"@{listing}", "-ts", str(ts)],
            check=True,
        )
    finally:
        listing.unlink()


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
    )


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, English) of every string that has no French yet."""
    return [
        (ctx.findtext("name") or "", m.findtext("source") or "")
        for ctx in ET.parse(ts).getroot().iter("context")
        for m in ctx.iter("message")
        if _no_french(m.find("translation"))
    ]


def _no_french(translation: ET.Element | None) -> bool:
    return (
        translation is None
        or translation.get("type") == "unfinished"
        or not (translation.text or "").strip()
    )


def main() -> int:
    lupdate(TS)
    lrelease(TS, QM)
    missing = unfinished(TS)
    for ctx, text in missing:
        print(f"no French yet: [{ctx}] {text}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
