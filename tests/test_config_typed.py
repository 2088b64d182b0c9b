"""Typed settings: each key a `Key[T]` declared once, `settings[KEY]` is a T at
run time and for the type checker, and the board's code reads no setting by its names."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from synoptux.config import KEYS, ConfigError, Key, Settings
from synoptux.config_keys import CONFIG_VERSION, KEY_INDEX, Keys

ROOT = Path(__file__).resolve().parents[1] / "synoptux"
SECTIONS = {
    "CONN": "Connexion_SynopTux",
    "MTX": "Connexion_MedinTux",
    "LEGACY": "Connexion",
    "IFACE": "Interface",
    "DISP": "Affichage",
    "TIMER": "Timer",
    "WEB": "Web",
    "COPY": "Copie_Secours",
}
WRONG = "\x7f?"  # no key of any kind takes it


def _value_type(k: Key) -> object:
    """T of the key's class (Key[int] -> int)."""
    for base in type(k).__mro__:
        for orig in getattr(base, "__orig_bases__", ()):
            if typing.get_origin(orig) is Key:
                (arg,) = typing.get_args(orig)
                return typing.get_origin(arg) or arg
    raise AssertionError(type(k))


def test_every_key_is_an_attribute_of_keys_once_and_in_the_table() -> None:
    attributes = {name: v for name, v in vars(Keys).items() if isinstance(v, Key)}
    assert list(attributes.values()) == list(KEYS)
    assert len(KEYS) == len(KEY_INDEX) == len(attributes)
    assert all(name.isupper() for name in attributes)
    assert CONFIG_VERSION not in list(KEYS)  # no field in the settings form


@pytest.mark.parametrize("k", list(KEYS), ids=lambda k: f"{k.section}.{k.name}")
def test_a_value_has_its_key_s_type_whatever_the_file_holds(k: Key) -> None:
    wanted = _value_type(k)
    assert isinstance(k.default, wanted)
    for text in ("", WRONG):
        s = Settings.from_text(f"[{k.section}]\n{k.name}={text}\n")
        assert isinstance(s[k], wanted), (text, s[k])
    s = Settings()
    s[k] = k.default
    assert s[k] == k.default and isinstance(s.strict(k), wanted)


def test_wrong_values_are_refused_when_set_and_lenient_when_read(caplog) -> None:
    s = Settings.from_text("[Timer]\nPeriodicite_clignotement_en_secondes=0\n")
    with caplog.at_level(logging.WARNING, logger="synoptux.config"):
        assert s[KEYS.BLINK_PERIOD_S] == 1  # clamped, said once
        assert s[KEYS.BLINK_PERIOD_S] == 1
    assert len(caplog.records) == 1 and "0 is below 1" in caplog.records[0].getMessage()
    with pytest.raises(ConfigError, match="below 1"):
        s.strict(KEYS.BLINK_PERIOD_S)
    with pytest.raises(ConfigError, match="Cadre, Fenetre"):
        s[KEYS.DISPLAY_MODE] = "Plein"
    with pytest.raises(ConfigError, match="bare name"):
        s[KEYS.ALLOWED_PROGRAMS] = ("drtux",)
    assert s.raw("Affichage", "Mode_Affichage") is None  # nothing written
    s[KEYS.ALLOWED_PROGRAMS] = ("/opt/drtux/bin/", "C:/MedinTux/drtux.exe")
    assert s.raw("Interface", "Programmes_Autorises") == "/opt/drtux/bin/ ; C:/MedinTux/drtux.exe"
    assert s[KEYS.ALLOWED_PROGRAMS] == ("/opt/drtux/bin/", "C:/MedinTux/drtux.exe")
    s[KEYS.FULL_SCREEN] = True
    assert s.raw("Affichage", "Plein_Ecran") == "OUI"


def test_paths_are_taken_from_the_ini_s_folder(tmp_path: Path) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Interface]\nDossier_Entrees=in\n[Copie_Secours]\nDossier=/srv/copie\n")
    s = Settings.load(ini)
    assert s.path_of(KEYS.ENTRY_FOLDER) == tmp_path / "in"
    assert s.path_of(KEYS.COPY_FOLDER) == Path("/srv/copie")
    assert s.path_of(KEYS.LOG_FOLDER) == tmp_path / "var" / "log"


def _by_name_calls(path: Path) -> list[str]:
    """Calls that read or write a declared key by its (section, name) strings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr = node.func.attr
        if attr in ("get_or_default", "path_setting"):
            found.append(f"{path.name}:{node.lineno} {attr}")
            continue
        if attr not in ("get", "set", "raw", "set_raw") or len(node.args) < 2:
            continue
        sec, name = node.args[0], node.args[1]
        section = (
            SECTIONS.get(sec.id)
            if isinstance(sec, ast.Name)
            else sec.value
            if isinstance(sec, ast.Constant) and isinstance(sec.value, str)
            else None
        )
        if section and isinstance(name, ast.Constant) and isinstance(name.value, str):
            if (section.lower(), name.value.lower()) in KEY_INDEX:
                found.append(f"{path.name}:{node.lineno} {attr}({section}, {name.value})")
    return found


def test_the_board_reads_settings_through_their_keys() -> None:
    """Outside the settings modules no key is read by its names: settings[KEYS.X], a T."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.parent == ROOT and path.name.startswith("config"):
            continue  # the Settings class itself, and its upgrade steps
        offenders += _by_name_calls(path)
    assert offenders == []


def test_the_guard_finds_a_read_by_names(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "x = int(settings.get_or_default(TIMER, 'Periodicite_clignotement_en_secondes'))\n"
        "y = settings.get('Interface', 'Poste')\n"
        "settings.set_raw(WEB, 'Jetons_Ecrans', v)\n"
        "z = settings.raw('Affichage', 'Police_Patients')\n"  # not declared: raw is right
    )
    assert sorted(c.split(" ", 1)[1] for c in _by_name_calls(sample)) == [
        "get(Interface, Poste)",
        "get_or_default",
        "set_raw(Web, Jetons_Ecrans)",
    ]


MYPY_SAMPLE = """
from synoptux.config import KEYS, Settings

def f(settings: Settings) -> None:
    reveal_type(settings[KEYS.BLINK_PERIOD_S])
    reveal_type(settings[KEYS.PRIVACY])
    reveal_type(settings[KEYS.TITLE])
    reveal_type(settings[KEYS.ALLOWED_PROGRAMS])
    reveal_type(settings.strict(KEYS.STRESS_THRESHOLD))
    reveal_type(settings.path_of(KEYS.ENTRY_FOLDER))
    settings[KEYS.FONT_SIZE] = "12"
    n: int = settings[KEYS.TITLE]
"""


def test_the_type_checker_sees_each_key_s_type(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    sample = tmp_path / "sample.py"
    sample.write_text(MYPY_SAMPLE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--ignore-missing-imports",
            "--follow-imports=silent",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(sample),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT.parent,
        timeout=300,
    )
    out = done.stdout
    revealed = [
        line.split('Revealed type is "')[1].rstrip('"')
        for line in out.splitlines()
        if "Revealed" in line
    ]
    assert [r.replace("builtins.", "") for r in revealed] == [
        "int",
        "bool",
        "str",
        "tuple[str, ...]",
        "int",
        "pathlib.Path",
    ], out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 2, out  # a str set into an int key, a str read as an int
    assert "sample.py:11" in errors[0] and "sample.py:12" in errors[1]
