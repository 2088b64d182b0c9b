"""A Qt platform plugin that cannot load is explained by the libraries it actually lacks.

Qt (6.5+) says "xcb-cursor0 or libxcb-cursor0 is needed" whatever the xcb plugin misses;
on a fresh Debian 12 it missed libxcb-icccm4, libxcb-keysyms1 and friends. The real
plugin is copied into a Qt tree where one library it needs is absent: Qt refuses it as it
would on a bare system, and the diagnosis must name that library (ldd), not xcb-cursor0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from synoptux.qtcheck import QtStart, qt_plugins_dir, try_start

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd: Linux only")
HIDDEN = "libQt6XcbQpa.so.6"


@pytest.fixture
def broken_qt(tmp_path: Path) -> dict[str, str]:
    """A copy of PySide6's xcb plugin whose Qt library folder lacks HIDDEN."""
    plugins = qt_plugins_dir()
    assert plugins is not None
    platforms = tmp_path / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    shutil.copy2(plugins / "platforms" / "libqxcb.so", platforms / "libqxcb.so")
    lib = tmp_path / "Qt" / "lib"  # the plugin's RUNPATH is $ORIGIN/../../lib
    lib.mkdir()
    for real in (plugins.parent / "lib").iterdir():
        if real.name != HIDDEN:
            (lib / real.name).symlink_to(real)
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(platforms),
        "DISPLAY": ":99",
    }


@LINUX
def test_the_missing_library_is_named(broken_qt: dict[str, str]) -> None:
    result = try_start(broken_qt)
    assert not result.ok
    assert result.platform == "xcb"
    assert result.plugin is not None and result.plugin.parent == Path(
        broken_qt["QT_QPA_PLATFORM_PLUGIN_PATH"]
    )
    assert HIDDEN in result.missing
    text = result.diagnosis()
    assert HIDDEN in text and "reinstall" in text
    assert "xcb-cursor0" not in result.message  # Qt's catch-all hint is not repeated
    if "libxcb-cursor.so.0" not in result.missing:
        assert "xcb-cursor" not in text


@LINUX
def test_doctor_fails_and_names_it(broken_qt: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "synoptux", "--lang", "en", "doctor"],
        cwd=tmp_path,
        env=broken_qt,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3  # no database here either: the connection's 3 wins
    (line,) = [ln for ln in done.stdout.splitlines() if "Qt platform" in ln]
    assert line.startswith("FAIL")
    assert HIDDEN in done.stdout


@LINUX
def test_doctor_says_it_in_french(broken_qt: dict[str, str], tmp_path: Path) -> None:
    """The default language: the diagnosis in French, the library and Qt's words kept."""
    env = {k: v for k, v in broken_qt.items() if k != "SYNOPTUX_CONFIG"}
    done = subprocess.run(
        [sys.executable, "-m", "synoptux", "doctor"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3  # no database here either: the connection's 3 wins
    (line,) = [ln for ln in done.stdout.splitlines() if "plateforme Qt" in ln]
    assert line.startswith("ÉCHEC plateforme Qt : Qt ne peut pas démarrer son greffon"), line
    assert HIDDEN in done.stdout and "le réinstaller" in done.stdout, done.stdout


def test_system_libraries_are_named_with_their_packages() -> None:
    """The libraries found missing on a fresh Debian 12 give an install line per platform."""
    result = QtStart(
        False,
        "xcb",
        'Could not load the Qt platform plugin "xcb" in "" even though it was found.',
        Path("libqxcb.so"),
        ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo.so.3"],
    )
    text = result.diagnosis()
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in text
    assert "sudo dnf install xcb-util-keysyms xcb-util-wm" in text
    assert "apt-file search libfoo.so.3" in text


def test_offscreen_starts() -> None:
    result = try_start({**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.ok and result.platform == "offscreen"
