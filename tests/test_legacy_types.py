"""Legacy lenient column types (`db.types.LegacyInt`, `LegacyFlag`): the DDL is the one the
columns always had, reading takes what 2.x and the macros wrote (numbers as text, '' for
"not set"), writing stores what the writers give, and the statistics read the board's one
catalogue."""

from __future__ import annotations

from sqlalchemy import Integer, SmallInteger, String, literal, select, text
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.schema import CreateColumn

from synoptux.db.columns import _ours
from synoptux.db.fit import column_width, fit_value
from synoptux.db.tables import build_tables
from synoptux.db.types import LegacyFlag, LegacyInt, storage_type
from synoptux.services.snapshot import Catalogue
from synoptux.stats.catalogue import StatsCatalogue

# The DDL each column had before it read leniently: it must not change (ensure_schema and
# the upgrade compare and create columns from it; a change would ALTER every site).
STORED = {
    ("box", "BO_Nb_Maxi_Pat"): ("INTEGER", "INTEGER DEFAULT 1"),
    ("taches", "TA_Duree_maxi"): ("INTEGER", "INTEGER"),
    ("taches", "TA_Priorite"): ("VARCHAR(10)", "VARCHAR(10)"),
    ("etats", "ET_Tache_terminee"): ("SMALLINT", "SMALLINT DEFAULT 0"),
    ("niveaux_tri", "NT_Delai_mn"): ("INTEGER", "INTEGER"),
    ("niveaux_tri", "NT_Ordre"): ("INTEGER", "INTEGER DEFAULT 0"),
    ("encours", "EC_Replier"): ("SMALLINT", "SMALLINT DEFAULT 0"),
    ("encours", "EC_Anonyme"): ("SMALLINT", "SMALLINT DEFAULT 0"),
    ("encours_archive", "EC_Replier"): ("SMALLINT", "SMALLINT DEFAULT 0"),
}


def test_the_stored_column_types_do_not_change():
    t = build_tables("")
    tables = {table.name: table for table in t.all}
    for (table, column), (kind, ddl) in STORED.items():
        col = tables[table].c[column]
        assert isinstance(col.type, LegacyInt | LegacyFlag), (table, column)
        for dialect in (mysql.dialect(), sqlite.dialect()):
            assert col.type.compile(dialect=dialect) == kind, (table, column, dialect.name)
            ddl_sql = (
                str(CreateColumn(col).compile(dialect=dialect)).replace("`", "").replace('"', "")
            )
            assert ddl_sql == f"{column} {ddl}", (table, column, dialect.name)
    # What the schema comparison and the value fitting see is the stored type.
    assert _ours(t.taches.c.TA_Priorite) == ("text", 10)
    assert _ours(t.taches.c.TA_Duree_maxi) == ("int", None)
    assert _ours(t.etats.c.ET_Tache_terminee) == ("smallint", None)
    assert column_width(t.taches, "TA_Priorite") == 10
    assert fit_value(t.taches, "TA_Priorite", "12345678901")[0] == "1234567890"
    kept, cut = fit_value(t.encours, "EC_Replier", 70000)
    assert kept is None and cut is not None  # the smallint range is still checked
    assert isinstance(storage_type(t.box.c.BO_Nb_Maxi_Pat.type), Integer)
    assert isinstance(storage_type(t.encours.c.EC_Anonyme.type), SmallInteger)
    assert isinstance(storage_type(t.taches.c.TA_Priorite.type), String)


def _raw(conn, sql: str, **params):
    return conn.execute(text(sql), params).all()


def _execute(conn, *statements: str) -> None:
    """Rows put as 2.x and the macros put them: literal SQL, in order, on one connection."""
    for sql in statements:
        conn.execute(text(sql))


def test_legacy_text_reads_as_numbers_and_flags(db):
    t = db.tables
    with db.engine.begin() as conn:
        # As 2.x and the macros write them: priorities as text, '' for "not set".
        _execute(
            conn,
            "INSERT INTO taches (TA_Code_tache, TA_Libelle_tache, TA_Duree_maxi, TA_Priorite) "
            "VALUES ('LX1', 'One', 30, ' 3 '), ('LX2', 'Two', NULL, ''), "
            "('LX3', 'Three', 0, 'abc'), ('LX4', 'Four', 15, NULL)",
            "INSERT INTO etats (ET_Code_etat, ET_Libelle_etat, ET_Tache_terminee) "
            "VALUES ('LXE', 'Fini LX', 1), ('LXO', 'Ouvert LX', 0), ('LXN', 'Nul LX', NULL)",
        )
        rows = {
            r.TA_Code_tache: (r.TA_Duree_maxi, r.TA_Priorite)
            for r in conn.execute(select(t.taches).where(t.taches.c.TA_Code_tache.like("LX%")))
        }
        flags = {
            k: v
            for k, v in conn.execute(select(t.etats.c.ET_Code_etat, t.etats.c.ET_Tache_terminee))
        }
        # A column a 2.x database lacks is read as a typed NULL: still a flag (off).
        missing = conn.execute(select(literal(None, t.encours.c.EC_Anonyme.type))).scalar()
    assert rows == {"LX1": (30, 3), "LX2": (None, None), "LX3": (0, None), "LX4": (15, None)}
    assert (flags["LXE"], flags["LXO"], flags["LXN"]) == (True, False, False)
    assert missing is False
    with db.engine.connect() as conn:
        cat = Catalogue(conn, t)
    assert cat.task_by_code["LX1"].default_priority == 3
    assert cat.task_by_code["LX1"].max_minutes == 30
    assert cat.task_by_code["LX2"].default_priority is None
    assert cat.task_by_code["LX3"].max_minutes is None  # 0: no maximum
    assert cat.state_by_code["LXE"].ends_task and not cat.state_by_code["LXN"].ends_task


