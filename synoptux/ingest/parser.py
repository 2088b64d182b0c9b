"""Reading an entry file (the 2.x user manual, 4.1; docs/live-feeds.md) without losing a byte.

The reader is ours, not configparser's nor QSettings': values are taken
verbatim after the first '=' (commas, quotes, ';', '%', '*' kept: 2.x defect
10), section and key names match case-insensitively, and every problem names
its line. Only CR, LF and CRLF end a line. Each line is decoded on its own: UTF-8 (with or
without BOM) when it is valid UTF-8, CP1252 otherwise (a mix is reported).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

# The one quoting rule of synoptux.ini and the entry files (QSettings style, see inifile).
from synoptux.inifile import unquote as unquote_value
from synoptux.speech import translate

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
    "niveau_tri": "triage",
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
        said = translate("Ingest", "line {line}: {message}") if line else "{message}"
        super().__init__(said.format(line=line, message=message))
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


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _latin1_for_cp1252_holes(exc: UnicodeError) -> tuple[str, int]:
    """CP1252 leaves 5 bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): read them as
    ISO-8859-1 does, so that no byte is ever refused."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("synoptux-latin1", _latin1_for_cp1252_holes)


def _decode_line(raw: bytes) -> tuple[str, bool]:
    """One line: UTF-8 if it is valid UTF-8, else CP1252. Returns the text and whether it
    was UTF-8."""
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="synoptux-latin1"), False


# What a UTF-8 line of a French ward's file holds beyond ASCII: Latin-1 and Latin
# Extended-A letters (é, œ, Ÿ), U+0085, punctuation, currency, symbols, emoji. CP1252 text
# that happens to be valid UTF-8 decodes to other letters and scripts ("ß€" is the bytes of
# U+07C0, "È€" of U+0200).
_PLAUSIBLE = (
    (0x85, 0x85),
    (0xA0, 0x17F),
    (0x300, 0x36F),
    (0x2000, 0x2BFF),
    (0xFE00, 0xFE0F),
    (0x1F000, 0x1FAFF),
)


def _plausible_utf8(text: str) -> bool:
    return all(c.isascii() or any(lo <= ord(c) <= hi for lo, hi in _PLAUSIBLE) for c in text)


