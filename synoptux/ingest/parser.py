"""Reading an entry file (manual 4.1, legacy-compat.md section 4) without losing a byte.

The reader is ours, not configparser's nor QSettings': values are taken
verbatim after the first '=' (commas, quotes, ';', '%', '*' kept: 2.x defect
10), section and key names match case-insensitively, and every problem names
its line. UTF-8 (with or without BOM) is tried first, then CP1252/ISO-8859-1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from synoptux.inifile import decode_bytes

ENTRY = "entree"
_SECTION = re.compile(r"^\s*\[([^\]]*)\]\s*$")
_TASK = re.compile(r"^tache_(\d+)$")
MAX_BYTES = 1_000_000

ENTRY_KEYS = {
    "code_box": "box_code",
    "nom_patient": "last_name",
    "prenom_patient": "first_name",
    "guid_patient": "guid",
    "code_responsable": "responsible",
    "commentaire": "comment",
    "programme_annexe": "program",
    "arguments_annexe": "program_args",
}
TASK_KEYS = {
    "code_tache": "code",
    "priorite": "priority",
    "commentaire": "comment",
    "heure_debut_prevue": "planned_start",
    "heure_fin_prevue": "planned_end",
    "primkey_blob": "blob",
    "nom_lecteur_note": "note_program",
    "nom_fichier_note": "note_file",
    "note": "note",
}


class EntryFileError(ValueError):
    """The file cannot be applied. `line` is 1-based (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Value:
    text: str
    line: int


@dataclass
class TaskEntry:
    number: int
    line: int  # line of the [Tache_n] header
    values: dict[str, Value] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        v = self.values.get(name)
        return v.text if v is not None and v.text != "" else None

    def line_of(self, name: str) -> int:
        v = self.values.get(name)
        return v.line if v is not None else self.line


@dataclass
class EntryFile:
    """A parsed file: the [Entree] values, the tasks in order, and warnings."""

    encoding: str
    entry_line: int
    values: dict[str, Value] = field(default_factory=dict)
    tasks: list[TaskEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        v = self.values.get(name)
        return v.text if v is not None and v.text != "" else None

    def line_of(self, name: str) -> int:
        v = self.values.get(name)
        return v.line if v is not None else self.entry_line


def unquote_value(raw: str) -> str:
    """A value as written; one pair of surrounding double quotes (QSettings style) is removed
    only when the inside has no other unescaped quote, so `"a" et "b"` stays as it is."""
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if '"' not in inner.replace('\\"', ""):
            return inner.replace('\\"', '"').replace("\\\\", "\\")
    return value


def _lines(data: bytes) -> tuple[list[str], str]:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise EntryFileError("the file is empty")
    if len(data) > MAX_BYTES:
        raise EntryFileError(f"the file is too large ({len(data)} bytes) for an entry file")
    text, encoding = decode_bytes(data)
    for number, line in enumerate(text.splitlines(), start=1):
        bad = [c for c in line if ord(c) < 32 and c not in "\t"]
        if bad:
            raise EntryFileError(
                f"control character {ord(bad[0]):#04x}: this is not a text (INI) file", number
            )
    return text.splitlines(), encoding


def parse_entry(data: bytes) -> EntryFile:
    """Parse the bytes of an entry file, or raise EntryFileError naming the line."""
    lines, encoding = _lines(data)
    sections: dict[str, tuple[int, dict[str, Value]]] = {}
    current: dict[str, Value] | None = None
    current_name = ""
    warnings: list[str] = []
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        m = _SECTION.match(raw)
        if m:
            name = m.group(1).strip()
            key = name.lower()
            if not key:
                raise EntryFileError("empty section name '[]'", number)
            if key in sections:
                warnings.append(
                    f"line {number}: section [{name}] repeated; its values are merged "
                    "with the first one (the later value of a key wins)"
                )
                current = sections[key][1]
            else:
                current = {}
                sections[key] = (number, current)
            current_name = name
            continue
        if "=" not in raw:
            raise EntryFileError(
                f"'{_clip(stripped)}' is neither a [section] nor a key=value "
                "line: this is not an INI entry file",
                number,
            )
        name, _, value = raw.partition("=")
        name = name.strip()
        if not name:
            raise EntryFileError(f"'{_clip(stripped)}' has no key name before '='", number)
        if current is None:
            raise EntryFileError(
                f"'{name}=' comes before any [section] (the file must start with [Entree])", number
            )
        k = name.lower()
        if k in current:
            warnings.append(
                f"line {number}: [{current_name}] {name} given twice; the later value is used"
            )
        current[k] = Value(unquote_value(value), number)

    if ENTRY not in sections:
        raise EntryFileError("no [Entree] section (required in every entry file)")
    entry_line, entry_values = sections.pop(ENTRY)
    result = EntryFile(encoding=encoding, entry_line=entry_line, warnings=warnings)
    for k, v in entry_values.items():
        if k in ENTRY_KEYS:
            result.values[ENTRY_KEYS[k]] = v
        else:
            warnings.append(f"line {v.line}: unknown key [Entree] {k!r} ignored")
    if result.get("last_name") is None:
        raise EntryFileError(
            "Nom_Patient is missing or empty in [Entree] (required)", result.line_of("last_name")
        )

    numbers = {}
    for key, (line, values) in sections.items():
        m = _TASK.match(key)
        if m:
            numbers[int(m.group(1))] = (line, values)
        else:
            warnings.append(f"line {line}: unknown section [{key}] ignored")
    n = 1
    while n in numbers:
        line, values = numbers.pop(n)
        task = TaskEntry(n, line)
        for k, v in values.items():
            if k in TASK_KEYS:
                task.values[TASK_KEYS[k]] = v
            else:
                warnings.append(f"line {v.line}: unknown key [Tache_{n}] {k!r} ignored")
        if task.get("code") is None:
            raise EntryFileError(
                f"Code_Tache is missing or empty in [Tache_{n}] (required)", task.line_of("code")
            )
        result.tasks.append(task)
        n += 1
    for left, (line, _values) in sorted(numbers.items()):
        warnings.append(
            f"line {line}: [Tache_{left}] ignored: tasks are read from [Tache_1] "
            f"up to the first missing number ([Tache_{n}])"
        )
    return result


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