def test_sqlite_integer_columns_holding_text_read_leniently(sqlite_url):
    """SQLite keeps whatever text a writer put in an INTEGER column: '' and words read as
    no number instead of breaking the board (int('') raised before)."""
    from tests.support.db import open_db

    db = open_db(sqlite_url)
    try:
        t = db.tables
        with db.engine.begin() as conn:
            _execute(
                conn,
                "INSERT INTO taches (TA_Code_tache, TA_Libelle_tache, TA_Duree_maxi) "
                "VALUES ('LX5', 'Five', ''), ('LX6', 'Six', '45')",
                "INSERT INTO box (BO_Code, BO_Nb_Maxi_Pat) VALUES ('LXB', ''), ('LXC', ' 2 ')",
                "INSERT INTO etats (ET_Code_etat, ET_Libelle_etat, ET_Tache_terminee) "
                "VALUES ('LXT', 'T', '1'), ('LXU', 'U', ''), ('LXV', 'V', 'OUI')",
            )
        with db.engine.connect() as conn:
            cat = Catalogue(conn, t)
            stats = StatsCatalogue.load(conn, t)
            boxes = {k: v for k, v in conn.execute(select(t.box.c.BO_Code, t.box.c.BO_Nb_Maxi_Pat))}
        assert cat.task_by_code["LX5"].max_minutes is None
        assert cat.task_by_code["LX6"].max_minutes == 45
        assert (boxes["LXB"], boxes["LXC"]) == (None, 2)
        assert {"LXT", "LXV"} <= stats.end_states and "LXU" not in stats.end_states
        assert stats.task_max_minutes["LX6"] == 45 and "LX5" not in stats.task_max_minutes
    finally:
        db.dispose()


def test_writing_stores_what_the_writers_give(db):
    """The types only read leniently: '' stays '' (2.x's "not set"), NULL stays NULL, and a
    number written to a text column is stored as its text, as before."""
    t = db.tables
    with db.engine.begin() as conn:
        conn.execute(
            t.taches.insert(),
            [
                {"TA_Code_tache": "LW1", "TA_Libelle_tache": "a", "TA_Priorite": ""},
                {"TA_Code_tache": "LW2", "TA_Libelle_tache": "b", "TA_Priorite": None},
                {"TA_Code_tache": "LW3", "TA_Libelle_tache": "c", "TA_Priorite": "2"},
                {"TA_Code_tache": "LW4", "TA_Libelle_tache": "d", "TA_Priorite": 4},
            ],
        )
        conn.execute(
            t.etats.insert(),
            [
                {"ET_Code_etat": "LWY", "ET_Tache_terminee": True},
                {"ET_Code_etat": "LWN", "ET_Tache_terminee": 0},
            ],
        )
        raw = dict(
            _raw(
                conn,
                "SELECT TA_Code_tache, TA_Priorite FROM taches WHERE TA_Code_tache LIKE 'LW%'",
            )
        )
        flags = dict(
            _raw(
                conn,
                "SELECT ET_Code_etat, ET_Tache_terminee FROM etats WHERE ET_Code_etat LIKE 'LW%'",
            )
        )
        # Comparisons bind as before.
        found = (
            conn.execute(select(t.taches.c.TA_Code_tache).where(t.taches.c.TA_Priorite == "2"))
            .scalars()
            .all()
        )
    assert raw == {"LW1": "", "LW2": None, "LW3": "2", "LW4": "4"}
    assert (int(flags["LWY"]), int(flags["LWN"])) == (1, 0)
    assert found == ["LW3"]


def test_stats_catalogue_is_a_view_of_the_board_catalogue(db):
    """The statistics resolve a 2.x history row's state label, the end states and the
    tasks' maxima exactly as the board's catalogue has them."""
    t = db.tables
    with db.engine.begin() as conn:
        _execute(
            conn,
            "INSERT INTO etats (ET_Code_etat, ET_Libelle_etat, ET_Tache_terminee) "
            "VALUES ('LSA', 'Fait LS', 1), ('LSB', ' fait ls ', 0), ('LSC', NULL, 0)",
            "INSERT INTO taches (TA_Code_tache, TA_Libelle_tache, TA_Duree_maxi) "
            "VALUES ('LST', 'Radio LS', 20), ('LSU', '', 0)",
            "INSERT INTO box (BO_Code, BO_Type) VALUES ('LSX', 'Sortie')",
        )
    with db.engine.connect() as conn:
        board = Catalogue(conn, t)
        stats = StatsCatalogue.load(conn, t)
    # Two states share a label: both resolve it to the first by code, as the board does.
    assert stats.state_code(None, "FAIT LS") == board.state("FAIT LS").code == "LSA"
    assert stats.state_code(None, "LSB") == "LSB"  # a code written where a label goes
    assert stats.state_code("LSC", "whatever") == "LSC"
    assert stats.state_label("LSC", None) == "LSC"  # no label: its code
    assert "Fait LS" in stats.end_labels and "LSB" not in stats.end_states
    assert stats.task_max_minutes["LST"] == 20 and "LSU" not in stats.task_max_minutes
    assert stats.task_label("LSU") == "LSU" and stats.task_label("LST") == "Radio LS"
    assert stats.box_type("LSX") is not None and stats.box_type("LSX").value == "Sortie"
    assert {s.code for s in board.states if s.ends_task} == stats.end_states
