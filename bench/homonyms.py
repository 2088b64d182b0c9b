"""Look-alike names: recall on true pairs, false-positive rate on common surnames.

    .venv/bin/python bench/homonyms.py [--show]

Reads tests/data/homonyms/true_pairs.txt (pairs that must be flagged: the reference
examples LETELLIER / LETTELLIER / ... and KILLIAN / KYLIAN / ..., and French variants)
and tests/data/homonyms/surnames.txt (the 200 most frequent French surnames: every pair
of two of them must not be). Prints the share of
true pairs flagged (target >= 95 %) and of false pairs flagged (target <= 2 %), and with
--show the pairs missed and the false pairs flagged. Exits 1 when a target is missed.
Also times `find_homonyms` on a board of 200 patients.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synoptux.domain.homonyms import Person, find_homonyms, keys, look_alike  # noqa: E402

DATA = ROOT / "tests" / "data" / "homonyms"
RECALL_MIN = 0.95
FALSE_MAX = 0.02


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def true_pairs() -> list[tuple[str, str]]:
    return [tuple(ln.split(";", 1)) for ln in lines(DATA / "true_pairs.txt")]  # type: ignore[misc]


def false_pairs() -> list[tuple[str, str]]:
    return list(combinations(lines(DATA / "surnames.txt"), 2))


def measure() -> dict:
    good = true_pairs()
    bad = false_pairs()
    missed = [(a, b) for a, b in good if look_alike(a, b) is None]
    flagged = [(a, b, why) for a, b in bad if (why := look_alike(a, b)) is not None]
    return {
        "true_pairs": len(good),
        "recall": 1 - len(missed) / len(good),
        "missed": missed,
        "false_pairs": len(bad),
        "false_rate": len(flagged) / len(bad),
        "flagged": flagged,
    }


def board_timing(n: int = 200, rounds: int = 20) -> float:
    names = lines(DATA / "surnames.txt")
    people = [
        Person(i, names[i % len(names)] + ("" if i < len(names) else "E"), "Jean") for i in range(n)
    ]
    keys.cache_clear()
    started = time.perf_counter()
    for r in range(rounds):
        find_homonyms([*people, Person(10_000 + r, "NOUVEAU", "Patient")])  # a new board each round
    return (time.perf_counter() - started) / rounds * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the misses and false alarms")
    args = parser.parse_args()
    r = measure()
    print(f"true pairs flagged:  {r['recall']:.1%} of {r['true_pairs']} (target >= 95 %)")
    print(f"false pairs flagged: {r['false_rate']:.2%} of {r['false_pairs']} (target <= 2 %)")
    print(f"find_homonyms, 200 patients: {board_timing():.1f} ms per board")
    if args.show:
        for a, b in r["missed"]:
            print(f"  missed: {a} / {b}")
        for a, b, why in r["flagged"]:
            print(f"  flagged ({why}): {a} / {b}")
    ok = r["recall"] >= RECALL_MIN and r["false_rate"] <= FALSE_MAX
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
