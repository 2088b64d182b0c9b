"""The 2.x sites of the upgrade tests: a clone of the run's 2.x template
(tests/support/upgrade.py) is the very database `build_legacy` builds — same tables (DDL:
engine, character sets and collations, columns, keys, AUTO_INCREMENT), same rows in the
same order and the same bytes, no trigger or other object, the same facts — and it numbers
new rows as the built one does (MyISAM's per-patient task numbers included), for each kind
of site the tests use."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.upgrade import LEGACY, database_charset, make_site, other_objects
from tests.upgrade.legacy_db import build_legacy

pytestmark = pytest.mark.mysql

# (prefix, 2.x charset, 2.x version, build_legacy's sizes): every prefix, both charsets,
# both versions, the full-size sites of the `site` fixture and smaller ones.
KINDS = [
    pytest.param(("synopt_", "latin1", "2.15", {}), id="synopt_-latin1-2.15"),
    pytest.param(("ST_", "utf8", "2.16", {}), id="ST_-utf8-2.16"),
    pytest.param(("", "utf8", "2.16", dict(patients=80, history=150)), id="-utf8-2.16-80"),
    pytest.param(("ST_", "latin1", "2.15", dict(patients=40, history=80)), id="ST_-latin1-2.15-40"),
]


def contents(url: str) -> dict[str, object]:
    """Everything of a database but its name."""
    name = make_url(url).database
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            schema = conn.execute(
                text(
                    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"
                    " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :s"
                ),
                {"s": name},
            ).one()
            tables = conn.execute(
                text(
                    "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, ROW_FORMAT, TABLE_ROWS, AUTO_INCREMENT,"
                    " TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT"
                    " FROM information_schema.TABLES WHERE TABLE_SCHEMA = :s ORDER BY TABLE_NAME"
                ),
                {"s": name},
            ).all()
            ddl = {t[0]: conn.execute(text(f"SHOW CREATE TABLE `{t[0]}`")).one()[1] for t in tables}
            # Rows as stored, in the order a plain SELECT reads them (the tests' queries
            # without ORDER BY see the same order), and each table's checksum of its bytes.
            rows = {t[0]: conn.execute(text(f"SELECT * FROM `{t[0]}`")).all() for t in tables}
            sums = {
                t[0]: conn.execute(text(f"CHECKSUM TABLE `{t[0]}` EXTENDED")).one()[1]
                for t in tables
            }
            triggers = conn.execute(
                text(
                    "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT"
                    " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = :s"
                ),
                {"s": name},
            ).all()
            others = other_objects(conn, name)
    finally:
        engine.dispose()
    return {
        "schema": tuple(schema),
        "tables": tables,
        "ddl": ddl,
        "rows": rows,
        "checksums": sums,
        "triggers": triggers,
        "others": others,
    }


def numbers_given(url: str, prefix: str) -> tuple[int, ...]:
    """The numbers MariaDB gives new rows: a patient, a task of an existing patient (MyISAM
    numbers it within the patient), a task of the new one, a history row."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            pk = conn.execute(
                text(
                    f"INSERT INTO `{prefix}encours` (EC_CodeBox, EC_NomPatient, EC_HeureEntree)"
                    " VALUES ('A1', 'NOUVEAU', '2026-11-23 10:00:00')"
                )
            ).lastrowid
            given = [pk]
            for patient in (2, pk):
                given.append(
                    conn.execute(
                        text(
                            f"INSERT INTO `{prefix}encours_taches` (EN_PK_encours, EN_Code_tache)"
                            " VALUES (:pk, 'ECG')"
                        ),
                        {"pk": patient},
                    ).lastrowid
                )
            given.append(
                conn.execute(
                    text(f"INSERT INTO `{prefix}historique` (HI_Action) VALUES ('PATIENT_IN')")
                ).lastrowid
            )
    finally:
        engine.dispose()
    return tuple(given)


@pytest.mark.parametrize("kind", KINDS)
def test_a_2x_clone_is_what_build_legacy_builds(mysql_factory, tmp_path, kind) -> None:
    prefix, charset, version, sizes = kind
    built_url = mysql_factory.create(charset=database_charset(charset))
    built_facts = build_legacy(built_url, prefix, charset, version=version, **sizes)

    site = make_site(mysql_factory, tmp_path, prefix, charset, version, **sizes)
    builds, clones = LEGACY.builds, LEGACY.clones
    again = make_site(mysql_factory, tmp_path, prefix, charset, version, **sizes)
    assert (LEGACY.builds, LEGACY.clones) == (builds, clones + 1)  # copied, not built

    expected = contents(built_url)
    assert len(expected["tables"]) == 8 and expected["rows"][f"{prefix}historique"]
    assert not expected["triggers"] and not any(expected["others"].values())
    for url in (site.url, again.url):
        got = contents(url)
        for part in expected:
            assert got[part] == expected[part], part
    assert site.facts == built_facts and site.facts is not again.facts
    assert numbers_given(site.url, prefix) == numbers_given(built_url, prefix)
