"""Which program the board may start: the annex program of a patient (the DrTux
button: `EC_ProgAnnexe`, `Programme_Annexe=`) and the reader of a task's note file
(`EN_NomProgNote`, `Nom_Lecteur_Note=`).

Both names come from data (entry files, MedinTux macros, any row written into the
database), so the board starts only what the administrator allowed in
`[Interface] Programmes_Autorises` (full paths of programs, or folders ending
with `/` whose programs are all allowed), and decides on real paths:
- a bare name (`sh`, `drtux.exe`) is refused: programs are never looked up
  through PATH;
- a relative path (`../../Programmes/drtux/bin/drtux`, as 2.x entries write it)
  is taken from the folder of synoptux.ini, never from the working folder;
- symbolic links and `..` are resolved (on the program and on the rules) before a
  folder rule is checked, so a link inside an allowed folder to `/bin/sh` is
  refused;
- batch files (`.bat`, `.cmd`) are refused: Windows runs them through cmd.exe,
  which would read the arguments (patient data) as commands.
Arguments are never given to a shell: the caller passes them as a list.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from synoptux.config import KEYS, Settings

log = logging.getLogger(__name__)
WINDOWS = sys.platform.startswith("win")
BATCH = (".bat", ".cmd")
SEPARATORS = ("/", "\\")


@dataclass(frozen=True)
class Decision:
    """What to do with a program named by data: run `path`, or refuse for `reason`
    (`bare`, `missing`, `not_executable`, `batch`, `not_allowed`)."""

    named: str
    path: str | None = None
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.path is not None


def _foreign(entry: str) -> bool:
    """A path of the other operating system (the ini may serve Windows and Linux screens)."""
    if WINDOWS:
        return False
    return PureWindowsPath(entry).drive != "" or entry.startswith("\\\\")


def _absolute(entry: str, base: Path) -> Path:
    p = Path(entry)
    if WINDOWS:
        return p if p.is_absolute() else base / p
    return p if PurePosixPath(entry).is_absolute() else base / p


class ProgramPolicy:
    """The allow-list of one screen (from its synoptux.ini)."""

    def __init__(self, rules: tuple[str, ...] | list[str], base_dir: Path) -> None:
        self.base_dir = Path(base_dir)
        self.files: set[str] = set()
        self.folders: list[str] = []
        for entry in rules:
            if _foreign(entry):
                continue
            real = os.path.realpath(_absolute(entry, self.base_dir))
            if entry.endswith(SEPARATORS) or os.path.isdir(real):
                self.folders.append(real)
            else:
                self.files.add(os.path.normcase(real))

    @classmethod
    def from_settings(cls, settings: Settings) -> ProgramPolicy:
        return cls(settings[KEYS.ALLOWED_PROGRAMS], settings.base_dir)

    def _allows(self, real: str) -> bool:
        if os.path.normcase(real) in self.files:
            return True
        for folder in self.folders:
            try:
                if os.path.commonpath([real, folder]) == folder:
                    return True
            except ValueError:  # another drive
                continue
        return False

    def check(self, named: str) -> Decision:
        """Decide on a program named by data (never raises)."""
        raw = (named or "").strip()
        if not any(sep in raw for sep in SEPARATORS):
            return self._refuse(raw, "bare")
        path = _absolute(raw, self.base_dir)
        if WINDOWS and not path.suffix and not path.exists():
            path = path.with_name(path.name + ".exe")  # 2.x appended it on Windows
        real = os.path.realpath(path)
        if not os.path.isfile(real):
            return self._refuse(raw, "missing")
        if real.lower().endswith(BATCH):
            return self._refuse(raw, "batch")
        if not os.access(real, os.X_OK):
            return self._refuse(raw, "not_executable")
        if not self._allows(real):
            return self._refuse(raw, "not_allowed", real)
        return Decision(raw, path=real)

    @staticmethod
    def _refuse(raw: str, reason: str, real: str | None = None) -> Decision:
        shown = f"{raw!r}" + (f" (really {real})" if real and real != raw else "")
        log.warning("program named by the data refused (%s): %s", reason, shown)
        return Decision(raw, reason=reason)
