"""A synoptux.ini key's type: parsing, range, clamping and formatting (the table: config_keys)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from synoptux.speech import QT_TRANSLATE_NOOP

YES = {"oui", "o", "yes", "y", "true", "1", "vrai"}
NO = {"non", "n", "no", "false", "0", "faux", ""}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$|^[a-zA-Z]{3,20}$")
_ROOT = re.compile(r"^(?:[A-Za-z]:)?[/\\]*$")


def split_programs(raw: str) -> tuple[str, ...]:
    """`Programmes_Autorises`: paths separated by ';' (or '|'), blanks ignored."""
    return tuple(p.strip() for p in re.split(r"[;|]", raw or "") if p.strip())


class Msg:
    """A message in English with its values apart, so that it can be said in the interface
    language where it is shown (`synoptux doctor`): `translated(tr)` looks the template up
    (Qt context "Settings", marked QT_TRANSLATE_NOOP for lupdate) and fills in the values,
    which stay as they are (paths, numbers, server errors). A value may itself be a Msg."""

    def __init__(self, template: str, **values: object) -> None:
        self.template, self.values = template, values

    def translated(self, tr) -> str:  # noqa: ANN001 - tr: str -> str
        return tr(self.template).format(
            **{k: v.translated(tr) if isinstance(v, Msg) else v for k, v in self.values.items()}
        )

    def __str__(self) -> str:
        return self.translated(lambda text: text)


def msg(template: str, **values: object) -> Msg:
    """A translatable message (the template: QT_TRANSLATE_NOOP("Settings", "..."))."""
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

    def translated(self, tr) -> str:  # noqa: ANN001 - tr: str -> str
        return self.said().translated(tr)


@dataclass(frozen=True)
class Key:
    section: str
    name: str
    kind: str  # str, int, bool, color, path, choice, programs
    default: object
    doc: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None  # beyond it a value breaks the board (a timer, a paint)
    restart: bool = False  # takes effect after a restart only

    def expected(self) -> str:
        return str(self.expected_msg())

    def expected_msg(self) -> Msg:
        if self.kind == "int":
            r = self._range()
            return (
                msg(QT_TRANSLATE_NOOP("Settings", "a whole number {range}"), range=r)
                if r
                else msg(QT_TRANSLATE_NOOP("Settings", "a whole number"))
            )
        if self.kind == "bool":
            return msg(QT_TRANSLATE_NOOP("Settings", "OUI or NON"))
        if self.kind == "color":
            return msg(QT_TRANSLATE_NOOP("Settings", "a colour such as #1e6fd9 or 'red'"))
        if self.kind == "choice":
            return msg(
                QT_TRANSLATE_NOOP("Settings", "one of {choices}"), choices=", ".join(self.choices)
            )
        if self.kind == "programs":
            return msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "full paths of programs, or folders ending with /, separated by ;"
                )
            )
        if self.kind == "secret":
            return msg(
                QT_TRANSLATE_NOOP("Settings", "written by a `synoptux` command (see its meaning)")
            )
        return msg(QT_TRANSLATE_NOOP("Settings", "text"))

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

    def _not(self, raw: str) -> Msg:
        return msg(
            QT_TRANSLATE_NOOP("Settings", "{raw} is not {expected}"),
            raw=repr(raw),
            expected=self.expected_msg(),
        )

    def clamp(self, raw: str | None) -> int | None:
        """A whole number outside this key's range, brought into it (None otherwise)."""
        if self.kind != "int" or raw is None:
            return None
        try:
            number = int(raw.strip())
        except ValueError:
            return None
        if self.minimum is not None:
            number = max(number, self.minimum)
        if self.maximum is not None:
            number = min(number, self.maximum)
        return number

    def parse(self, raw: str | None) -> object:
        if raw is None:
            return self.default
        if self.kind in ("str", "path", "secret"):
            return raw  # already unquoted by the ini reader: inner spaces were meant
        value = raw.strip()
        if self.kind == "int":
            try:
                number = int(value)
            except ValueError:
                raise ConfigError(self.section, self.name, self._not(raw)) from None
            if self.minimum is not None and number < self.minimum:
                raise ConfigError(
                    self.section,
                    self.name,
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings", "{number} is below {minimum} (allowed: {range})"
                        ),
                        number=number,
                        minimum=self.minimum,
                        range=self._range(),
                    ),
                )
            if self.maximum is not None and number > self.maximum:
                raise ConfigError(
                    self.section,
                    self.name,
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings", "{number} is above {maximum} (allowed: {range})"
                        ),
                        number=number,
                        maximum=self.maximum,
                        range=self._range(),
                    ),
                )
            return number
        if self.kind == "bool":
            if value.lower() in YES:
                return True
            if value.lower() in NO:
                return False
            raise ConfigError(self.section, self.name, self._not(raw))
        if self.kind == "color":
            if value and not _COLOR.match(value):
                raise ConfigError(self.section, self.name, self._not(raw))
            return value or self.default
        if self.kind == "programs":
            entries = split_programs(raw)
            for entry in entries:
                if not any(sep in entry for sep in "/\\"):
                    raise ConfigError(
                        self.section,
                        self.name,
                        msg(
                            QT_TRANSLATE_NOOP(
                                "Settings",
                                "{entry} is a bare name: programs are never looked up by name, "
                                "write its full path (or its folder, ending with /)",
                            ),
                            entry=repr(entry),
                        ),
                    )
                if _ROOT.match(entry):
                    raise ConfigError(
                        self.section,
                        self.name,
                        msg(
                            QT_TRANSLATE_NOOP("Settings", "{entry} would allow every program"),
                            entry=repr(entry),
                        ),
                    )
            return entries
        if self.kind == "choice":
            for choice in self.choices:
                if value.lower() == choice.lower():
                    return choice
            raise ConfigError(self.section, self.name, self._not(raw))
        return value

    def format(self, value: object) -> str:
        if self.kind == "bool":
            return "OUI" if value else "NON"
        if self.kind == "programs" and isinstance(value, tuple | list):
            return " ; ".join(value)
        return "" if value is None else str(value)
