"""A synoptux.ini key's type: parsing, range, clamping and formatting (the table: config_keys).

Each kind of value is a `Key[T]` class (as Picard's TextOption, BoolOption, IntOption):
`TextKey`, `PathKey`, `SecretKey`, `ColorKey`, `ChoiceKey` are `Key[str]`, `IntKey` a
`Key[int]`, `FlagKey` a `Key[bool]`, `ProgramsKey` a `Key[tuple[str, ...]]`; so
`settings[KEYS.X]` has X's type where it is read, without a cast."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from synoptux.domain.values import NO, YES, read_flag, whole_number  # noqa: F401 - NO, YES: API
from synoptux.speech import QT_TRANSLATE_NOOP

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$|^[a-zA-Z]{3,20}$")
_ROOT = re.compile(r"^(?:[A-Za-z]:)?[/\\]*$")


def split_programs(raw: str) -> tuple[str, ...]:
    """`Programmes_Autorises`: paths separated by ';' (or '|'), blanks ignored."""
    return tuple(p.strip() for p in re.split(r"[;|]", raw or "") if p.strip())


class Msg:
    """A message in English with its values apart, so that it can be said in the interface
    language where it is shown (`synoptux doctor`): `translated(tr)` looks the template up
    (Qt context "Settings", extracted by translations/update_ts.py) and fills in the values,
    which stay as they are (paths, numbers, server errors). A value may itself be a Msg."""

    def __init__(self, template: str, **values: object) -> None:
        self.template, self.values = template, values

    def translated(self, tr) -> str:  # tr: str -> str
        return tr(self.template).format(
            **{k: v.translated(tr) if isinstance(v, Msg) else v for k, v in self.values.items()}
        )

    def __str__(self) -> str:
        return self.translated(lambda text: text)


def msg(template: str, **values: object) -> Msg:
    """A translatable message (the template is a literal: update_ts.py extracts it)."""
    return Msg(template, **values)


class ConfigError(ValueError):
    def __init__(self, section: str, key: str, message: str | Msg) -> None:
        super().__init__(f"[{section}] {key}: {message}")
        self.section, self.key, self.message = section, key, str(message)
        self.msg = (
            message
            if isinstance(message, Msg)
            else Msg(QT_TRANSLATE_NOOP("Settings", "{text}"), text=message)
        )

    def said(self) -> Msg:
        """The whole message, "[section] key: ...", as a translatable Msg."""
        return msg(
            QT_TRANSLATE_NOOP("Settings", "[{section}] {key}: {message}"),
            section=self.section,
            key=self.key,
            message=self.msg,
        )

    def translated(self, tr) -> str:  # tr: str -> str
        return self.said().translated(tr)


T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    """One synoptux.ini key: where it is, its default, its meaning; `parse` gives a T."""

    section: str
    name: str
    default: T
    doc: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None  # beyond it a value breaks the board (a timer, a paint)
    restart: bool = False  # takes effect after a restart only
    kind: ClassVar[str] = "str"  # str, int, bool, color, path, choice, programs, secret

    def expected(self) -> str:
        return str(self.expected_msg())

    def expected_msg(self) -> Msg:
        return msg(QT_TRANSLATE_NOOP("Settings", "text"))

    def _not(self, raw: str) -> Msg:
        return msg(
            QT_TRANSLATE_NOOP("Settings", "{raw} is not {expected}"),
            raw=repr(raw),
            expected=self.expected_msg(),
        )

    def _error(self, message: Msg) -> ConfigError:
        return ConfigError(self.section, self.name, message)

    def clamp(self, raw: str | None) -> T | None:
        """A value outside this key's range, brought into it (None: nothing to clamp)."""
        return None

    def parse(self, raw: str | None) -> T:
        """The value of the text `raw` (None: the key is absent, its default); ConfigError
        when the text is not a value of this key."""
        if raw is None:
            return self.default
        return self._parse(raw)

    def _parse(self, raw: str) -> T:
        raise NotImplementedError(type(self).__name__)

    def format(self, value: T) -> str:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class TextKey(Key[str]):
    kind: ClassVar[str] = "str"

    def _parse(self, raw: str) -> str:
        return raw  # already unquoted by the ini reader: inner spaces were meant


@dataclass(frozen=True)
class PathKey(TextKey):
    """A file or folder; relative to synoptux.ini's folder (`Settings.path_of`)."""

    kind: ClassVar[str] = "path"


@dataclass(frozen=True)
class SecretKey(TextKey):
    """Written by a `synoptux` command (a hash), not shown in the settings form."""

    kind: ClassVar[str] = "secret"

    def expected_msg(self) -> Msg:
        return msg(
            QT_TRANSLATE_NOOP("Settings", "written by a `synoptux` command (see its meaning)")
        )


