"""Look-alike names (identity vigilance): which patients on the board could be mistaken
for one another, and when an entry file names a patient other than the one its GUID finds.

Two names *look alike* (`look_alike`) when, after `phonetics.normalise` (case, accents,
spaces and hyphens ignored):

- they are the same, or share a last-name part of three letters or more besides the
  particles (DUPONT / DUPONT-MARTIN): "same";
- they differ only by doubled letters or Y for I (LETELLIER / LETTELLIER, KYLIAN /
  KILLIAN): "spelling";
- they have the same French phonetic key, Phonex (LEFEBVRE / LEFEVRE, GAUTHIER / GAUTIER),
  or the same key once the silent endings are dropped (a final D, P, S, T, X or Z, then
  the L of -AUL: RENAUD / RENAULT, DUPONT / DUPOND): "sound";
- both have four letters or more and one edit apart (Damerau-Levenshtein: a letter
  dropped, added, changed, or two neighbours swapped: MARTIN / MARITN, MERCIER / MERCER):
  "spelling".

Names that carry different numbers never look alike: "INCONNU 1" and "INCONNU 2" are the
placeholders a ward gives on purpose to tell unidentified patients apart.

Two patients look alike (`find_homonyms`) when their last names do, or when one's last
name looks like the other's first name and the other way round (names entered swapped).
The measure of these rules on a corpus (tests/data/homonyms/) is printed by
`bench/homonyms.py`.

Pure Python: no Qt, no SQL, no network service.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from synoptux.domain.phonetics import damerau_levenshtein, normalise, phonex, squeeze

SAME = "same"
SOUND = "sound"
SPELLING = "spelling"
SWAPPED = "swapped"

MIN_EDIT_LEN = 4  # shorter names one edit apart are too many to mean anything
PARTICLES = frozenset(
    "LE LA LES DE DU DES D L DA DAS DO DOS DI DEL DELLA VAN VON DER DEN MAC MC BEN BOU EL AL"
    " AIT ABD SAINT ST STE".split()
)
_PARTS = re.compile(r"[\s\-'’]+")
_SILENT_END = re.compile(r"[DPSTXZ]+$")


@dataclass(frozen=True, slots=True)
class NameKeys:
    norm: str  # normalised spelling
    plain: str  # doubled letters once, Y as I
    sound: str  # Phonex
    quiet: str  # Phonex without the silent ending
    parts: frozenset[str]  # the name's parts (particles left out)
    digits: str = ""  # the numbers in the name ("INCONNU 2")


@lru_cache(maxsize=8192)
def keys(name: str | None) -> NameKeys:
    norm = normalise(name)
    plain = squeeze(norm.replace("Y", "I"))
    quiet = _SILENT_END.sub("", norm)
    if quiet.endswith("AUL"):
        quiet = quiet[:-1]
    parts = frozenset(
        p
        for p in (normalise(x) for x in _PARTS.split(name or ""))
        if len(p) >= 3 and p not in PARTICLES
    )
    digits = "".join(c for c in (name or "") if c.isdigit())
    return NameKeys(norm, plain, phonex(norm), phonex(quiet) if quiet else "", parts, digits)


def compare(a: NameKeys, b: NameKeys) -> str | None:
    """Why two names look alike (SAME, SPELLING, SOUND), or None."""
    if not a.norm or not b.norm or a.digits != b.digits:
        return None
    if a.norm == b.norm or (a.parts & b.parts):
        return SAME
    if a.plain == b.plain:
        return SPELLING
    if (a.sound and a.sound == b.sound) or (a.quiet and a.quiet == b.quiet):
        return SOUND
    if min(len(a.norm), len(b.norm)) >= MIN_EDIT_LEN and (
        damerau_levenshtein(a.norm, b.norm, 1) <= 1 or damerau_levenshtein(a.plain, b.plain, 1) <= 1
    ):
        return SPELLING
    return None


def look_alike(a: str | None, b: str | None) -> str | None:
    """Why the names `a` and `b` look alike, or None (see the module docstring)."""
    return compare(keys(a), keys(b))


def clearly_different(
    last: str | None, first: str | None, other_last: str | None, other_first: str | None
) -> bool:
    """An entry file's name against the patient its GUID found: True when the last names do
    not look alike (nor look swapped with the first names), or when both first names are
    given and do not look alike. Case, accents, doubled letters and typing slips are not a
    different name."""
    if not normalise(last) or not normalise(other_last):
        return False  # a follow-up file without a name names nobody else
    if look_alike(last, other_last) is None:
        swapped = (
            look_alike(last, other_first) is not None and look_alike(first, other_last) is not None
        )
        return not swapped
    if normalise(first) and normalise(other_first):
        return look_alike(first, other_first) is None
    return False


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    last_name: str
    first_name: str | None = None


def _variants(text: str) -> set[str]:
    """The text and every text one letter shorter: two words one edit apart share one."""
    out = {text}
    if len(text) >= MIN_EDIT_LEN:
        out.update(text[:i] + text[i + 1 :] for i in range(len(text)))
    return out


def _index_keys(k: NameKeys) -> set[str]:
    found = {"n:" + k.norm, "p:" + k.plain}
    if k.sound:
        found.add("s:" + k.sound)
    if k.quiet:
        found.add("q:" + k.quiet)
    found.update("t:" + p for p in k.parts)
    found.update("v:" + v for v in _variants(k.norm))
    found.update("v:" + v for v in _variants(k.plain))
    return found


def find_homonyms(people: Sequence[Person]) -> dict[int, tuple[tuple[int, str], ...]]:
    """For each person who looks like another one: ((other id, reason), ...), in id order.

    Candidates come from an index of the name keys (and of every spelling one letter
    shorter), so a board of 200 patients compares a few pairs, not 20,000."""
    return _find(tuple((p.id, p.last_name or "", p.first_name or "") for p in people))


@lru_cache(maxsize=16)
def _find(people: tuple[tuple[int, str, str], ...]) -> dict[int, tuple[tuple[int, str], ...]]:
    last_index: dict[str, list[int]] = defaultdict(list)
    lasts: dict[int, NameKeys] = {}
    firsts: dict[int, NameKeys] = {}
    for pid, last, first in people:
        lasts[pid] = keys(last)
        firsts[pid] = keys(first)
        for key in _index_keys(lasts[pid]):
            last_index[key].append(pid)
    found: dict[int, dict[int, str]] = defaultdict(dict)

    def note(a: int, b: int, why: str) -> None:
        if a != b:
            found[a].setdefault(b, why)
            found[b].setdefault(a, why)

    for pid, _last, first in people:
        for other in _candidates(last_index, lasts[pid]):
            if other > pid:
                why = compare(lasts[pid], lasts[other])
                if why is not None:
                    note(pid, other, why)
        if first and firsts[pid].norm:  # swapped: my first name is the other's last name
            for other in _candidates(last_index, firsts[pid]):
                if other != pid and compare(firsts[other], lasts[pid]) is not None:
                    if compare(firsts[pid], lasts[other]) is not None:
                        note(pid, other, SWAPPED)
    return {pid: tuple(sorted(others.items())) for pid, others in found.items()}


def _candidates(index: dict[str, list[int]], k: NameKeys) -> Iterable[int]:
    seen: set[int] = set()
    for key in _index_keys(k):
        for pid in index.get(key, ()):
            if pid not in seen:
                seen.add(pid)
                yield pid
