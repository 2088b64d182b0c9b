"""French name keys: normalised spelling, Phonex, Damerau-Levenshtein distance.

Pure Python, no network service. Used by `domain.homonyms` to tell when two patients on
the board have names that sound or look alike (identity vigilance).

- `normalise`: upper-case Latin letters only: accents, cedillas and ligatures folded
  (é -> E, ç -> C, œ -> OE, ß -> SS), spaces, hyphens and apostrophes dropped
  ("Le Gall" and "LEGALL" are the same spelling).
- `phonex`: the Phonex key of Frédéric Brouard (1999), a Soundex made for French: it
  rewrites the French spellings of one sound to one symbol (EAU/AU/O, AIN/EIN/IN,
  AN/EN/AM/EM, OU, OI, CH/SCH/SH, GU/QU/C/K...), then the consonants that sound alike
  (B/V -> F, D/P -> T, J -> G, M -> N), squeezes repeated symbols and drops a final T or X.
  Brouard's last step turns the key into a real number; the string before it is kept here
  (the same classes, and readable). Reference: F. Brouard, "Phonex", 1999, described with
  the French Soundex2 on the Le Mans university page of F. Carlier
  (info.univ-lemans.fr/~carlier/recherche/soundex.html).
- `damerau_levenshtein`: the restricted edit distance (optimal string alignment): one
  insertion, deletion, substitution, or transposition of two neighbouring letters costs 1.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"Œ": "OE", "œ": "OE", "Æ": "AE", "æ": "AE", "ß": "SS"})
_NOT_LETTER = re.compile(r"[^A-Z]")


@lru_cache(maxsize=8192)
def normalise(name: str | None) -> str:
    """'Lefèvre-Dupont' -> 'LEFEVREDUPONT': upper-case A-Z only."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name.translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", text.upper())


def squeeze(text: str) -> str:
    """Runs of one letter as one letter: 'LETTELLIER' -> 'LETELIER'."""
    out: list[str] = []
    for c in text:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


_VOWEL = "AEIOUY"
_SOUND_VOWEL = "AEIOUY1234"

# Brouard's rewriting steps, in his order. Digits stand for sounds: 1 'an/on', 2 'oua/oi',
# 3 'ou', 4 'in', 5 'ch'. Each entry is (pattern, replacement); all are applied everywhere.
_PHONEX_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"Y", "I"),  # 1. y sounds i
        (r"(^|[^CSP])H", r"\1"),  # 2. a silent h (not in ch, sh, ph) goes
        (r"PH", "F"),  # 3.
        (r"G(AI?[NM])", r"K\1"),  # 4. gan, gam, gain, gaim: hard g
        (r"[AE]I[NM]([AEIOU])", r"YN\1"),  # 5. ain/ein/aim/eim + vowel: 'è-n' (no nasal)
        (r"EAU", "O"),  # 6. 'o', 'oua', 'in'
        (r"OUA", "2"),
        (r"[AE]I[NM]", "4"),
        (r"[AE]I", "Y"),  # 7. the sound 'é/è'
        (r"E([RTZ])", r"Y\1"),
        (r"ESS", "YS"),
        (rf"[AE][NM]($|[^{_SOUND_VOWEL}])", r"1\1"),  # 8. an, am, en, em (nasal): 'an'
        (rf"IN($|[^{_SOUND_VOWEL}])", r"4\1"),  # in (nasal)
        (rf"ON($|[^{_SOUND_VOWEL}])", r"1\1"),  # 9. on (nasal): the 'an' class, as Brouard
        (rf"([{_SOUND_VOWEL}])S([{_SOUND_VOWEL}])", r"\1Z\2"),  # 10. s between vowels: z
        (r"OE|EU", "E"),  # 11.
        (r"AU", "O"),
        (r"OI|OY", "2"),
        (r"OU", "3"),
        (r"SCH|CH|SH", "5"),  # 12.
        (r"SS", "S"),
        (r"SC([EIY])", r"S\1"),
        (r"C([EIY])", r"S\1"),  # 13. soft c
        (r"QU|GU|Q|C", "K"),  # 14. hard c, q, gu
        (r"G([AOU])", r"K\1"),
    )
)
_SAME_SOUND = str.maketrans("ADPJBVM", "OTTGFFN")  # 15. consonant classes (and a -> o)


@lru_cache(maxsize=8192)
def phonex(name: str | None) -> str:
    """The Phonex key of a name ('' when it has no letter)."""
    code = normalise(name)
    if not code:
        return ""
    for pattern, replacement in _PHONEX_RULES:
        code = pattern.sub(replacement, code)
    code = squeeze(code.translate(_SAME_SOUND))  # 16. repeated symbols once
    if len(code) > 1 and code[-1] in "TX":  # 17. a final t or x is silent
        code = code[:-1]
    return code


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance where a transposition of two neighbours costs 1 (optimal string
    alignment). With `limit`, any distance above it is returned as `limit + 1` (early stop)."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if limit is not None and abs(la - lb) > limit:
        return limit + 1
    if not la or not lb:
        return max(la, lb)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ai = a[i - 1]
        best = cur[0]
        for j in range(1, lb + 1):
            bj = b[j - 1]
            cost = 0 if ai == bj else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if limit is not None and best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb] if limit is None else min(prev[lb], limit + 1)
