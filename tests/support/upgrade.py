"""Helpers of the 2.x upgrade tests: a 2.x site built in a throw-away MariaDB database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synoptux.db.engine import Database
from tests.upgrade.legacy_db import LEGACY_BASES, LegacyFacts, build_legacy, legacy_rows


@dataclass
class LegacySite:
    url: str
    facts: LegacyFacts
    backup_dir: Path
    columns: dict[str, list[str]] = field(default_factory=dict)  # the 2.x columns, first seen

    @property
    def prefix(self) -> str:
        return self.facts.prefix

    def table(self, base: str) -> str:
        return f"{self.prefix}{base}"

    def database(self) -> Database:
        return Database.from_url(self.url, self.prefix)

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every 2.x table (task numbers left out: the upgrade renumbers them).

        Numbers are compared as their text: the upgrade turns 2.x's int EN_Priorite and
        EN_PrimKey_blob into the fresh schema's varchar (3 -> '3'), and its tinyint flags
        into smallint; the values must not change, their Python type does. The tests that
        need the exact 2.x types (restore) compare the raw rows and the DDL."""
        from tests.upgrade.legacy_db import table_columns

        out = {}
        for base in LEGACY_BASES:
            if base not in self.columns:
                cols = table_columns(self.url, self.table(base))
                self.columns[base] = [c for c in cols if c != "EN_Num_tache"]
            cols = self.columns[base]
            out[base] = sorted(
                (
                    tuple(_as_text(v) for v in row)
                    for row in legacy_rows(self.url, self.table(base), cols)
                ),
                key=repr,
            )
        return out


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def make_site(
    factory,
    tmp_path: Path,
    prefix: str,
    charset: str,
    version: str,
    **kw,
) -> LegacySite:
    url = factory.create(charset="latin1" if charset == "latin1" else "utf8mb3")
    facts = build_legacy(url, prefix, charset, version=version, **kw)
    return LegacySite(url, facts, tmp_path / "backups")
