"""synoptux.ini on disk: where it is (--config, $SYNOPTUX_CONFIG, ./synoptux.ini) and
reading it, refused with ConfigFileError when it cannot be used.
"""

from __future__ import annotations

import os
from pathlib import Path

from synoptux.config_types import Msg, msg
from synoptux.inifile import IniDocument
from synoptux.speech import QT_TRANSLATE_NOOP


class ConfigFileError(ValueError):
    """synoptux.ini itself cannot be used: missing (when named), unreadable, or damaged."""

    def __init__(self, path: Path, kind: str, detail: str | Msg, line: int | None = None) -> None:
        super().__init__(f"configuration file {path}: {detail}")
        self.path, self.kind, self.detail, self.line = path, kind, str(detail), line
        self.msg = msg(
            QT_TRANSLATE_NOOP("Settings", "configuration file {path}: {detail}"),
            path=path,
            detail=detail,
        )

    def translated(self, tr) -> str:  # tr: str -> str
        return self.msg.translated(tr)


def read_config(p: Path, named: bool) -> IniDocument | None:
    """The document of the file `p`; None when it does not exist and was not named (a new
    file). A named file that does not exist, a path that cannot be read, or a file that is
    not an ini (binary garbage, control characters, lines that are neither sections nor
    keys) raise ConfigFileError: never taken as empty, which would open the default
    database instead of the site's."""
    if not p.exists():
        if named:
            raise ConfigFileError(
                p, "missing", msg(QT_TRANSLATE_NOOP("Settings", "does not exist"))
            )
        return None
    if p.is_dir():
        raise ConfigFileError(
            p, "unreadable", msg(QT_TRANSLATE_NOOP("Settings", "is a folder, not a file"))
        )
    try:
        doc = IniDocument.load(p)
    except OSError as exc:
        raise ConfigFileError(
            p,
            "unreadable",
            msg(QT_TRANSLATE_NOOP("Settings", "cannot be read ({error})"), error=exc.strerror),
        ) from None
    if doc.malformed:
        number, text = doc.malformed[0]
        shown = text.encode("ascii", "backslashreplace").decode()[:60]
        more = len(doc.malformed) - 1
        raise ConfigFileError(
            p,
            "corrupt",
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "damaged: line {number} is not an ini line ({text}), and {more} more; "
                    "fix or restore the file",
                ),
                number=number,
                text=repr(shown),
                more=more,
            )
            if more
            else msg(
                QT_TRANSLATE_NOOP(
                    "Settings",
                    "damaged: line {number} is not an ini line ({text}); fix or restore the file",
                ),
                number=number,
                text=repr(shown),
            ),
            number,
        )
    return doc


def find_config(explicit: str | None) -> Path | None:
    """--config, then $SYNOPTUX_CONFIG, then ./synoptux.ini."""
    return locate_config(explicit)[0]


def locate_config(explicit: str | None) -> tuple[Path | None, bool]:
    """(path, named): --config, then $SYNOPTUX_CONFIG (named: it must exist), then
    ./synoptux.ini (found: the shipped default configuration, or none)."""
    if explicit:
        return Path(explicit), True
    env = os.environ.get("SYNOPTUX_CONFIG")
    if env:
        return Path(env), True
    local = Path.cwd() / "synoptux.ini"
    return (local if local.exists() or local.is_symlink() else None), False