def _lines(data: bytes) -> tuple[list[str], str, list[str]]:
    """The lines of the file (only CR, LF and CRLF end a line: U+2028, U+0085 and the like
    are data), its encoding, and warnings.

    A file that is valid UTF-8 is UTF-8. Otherwise each line is decoded on its own: UTF-8
    when it is valid UTF-8 and reads as Latin text, punctuation, symbols or emoji, CP1252
    otherwise. A file whose non-ASCII lines are all CP1252 is a CP1252 file (no warning);
    one that mixes UTF-8 lines and CP1252 lines (a stray byte, a line added by another
    program) is read line by line and the CP1252 lines are named in a warning."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise EntryFileError(translate("Ingest", "the file is empty"))
    if len(data) > MAX_BYTES:
        raise EntryFileError(
            translate("Ingest", "the file is too large ({size} bytes) for an entry file").format(
                size=len(data)
            )
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    raw_lines = _LINE_BREAK.split(data[3:] if bom else data)
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()  # the file ends with a line break
    decoded = [_decode_line(raw) for raw in raw_lines]
    some_cp1252 = not all(utf8 for _text, utf8 in decoded)
    lines: list[str] = []
    utf8_text = False  # a line with non-ASCII UTF-8 in it
    cp1252_lines: list[int] = []
    for number, (raw, (text, utf8)) in enumerate(zip(raw_lines, decoded, strict=True), start=1):
        if utf8 and some_cp1252 and not raw.isascii() and not _plausible_utf8(text):
            text, utf8 = raw.decode("cp1252", errors="synoptux-latin1"), False
        if not utf8:
            cp1252_lines.append(number)
        elif not raw.isascii():
            utf8_text = True
        bad = [c for c in text if ord(c) < 32 and c != "\t"]
        if bad:
            raise EntryFileError(
                translate(
                    "Ingest", "control character {code:#04x}: this is not a text (INI) file"
                ).format(code=ord(bad[0])),
                number,
            )
        lines.append(text)
    warnings: list[str] = []
    if not cp1252_lines:
        encoding = "utf-8-sig" if bom else "utf-8"
    elif utf8_text or bom:
        encoding = "mixed"
        shown = ", ".join(str(n) for n in cp1252_lines[:10])
        more = len(cp1252_lines) - 10
        if more > 0:
            shown += " " + translate("Ingest", "(and {n} more)").format(n=more)
        warnings.append(
            translate(
                "Ingest",
                "line {lines}: not UTF-8 like the rest of the file (mixed encodings); "
                "read as CP1252 (Windows Latin-1): check the accents",
            ).format(lines=shown)
        )
    else:
        encoding = "cp1252"
    return lines, encoding, warnings


def parse_entry(data: bytes) -> EntryFile:
    """Parse the bytes of an entry file, or raise EntryFileError naming the line."""
    lines, encoding, warnings = _lines(data)
    sections: dict[str, tuple[int, dict[str, Value]]] = {}
    current: dict[str, Value] | None = None
    current_name = ""
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        m = _SECTION.match(raw)
        if m:
            name = m.group(1).strip()
            key = name.lower()
            if not key:
                raise EntryFileError(translate("Ingest", "empty section name '[]'"), number)
            if key in sections:
                warnings.append(
                    translate(
                        "Ingest",
                        "line {line}: section [{name}] repeated; its values are merged "
                        "with the first one (the later value of a key wins)",
                    ).format(line=number, name=name)
                )
                current = sections[key][1]
            else:
                current = {}
                sections[key] = (number, current)
            current_name = name
            continue
        if "=" not in raw:
            raise EntryFileError(
                translate(
                    "Ingest",
                    "'{text}' is neither a [section] nor a key=value "
                    "line: this is not an INI entry file",
                ).format(text=_clip(stripped)),
                number,
            )
        name, _, value = raw.partition("=")
        name = name.strip()
        if not name:
            raise EntryFileError(
                translate("Ingest", "'{text}' has no key name before '='").format(
                    text=_clip(stripped)
                ),
                number,
            )
        if current is None:
            raise EntryFileError(
                translate(
                    "Ingest",
                    "'{key}=' comes before any [section] (the file must start with [Entree])",
                ).format(key=name),
                number,
            )
        k = name.lower()
        if k in current:
            warnings.append(
                translate(
                    "Ingest", "line {line}: [{section}] {key} given twice; the later value is used"
                ).format(line=number, section=current_name, key=name)
            )
        current[k] = Value(unquote_value(value), number)

    if ENTRY not in sections:
        raise EntryFileError(
            translate("Ingest", "no [Entree] section (required in every entry file)")
        )
    entry_line, entry_values = sections.pop(ENTRY)
    result = EntryFile(encoding=encoding, entry_line=entry_line, warnings=warnings)
    for k, v in entry_values.items():
        if k in ENTRY_KEYS:
            result.values[ENTRY_KEYS[k]] = v
        else:
            warnings.append(
                translate("Ingest", "line {line}: unknown key [Entree] {key!r} ignored").format(
                    line=v.line, key=k
                )
            )
    if result.get("last_name") is None and result.get("guid") is None:
        raise EntryFileError(
            translate(
                "Ingest",
                "Nom_Patient is missing or empty in [Entree] (required, unless GUID_Patient "
                "names a patient already on the board)",
            ),
            result.line_of("last_name"),
        )

    # Task sections by number. Two spellings of one number ([Tache_1] and [Tache_01]) are
    # two sections: both tasks are kept (a doubled task is seen and deleted by a nurse; a
    # dropped one is lost) and the repetition is reported.
    numbers: dict[int, list[tuple[str, int, dict[str, Value]]]] = {}
    for key, (line, values) in sorted(sections.items(), key=lambda kv: kv[1][0]):
        m = _TASK.match(key)
        if m:
            numbers.setdefault(int(m.group(1)), []).append((key, line, values))
        else:
            warnings.append(
                translate("Ingest", "line {line}: unknown section [{section}] ignored").format(
                    line=line, section=key
                )
            )
    n = 1
    while n in numbers:
        spellings = numbers.pop(n)
        first_key, first_line, _ = spellings[0]
        for key, line, values in spellings:
            if line != first_line:
                warnings.append(
                    translate(
                        "Ingest",
                        "line {line}: [{section}] is task {n} again (as "
                        "[{first}] line {first_line}): both tasks are added",
                    ).format(
                        line=line,
                        section=_section_name(key),
                        n=n,
                        first=_section_name(first_key),
                        first_line=first_line,
                    )
                )
            task = TaskEntry(n, line)
            for k, v in values.items():
                if k in TASK_KEYS:
                    task.values[TASK_KEYS[k]] = v
                else:
                    warnings.append(
                        translate(
                            "Ingest", "line {line}: unknown key [Tache_{n}] {key!r} ignored"
                        ).format(line=v.line, n=n, key=k)
                    )
            if task.get("code") is None:
                raise EntryFileError(
                    translate(
                        "Ingest", "Code_Tache is missing or empty in [Tache_{n}] (required)"
                    ).format(n=n),
                    task.line_of("code"),
                )
            result.tasks.append(task)
        n += 1
    for left, spellings in sorted(numbers.items()):
        for _key, line, _values in spellings:
            warnings.append(
                translate(
                    "Ingest",
                    "line {line}: [Tache_{left}] ignored: tasks are read from [Tache_1] "
                    "up to the first missing number ([Tache_{n}])",
                ).format(line=line, left=left, n=n)
            )
    return result


def _section_name(key: str) -> str:
    """`tache_01` as written in the usual spelling: `Tache_01`."""
    return key[:1].upper() + key[1:]


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
