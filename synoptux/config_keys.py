"""The declared synoptux.ini keys: each one once, typed, with its default and meaning.

`KEYS.X` is a `Key[T]` (config_types): `settings[KEYS.BLINK_PERIOD_S]` is an int,
`settings[KEYS.PRIVACY]` a bool, with no cast where they are read (a wrong stored value
reads as the default, a number out of range as its bound: see `Settings.__getitem__`).
Iterating `KEYS` gives every key in file order (the settings form, the docs, doctor).

The keys are declared by section, one module each (config_keys_connection, _interface,
_display, _timers, _web, _copy); `Keys` gathers them here, in the file's order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from synoptux.config_keys_connection import ConnectionKeys
from synoptux.config_keys_copy import CopyKeys
from synoptux.config_keys_display import DisplayKeys
from synoptux.config_keys_interface import InterfaceKeys
from synoptux.config_keys_timers import TimerKeys
from synoptux.config_keys_web import WebKeys
from synoptux.config_types import IntKey, Key

POS = "Positions_fenetres"
# The file's own section: 2.x (QSettings) ignores a section it does not know, and keeps it
# when it rewrites the file.
OWN = "Synoptux"
_C = TypeVar("_C", bound=type)


def _gathered(cls: _C) -> _C:
    """`cls` with its groups' keys as its own attributes, group after group (its bases'
    order: the file's), so that `vars(Keys)` is every key in declaration order; a Python
    name given in two groups stops the import."""
    for group in cls.__bases__:
        for name, value in vars(group).items():
            if isinstance(value, Key):
                if name in vars(cls):
                    raise ValueError(f"KEYS.{name} is declared twice")
                setattr(cls, name, value)
    return cls


@_gathered
class Keys(ConnectionKeys, InterfaceKeys, DisplayKeys, TimerKeys, WebKeys, CopyKeys):
    """Every key, one attribute each (its Python name; the ini's is in the declaration)."""

    def __iter__(self) -> Iterator[Key[Any]]:
        return iter(_TABLE)

    def __len__(self) -> int:
        return len(_TABLE)


def _table() -> tuple[Key[Any], ...]:
    """The declared keys in declaration order; a key declared twice stops the import."""
    keys = tuple(v for v in vars(Keys).values() if isinstance(v, Key))
    seen: dict[tuple[str, str], Key[Any]] = {}
    for k in keys:
        ident = (k.section.lower(), k.name.lower())
        if ident in seen:
            raise ValueError(f"[{k.section}] {k.name} is declared twice")
        seen[ident] = k
    return keys


_TABLE = _table()
KEYS = Keys()
KEY_INDEX = {(k.section.lower(), k.name.lower()): k for k in KEYS}


# Not in KEYS (no field in the settings form): written by the upgrade (config_upgrade).
CONFIG_VERSION = IntKey(
    OWN,
    "Version_Config",
    1,
    "Layout version of this file, written when the settings are saved from the "
    "administration (and in a file the board creates); absent: 1, the layout of 2.x.",
    minimum=1,
    maximum=1_000_000,
)


def key(section: str, name: str) -> Key[Any]:
    """The key declared as [section] name (any case): for code that has only the names."""
    return KEY_INDEX[(section.lower(), name.lower())]
