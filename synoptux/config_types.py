"""A synoptux.ini key's type: parsing, range, clamping and formatting (the table: config_keys)."""

from __future__ import annotations

import re
from dataclasses import dataclass

YES = {"oui", "o", "yes", "y", "true", "1", "vrai"}
NO = {"non", "n", "no", "false", "0", "faux", ""}
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$|^[a-zA-Z]{3,20}$")
_ROOT = re.compile(r"^(?:[A-Za-z]:)?[/\\]*$")


def split_programs(raw: str) -> tuple[str, ...]:
    """`Programmes_Autorises`: paths separated by ';' (or '|'), blanks ignored."""
    return tuple(p.strip() for p in re.split(r"[;|]", raw or "") if p.strip())


class ConfigError(ValueError):
    def __init__(self, section: str, key: str, message: str) -> None:
        super().__init__(f"[{section}] {key}: {message}")
        self.section, self.key, self.message = section, key, message


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
        return {
            "int": "a whole number" + self._range(),
            "bool": "OUI or NON",
            "color": "a colour such as #1e6fd9 or 'red'",
            "choice": "one of " + ", ".join(self.choices),
            "programs": "full paths of programs, or folders ending with /, separated by ;",
            "secret": "written by a `synoptux` command (see its meaning)",
        }.get(self.kind, "text")

    def _range(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f" from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f" >= {self.minimum}"
        return f" <= {self.maximum}" if self.maximum is not None else ""

    def _allowed(self) -> str:
        return f" (allowed: {self._range().strip()})" if self._range() else ""

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
                raise ConfigError(
                    self.section, self.name, f"{raw!r} is not {self.expected()}"
                ) from None
            if self.minimum is not None and number < self.minimum:
                raise ConfigError(
                    self.section, self.name, f"{number} is below {self.minimum}{self._allowed()}"
                )
            if self.maximum is not None and number > self.maximum:
                raise ConfigError(
                    self.section, self.name, f"{number} is above {self.maximum}{self._allowed()}"
                )
            return number
        if self.kind == "bool":
            if value.lower() in YES:
                return True
            if value.lower() in NO:
                return False
            raise ConfigError(self.section, self.name, f"{raw!r} is not {self.expected()}")
        if self.kind == "color":
            if value and not _COLOR.match(value):
                raise ConfigError(self.section, self.name, f"{raw!r} is not {self.expected()}")
            return value or self.default
        if self.kind == "programs":
            entries = split_programs(raw)
            for entry in entries:
                if not any(sep in entry for sep in "/\\"):
                    raise ConfigError(
                        self.section,
                        self.name,
                        f"{entry!r} is a bare name: programs are never looked up by name, "
                        "write its full path (or its folder, ending with /)",
                    )
                if _ROOT.match(entry):
                    raise ConfigError(
                        self.section, self.name, f"{entry!r} would allow every program"
                    )
            return entries
        if self.kind == "choice":
            for choice in self.choices:
                if value.lower() == choice.lower():
                    return choice
            raise ConfigError(self.section, self.name, f"{raw!r} is not {self.expected()}")
        return value

    def format(self, value: object) -> str:
        if self.kind == "bool":
            return "OUI" if value else "NON"
        if self.kind == "programs" and isinstance(value, tuple | list):
            return " ; ".join(value)
        return "" if value is None else str(value)
