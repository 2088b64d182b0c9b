"""Helpers of the entry-file tests: the sample entries, files dropped into a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

# Sample entry files as DrTux writes them, kept in the repo so the suite runs anywhere.
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "entries"


def drop(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def copy_samples(folder: Path) -> list[Path]:
    out = []
    for src in sorted(SAMPLES.glob("*.txt")):
        out.append(Path(shutil.copy2(src, folder / src.name)))
    return out
