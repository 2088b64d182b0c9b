"""synoptux.ini layout versions: steps run in order on load, written only when the
administration saves, a newer file left alone with a warning, and 2.x (QSettings) still
reads the file after it."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from synoptux import config_upgrade
from synoptux.config import CONFIG_VERSION, KEYS, Settings
from synoptux.config_upgrade import (
    STEPS,
    UNVERSIONED,
    current_version,
    file_version,
    rename_key,
    upgrade,
)
from synoptux.inifile import IniDocument

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "synoptux-2x-site.ini"


# A history of layouts for the tests (the real table has no step yet: no key has changed).
def rename_blink(doc: IniDocument) -> None:  # layout 2: the blink key got its name
    rename_key(doc, "Timer", "Clignotement_s", "Periodicite_clignotement_en_secondes")


def ms_to_s(doc: IniDocument) -> None:  # layout 3: the alarm period went from ms to s
    raw = doc.get("Timer", "Controle_alarme_ms")
    if raw is not None:
        if doc.get("Timer", "Periodicite_controle_alarme_en_secondes") is None:
            seconds = max(1, round(int(raw) / 1000))
            doc.set("Timer", "Periodicite_controle_alarme_en_secondes", str(seconds))
        doc.remove("Timer", "Controle_alarme_ms")


def privacy_word(doc: IniDocument) -> None:  # layout 4: privacy was "discret"/"normal"
    raw = (doc.get("Affichage", "Mode_Confidentiel") or "").strip().lower()
    if raw in ("discret", "normal"):
        doc.set("Affichage", "Mode_Confidentiel", "OUI" if raw == "discret" else "NON")


@pytest.fixture
def history(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Layouts 2, 3, 4 as above; returns the steps in the order they ran."""
    ran: list[int] = []

    def recorded(number: int, step):
        def run(doc: IniDocument) -> None:
            ran.append(number)
            step(doc)

        return run

    steps = {2: recorded(2, rename_blink), 3: recorded(3, ms_to_s), 4: recorded(4, privacy_word)}
    monkeypatch.setattr(config_upgrade, "STEPS", steps)
    return ran


LAYOUT_1 = (
    "; écrit par une ancienne version\n"
    "[Timer]\nClignotement_s=3\nControle_alarme_ms=20000\n"
    "[Affichage]\nMode_Confidentiel=discret\nTitre_Application=Urgences\n"
)


def test_the_real_table_is_numbered_from_2_and_named_by_its_numbers() -> None:
    assert sorted(STEPS) == list(range(UNVERSIONED + 1, UNVERSIONED + 1 + len(STEPS)))
    for number, step in STEPS.items():
        assert step.__name__ == f"upgrade_config_{number}"
    assert current_version() == max(STEPS, default=UNVERSIONED)
    names = [n for n in vars(config_upgrade) if re.fullmatch(r"upgrade_config_\d+", n)]
    assert sorted(names) == sorted(f"upgrade_config_{n}" for n in STEPS)  # none left out


