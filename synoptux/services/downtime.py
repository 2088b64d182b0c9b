"""The downtime copy: the board written as PDF and HTML into folders, for the hours the
database is down (planned maintenance, an outage).

Written every `[Copie_Secours] Periodicite_en_minutes` by the board's process and by
`synoptux serve` (each runs `synoptux export-board` in a child process: the board's window
and the web server never wait for it), on demand (*Fichiers → Imprimer le tableau*), and by
`synoptux export-board` from cron.

In each folder (`Dossier`, and `Dossier_Partage` when set):
- `synoptux-tableau.pdf` / `.html`: the latest copy, replaced atomically (a reader never
  sees half a file; a failed export leaves the previous copy whole);
- `synoptux-tableau-YYYYMMDD-HHMMSS.pdf` / `.html`: dated copies, the last
  `Nombre_Conserve` kept.
Files follow the fileperm rule (private, or the group's in a setgid folder): they hold
names. Nothing is written when the board cannot be read: the last good copy stays.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from synoptux.config import KEYS, Settings
from synoptux.fileperm import atomic_write, make_dir

log = logging.getLogger(__name__)

STEM = "synoptux-tableau"
_DATED = re.compile(rf"^{STEM}-(\d{{8}}-\d{{6}})\.(pdf|html)$")
STALE_TMP_S = 3600.0


@dataclass
class CopyReport:
    taken: datetime
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pdf_error: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.written) and not self.errors and self.pdf_error is None


def copy_folders(settings: Settings) -> list[Path]:
    folders = [settings.path_of(KEYS.COPY_FOLDER)]
    if settings[KEYS.COPY_SHARE].strip():
        share = settings.path_of(KEYS.COPY_SHARE)
        if share not in folders:
            folders.append(share)
    return folders


def _prune(folder: Path, keep: int) -> None:
    dated: dict[str, list[Path]] = {}
    now = time.time()
    for entry in folder.iterdir():
        match = _DATED.match(entry.name)
        if match:
            dated.setdefault(match.group(2), []).append(entry)
        elif entry.name.startswith(f".{STEM}") and entry.name.endswith(".tmp"):
            try:  # left by a writer that died: gone after an hour
                if now - entry.stat().st_mtime > STALE_TMP_S:
                    entry.unlink()
            except OSError:
                pass
    for files in dated.values():
        for old in sorted(files, key=lambda p: p.name)[:-keep]:
            try:
                old.unlink()
            except FileNotFoundError:  # another writer pruned it
                pass


def write_copy(
    folders: list[Path], taken: datetime, html: str, pdf: bytes | None, keep: int
) -> CopyReport:
    """Write the latest and a dated copy into each folder; a folder that fails does not
    stop the others (the share may be down when the local disk is not)."""
    report = CopyReport(taken)
    stamp = taken.strftime("%Y%m%d-%H%M%S")
    parts = [("html", html.encode("utf-8"))] + ([("pdf", pdf)] if pdf is not None else [])
    for folder in folders:
        try:
            make_dir(folder)
            for ext, data in parts:
                dated = folder / f"{STEM}-{stamp}.{ext}"
                atomic_write(dated, data)
                atomic_write(folder / f"{STEM}.{ext}", data)
                report.written.append(dated)
            _prune(folder, max(1, keep))
        except OSError as exc:
            report.errors.append(f"{folder}: {exc}")
            log.warning("downtime copy not written in %s: %s", folder, exc)
    return report


def export_board(
    settings: Settings,
    *,
    now: datetime | None = None,
    pdf: Callable[[str], bytes] | None = None,
) -> CopyReport:
    """Read the board, render it (HTML, and the PDF through `pdf` when given) and write the
    copy into the configured folders. Raises when the database cannot be read (nothing
    is written then)."""
    from synoptux.services.board_print import board_html
    from synoptux.services.setup import open_database
    from synoptux.services.snapshot import load_board

    taken = datetime.now().replace(microsecond=0)
    now = now or taken
    db = open_database(settings, look=True)
    try:
        board = load_board(db, now)
    finally:
        db.dispose()
    lang = settings[KEYS.LANGUAGE]
    html = board_html(board, now, taken, lang=lang)
    data, pdf_error = None, None
    if pdf is not None:
        try:
            data = pdf(html)
        except Exception as exc:  # the HTML copy is still worth writing
            pdf_error = str(exc) or type(exc).__name__
            log.warning("downtime copy: no PDF (%s); the HTML copy is written", pdf_error)
    keep = settings[KEYS.COPY_KEEP]
    report = write_copy(copy_folders(settings), taken, html, data, keep)
    report.pdf_error = pdf_error
    return report


def export_command(settings: Settings, extra: list[str] | None = None) -> list[str]:
    """The child process that writes one copy: `python -m synoptux export-board` for this
    site (its ini; `extra` repeats `--db`/`--prefix` given on the command line)."""
    import sys

    argv = [sys.executable, "-m", "synoptux"]
    if settings.path is not None:
        argv += ["--config", os.fspath(settings.path)]
    return argv + ["export-board", *(extra or [])]
