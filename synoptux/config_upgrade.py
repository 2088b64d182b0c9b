"""synoptux.ini's layout versions: `upgrade_config_N(doc)` takes a file of layout N-1 to N.

As Picard's config upgrade hooks (`upgrade_to_v...`): the file says its layout version
(`[Synoptux] Version_Config`, a section 2.x's QSettings ignores and keeps), and on load
the steps above it run in order on a copy of the file, each one writing its number, so
the board reads every file in today's layout. The copy is what the board reads and what
the administration's settings form saves (`Settings.save_document`, with the version);
the board's own saves (window positions, a command's key) write only their
lines into the file as it was, so a start never rewrites a site's file, and a 2.x program
sharing it sees nothing change. A file of a newer layout is read as it is, with a warning.

Layout 1 is 2.x's, which this board has read unchanged so far: no key has changed name or
form since (git history of config_keys.py: every key is still read under the name, in
the section and in the form of its first declaration; only defaults, ranges and help
changed). A file without a version is of layout 1, and none is written while this is
the current layout (a site's file keeps its bytes). The first change of a key's name or
form, or of what an absent key means, adds `upgrade_config_2`: from then on the
administration's save and a file the board creates carry the version.

Writing a step: it is frozen once released; it says what the layout was at its version,
with literal values, never today's defaults (which may change again). It must accept a
file that a board of the previous version wrote *after* an upgrade it did not save (the
old and the new spelling of a key both present: the new one wins). `rename_key` does so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from synoptux.config_keys import CONFIG_VERSION
from synoptux.domain.values import whole_number
from synoptux.inifile import IniDocument

log = logging.getLogger("synoptux.config")  # with the other synoptux.ini messages
_SAID: set[tuple[str, str]] = set()  # (file, version) warnings already logged
Step = Callable[[IniDocument], None]
UNVERSIONED = 1  # the layout of a file that says none: 2.x's


def rename_key(doc: IniDocument, section: str, old: str, new: str) -> None:
    """[section] old becomes new (a step's tool); when both are there, new wins."""
    value = doc.get(section, old)
    if value is not None and doc.get(section, new) is None:
        doc.set(section, new, value)
    doc.remove(section, old)


# upgrade_config_2(doc), upgrade_config_3(doc)... come here, in order, and in STEPS.
STEPS: dict[int, Step] = {}


def current_version(steps: Mapping[int, Step] | None = None) -> int:
    """The layout this Synoptux writes: its last step's, or 2.x's when it has none."""
    return max(STEPS if steps is None else steps, default=UNVERSIONED)


@dataclass(frozen=True)
class Upgrade:
    """What `upgrade` found and did."""

    found: int | None  # the file's version (0: none written; None: not a version number)
    version: int | None  # the document's version afterwards
    steps: tuple[int, ...] = ()  # the steps that ran, in order
    newer: bool = False  # written by a newer Synoptux: left as it is

    @property
    def changed(self) -> bool:
        return bool(self.steps)


def file_version(doc: IniDocument) -> int | None:
    """The layout version the document says (1, 2.x's, when it says none; None: not a
    version number)."""
    raw = doc.get(CONFIG_VERSION.section, CONFIG_VERSION.name)
    if raw is None:
        return UNVERSIONED
    number = whole_number(raw)
    return number if number is not None and number >= UNVERSIONED else None


def upgrade(doc: IniDocument, steps: Mapping[int, Step] | None = None) -> Upgrade:
    """Run on `doc` (in place), in order, every step above its version, each one followed
    by its number written in the document. A newer or unreadable version: nothing done."""
    steps = STEPS if steps is None else steps
    current = current_version(steps)
    found = file_version(doc)
    if found is None:
        return Upgrade(None, None)
    if found > current:
        return Upgrade(found, found, newer=True)
    done = []
    for number in sorted(steps):
        if found < number <= current:
            log.debug("synoptux.ini: layout %s -> %s", number - 1, number)
            steps[number](doc)
            stamp(doc, number)
            done.append(number)
    return Upgrade(found, current, tuple(done))


def stamp(doc: IniDocument, version: int | None = None) -> None:
    """Write the layout version (this Synoptux's by default) into the document; not into
    a file that says none while it is 1: no version is 2.x's layout already, and such a
    file keeps every byte the administration did not change."""
    number = current_version() if version is None else version
    if number == UNVERSIONED and doc.get(CONFIG_VERSION.section, CONFIG_VERSION.name) is None:
        return
    doc.set(CONFIG_VERSION.section, CONFIG_VERSION.name, str(number))


def say(up: Upgrade, where: str, raw: str | None, *, logged: bool = True) -> None:
    """Log what the load found: a newer or unreadable version (a warning, once per file
    and value: the web view reloads the file), or the steps that ran (info, for a file)."""
    if up.found is None or up.newer:
        if (where, str(raw)) not in _SAID:
            _SAID.add((where, str(raw)))
            log.warning(
                "%s: [%s] %s=%s is %s (this Synoptux writes version %s): the file is read as it is",
                where,
                CONFIG_VERSION.section,
                CONFIG_VERSION.name,
                raw,
                "a newer version" if up.newer else "not a version number",
                current_version(),
            )
    elif up.changed and logged:
        log.info(
            "%s: layout version %s read as version %s (steps %s); written so when the "
            "settings are saved from the administration",
            where,
            up.found,
            up.version,
            ", ".join(map(str, up.steps)),
        )
