"""A line-preserving INI document.

Synoptux's ini files are edited by hand on Windows and Linux, in ISO-8859-1 or
UTF-8, and their values hold commas, quotes and ';'. Python's configparser
drops comments and Qt's QSettings split unquoted commas into lists (2.x defect
10). This keeps every line as it was and changes only the lines it sets.
Section and key names match case-insensitively (2.x defect 7 saved
`[Positions_fenetres]` and read `[Positions_Fenetres]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from synoptux.fileperm import atomic_write

_SECTION = re.compile(r"^\s*\[([^\]]+)\]\s*$")
# Characters no ini written by hand or by 2.x holds: a file with one of them is damaged
# (binary garbage, a truncated copy of another file), never read as settings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KEY = re.compile(r"^\s*([^=;#\s][^=]*?)\s*=(.*)$")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (BOM or not) first, then CP1252/ISO-8859-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_ESCAPE = re.compile(r"\\.")
_ESCAPED = re.compile(r'\\(["\\])')


def unquote(raw: str) -> str:
    """A value as written, blanks around removed. One pair of surrounding double quotes
    (QSettings style, as `IniDocument.set` writes a value with blanks around it or a
    leading quote) is removed, with \\" and \\\\ inside read as " and \\, only when the
    inside holds no other unescaped quote: `"a" et "b"` stays as it is. The one quoting
    rule of synoptux.ini and of the entry files (`ingest.parser`)."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        bare = _ESCAPE.sub("", inner)
        if '"' not in bare and not bare.endswith("\\"):  # a lone last \\ escapes the quote
            return _ESCAPED.sub(r"\1", inner)
    return value


@dataclass
class _Line:
    text: str
    section: str | None  # lower-case section name this line belongs to
    key: str | None = None  # lower-case key when the line is key=value


class IniDocument:
    def __init__(self, text: str = "", encoding: str = "utf-8", newline: str = "\n") -> None:
        self.encoding = encoding
        self.newline = newline
        self._lines: list[_Line] = []
        self._section_names: dict[str, str] = {}
        self.malformed: list[tuple[int, str]] = []  # (line number, text): not ini lines
        self._parse(text)

    # -- loading ---------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> IniDocument:
        text, encoding = decode_bytes(data)
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(text, encoding, newline)

    @classmethod
    def load(cls, path: Path) -> IniDocument:
        return cls.from_bytes(Path(path).read_bytes())

    def _parse(self, text: str) -> None:
        section: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if _CONTROL.search(raw) or not (
                not raw.strip()
                or raw.lstrip().startswith((";", "#"))
                or _SECTION.match(raw)
                or _KEY.match(raw)
            ):
                self.malformed.append((number, raw))
            m = _SECTION.match(raw)
            if m:
                name = m.group(1).strip()
                section = name.lower()
                self._section_names.setdefault(section, name)
                self._lines.append(_Line(raw, section))
                continue
            km = _KEY.match(raw)
            if km and not raw.lstrip().startswith((";", "#")):
                self._lines.append(_Line(raw, section, km.group(1).strip().lower()))
            else:
                self._lines.append(_Line(raw, section))

    # -- reading ---------------------------------------------------------------
    def sections(self) -> list[str]:
        return list(self._section_names.values())

    def has_section(self, section: str) -> bool:
        return section.lower() in self._section_names

    def copy(self) -> IniDocument:
        """An independent document with the same lines, encoding and line ends."""
        twin = IniDocument(encoding=self.encoding, newline=self.newline)
        twin._lines = list(self._lines)  # _Line is never changed in place
        twin._section_names = dict(self._section_names)
        twin.malformed = list(self.malformed)
        return twin

    def keys(self, section: str) -> list[tuple[str, str]]:
        """(key as written, value) pairs of a section, in file order."""
        sec = section.lower()
        out = []
        for line in self._lines:
            if line.section == sec and line.key is not None:
                name, _, value = line.text.partition("=")
                out.append((name.strip(), unquote(value)))
        return out

    def get(self, section: str, key: str) -> str | None:
        sec, k = section.lower(), key.lower()
        found = None
        for line in self._lines:
            if line.section == sec and line.key == k:
                found = unquote(line.text.partition("=")[2])  # last one wins, as QSettings
        return found

    # -- writing ---------------------------------------------------------------
    def set(self, section: str, key: str, value: str) -> None:
        sec, k = section.lower(), key.lower()
        value = "" if value is None else str(value)
        if "\n" in value or "\r" in value:
            raise ValueError(f"[{section}] {key}: a value cannot span lines")
        if value != value.strip() or value.startswith('"'):
            value = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        last_index = None
        for i, line in enumerate(self._lines):
            if line.section == sec and line.key == k:
                name = line.text.partition("=")[0].rstrip()
                self._lines[i] = _Line(f"{name}={value}", sec, k)
                return
            if line.section == sec:
                last_index = i
        new = _Line(f"{key}={value}", sec, k)
        if last_index is None:
            if self._lines and self._lines[-1].text.strip():
                self._lines.append(_Line("", self._lines[-1].section))
            self._lines.append(_Line(f"[{section}]", sec))
            self._section_names[sec] = section
            self._lines.append(new)
            return
        # after the last non-blank line of the section
        while (
            last_index > 0
            and not self._lines[last_index].text.strip()
            and self._lines[last_index - 1].section == sec
        ):
            last_index -= 1
        self._lines.insert(last_index + 1, new)

    def remove(self, section: str, key: str) -> None:
        sec, k = section.lower(), key.lower()
        self._lines = [ln for ln in self._lines if not (ln.section == sec and ln.key == k)]

    def text(self) -> str:
        return self.newline.join(line.text for line in self._lines) + self.newline

    def to_bytes(self) -> bytes:
        text = self.text()
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError:  # a new value outside latin-1: switch the file to UTF-8
            self.encoding = "utf-8"
            return text.encode("utf-8")

    def save(self, path: Path) -> None:
        """Atomically (temp file + rename, flushed), keeping the file's mode and owner:
        synoptux.ini may hold the database password (a new file is private)."""
        atomic_write(path, self.to_bytes())
