"""Every bad setting gives a message and a documented exit code, never a traceback
(README, Command line: exit codes). Real processes, real files, the real MariaDB."""

from __future__ import annotations

import pytest

from tests.startup.helpers import mysql_url
from tests.startup.helpers import synoptux as _synoptux

CONFIG, CONNECTION, NO_SCHEMA = 2, 3, 4


def synoptux(*args: str, cwd, timeout: int = 120):
    """The command with --lang en: the messages are checked in English here; French, the
    default, is checked below and in test_doctor_french.py and tests/test_cli.py."""
    return _synoptux("--lang", "en", *args, cwd=cwd, timeout=timeout)


def test_the_failures_are_said_in_french_by_default(tmp_path):
    """Every sub-command's message in the interface language, French unless
    --lang or [Interface] Langue says otherwise (here the ini cannot even be read)."""
    ini = tmp_path / "synoptux.ini"
    ini.write_bytes(b"[Connexion_SynopTux]\nURL=\n" + bytes(range(256)) * 4)
    for args in (
        ("board",),
        ("ingest", "--once"),
        ("stats", "--from", "2026-11-23", "--to", "2026-11-23"),
    ):
        done = _synoptux(*args, cwd=tmp_path)
        out = _clean(done)
        assert done.returncode == CONFIG, out
        assert f"fichier de configuration {ini} : abîmé : la ligne 3" in out, out
        assert "damaged" not in out, out


def _clean(done) -> str:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done.stdout + done.stderr


