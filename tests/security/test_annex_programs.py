"""Annex programs (the DrTux button) and note readers start only from the allow-list
`[Interface] Programmes_Autorises`: a hostile entry file and hostile rows
written straight into the database name the shell; nothing runs, a French message
names the program, the refusal is logged. Bare names are never looked up in PATH;
links and '..' are resolved before a folder rule is checked."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from synoptux.config import ConfigError, Settings
from synoptux.ingest.processor import Ingestor
from synoptux.services.programs import ProgramPolicy
from tests.support.settle import reload_now
from tests.support.ui import patient_id

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX programs and links")


def script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def tools(tmp_path: Path) -> dict[str, Path]:
    allowed = tmp_path / "MedinTux" / "Programmes" / "drtux" / "bin"
    drtux = script(allowed / "drtux", 'printf "%s\\n" "$@" > "$DRTUX_OUT"')
    elsewhere = script(tmp_path / "elsewhere" / "tool", "exit 0")
    link = allowed / "evil"
    link.symlink_to("/bin/sh")
    return {"allowed": allowed, "drtux": drtux, "elsewhere": elsewhere, "link": link}


def test_policy_decides_on_real_paths(tmp_path: Path, tools, monkeypatch) -> None:
    allowed = tools["allowed"]
    policy = ProgramPolicy((f"{allowed}/",), tmp_path)
    assert policy.check(str(tools["drtux"])).path == str(tools["drtux"])
    # '..' out of the allowed folder, a link inside it to the shell, another folder:
    assert policy.check(f"{allowed}/../../../../elsewhere/tool").reason == "not_allowed"
    assert policy.check(str(tools["link"])).reason == "not_allowed"
    assert policy.check(str(tools["elsewhere"])).reason == "not_allowed"
    assert policy.check("/bin/sh").reason == "not_allowed"
    # a bare name is refused even when PATH would find an allowed program by it
    monkeypatch.setenv("PATH", f"{allowed}:{os.environ['PATH']}")
    assert policy.check("drtux").reason == "bare"
    assert policy.check("sh").reason == "bare"
    # relative paths start from the folder of synoptux.ini, never the working folder
    site = tmp_path / "site"
    site.mkdir()
    rel = os.path.relpath(tools["drtux"], site)
    assert ProgramPolicy((f"{allowed}/",), site).check(rel).path == str(tools["drtux"])
    monkeypatch.chdir(allowed)
    assert ProgramPolicy((f"{allowed}/",), site).check("./drtux").reason == "missing"
    # an exact file rule allows that file only; a link to it is judged by its target
    only = ProgramPolicy((str(tools["drtux"]),), tmp_path)
    (tmp_path / "to-drtux").symlink_to(tools["drtux"])
    assert only.check(str(tmp_path / "to-drtux")).allowed
    assert only.check(str(tools["elsewhere"])).reason == "not_allowed"
    # a link as the *rule* is resolved too: its folder is the real one
    (tmp_path / "alias").symlink_to(allowed)
    assert ProgramPolicy((f"{tmp_path}/alias/",), tmp_path).check(str(tools["drtux"])).allowed
    # no rule: nothing runs
    assert ProgramPolicy((), tmp_path).check(str(tools["drtux"])).reason == "not_allowed"


def test_policy_refuses_batch_and_non_executable(tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    bat = script(folder / "lance.bat", "exit 0")
    plain = folder / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    policy = ProgramPolicy((f"{folder}/",), tmp_path)
    assert policy.check(str(bat)).reason == "batch"
    assert policy.check(str(plain)).reason == "not_executable"
    assert policy.check(str(folder / "absent")).reason == "missing"


def test_the_key_is_validated() -> None:
    s = Settings.from_text(
        "[Interface]\nProgrammes_Autorises=/opt/drtux/bin/ ; C:/MedinTux/x.exe\n"
    )
    assert s.get("Interface", "Programmes_Autorises") == ("/opt/drtux/bin/", "C:/MedinTux/x.exe")
    for bad in ("sh", "/opt/drtux/ ; bash", "/", "C:\\"):
        s = Settings.from_text(f"[Interface]\nProgrammes_Autorises={bad}\n")
        with pytest.raises(ConfigError):
            s.get("Interface", "Programmes_Autorises")
        assert s.validate()


def test_shipped_ini_allows_drtux_usual_path() -> None:
    root = Path(__file__).resolve().parents[2]
    shipped = [root / "synoptux.ini", *sorted((root / "config").glob("*.ini"))]
    for ini in (p for p in shipped if "2x" not in p.name):  # the 2.x example holds 2.x keys only
        rules = Settings.load(ini).get("Interface", "Programmes_Autorises")
        assert any("drtux" in r.lower() for r in rules), ini.name


def test_an_adopted_2x_ini_runs_drtux_and_nothing_else(tmp_path: Path) -> None:
    """A 2.x site's ini has no allow-list: the key's absence allows DrTux's folder in the
    MedinTux layout (Programmes/synoptux/bin -> Programmes/drtux/bin), as the shipped ini
    does; anything else stays refused, and an empty value allows nothing."""
    programmes = tmp_path / "MedinTux" / "Programmes"
    ini = programmes / "synoptux" / "bin" / "synoptux.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[Interface]\nBouton_Acces_DrTux=OUI\n", encoding="utf-8")
    drtux = script(programmes / "drtux" / "bin" / "drtux", "exit 0")
    other = script(programmes / "manager" / "bin" / "manager", "exit 0")
    policy = ProgramPolicy.from_settings(Settings.load(ini))
    assert policy.check(str(drtux)).allowed
    assert not policy.check(str(other)).allowed
    assert not policy.check("/bin/sh").allowed
    ini.write_text("[Interface]\nProgrammes_Autorises=\n", encoding="utf-8")
    assert not ProgramPolicy.from_settings(Settings.load(ini)).check(str(drtux)).allowed


HOSTILE_ENTRY = """[Entree]
Nom_Patient=PIRATE
Prenom_Patient=Bob
Code_Box=A1
GUID_Patient=hostile-1
Programme_Annexe=sh
Arguments_Annexe=-c|touch {marker}
[Tache_1]
Code_Tache=BU
Nom_Fichier_Note={note}
Nom_Lecteur_Note=/bin/sh
"""


def _no_marker(qtbot, marker: Path) -> None:
    deadline = time.monotonic() + 0.8  # long enough for a started shell to have run
    while time.monotonic() < deadline:
        qtbot.wait(50)
        assert not marker.exists(), "the program named by the data ran"


def _refusal(window) -> str:
    msg = window.board_actions.last_dialog
    assert msg is not None and msg.isVisible()
    return msg.text


def test_hostile_entry_file_runs_nothing(qtbot, sqlite_window, tmp_path, caplog) -> None:
    window = sqlite_window
    marker = tmp_path / "pwned"
    note = tmp_path / "note.txt"
    note.write_text(f"-c\ntouch {marker}\n", encoding="utf-8")
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    (inbox / "hostile.txt").write_text(
        HOSTILE_ENTRY.format(marker=marker, note=note), encoding="utf-8"
    )
    Ingestor(window.db, inbox, default_box="A1", settle=0).run_cycle(wait_stable=False)
    reload_now(window)
    pk = patient_id(window.db, "PIRATE")
    caplog.set_level(logging.WARNING, logger="synoptux")
    window.board_actions.run_annex(pk)  # the DrTux button
    text = _refusal(window)
    assert "sh" in text and "full path" in text
    assert any("refused" in r.getMessage() and "'sh'" in r.getMessage() for r in caplog.records)
    t = window.db.tables
    with window.db.connect() as conn:
        tid = conn.execute(
            select(t.encours_taches.c.EN_Num_tache).where(t.encours_taches.c.EN_PK_encours == pk)
        ).scalar_one()
    window.board_actions.open_task_note(tid)  # the note reader named by the file
    assert "/bin/sh" in _refusal(window) and "not allowed" in _refusal(window)
    _no_marker(qtbot, marker)


def test_hostile_rows_run_nothing_and_allowed_program_gets_argv(
    qtbot, window, tmp_path, tools, monkeypatch
) -> None:
    marker = tmp_path / "pwned"
    out = tmp_path / "argv.txt"
    monkeypatch.setenv("DRTUX_OUT", str(out))
    window.settings.set("Interface", "Programmes_Autorises", (f"{tools['allowed']}/",))
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables

    def annex(program: str, args: str) -> None:
        window.db.transaction(
            lambda c: c.execute(
                t.encours.update()
                .where(t.encours.c.EC_PK == pk)
                .values(EC_ProgAnnexe=program, EC_ArgsAnnexe=args)
            )
        )
        reload_now(window)
        window.board_actions.run_annex(pk)

    hostile = f"-c|touch {marker}"
    for program, why in (
        ("/bin/sh", "not allowed"),
        (f"{tools['allowed']}/../../../../../../../../bin/sh", "not allowed"),
        (str(tools["link"]), "not allowed"),  # a link in the allowed folder to the shell
        ("sh", "full path"),
        ("/nowhere/drtux", "cannot be found"),
    ):
        annex(program, hostile)
        text = _refusal(window)
        assert program in text and why in text, (program, text)
    _no_marker(qtbot, marker)
    # the allowed program receives the data as argv items: no shell reads them
    annex(str(tools["drtux"]), f"ro|a b;c|$(touch {marker})|`id`|6521")
    qtbot.waitUntil(lambda: out.exists() and out.read_text().count("\n") == 5, timeout=5000)
    assert out.read_text().splitlines() == ["ro", "a b;c", f"$(touch {marker})", "`id`", "6521"]
    assert not marker.exists()


def test_note_file_is_not_opened_when_it_is_a_program(qtbot, window, tmp_path) -> None:
    """Without a reader, the note file goes to the desktop's opener: an executable there
    would be run (Windows' ShellExecute runs .exe files), so only documents are opened."""
    prog = script(tmp_path / "note.sh", f"touch {tmp_path / 'pwned'}")
    pk = patient_id(window.db, "MOREAU")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .values(EN_NomFicNote=str(prog), EN_NomProgNote=None, EN_Note_tache=None)
        )
    )
    reload_now(window)
    with window.db.connect() as conn:
        tid = conn.execute(
            select(t.encours_taches.c.EN_Num_tache).where(t.encours_taches.c.EN_PK_encours == pk)
        ).first()[0]
    window.board_actions.open_task_note(tid)
    assert str(prog) in _refusal(window) and "not a document" in _refusal(window)
    _no_marker(qtbot, tmp_path / "pwned")


@pytest.fixture
def french(qapp):
    from synoptux.ui.app import install_translator

    installed = install_translator(qapp, "fr")
    assert installed
    yield
    for tr in installed:
        qapp.removeTranslator(tr)


def test_refusal_is_in_french_and_names_the_program(qtbot, french, sqlite_window) -> None:
    window = sqlite_window
    pk = patient_id(window.db, "GARCIA")
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_ProgAnnexe="/bin/sh")
        )
    )
    reload_now(window)
    window.board_actions.run_annex(pk)
    text = _refusal(window)
    assert "« /bin/sh » n'est pas autorisé sur ce poste" in text
