"""Reading entry files: encodings, line ends, awkward values, and the bad-file corpus."""

from __future__ import annotations

import pytest

from synoptux.ingest.parser import EntryFileError, parse_entry
from tests.support.ingest import SAMPLES


def test_sample_utf8_lf() -> None:
    e = parse_entry((SAMPLES / "entree_dupuich.txt").read_bytes())
    assert e.get("box_code") == "A1"
    assert e.get("last_name") == "DUPUICH"
    assert e.get("comment") == "Poignet cassé, chute à domicile"  # comma kept (2.x defect 10)
    assert e.get("program_args") == "ro|ro|3f1c2a90-77b1-4e0c-9d1e-0c5b8a1d2e01|6521"
    assert [t.get("code") for t in e.tasks] == ["RX OS", "BIO C"]
    assert e.tasks[0].get("planned_start") == "10h20"
    assert e.tasks[1].get("comment") == "Voir médecin avant"
    assert e.warnings == []


def test_sample_cp1252_crlf() -> None:
    e = parse_entry((SAMPLES / "entree_silouva_cp1252.txt").read_bytes())
    assert e.encoding == "cp1252"
    assert e.get("comment") == "Coup de couteau ! Plaie thoracique, hémodynamique stable"
    assert e.tasks[0].get("comment") == "Scanner thoracique injecté"
    assert e.tasks[1].get("blob") == "160651"
    assert not any(v.text.endswith("\r") for v in e.values.values())


def test_sample_utf8_bom_crlf() -> None:
    e = parse_entry((SAMPLES / "suite_silouva_utf8bom.txt").read_bytes())
    assert e.encoding == "utf-8-sig"
    assert e.entry_line == 1
    assert e.get("box_code") is None
    t = e.tasks[0]
    assert t.get("comment") == "Bilan pré-opératoire, groupe, RAI"
    assert t.get("note_file") == "D:/tmp/PDF_tmp/CR ECHO DOPP PULSE.pdf"
    assert t.get("note_program") == "C:/Program Files/Adobe/Reader 9.0/Reader/AcroRd32.exe"


def test_values_kept_verbatim() -> None:
    text = (
        '[entree]\nNOM_PATIENT=D\'ARTAGNAN\nprenom_patient=Charles "le Gascon"\n'
        "Commentaire=a, b; c % d * e = f # g\n[TACHE_1]\ncode_tache=ECG\n"
        'Commentaire="entre guillemets"\n'
    )
    e = parse_entry(text.encode("latin-1"))
    assert e.get("last_name") == "D'ARTAGNAN"
    assert e.get("first_name") == 'Charles "le Gascon"'
    assert e.get("comment") == "a, b; c % d * e = f # g"
    assert e.tasks[0].get("comment") == "entre guillemets"  # QSettings-style quotes removed


def test_quotes_inside_are_not_unquoted() -> None:
    e = parse_entry(b'[Entree]\nNom_Patient="A" et "B"\n')
    assert e.get("last_name") == '"A" et "B"'


def test_tasks_until_first_missing_number() -> None:
    text = (
        "[Entree]\nNom_Patient=X\n[Tache_2]\nCode_Tache=B\n[Tache_1]\nCode_Tache=A\n"
        "[Tache_4]\nCode_Tache=D\n"
    )
    e = parse_entry(text.encode())
    assert [t.get("code") for t in e.tasks] == ["A", "B"]
    assert any("[Tache_4] ignored" in w and "line 7" in w for w in e.warnings)


def test_unknown_keys_and_sections_warned() -> None:
    e = parse_entry(b"[Entree]\nNom_Patient=X\nAge=42\n[Divers]\nx=1\n")
    assert any("'age'" in w for w in e.warnings)
    assert any("[divers]" in w for w in e.warnings)


def test_comments_and_blank_lines() -> None:
    e = parse_entry(b"; made by DrTux\n\n[Entree]\n# note\nNom_Patient=X\n")
    assert e.get("last_name") == "X"


BAD = [
    ("empty", b"", None, "empty"),
    ("blank", b"\r\n  \r\n", None, "empty"),
    ("no entree", b"[Tache_1]\nCode_Tache=ECG\n", None, "no [Entree]"),
    ("not ini", b"Bonjour,\nvoici le patient DUPONT\n", 1, "not an INI"),
    ("key before section", b"Nom_Patient=X\n[Entree]\n", 1, "before any [section]"),
    ("no name", b"[Entree]\nPrenom_Patient=Y\n", 1, "Nom_Patient is missing"),
    ("empty name", b"[Entree]\nNom_Patient=\n", 2, "Nom_Patient is missing"),
    (
        "task without code",
        b"[Entree]\nNom_Patient=X\n[Tache_1]\nPriorite=1\n",
        3,
        "Code_Tache is missing",
    ),
    ("binary", b"[Entree]\nNom_Patient=X\x00\x01\n", 2, "control character"),
    ("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 1, "not an INI"),
    ("empty section", b"[]\nNom_Patient=X\n", 1, "empty section"),
    ("no key", b"[Entree]\n=X\n", 2, "no key name"),
]


@pytest.mark.parametrize("case, data, line, words", BAD, ids=[b[0] for b in BAD])
def test_bad_files_name_line_and_problem(
    case: str, data: bytes, line: int | None, words: str
) -> None:
    with pytest.raises(EntryFileError) as err:
        parse_entry(data)
    assert err.value.line == line
    assert words in str(err.value)
    if line:
        assert str(err.value).startswith(f"line {line}:")
