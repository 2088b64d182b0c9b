"""synoptux.ini: every key declared once, typed, with its default and meaning.

Both the manual's connection sections (`[Connexion_SynopTux]`,
`[Connexion_MedinTux]`) and 2.x's (`[Connexion] Parametres = QMYSQL3 , base ,
user , password , host , port`) load. Files keep their comments, unknown keys
and encoding when saved (see `inifile`).

Here `Settings`: typed access, validation, window positions, saving. Finding and reading
the file: config_file; the connections it describes: config_connection; the keys:
config_keys; their types: config_types.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any, TypeVar

from synoptux.config_connection import (  # noqa: F401 - part of this module's API
    DEFAULT_SOURCE,
    DEFAULT_SQLITE,
    Connection,
    ConnectionSettings,
)
from synoptux.config_doc import keys_markdown  # part of this module's API
from synoptux.config_file import (  # noqa: F401 - part of this module's API
    ConfigFileError,
    find_config,
    locate_config,
    read_config,
)
from synoptux.config_keys import (  # noqa: F401 - the key table is part of this module's API
    CONFIG_VERSION,
    KEY_INDEX,
    KEYS,
    POS,
    key,
)
from synoptux.config_keys_connection import CONN, LEGACY, MTX  # noqa: F401 - this module's API
from synoptux.config_keys_copy import COPY  # noqa: F401 - part of this module's API
from synoptux.config_keys_display import DISP  # noqa: F401 - part of this module's API
from synoptux.config_keys_interface import IFACE  # noqa: F401 - part of this module's API
from synoptux.config_keys_timers import TIMER  # noqa: F401 - part of this module's API
from synoptux.config_keys_web import WEB  # noqa: F401 - part of this module's API
from synoptux.config_password import (  # noqa: F401 - part of this module's API
    PASSWORD_FORMS,
    decode_2x_password,
    encode_2x_password,
)
from synoptux.config_types import (  # noqa: F401 - part of this module's API
    NO,
    YES,
    ConfigError,
    Key,
    Msg,
    PathKey,
    msg,
)
from synoptux.config_upgrade import Upgrade, current_version, say, stamp, upgrade
from synoptux.config_url import (  # noqa: F401 - part of this module's API
    DatabaseSettingError,
    canonical_url,
    check_url,
    params_to_url,
    read_params,
)
from synoptux.inifile import IniDocument
from synoptux.speech import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
T = TypeVar("T")
# Saved window and box geometry ([Positions_fenetres]): beyond these a window cannot be
# painted (its backing store would not be allocated); clamped at run time.
POSITION_RANGE = (-16384, 16384)
SIZE_RANGE = (1, 8192)
_POINT = re.compile(r"^@Point\(\s*(-?\d+)\s+(-?\d+)\s*\)$")
_SIZE = re.compile(r"^@Size\(\s*(\d+)\s+(\d+)\s*\)$")


class Settings:
    """The loaded synoptux.ini, with typed access and command-line overrides.

    `settings[KEYS.X]` is X's value, of X's type; `settings[KEYS.X] = value` sets it.
    `doc` is the file as this version reads it (upgraded: config_upgrade) and what the
    settings form edits; `file_doc` the file as it is on disk plus what the board itself
    set since (window positions, a command's key): what `save()` writes."""

    def __init__(
        self,
        doc: IniDocument | None = None,
        path: Path | None = None,
        db_override: str | None = None,
        prefix_override: str | None = None,
        named: bool = False,  # the file was named (--config, $SYNOPTUX_CONFIG), not found
    ) -> None:
        self.path, self.db_override, self.prefix_override = path, db_override, prefix_override
        self.named = named
        self._warned: set[tuple[object, ...]] = set()
        if doc is None:  # a new file: of this version
            doc = IniDocument()
            stamp(doc)
            self.upgrade = Upgrade(current_version(), current_version())
            self._file = self._doc = doc
            return
        self._file = doc
        view = doc.copy()
        try:
            self.upgrade = upgrade(view)
        except Exception:  # a failing step: read the file as it is
            log.exception("synoptux.ini: the upgrade of %s failed; read as it is", path or "")
            self.upgrade = Upgrade(None, None)
            view = doc
        self._doc = view if self.upgrade.changed else doc
        self._say_version()

    def _say_version(self) -> None:
        raw = self._file.get(CONFIG_VERSION.section, CONFIG_VERSION.name)
        say(self.upgrade, str(self.path or "synoptux.ini"), raw, logged=self.path is not None)

    @property
    def doc(self) -> IniDocument:
        """The file as this version reads it (upgraded)."""
        return self._doc

    @doc.setter
    def doc(self, doc: IniDocument) -> None:
        """A whole new document: it is the file from now on."""
        self._file = self._doc = doc

    @property
    def file_doc(self) -> IniDocument:
        """The file as it is on disk, plus what the board set since: what `save()` writes."""
        return self._file

    @classmethod
    def load(
        cls,
        path: str | os.PathLike | None,
        *,
        db: str | None = None,
        prefix: str | None = None,
        named: bool = False,
    ) -> Settings:
        """The settings of `path`. A named file that does not exist, a path that cannot be
        read, or a file that is not an ini (binary garbage, control characters, lines that
        are neither sections nor keys) raise ConfigFileError: never taken as empty, which
        would open the default database instead of the site's."""
        if path is None:
            return cls(None, None, db, prefix, named)
        p = Path(path)
        return cls(read_config(p, named), p.resolve(), db, prefix, named)

    @classmethod
    def from_text(cls, text: str, path: Path | None = None) -> Settings:
        return cls(IniDocument(text), path)

    def is_shipped_default(self) -> bool:
        """No file named and no database configured (no URL, no Parametres, no --db): the
        configuration a fresh checkout runs with, the only one whose first run creates the
        demo board."""
        try:
            return not self.named and self.connection().source == DEFAULT_SOURCE
        except ConfigError:
            return False

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    # -- typed access -----------------------------------------------------------
    def __getitem__(self, key: Key[T]) -> T:
        """The value, or the default when the stored one is wrong (the board keeps running).
        A number outside its key's range is clamped into it, with a warning in the log
        (shown by *Aide → Journal*), once per value."""
        raw = self._doc.get(key.section, key.name)
        try:
            return key.parse(raw)
        except ConfigError as exc:
            clamped = key.clamp(raw)
            if clamped is not None:
                self._warn_once(
                    (key.section, key.name, clamped), f"{exc}; {clamped} is used instead"
                )
                return clamped
            self._warn_once(
                (key.section, key.name, None), f"{exc}; the default {key.default} is used"
            )
            return key.default

    def __setitem__(self, key: Key[T], value: T) -> None:
        """Set the value (ConfigError when it is not one of the key's); saved by `save()`."""
        text = key.format(value)
        key.parse(text)  # validate before writing
        self.set_raw(key.section, key.name, text)

    def strict(self, key: Key[T]) -> T:
        """The value; ConfigError when the stored one is wrong (figures that must not be
        computed with a stand-in: statistics)."""
        return key.parse(self._doc.get(key.section, key.name))

    def path_of(self, key: Key[str]) -> Path:
        """A file or folder setting, relative to synoptux.ini's folder."""
        p = Path(self[key])
        return p if p.is_absolute() else self.base_dir / p

    # The same by names, for tests and scripts that have only the names; the board's
    # code reads settings[KEYS.X] (tests/test_config_typed.py keeps it so).
    def get(self, section: str, name: str) -> Any:
        return self.strict(key(section, name))

    def get_or_default(self, section: str, name: str) -> Any:
        return self[key(section, name)]

    def set(self, section: str, name: str, value: object) -> None:
        self[key(section, name)] = value

    def path_setting(self, section: str, name: str) -> Path:
        return self.path_of(key(section, name))

    def _warn_once(self, what: tuple, message: str) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning("synoptux.ini: %s", message)

    def raw(self, section: str, name: str) -> str | None:
        """The text of any key, declared or not (None: absent)."""
        return self._doc.get(section, name)

    def set_raw(self, section: str, name: str, value: str) -> None:
        """Write the text of any key, declared or not (no check); saved by `save()`."""
        self._doc.set(section, name, value)
        if self._file is not self._doc:
            self._file.set(section, name, value)

    def validate(self) -> list[ConfigError]:
        errors: list[ConfigError] = [
            ConfigError(
                "synoptux.ini",
                f"line {number}",
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings", "{text} is neither a [Section], a key=value nor a ; comment"
                    ),
                    text=repr(text.encode("ascii", "backslashreplace").decode()[:60]),
                ),
            )
            for number, text in self.doc.malformed
        ]
        for k in (*KEYS, CONFIG_VERSION):
            try:
                k.parse(self.doc.get(k.section, k.name))
            except ConfigError as exc:
                errors.append(exc)
        try:
            self.connection()
        except ConfigError as exc:
            errors.append(exc)
        errors.extend(self._position_errors())
        return errors

    def _position_errors(self) -> list[ConfigError]:
        errors = []
        for name, value in self.doc.keys(POS):
            low = name.lower()
            shape = _POINT if low.startswith("pos_") else _SIZE if low.startswith("size_") else None
            if shape is None:
                continue
            m = shape.match(value.strip())
            if m is None:
                form = "@Point(x y)" if shape is _POINT else "@Size(width height)"
                errors.append(
                    ConfigError(
                        POS,
                        name,
                        msg(
                            QT_TRANSLATE_NOOP("Settings", "{value} is not {form}"),
                            value=repr(value),
                            form=form,
                        ),
                    )
                )
                continue
            lo, hi = POSITION_RANGE if shape is _POINT else SIZE_RANGE
            for number in (int(m.group(1)), int(m.group(2))):
                if not lo <= number <= hi:
                    errors.append(
                        ConfigError(
                            POS,
                            name,
                            msg(
                                QT_TRANSLATE_NOOP(
                                    "Settings", "{number} is outside the range {lo} to {hi}"
                                ),
                                number=number,
                                lo=lo,
                                hi=hi,
                            ),
                        )
                    )
                    break
        return errors

    # -- connections (config_connection) -----------------------------------------
    def _connections(self) -> ConnectionSettings:
        return ConnectionSettings(self.doc, self.base_dir, self.db_override, self.prefix_override)

    def connection(self) -> Connection:
        return self._connections().connection()

    def medintux_url(self) -> str | None:
        """The MedinTux database (task notes, responsibles): `[Connexion_MedinTux]`, else,
        on a site configured the 2.x way (`[Connexion] Parametres`), the same database,
        as 2.x used one connection for its tables, `Personnes` and the notes."""
        return self._connections().medintux_url()

    def medintux_connection(self) -> tuple[str | None, str, str]:
        """(URL, where it came from, password form) of the MedinTux database, for `doctor`."""
        return self._connections().medintux_connection()

    # -- window positions ---------------------------------------------------------
    def positions(self) -> dict[str, tuple[int, int, int, int]]:
        """Saved geometry per box code (and 'Window'): x, y, w, h."""
        pos: dict[str, tuple[int, int]] = {}
        size: dict[str, tuple[int, int]] = {}
        for name, value in self.doc.keys(POS):
            if name.lower().startswith("pos_") and (m := _POINT.match(value.strip())):
                pos[name[4:]] = self._in_range(name, m, POSITION_RANGE)
            elif name.lower().startswith("size_") and (m := _SIZE.match(value.strip())):
                size[name[5:]] = self._in_range(name, m, SIZE_RANGE)
        return {c: (*pos[c], *size[c]) for c in pos if c in size}

    def _in_range(self, name: str, m: re.Match, bounds: tuple[int, int]) -> tuple[int, int]:
        lo, hi = bounds
        raw = (int(m.group(1)), int(m.group(2)))
        pair = (min(max(raw[0], lo), hi), min(max(raw[1], lo), hi))
        if pair != raw:
            self._warn_once(
                (POS, name, pair),
                f"[{POS}] {name}: {raw[0]} {raw[1]} is outside the range {lo} to {hi}; "
                f"{pair[0]} {pair[1]} is used instead",
            )
        return pair

    def set_position(self, code: str, x: int, y: int, w: int, h: int) -> None:
        self.set_raw(POS, f"Pos_{code}", f"@Point({x} {y})")
        self.set_raw(POS, f"Size_{code}", f"@Size({w} {h})")

    def save(self, path: Path | None = None) -> None:
        """Write the file: as it was read plus what was set since (an upgrade read on load
        is not written here: see `save_document`)."""
        target = path or self.path
        if target is None:
            raise ValueError("no file to save the settings to")
        self._file.save(Path(target))
        self.path = Path(target).resolve()

    def save_document(self, doc: IniDocument) -> None:
        """The administration's save: `doc`, the whole file as the settings form left it
        (validated by the caller), becomes the file, in this version's layout (its upgrade
        steps run on it first when it is behind: the version is written then)."""
        before = (self._file, self._doc, self.upgrade)
        found = upgrade(doc)
        if found.version is not None and not found.newer:
            stamp(doc)
        self._file = self._doc = doc
        self.upgrade = Upgrade(found.version, found.version, newer=found.newer)
        try:
            self.save()
        except BaseException:
            self._file, self._doc, self.upgrade = before
            raise


if __name__ == "__main__":
    print(keys_markdown(), end="")