def test_a_config_file_that_does_not_exist_is_refused(tmp_path):
    done = synoptux("--config", str(tmp_path / "site.ini"), "board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONFIG, out
    assert "site.ini" in out and "does not exist" in out
    assert not (tmp_path / "var").exists()  # nothing created


def test_a_config_path_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "synoptux.ini").mkdir()
    done = synoptux("board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONFIG and "is a folder" in out, out


def test_a_corrupt_ini_is_refused_and_creates_nothing(tmp_path):
    ini = tmp_path / "synoptux.ini"
    ini.write_bytes(b"[Connexion_SynopTux]\nURL=\n" + bytes(range(256)) * 4)
    for args in (("board",), ("init-db", "--demo"), ("ingest", "--once")):
        done = synoptux(*args, cwd=tmp_path)
        out = _clean(done)
        assert done.returncode == CONFIG, out
        assert "synoptux.ini" in out and "line 3" in out, out
    doctor = synoptux("--lang", "en", "doctor", cwd=tmp_path)
    assert doctor.returncode == CONFIG and "FAIL configuration:" in doctor.stdout
    assert "line 3 is not an ini line" in doctor.stdout
    assert not (tmp_path / "var" / "synoptux.db").exists()


def test_a_configured_sqlite_file_that_is_missing_is_not_created(tmp_path):
    share = tmp_path / "share"  # a network share not mounted: its folder is empty
    share.mkdir()
    (tmp_path / "synoptux.ini").write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{share}/urg.db\n")
    for args in (
        ("board",),
        ("ingest", "--once"),
        ("stats", "--from", "2026-01-01", "--to", "2026-01-02"),
    ):
        done = synoptux(*args, cwd=tmp_path)
        out = _clean(done)
        assert done.returncode == CONNECTION, out
        assert "urg.db does not exist" in out
    assert list(share.iterdir()) == []


def test_a_file_that_is_not_sqlite(tmp_path):
    (tmp_path / "notes.db").write_text("not a database at all\n" * 100)
    done = synoptux("--db", f"sqlite:///{tmp_path / 'notes.db'}", "board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONNECTION and "not a SQLite database" in out, out


@pytest.mark.parametrize(
    "url", ["mysql+pymysql://root@127.0.0.1:abc/x", "://nothing", "mysql+pymysql://root@127.0.0.1"]
)
def test_an_unusable_url(tmp_path, url):
    (tmp_path / "synoptux.ini").write_text(f"[Connexion_SynopTux]\nURL={url}\n")
    done = synoptux("board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONNECTION and "[Connexion_SynopTux] URL" in out, out


def test_parametres_with_the_driver_alone(tmp_path):
    (tmp_path / "synoptux.ini").write_text("[Connexion]\nParametres = QMYSQL3\n")
    done = synoptux("board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONNECTION and "no database name" in out, out
    doctor = synoptux("--lang", "en", "doctor", cwd=tmp_path)
    assert doctor.returncode == CONNECTION, doctor.stdout
    assert "FAIL database connection: [Connexion] Parametres" in doctor.stdout


def test_the_entry_folder_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "synoptux.ini").write_text("[Interface]\nDossier_Entrees=afile/entrees\n")
    done = synoptux("init-db", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONFIG and "[Interface] Dossier_Entrees" in out, out
    assert "afile" in out and "not a folder" in out
    done = synoptux(
        "--db", f"sqlite:///{tmp_path / 'var' / 'synoptux.db'}", "ingest", "--once", cwd=tmp_path
    )
    assert done.returncode == CONFIG and "not a folder" in _clean(done)
    doctor = synoptux("--lang", "en", "doctor", cwd=tmp_path)
    assert (
        "FAIL entry folder" in doctor.stdout
        and "afile" in doctor.stdout
        and "not a folder" in doctor.stdout
    )


def test_ingest_never_creates_the_schema(tmp_path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")  # an empty SQLite file: a database with no tables
    (tmp_path / "synoptux.ini").write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{db}\n")
    done = synoptux("ingest", "--once", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == NO_SCHEMA and "synoptux init-db" in out, out
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


@pytest.mark.mysql
def test_mariadb_wrong_password_and_unknown_database(tmp_path, mysql_factory):
    url = mysql_factory.create()
    base = url.rsplit("/", 1)[1].split("?")[0]
    synoptux("--db", url, "init-db", cwd=tmp_path)
    for bad, said in (
        (mysql_url("root:not-the-password", base), "refused the user name or password"),
        (mysql_url("root", "stx_no_such_base"), "does not exist on the server"),
    ):
        for args in (("board",), ("ingest", "--once"), ("init-db",)):
            done = synoptux("--db", bad, *args, cwd=tmp_path)
            out = _clean(done)
            assert done.returncode == CONNECTION, (args, out)
            assert said in out and "not-the-password" not in out, out
        doctor = synoptux("--lang", "en", "--db", bad, "doctor", cwd=tmp_path)
        assert doctor.returncode == CONNECTION and said in doctor.stdout, doctor.stdout


def test_an_unreachable_server(tmp_path):
    done = synoptux("--db", "mysql+pymysql://root@127.0.0.1:1/x", "board", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == CONNECTION and "unreachable" in out, out


@pytest.mark.mysql
def test_ingest_on_an_empty_mariadb_database(tmp_path, mysql_factory):
    url = mysql_factory.create()
    done = synoptux("--db", url, "ingest", "--once", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == NO_SCHEMA and "synoptux init-db" in out, out
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_help_documents_the_exit_codes(tmp_path):
    out = synoptux("--help", cwd=tmp_path).stdout
    for line in ("exit status", "3 ", "4 "):
        assert line in out


def test_ingest_on_an_older_schema_says_so_and_adds_nothing(tmp_path):
    import sqlite3

    (tmp_path / "synoptux.ini").write_text("[Interface]\nDossier_Entrees=entrees\n")
    assert synoptux("init-db", cwd=tmp_path).returncode == 0
    db = tmp_path / "var" / "synoptux.db"
    with sqlite3.connect(db) as conn:  # a schema from before the ledger of applied files
        conn.execute("DROP TABLE entrees_appliquees")
    (tmp_path / "entrees" / "x.txt").write_text("[Entree]\nNom_Patient=X\n")
    done = synoptux("ingest", "--once", cwd=tmp_path)
    out = _clean(done)
    assert done.returncode == NO_SCHEMA, out
    assert "lacks tables of this Synoptux (entrees_appliquees)" in out and "init-db" in out
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "entrees_appliquees" not in names
    assert (tmp_path / "entrees" / "x.txt").exists()  # left waiting


def test_help_and_command_line_errors_are_french_by_default(tmp_path):
    """--help and a wrong command line speak the interface language too, French
    unless --lang en; they are printed before any configuration is read."""
    out = _synoptux("--help", cwd=tmp_path).stdout
    assert out.startswith("utilisation : synoptux")
    for text in (
        "Tableau de suivi des urgences.",
        "affiche cette aide",
        "code de sortie :",
        "3    échec de connexion à la base",
        "lancez 'synoptux init-db'",
        "adopte sur place une base Synoptux 2.x",
    ):
        assert text in out, text
    for english in ("usage:", "show this help", "exit status", "print the board"):
        assert english not in out, english
    sub = _synoptux("stats", "--help", cwd=tmp_path).stdout
    assert "AAAA-MM-JJ (inclus)" in sub and "dossier des fichiers CSV" in sub
    wrong = _synoptux("board", "--now", "demain", cwd=tmp_path)
    assert wrong.returncode == 2
    assert (
        "synoptux board : erreur : argument --now : 'demain' : attendu 'AAAA-MM-JJ HH:MM'"
        in wrong.stderr
    )
    assert wrong.stderr.startswith("utilisation : ")
    # argparse's own messages too (its catalogue is not ours)
    for args, said in (
        (("stats", "--format", "xml"), "argument --format : choix invalide : 'xml'"),
        (("stats",), "ces arguments sont obligatoires : --from, --to"),
        (("board", "--zz"), "arguments inconnus : --zz"),
        (("serve", "--port", "abc"), "argument --port : valeur invalide (int) : 'abc'"),
        (("web-account", "--add"), "argument --add : une valeur attendue"),
    ):
        wrong = _synoptux(*args, cwd=tmp_path)
        assert wrong.returncode == 2 and said in wrong.stderr, (args, wrong.stderr)
    english = _synoptux("--lang", "en", "--help", cwd=tmp_path).stdout
    assert english.startswith("usage: synoptux") and "show this help and exit" in english
    wrong = _synoptux("--lang=en", "board", "--now", "tomorrow", cwd=tmp_path)
    assert "error: argument --now: 'tomorrow': expected 'YYYY-MM-DD HH:MM'" in wrong.stderr
