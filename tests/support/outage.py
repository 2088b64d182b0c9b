"""Helpers of the outage tests: the board settings they run with."""

from __future__ import annotations

from pathlib import Path

from synoptux.config import Settings


def board_settings(folder: Path) -> Settings:
    """The shipped timings (the database checked every 150 ms), a private entry folder."""
    return Settings.from_text(f"[Interface]\nDossier_Entrees={folder}\nCode_Box_Par_Defaut=A1\n")
