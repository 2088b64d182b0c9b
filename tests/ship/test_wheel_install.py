"""`pip install .` (not editable) into a clean virtual environment runs the CLI, the board
and the French translation, with nothing read from this checkout.

The wheel is built from the checkout, installed with constraints.txt into a fresh venv,
and its commands run from a site folder elsewhere, with no PYTHONPATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from tests.ship.test_autostart import parse_exec, read_entry

ROOT = Path(__file__).resolve().parents[2]
BIN = "Scripts" if os.name == "nt" else "bin"


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SYNOPTUX_CONFIG")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(tmp / "dist"),
            str(ROOT),
        ],
        tmp,
        env,
    )
    (wheel,) = (tmp / "dist").glob("synoptux-*.whl")
    prefix = tmp / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(prefix)
    python = prefix / BIN / ("python.exe" if os.name == "nt" else "python")
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
        tmp,
        env,
        timeout=900,
    )
    site = tmp / "site"
    site.mkdir()
    return {"wheel": wheel, "python": python, "bin": prefix / BIN, "site": site, "env": env}


def test_the_wheel_carries_the_resources(installed: dict) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert "synoptux/resources/synoptux.css" in names
    assert "synoptux/resources/translations/synoptux_fr.qm" in names
    assert "synoptux/resources/translations/synoptux_fr.ts" in names  # the web view's French
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(installed["wheel"]).read(entry_points).decode()
    assert "[gui_scripts]\nsynoptux-board = synoptux.cli:main_gui" in text


def test_cli_snapshot_and_doctor_from_the_installed_package(installed: dict) -> None:
    bin_, site, env = installed["bin"], installed["site"], installed["env"]
    where = run(
        [str(installed["python"]), "-c", "import synoptux; print(synoptux.__file__)"], site, env
    )
    assert Path(where.strip()).is_relative_to(bin_.parent)  # not this checkout
    out = run([str(bin_ / "synoptux"), "init-db", "--demo", "--now", "2026-11-23 10:00"], site, env)
    assert "patients de démonstration ajoutés : 25" in out  # French, from the installed .qm
    png = site / "board.png"
    out = run(
        [
            str(bin_ / "synoptux"),
            "snapshot",
            str(png),
            "--size",
            "1366x768",
            "--now",
            "2026-11-23 10:30",
        ],
        site,
        env,
    )
    assert "1366x768, 25 patients" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    doctor = run([str(bin_ / "synoptux"), "--lang", "en", "doctor"], site, env)
    assert "OK   shipped files" in doctor and "OK   versions" in doctor
    assert f"OK   log file: {site / 'var' / 'log' / 'synoptux.log'}" in doctor


def test_french_comes_from_the_installed_qm(installed: dict) -> None:
    probe = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from synoptux.ui.app import install_translator\n"
        "app = QApplication([])\n"
        "(ours, *_) = install_translator(app, 'fr')\n"
        "print(ours.filePath())\n"
        "print(QCoreApplication.translate('MainWindow', 'Help'))\n"
        "print(QCoreApplication.translate('LogDialog', 'Log'))\n"
    )
    out = run([str(installed["python"]), "-c", probe], installed["site"], installed["env"])
    qm, help_menu, log_menu = out.strip().splitlines()[-3:]
    assert Path(qm).is_relative_to(installed["bin"].parent) and qm.endswith("synoptux_fr.qm")
    assert (help_menu, log_menu) == ("Aide", "Journal")


def test_one_version_from_the_metadata(installed: dict) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = run(
        [str(installed["bin"] / "synoptux"), "--version"], installed["site"], installed["env"]
    )
    assert out.strip() == f"synoptux {declared['version']}"
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "synoptux").rglob("*.py"))
    assert declared["version"] not in sources  # written once, in pyproject.toml


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart")
def test_autostart_entry_starts_the_installed_board(installed: dict, tmp_path: Path) -> None:
    """What the session will run: the entry's Exec line, started as it is, opens the board
    (offscreen here), which writes its start in the site's private log."""
    site, env = installed["site"], dict(installed["env"], XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    ini = site / "synoptux.ini"
    ini.write_text("[Interface]\nLangue=fr\n", encoding="utf-8")
    run(
        [
            str(installed["bin"] / "synoptux"),
            "install-autostart",
            "--config",
            str(ini),
            "--full-screen",
        ],
        site,
        env,
    )
    entry = read_entry(tmp_path / "xdg" / "autostart" / "synoptux-board.desktop")
    argv = parse_exec(entry["Exec"])
    assert argv[0] == str(installed["bin"] / "synoptux-board")
    log = site / "var" / "log" / "synoptux.log"
    board = subprocess.Popen(
        argv, cwd=entry["Path"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and board.poll() is None:
            if log.exists() and "board started" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.2)
        assert board.poll() is None, board.communicate()[1][-2000:]
    finally:
        board.terminate()
        board.wait(timeout=30)
    line = next(ln for ln in log.read_text(encoding="utf-8").splitlines() if "board started" in ln)
    assert re.search(r"PySide6 \d+\.\d+", line) and "Qt platform offscreen" in line