@dataclass(frozen=True)
class IntKey(Key[int]):
    kind: ClassVar[str] = "int"

    def expected_msg(self) -> Msg:
        r = self._range()
        return (
            msg(QT_TRANSLATE_NOOP("Settings", "a whole number {range}"), range=r)
            if r
            else msg(QT_TRANSLATE_NOOP("Settings", "a whole number"))
        )

    def _range(self) -> Msg | None:
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return msg(
                QT_TRANSLATE_NOOP("Settings", "from {minimum} to {maximum}"), minimum=lo, maximum=hi
            )
        if lo is not None:
            return msg(QT_TRANSLATE_NOOP("Settings", ">= {minimum}"), minimum=lo)
        return (
            msg(QT_TRANSLATE_NOOP("Settings", "<= {maximum}"), maximum=hi)
            if hi is not None
            else None
        )

    def clamp(self, raw: str | None) -> int | None:
        """A whole number outside this key's range, brought into it (None otherwise)."""
        number = whole_number(raw)
        if number is None:
            return None
        if self.minimum is not None:
            number = max(number, self.minimum)
        if self.maximum is not None:
            number = min(number, self.maximum)
        return number

    def _parse(self, raw: str) -> int:
        number = whole_number(raw)
        if number is None:
            raise self._error(self._not(raw))
        if self.minimum is not None and number < self.minimum:
            raise self._error(
                msg(
                    QT_TRANSLATE_NOOP("Settings", "{number} is below {minimum} (allowed: {range})"),
                    number=number,
                    minimum=self.minimum,
                    range=self._range(),
                )
            )
        if self.maximum is not None and number > self.maximum:
            raise self._error(
                msg(
                    QT_TRANSLATE_NOOP("Settings", "{number} is above {maximum} (allowed: {range})"),
                    number=number,
                    maximum=self.maximum,
                    range=self._range(),
                )
            )
        return number


@dataclass(frozen=True)
class FlagKey(Key[bool]):
    """OUI or NON (`domain.values.read_flag`: an empty value is NON)."""

    kind: ClassVar[str] = "bool"

    def expected_msg(self) -> Msg:
        return msg(QT_TRANSLATE_NOOP("Settings", "OUI or NON"))

    def _parse(self, raw: str) -> bool:
        value = read_flag(raw)
        if value is None:
            raise self._error(self._not(raw))
        return value

    def format(self, value: bool) -> str:
        return "OUI" if value else "NON"


@dataclass(frozen=True)
class ColorKey(Key[str]):
    """#rgb, #rrggbb, #aarrggbb or a colour name; empty: the default."""

    kind: ClassVar[str] = "color"

    def expected_msg(self) -> Msg:
        return msg(QT_TRANSLATE_NOOP("Settings", "a colour such as #1e6fd9 or 'red'"))

    def _parse(self, raw: str) -> str:
        value = raw.strip()
        if value and not _COLOR.match(value):
            raise self._error(self._not(raw))
        return value or self.default


@dataclass(frozen=True)
class ChoiceKey(Key[str]):
    """One of `choices`, in any case (read as the choice is spelled)."""

    kind: ClassVar[str] = "choice"

    def expected_msg(self) -> Msg:
        return msg(
            QT_TRANSLATE_NOOP("Settings", "one of {choices}"), choices=", ".join(self.choices)
        )

    def _parse(self, raw: str) -> str:
        value = raw.strip()
        for choice in self.choices:
            if value.lower() == choice.lower():
                return choice
        raise self._error(self._not(raw))


@dataclass(frozen=True)
class ProgramsKey(Key[tuple[str, ...]]):
    """Full paths of programs, or folders ending with /, separated by ';' (or '|')."""

    kind: ClassVar[str] = "programs"

    def expected_msg(self) -> Msg:
        return msg(
            QT_TRANSLATE_NOOP(
                "Settings", "full paths of programs, or folders ending with /, separated by ;"
            )
        )

    def _parse(self, raw: str) -> tuple[str, ...]:
        entries = split_programs(raw)
        for entry in entries:
            if not any(sep in entry for sep in "/\\"):
                raise self._error(
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings",
                            "{entry} is a bare name: programs are never looked up by name, "
                            "write its full path (or its folder, ending with /)",
                        ),
                        entry=repr(entry),
                    )
                )
            if _ROOT.match(entry):
                raise self._error(
                    msg(
                        QT_TRANSLATE_NOOP("Settings", "{entry} would allow every program"),
                        entry=repr(entry),
                    )
                )
        return entries

    def format(self, value: tuple[str, ...]) -> str:
        return value if isinstance(value, str) else " ; ".join(value)
