"""`synoptux doctor` exits with the documented status (README, Command line: exit status):
3 for every database connection failure, 4 for a database without Synoptux tables, 1 for
any other failing check. Its report says why, in French by default. Real processes, real
files, the real MariaDB server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.startup.helpers import mysql_url, synoptux

PARTLY, CONNECTION, NO_SCHEMA = 1, 3, 4


def _doctor(tmp_path: Path, *args: str, lang: str | None = None):
    (tmp_path / "var" / "entrees").mkdir(parents=True, exist_ok=True)  # not a failing check
    chosen = ("--lang", lang) if lang else ()
    done = synoptux(*chosen, *args, "doctor", cwd=tmp_path)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def _connection_line(out: str) -> str:
    (line,) = [ln for ln in out.splitlines() if "connexion à la base" in ln]
    return line


def test_a_missing_sqlite_file(tmp_path: Path) -> None:
    share = tmp_path / "share" / "synoptux.db"
    done = _doctor(tmp_path, "--db", f"sqlite:///{share}")
    assert done.returncode == CONNECTION, done.stdout
    line = _connection_line(done.stdout)
    assert line.startswith("ÉCHEC connexion à la base : le fichier SQLite"), line
    assert "n'existe pas" in line
    assert not share.exists()


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database at all\n" * 100)
    done = _doctor(tmp_path, "--db", f"sqlite:///{tmp_path / 'notes.db'}")
    assert done.returncode == CONNECTION, done.stdout
    assert "n'est pas une base SQLite" in _connection_line(done.stdout), done.stdout


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_server(tmp_path: Path) -> None:
    port = _closed_port()
    done = _doctor(tmp_path, "--db", f"mysql+pymysql://root@127.0.0.1:{port}/x")
    assert done.returncode == CONNECTION, done.stdout
    line = _connection_line(done.stdout)
    assert "le serveur de base de données est injoignable" in line, line
    # the data findings do not try the same unreachable server a second time
    assert "vérification des données non faite" not in done.stdout, done.stdout


def test_a_server_that_never_answers(tmp_path: Path) -> None:
    """A host whose kernel accepts the connection and then says nothing (a frozen server):
    a listening socket that never accepts, so never sends a greeting."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        done = _doctor(tmp_path, "--db", f"mysql+pymysql://root@127.0.0.1:{port}/x")
    assert done.returncode == CONNECTION, done.stdout
    assert "injoignable" in _connection_line(done.stdout), done.stdout


def test_parametres_that_name_no_database(tmp_path: Path) -> None:
    (tmp_path / "synoptux.ini").write_text("[Connexion]\nParametres = QMYSQL3\n")
    done = _doctor(tmp_path)
    assert done.returncode == CONNECTION, done.stdout
    assert "[Connexion] Parametres" in _connection_line(done.stdout), done.stdout


@pytest.mark.mysql
def test_a_wrong_password_and_an_unknown_database(tmp_path: Path, mysql_factory) -> None:
    base = mysql_factory.create().rsplit("/", 1)[1].split("?")[0]
    for bad, said in (
        (
            mysql_url("root:not-the-password", base),
            "a refusé le nom d'utilisateur ou le mot de passe",
        ),
        (mysql_url("root", "stx_no_such_base"), "n'existe pas sur le serveur"),
    ):
        done = _doctor(tmp_path, "--db", bad)
        assert done.returncode == CONNECTION, done.stdout
        assert said in _connection_line(done.stdout), done.stdout
        assert "not-the-password" not in done.stdout
        assert "vérification des données non faite" not in done.stdout, done.stdout


@pytest.mark.mysql
def test_a_database_without_tables(tmp_path: Path, mysql_factory) -> None:
    done = _doctor(tmp_path, "--db", mysql_factory.create())
    assert done.returncode == NO_SCHEMA, done.stdout
    assert "ÉCHEC tables" in done.stdout and "synoptux init-db" in done.stdout, done.stdout


def test_a_good_database_and_a_failing_check(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'board.db'}"
    assert synoptux("--db", url, "init-db", cwd=tmp_path).returncode == 0
    assert _doctor(tmp_path, "--db", url).returncode == 0
    (tmp_path / "var" / "entrees").rmdir()
    done = synoptux("--db", url, "doctor", cwd=tmp_path)
    assert done.returncode == PARTLY and "ÉCHEC dossier d'entrée" in done.stdout, done.stdout


def test_the_readme_and_the_help_say_so() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (row,) = [ln for ln in readme.splitlines() if ln.startswith("| 3 |")]
    assert "`doctor`" in row, row
    (row,) = [ln for ln in readme.splitlines() if ln.startswith("| 4 |")]
    assert "`doctor`" in row, row