def test_an_old_file_is_read_upgraded_step_by_step_and_not_written(
    tmp_path: Path, history: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_bytes(LAYOUT_1.encode("cp1252"))
    with caplog.at_level(logging.INFO, logger="synoptux.config"):
        s = Settings.load(ini)
    assert history == [2, 3, 4]
    assert s.upgrade.found == 1 and s.upgrade.version == 4 and s.upgrade.steps == (2, 3, 4)
    assert s[KEYS.BLINK_PERIOD_S] == 3
    assert s[KEYS.ALARM_CHECK_S] == 20
    assert s[KEYS.PRIVACY] is True
    assert s.validate() == []
    assert s.raw("Timer", "Clignotement_s") is None  # read in today's layout only
    assert any("read as version 4" in r.getMessage() for r in caplog.records)
    assert ini.read_bytes() == LAYOUT_1.encode("cp1252")  # a start writes nothing
    # The board's own save writes its lines into the file as it was, nothing else.
    s.set_position("S1", 1, 2, 300, 200)
    s[KEYS.TITLE] = "Accueil"
    s.save()
    text = ini.read_bytes().decode("cp1252")
    assert "Clignotement_s=3" in text and "Controle_alarme_ms=20000" in text
    assert "Version_Config" not in text and "Titre_Application=Accueil" in text
    assert "Pos_S1=@Point(1 2)" in text
    # Read again: still layout 1 on disk, upgraded again, the board's changes kept.
    history.clear()
    again = Settings.load(ini)
    assert history == [2, 3, 4]
    assert again[KEYS.TITLE] == "Accueil" and again[KEYS.BLINK_PERIOD_S] == 3
    assert again.positions()["S1"] == (1, 2, 300, 200)


def test_the_administration_saves_the_upgrade_with_its_version(
    tmp_path: Path, history: list[int]
) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_bytes(LAYOUT_1.encode("cp1252"))
    s = Settings.load(ini)
    edited = s.doc.copy()  # what the settings form edits
    edited.set("Affichage", "Titre_Application", "Urgences adultes")
    s.save_document(edited)
    text = ini.read_bytes().decode("cp1252")  # the encoding is kept
    assert text.startswith("; écrit par une ancienne version\n")
    assert "Periodicite_clignotement_en_secondes=3" in text
    assert "Periodicite_controle_alarme_en_secondes=20" in text
    assert "Mode_Confidentiel=OUI" in text
    assert "Clignotement_s" not in text and "Controle_alarme_ms" not in text
    assert "[Synoptux]\nVersion_Config=4\n" in text
    history.clear()
    again = Settings.load(ini)
    assert history == [] and again.upgrade.found == 4 and not again.upgrade.changed
    assert again[KEYS.TITLE] == "Urgences adultes" and again[KEYS.PRIVACY] is True


def test_steps_above_the_file_s_version_only(tmp_path: Path, history: list[int]) -> None:
    s = Settings.from_text(
        "[Synoptux]\nVersion_Config=3\n[Affichage]\nMode_Confidentiel=normal\n"
        "[Timer]\nControle_alarme_ms=5000\n"  # a layout-3 file has no such key: left alone
    )
    assert history == [4]
    assert s[KEYS.PRIVACY] is False
    assert s[KEYS.ALARM_CHECK_S] == KEYS.ALARM_CHECK_S.default


def test_a_file_written_after_an_unsaved_upgrade_keeps_the_new_value(history: list[int]) -> None:
    """A layout-2 board's own save wrote the new name beside the old one: the new wins."""
    s = Settings.from_text("[Timer]\nClignotement_s=3\nPeriodicite_clignotement_en_secondes=5\n")
    assert s[KEYS.BLINK_PERIOD_S] == 5
    assert s.raw("Timer", "Clignotement_s") is None


def test_a_newer_file_is_left_alone_with_a_warning(
    tmp_path: Path, history: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    ini = tmp_path / "synoptux.ini"
    data = (
        b"[Synoptux]\nVersion_Config=7\n[Timer]\nClignotement_s=3\n"
        b"[Affichage]\nMode_Confidentiel=OUI\nNouvelle_Cle=x\n"
    )
    ini.write_bytes(data)
    with caplog.at_level(logging.WARNING, logger="synoptux.config"):
        s = Settings.load(ini)
        Settings.load(ini)  # said once, not at every read (the web view reloads it)
    assert history == []
    assert s.upgrade.newer and s.upgrade.found == 7
    said = [r.getMessage() for r in caplog.records if "Version_Config=7" in r.getMessage()]
    assert len(said) == 1 and "a newer version" in said[0] and "writes version 4" in said[0]
    assert s[KEYS.PRIVACY] is True  # what this version knows is read as it is
    assert s[KEYS.BLINK_PERIOD_S] == KEYS.BLINK_PERIOD_S.default
    assert s.validate() == []
    s.save_document(s.doc.copy())  # the administration's save keeps its version
    assert ini.read_bytes() == data


def test_a_version_that_is_not_a_number(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="synoptux.config"):
        s = Settings.from_text("[Synoptux]\nVersion_Config=deux\n[Affichage]\nClignotement=NON\n")
    assert s.upgrade.found is None and not s.upgrade.changed
    assert any("not a version number" in r.getMessage() for r in caplog.records)
    assert s[KEYS.BLINK] is False
    assert [(e.section, e.key) for e in s.validate()] == [("Synoptux", "Version_Config")]


def test_a_failing_step_leaves_the_file_read_as_it_is(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(doc: IniDocument) -> None:
        doc.set("Affichage", "Titre_Application", "half done")
        raise KeyError("Clignotement_s")

    monkeypatch.setattr(config_upgrade, "STEPS", {2: broken})
    with caplog.at_level(logging.ERROR, logger="synoptux.config"):
        s = Settings.from_text("[Affichage]\nTitre_Application=Urgences\n")
    assert s[KEYS.TITLE] == "Urgences"
    assert any("upgrade" in r.getMessage() for r in caplog.records)


def test_a_2x_file_is_of_layout_1_and_keeps_its_bytes_while_that_is_current(
    tmp_path: Path,
) -> None:
    ini = tmp_path / "synoptux.ini"
    shutil.copyfile(EXAMPLE, ini)
    original = ini.read_bytes()
    s = Settings.load(ini)
    assert file_version(s.doc) == UNVERSIONED and not s.upgrade.changed
    s.save_document(s.doc.copy())
    if current_version() == UNVERSIONED:  # no step yet: nothing to write, not even "1"
        assert ini.read_bytes() == original
    else:
        assert f"Version_Config={current_version()}".encode() in ini.read_bytes()


def test_2x_still_reads_the_file_after_an_upgrade_is_saved(
    tmp_path: Path, history: list[int]
) -> None:
    """2.x reads synoptux.ini with QSettings: after the administration saved an upgrade
    it still finds its keys, and our [Synoptux] section is one more it does not use."""
    from PySide6.QtCore import QSettings

    ini = tmp_path / "synoptux.ini"
    shutil.copyfile(EXAMPLE, ini)
    original = ini.read_bytes()
    s = Settings.load(ini)
    assert history == [2, 3, 4] and ini.read_bytes() == original
    s.save_document(s.doc.copy())
    assert ini.read_bytes() == original + b"\r\n[Synoptux]\r\nVersion_Config=4\r\n"
    q = QSettings(str(ini), QSettings.Format.IniFormat)
    assert q.value("Timer/Periodicite_controle_alarme_en_secondes") == "30"
    assert q.value("Interface/Code_Box_Par_Defaut") == "A1"
    assert q.value("Positions_fenetres/Size_S1") is not None
    assert q.value("Synoptux/Version_Config") == "4"
    assert Settings.load(ini).upgrade.found == 4


def test_a_file_the_board_creates_carries_its_version(tmp_path: Path, history: list[int]) -> None:
    s = Settings.load(tmp_path / "synoptux.ini")
    s.set_position("Window", 0, 0, 800, 600)
    s.save()
    text = (tmp_path / "synoptux.ini").read_text()
    assert "[Synoptux]\nVersion_Config=4\n" in text
    again = Settings.load(tmp_path / "synoptux.ini")
    assert history == [] and again[CONFIG_VERSION] == 4


def test_upgrade_alone_on_a_document() -> None:
    doc = IniDocument("[Timer]\nClignotement_s=2\n")
    done = upgrade(doc, {2: rename_blink})
    assert (done.found, done.version, done.steps) == (1, 2, (2,))
    assert doc.text() == (
        "[Timer]\nPeriodicite_clignotement_en_secondes=2\n\n[Synoptux]\nVersion_Config=2\n"
    )
    assert upgrade(doc, {2: rename_blink}).steps == ()  # done once
