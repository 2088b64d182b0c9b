"""Helpers of the 2.x upgrade tests: a 2.x site built in a throw-away MariaDB database.

A 2.x site is cloned, not built: `build_legacy` fills its tables row by row (hundreds of
patients, their tasks, a thousand history rows: one to several seconds), so each test run
builds each kind of site it asks for once — per (prefix, 2.x character set, 2.x version,
`build_legacy`'s sizes and seed) — in a template database (`stx_tpl_*`, dropped with the
run's schema templates: tests/support/db.py), and `make_site` copies that template into the
test's own empty database: `CREATE TABLE ... LIKE` for every table (MyISAM, latin1 or utf8,
the 2.x columns and keys as they are), then its rows in their order (`INSERT ... SELECT`: the
bytes as stored, double-encoded values and zero dates included, AUTO_INCREMENT counters past
them). A 2.x site has no trigger, view, routine or event: the template is checked for none
(a build that made one would have to copy it). tests/upgrade/test_legacy_clones.py checks
that a clone is identical to a database `build_legacy` built (every table's DDL, every row in
its order, no other object) for each kind of site the tests use.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from synoptux.db.engine import Database
from tests.support.db import TEMPLATES, base_tables, copy_tables, database_url
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


def database_charset(charset: str) -> str:
    """The default character set of a 2.x site's database (its tables name their own)."""
    return "latin1" if charset == "latin1" else "utf8mb3"


# Objects other than base tables: a 2.x site has none (a clone copies tables only).
OTHER_OBJECTS = (
    ("TRIGGERS", "TRIGGER_SCHEMA", ""),
    ("ROUTINES", "ROUTINE_SCHEMA", ""),
    ("EVENTS", "EVENT_SCHEMA", ""),
    ("TABLES", "TABLE_SCHEMA", " AND TABLE_TYPE <> 'BASE TABLE'"),
)


def other_objects(conn, schema: str) -> dict[str, int]:
    return {
        view: conn.execute(
            text(f"SELECT COUNT(*) FROM information_schema.{view} WHERE {column} = :s{extra}"),
            {"s": schema},
        ).scalar_one()
        for view, column, extra in OTHER_OBJECTS
    }


class LegacyTemplates:
    """The run's 2.x sites on MariaDB: one template database per kind of site, built by
    `build_legacy` the first time a test asks for it, copied into each test's database."""

    def __init__(self) -> None:
        # key -> (template database, its tables, what build_legacy wrote)
        self._made: dict[tuple, tuple[str, list[str], LegacyFacts]] = {}
        self.builds = 0  # build_legacy runs (for the measurements and the tests)
        self.clones = 0

    def template(
        self, prefix: str, charset: str, version: str, **kw
    ) -> tuple[str, list[str], LegacyFacts]:
        key = (prefix, charset, version, tuple(sorted(kw.items())))
        if key not in self._made:
            name = TEMPLATES.new_template(database_charset(charset))
            facts = build_legacy(database_url(name), prefix, charset, version=version, **kw)
            self.builds += 1
            with TEMPLATES.engine.connect() as conn:
                others = other_objects(conn, name)
                assert not any(others.values()), f"the 2.x build made more than tables: {others}"
                self._made[key] = (name, base_tables(conn, name), facts)
        return self._made[key]

    def clone_into(self, url: str, prefix: str, charset: str, version: str, **kw) -> LegacyFacts:
        """Make the empty database of `url` the 2.x site `build_legacy(url, prefix, charset,
        version=version, **kw)` would build; what it wrote (a copy of its own: a test may
        change it)."""
        template, tables, facts = self.template(prefix, charset, version, **kw)
        name = make_url(url).database
        with TEMPLATES.engine.connect() as conn:
            assert not base_tables(conn, name), f"{name} is not empty"
            copy_tables(conn, template, name, tables)
        self.clones += 1
        return copy.deepcopy(facts)


LEGACY = LegacyTemplates()


def make_site(
    factory,
    tmp_path: Path,
    prefix: str,
    charset: str,
    version: str,
    **kw,
) -> LegacySite:
    """A 2.x site in a new database of the test (`build_legacy`'s, cloned: see above)."""
    url = factory.create(charset=database_charset(charset))
    facts = LEGACY.clone_into(url, prefix, charset, version, **kw)
    return LegacySite(url, facts, tmp_path / "backups")
