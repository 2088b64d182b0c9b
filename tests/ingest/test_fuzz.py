"""Fuzz: a few hundred generated entry files (fixed seed) through the real pipeline, on
SQLite and MariaDB (strict mode). Nothing stuck in .claimed/, nothing lost, nothing
doubled, every good field stored verbatim.

Good files mix what real writers send: UTF-8 with or without BOM, CP1252, a stray CP1252
line in a UTF-8 file, CRLF/LF/CR, any case of keys, spaces around '=', values with quotes,
commas, ';', '#', '=', accents, emoji, HTML, U+2028/U+0085/NBSP inside, codes in any case,
unknown codes, Latin-1 and 250-character file names. Bad files: no name, binary, not INI,
empty, a follow-up for an unknown GUID. Some files are byte-for-byte copies of others.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.folder import CLAIMED, REASON_SUFFIX, EntryFolder
from synoptux.ingest.processor import APPLIED, DUPLICATE, ERROR, Ingestor

SEED = 20261123
CASES = 300
KNOWN = ["ECG", "BIO C", "RX OS", "SCAN T", "GDS", "TROPO"]
PIECES = [
    "a", "Z", "0", " ", "é", "È", "ç", "ß", "€", "œ", "'", '"', ",", ";", "#", "%", "*", "=",
    "[", "]", "<b>", "</b>", "&amp;", "\\", "/", "|", "+", "-", "_", "(", ")", "😀", "漢",
    "\u00a0", "\u2028", "\u0085", "\t",
]  # fmt: skip
CP1252_SAFE = [p for p in PIECES if all(c in "éÈçß€œ" or c.isascii() for c in p)]


def _value(rng: random.Random, width: int, pieces: list[str]) -> str:
    """A value as the parser keeps it: trimmed, not wrapped in one pair of quotes."""
    while True:
        n = rng.randint(1, max(1, min(width, 40)))
        text = "".join(rng.choice(pieces) for _ in range(n)).strip()
        text = text[:width].strip()
        if text and not (len(text) >= 2 and text[0] == text[-1] == '"'):
            return text


@dataclass
class Case:
    name: str  # file name (str, maybe with surrogate escapes)
    data: bytes
    kind: str  # good | long | bad | duplicate
    guid: str | None = None
    patient: dict[str, str] = field(default_factory=dict)  # column -> expected value
    tasks: list[dict[str, object]] = field(default_factory=list)


def _good(rng: random.Random, i: int, long: bool) -> Case:
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252", "mixed"])
    # A file mixing encodings is read line by line, a valid UTF-8 line as UTF-8 when it
    # reads as Latin text, symbols or emoji (parser._lines): other scripts only in files
    # that are UTF-8 throughout.
    pieces = {"cp1252": CP1252_SAFE, "mixed": [p for p in PIECES if p != "漢"]}.get(
        encoding, PIECES
    )
    guid = f"G-{i:04d}-{rng.randrange(10**6)}"
    patient = {
        "EC_NomPatient": _value(rng, 100, pieces),
        "EC_PrenomPatient": _value(rng, 100, pieces),
        "EC_Commentaire": _value(rng, 255, pieces),
        "EC_Medecin": _value(rng, 64, pieces),
        "EC_ArgsAnnexe": _value(rng, 400, pieces),
    }
    keys = {
        "EC_NomPatient": "Nom_Patient",
        "EC_PrenomPatient": "Prenom_Patient",
        "EC_Commentaire": "Commentaire",
        "EC_Medecin": "Code_Responsable",
        "EC_ArgsAnnexe": "Arguments_Annexe",
    }
    written = dict(patient)
    if long:  # longer than its column: stored cut (with a warning), never refused
        written["EC_NomPatient"] = "L" * 100 + "x" * rng.randint(1, 80)
        patient["EC_NomPatient"] = "L" * 100

    def key(name: str) -> str:
        return rng.choice([name, name.upper(), name.lower()]) + rng.choice(["", " "])

    lines = [
        "[" + rng.choice(["Entree", "ENTREE", "entree"]) + "]",
        f"{key('GUID_Patient')}={guid}",
    ]
    lines += [f"{key(keys[c])}={rng.choice(['', ' '])}{v}" for c, v in written.items()]
    tasks = []
    for n in range(1, rng.randint(0, 4) + 1):
        known = rng.random() < 0.7
        code = rng.choice(KNOWN) if known else "X-" + _value(rng, 20, CP1252_SAFE)
        spelled = rng.choice([code, code.lower(), f" {code} "]) if known else code
        task = {
            "EN_Code_tache": code if known else code.strip(),
            "EN_Comment": _value(rng, 200, pieces),
            "EN_Priorite": str(rng.randint(0, 99)),
            "EN_HeureDebPrevue": datetime(2026, 11, 23, rng.randint(0, 23), rng.randint(0, 59)),
            "EN_NomFicNote": _value(rng, 200, pieces),
        }
        tasks.append(task)
        lines += [
            f"[Tache_{n}]",
            f"{key('Code_Tache')}={spelled}",
            f"{key('Commentaire')}={task['EN_Comment']}",
            f"{key('Priorite')}={task['EN_Priorite']}",
            f"{key('Heure_Debut_Prevue')}={task['EN_HeureDebPrevue']:%Y-%m-%d %H:%M}",
            f"{key('Nom_Fichier_Note')}={task['EN_NomFicNote']}",
        ]
    eol = rng.choice(["\r\n", "\n", "\r"])
    if encoding == "mixed":  # one Latin-1 line in a UTF-8 file
        latin = "Prenom_Patient=" + "Zoé ça"
        patient["EC_PrenomPatient"] = "Zoé ça"
        lines = [ln for ln in lines if not ln.lower().startswith("prenom_patient")]
        head, rest = lines[:1], lines[1:]  # just under [Entree]
        body = (
            (eol.join(head) + eol).encode("utf-8")
            + (latin + eol).encode("cp1252")
            + (eol.join(rest) + eol).encode("utf-8")
        )
    else:
        body = (eol.join(lines) + eol).encode(encoding)
        if encoding == "cp1252" and not body.isascii():
            try:  # every accent forms a valid UTF-8 sequence ("ß€"): no reader can tell
                body.decode("utf-8")
                body += "Commentaire_Ignore=é\n".encode("cp1252")  # an unknown key
            except UnicodeDecodeError:
                pass
    return Case(_name(rng, i), body, "long" if long else "good", guid, patient, tasks)


def _bad(rng: random.Random, i: int) -> Case:
    data = rng.choice(
        [
            b"[Entree]\nPrenom_Patient=SANS NOM\n",
            b"[Entree]\nNom_Patient=BIN\x00\x01\n",
            b"Bonjour,\nvoici le patient\n",
            b"",
            b"\r\n \r\n",
            f"[Entree]\nGUID_Patient=NOBODY-{i}\n[Tache_1]\nCode_Tache=ECG\n".encode(),
            b"[Entree]\nNom_Patient=X\n[Tache_1]\nPriorite=1\n",
        ]
    )
    return Case(_name(rng, i), data, "bad")


def _name(rng: random.Random, i: int) -> str:
    style = rng.random()
    if style < 0.1:  # Latin-1 bytes from a Samba share
        return os.fsdecode(f"entr\xe9e_{i:04d}".encode("latin-1") + b".txt")
    if style < 0.15:
        return f"{i:04d}_" + "n" * 240 + ".txt"
    if style < 0.25:
        return f"ENTREE {i:04d}.TXT"
    return f"e_{i:04d}.txt"


def generate() -> list[Case]:
    rng = random.Random(SEED)
    cases: list[Case] = []
    for i in range(CASES):
        roll = rng.random()
        if roll < 0.08 and cases:
            original = rng.choice([c for c in cases if c.kind in ("good", "long")] or cases)
            cases.append(Case(f"copie_{i:04d}.txt", original.data, "duplicate"))
        elif roll < 0.22:
            cases.append(_bad(rng, i))
        else:
            cases.append(_good(rng, i, long=roll > 0.92))
    return cases


def test_fuzz_nothing_stuck_lost_or_doubled_fields_verbatim(
    seeded: Database, inbox: Path, clock: FakeClock
) -> None:
    cases = generate()
    for n, case in enumerate(cases):
        path = Path(os.path.join(inbox, case.name))
        path.write_bytes(case.data)
        os.utime(path, ns=(n * 1_000_000_000, n * 1_000_000_000))  # oldest first: in order
    ing = Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0)
    outcomes = []
    for _ in range(5):
        summary = ing.run_cycle(wait_stable=False)
        outcomes += summary.outcomes
        if not summary.outcomes:
            break
    folder = EntryFolder(inbox)

    # Nothing stuck: the inbox and .claimed/ are empty (no file, no attempt marker).
    assert folder.inbox_files() == []
    assert os.listdir(inbox / CLAIMED) == []
    # Nothing lost: every file is in done/ or in errors/ with its reason.
    done = folder._entries(folder.done)
    errors = folder.error_files()
    assert len(done) + len(errors) == len(cases) == len(outcomes)
    assert all(
        e.reason and (e.path.parent / (e.path.name + REASON_SUFFIX)).exists() for e in errors
    )
    bad = [c for c in cases if c.kind == "bad"]
    dups = [c for c in cases if c.kind == "duplicate"]
    good = [c for c in cases if c.kind in ("good", "long")]
    status = sorted(o.status for o in outcomes)
    assert status == sorted([ERROR] * len(bad) + [DUPLICATE] * len(dups) + [APPLIED] * len(good)), {
        s: status.count(s) for s in set(status)
    }
    # Nothing doubled, every good field verbatim.
    t = seeded.tables
    with seeded.connect() as conn:
        patients = conn.execute(select(t.encours)).mappings().all()
        tasks = (
            conn.execute(select(t.encours_taches).order_by(t.encours_taches.c.EN_Num_tache))
            .mappings()
            .all()
        )
    assert len(patients) == len(good)
    by_guid = {p["EC_GUIDPatient"]: p for p in patients}
    assert len(by_guid) == len(good)
    tasks_of: dict[int, list] = {}
    for task in tasks:
        tasks_of.setdefault(task["EN_PK_encours"], []).append(task)
    for case in good:
        row = by_guid[case.guid]
        for column, value in case.patient.items():
            assert row[column] == value, (case.name, column, row[column], value)
        stored = tasks_of.get(row["EC_PK"], [])
        assert len(stored) == len(case.tasks), case.name
        for want, got in zip(case.tasks, stored, strict=True):
            for column, value in want.items():
                got_value = got[column]
                assert (str(got_value) if column == "EN_Priorite" else got_value) == value, (
                    case.name,
                    column,
                    got_value,
                    value,
                )
    print(
        f"fuzz: {len(cases)} files, {len(good)} applied ({sum(len(c.tasks) for c in good)} "
        f"tasks), {len(dups)} duplicates, {len(bad)} in error"
    )
