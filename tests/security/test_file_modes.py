"""Files keep their modes: the ini rewritten atomically with its mode and
owner; new databases, entry archives (done/, errors/), backups, style sheets and logs
private (0600/0700), or group-shared when their folder is a setgid folder."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from synoptux import fileperm
from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.ingest.processor import Ingestor
from synoptux.services.seed import seed_reference

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

ENTRY = "[Entree]\nNom_Patient=MARTIN\nPrenom_Patient=Paul\nCode_Box=A1\n"
BAD_ENTRY = "[Entree]\nPrenom_Patient=sans nom\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_ini_saved_keeps_mode_and_owner(tmp_path: Path) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Connexion_SynopTux]\nURL=mysql+pymysql://u:secret@h/b\n", encoding="utf-8")
    os.chmod(ini, 0o600)
    os.chown(ini, 1234, 5678)  # the board's account, not the one saving (root here)
    settings = Settings.load(ini)
    settings.set_position("Window", 1, 2, 300, 400)  # "Enregistrer les positions"
    settings.save()
    st = os.stat(ini)
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert (st.st_uid, st.st_gid) == (1234, 5678)
    assert "Pos_Window=@Point(1 2)" in ini.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synoptux.ini"]  # no temp left


def test_ini_through_a_symlink_updates_the_target(tmp_path: Path) -> None:
    real = tmp_path / "etc" / "synoptux.ini"
    real.parent.mkdir()
    real.write_text("[Interface]\nPoste=a\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "synoptux.ini"
    link.symlink_to(real)
    settings = Settings.load(link)
    settings.set("Interface", "Poste", "b")
    settings.save(link)
    assert link.is_symlink() and "Poste=b" in real.read_text(encoding="utf-8")
    assert mode(real) == 0o640


def test_failed_save_leaves_the_old_ini(tmp_path: Path, monkeypatch) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Interface]\nPoste=a\n", encoding="utf-8")
    settings = Settings.load(ini)
    settings.set("Interface", "Poste", "b")

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError):
        settings.save()
    assert ini.read_text(encoding="utf-8") == "[Interface]\nPoste=a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synoptux.ini"]


def test_new_ini_is_private(tmp_path: Path) -> None:
    settings = Settings.from_text("[Interface]\nPoste=a\n")
    settings.save(tmp_path / "new.ini")
    assert mode(tmp_path / "new.ini") == 0o600


def test_new_sqlite_database_is_private(tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    db = Database.from_url(f"sqlite:///{path}")
    try:
        ensure_schema(db)
        seed_reference(db)
        files = [p for p in tmp_path.iterdir() if p.name.startswith("board.db")]
        assert files and all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    finally:
        db.dispose()


def test_existing_database_mode_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    db = Database.from_url(f"sqlite:///{path}")
    ensure_schema(db)
    db.dispose()
    os.chmod(path, 0o640)  # the site chose to share it with a group
    db = Database.from_url(f"sqlite:///{path}")
    ensure_schema(db)
    db.dispose()
    assert mode(path) == 0o640


def _ingest(tmp_path: Path, inbox: Path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'board.db'}")
    try:
        ensure_schema(db)
        seed_reference(db)
        (inbox / "ok.txt").write_text(ENTRY, encoding="utf-8")
        (inbox / "bad.txt").write_text(BAD_ENTRY, encoding="utf-8")
        for name in ("ok.txt", "bad.txt"):
            os.chmod(inbox / name, 0o644)  # as DrTux or Samba created them
        Ingestor(db, inbox, default_box="A1", settle=0).run_cycle(wait_stable=False)
    finally:
        db.dispose()


def test_done_and_errors_are_private(tmp_path: Path) -> None:
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    os.chmod(inbox, 0o755)
    _ingest(tmp_path, inbox)
    done, errors = inbox / "done", inbox / "errors"
    assert (done / "ok.txt").is_file() and (errors / "bad.txt").is_file()
    assert mode(done) == 0o700 and mode(errors) == 0o700
    for f in [*done.iterdir(), *errors.iterdir()]:
        assert mode(f) == 0o600, (f.name, oct(mode(f)))


def test_shared_entry_folder_gives_its_group(tmp_path: Path) -> None:
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    os.chown(inbox, 0, 4321)  # the group DrTux and the board share
    os.chmod(inbox, 0o2770)  # setgid: a shared folder
    _ingest(tmp_path, inbox)
    for folder in (inbox / "done", inbox / "errors"):
        st = os.stat(folder)
        assert stat.S_IMODE(st.st_mode) == 0o2770 and st.st_gid == 4321
        for f in folder.iterdir():
            fst = os.stat(f)
            assert stat.S_IMODE(fst.st_mode) == 0o660 and fst.st_gid == 4321, f.name


def test_make_dir_creates_private_parents_only(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    target = tmp_path / "a" / "b"
    fileperm.make_dir(target)
    assert mode(tmp_path / "a") == 0o700 and mode(target) == 0o700
    assert mode(tmp_path) == 0o755  # an existing folder is not ours to change


def test_atomic_write_keeps_mode_and_private_default(tmp_path: Path) -> None:
    css = tmp_path / "synoptux.css"
    fileperm.atomic_write(css, b"QWidget {}")
    assert mode(css) == 0o600
    os.chmod(css, 0o644)
    fileperm.atomic_write(css, b"QLabel {}")
    assert mode(css) == 0o644 and css.read_bytes() == b"QLabel {}"


def test_log_handler_creates_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "log" / "synoptux.log"
    handler = fileperm.PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2)
    logger = logging.getLogger("synoptux.test.fileperm")
    logger.addHandler(handler)
    try:
        for i in range(20):
            logger.warning("line %d of a log that rotates", i)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = list(path.parent.iterdir())
    assert len(files) == 3 and all(mode(f) == 0o600 for f in files)
    assert mode(path.parent) == 0o700


@pytest.mark.mysql
def test_upgrade_backup_folder_and_file_are_private(mysql_factory, tmp_path: Path) -> None:
    from synoptux.db.backup import write_backup

    db = Database.from_url(mysql_factory.create())
    try:
        ensure_schema(db)
        seed_reference(db)
        os.chmod(tmp_path, 0o755)
        folder = tmp_path / "sauvegardes" / "synoptux"
        info, _prints = write_backup(db.engine, [db.tables.box.name], folder, prefix="", absent=[])
        assert mode(tmp_path / "sauvegardes") == 0o700 and mode(folder) == 0o700
        assert mode(info.path) == 0o600
    finally:
        db.dispose()
