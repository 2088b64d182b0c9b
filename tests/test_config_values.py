"""One whole-number parse, one flag parse and one ini quoting rule, for synoptux.ini, the
entry files and the database's 2.x values alike (there were `_int` three times, `_flag`
twice, two `unquote`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from synoptux.config import KEYS, ConfigError, Settings
from synoptux.domain.values import flag, read_flag, whole_number
from synoptux.ingest.parser import parse_entry, unquote_value
from synoptux.inifile import IniDocument, unquote

ROOT = Path(__file__).resolve().parents[1] / "synoptux"


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (None, None),
        ("", None),  # 2.x's macros write '' for "no priority"
        ("   ", None),
        ("12", 12),
        (" -3 ", -3),
        ("+7", 7),
        (5, 5),
        (True, 1),
        ("1.5", None),
        (2.0, None),
        ("abc", None),
        ("1_000", None),  # Python's int() takes it; no writer means it
        ("١٢", None),  # nor other scripts' digits
        (b"42", 42),
    ],
)
def test_whole_number(value: object, number: int | None) -> None:
    assert whole_number(value) == number


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("", False),  # not set is off: the one rule for "" (ini and database)
        ("  ", False),
        (None, False),
        (0, False),
        ("0", False),
        (1, True),
        ("1", True),
        ("2", True),  # a tinyint other than 0, and QSettings' toBool
        (True, True),
        (False, False),
        ("OUI", True),
        ("oui ", True),
        ("Non", False),
        ("vrai", True),
        ("faux", False),
        ("peut-être", None),
        ("1.5", None),
    ],
)
def test_read_flag(value: object, said: bool | None) -> None:
    assert read_flag(value) is said
    assert flag(value) is (said is True)  # a column: only what says "on" is on


def test_the_ini_reads_flags_and_numbers_with_the_same_rules() -> None:
    s = Settings.from_text(
        "[Affichage]\nClignotement=\nMode_Confidentiel=2\nPlein_Ecran=peut-être\n"
        "Taille_Police= 20 \nLargeur_Box=1_000\n"
    )
    assert s[KEYS.BLINK] is False  # empty: NON (as "" is off in the database)
    assert s[KEYS.PRIVACY] is True
    assert s[KEYS.FONT_SIZE] == 20
    errors = {(e.key, e.message.split(" is ")[0]) for e in s.validate()}
    assert errors == {("Plein_Ecran", "'peut-être'"), ("Largeur_Box", "'1_000'")}
    assert s[KEYS.FULL_SCREEN] is KEYS.FULL_SCREEN.default
    assert s[KEYS.BOX_WIDTH] == KEYS.BOX_WIDTH.default
    with pytest.raises(ConfigError, match="OUI or NON"):
        s.strict(KEYS.FULL_SCREEN)


def test_one_definition_of_each_reader() -> None:
    """No module keeps a reader of its own (the three `_int`, two `_flag`, two unquote)."""
    readers = {"_int", "_flag", "unquote", "unquote_value", "whole_number", "read_flag", "flag"}
    found = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in readers:
                found.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert sorted(found) == [
        "domain/values.py:flag",
        "domain/values.py:read_flag",
        "domain/values.py:whole_number",
        "inifile.py:unquote",
    ]
    assert unquote_value is unquote


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("plain", "plain"),
        ("  blanks around  ", "blanks around"),
        ('"  kept blanks "', "  kept blanks "),
        ('"a" et "b"', '"a" et "b"'),  # quotes inside: as written
        ('"say \\"hi\\""', 'say "hi"'),
        ('"C:\\\\dossier\\\\"', "C:\\dossier\\"),
        ('"abc\\"', '"abc\\"'),  # the last quote is escaped: not a quoted value
        ('""', ""),
        ('"', '"'),
        ("a, b ; c", "a, b ; c"),  # commas and ';' are data (2.x defect 10)
    ],
)
def test_one_quoting_rule(raw: str, value: str) -> None:
    assert unquote(raw) == value
    assert IniDocument(f"[S]\nk={raw}\n").get("S", "k") == value
    entry = parse_entry(f"[Entree]\nNom_Patient=X\nCommentaire={raw}\n".encode())
    assert entry.get("comment") == (value or None)


@pytest.mark.parametrize(
    "value",
    ["  lead", "trail  ", '"quoted"', '"', 'a "b" c', "back\\slash\\", '\\"', " \\ ", "é ; ,"],
)
def test_what_the_ini_writes_it_reads_back(value: str) -> None:
    doc = IniDocument()
    doc.set("S", "k", value)
    assert IniDocument(doc.text()).get("S", "k") == value
