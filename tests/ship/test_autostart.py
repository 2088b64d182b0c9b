"""`synoptux install-autostart` on Linux: an XDG autostart entry that starts this board with
this site's synoptux.ini, whatever folder the session starts in (temporary XDG_CONFIG_HOME)."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from synoptux.autostart import shortcut_script

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart")


def parse_exec(value: str) -> list[str]:
    """A desktop entry's Exec value back to argv, as the XDG spec reads it: string escapes,
    then arguments split on spaces, double quotes with \\" \\` \\$ \\\\ inside, then %%."""
    text = re.sub(
        r"\\(.)",
        lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(
            m.group(1), m.group(1) if m.group(1) == "\\" else "\\" + m.group(1)
        ),
        value,
    )
    args: list[str] = []
    current: list[str] | None = None
    quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                current.append(text[i + 1])
                i += 1
            elif c == '"':
                quoted = False
            else:
                current.append(c)
        elif c == " ":
            if current is not None:
                args.append("".join(current))
                current = None
        else:
            current = current if current is not None else []
            if c == '"':
                quoted = True
            else:
                current.append(c)
        i += 1
    if current is not None:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def cli(*args: str, cwd: Path, xdg: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_CONFIG_HOME=str(xdg), QT_QPA_PLATFORM="offscreen")
    env.pop("SYNOPTUX_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "synoptux", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@LINUX
def test_entry_starts_this_board_with_this_site(tmp_path: Path) -> None:
    site = tmp_path / "Urgences $HOME 100% 'A'"  # every character the Exec rules escape
    site.mkdir()
    ini = site / "synoptux.ini"
    ini.write_text("[Interface]\nLangue=fr\n", encoding="utf-8")
    xdg = tmp_path / "xdg"
    done = cli("install-autostart", "--config", str(ini), "--full-screen", cwd=tmp_path, xdg=xdg)
    assert done.returncode == 0, done.stderr
    path = xdg / "autostart" / "synoptux-board.desktop"
    assert str(path) in done.stdout
    entry = read_entry(path)
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Path"] == str(site)
    argv = parse_exec(entry["Exec"])
    board = Path(sys.executable).with_name("synoptux-board")
    assert argv == [str(board), "--config", str(ini), "--full-screen"]
    assert os.access(argv[0], os.X_OK)  # the gui-script of this installation
    again = cli("install-autostart", "--config", str(ini), cwd=tmp_path, xdg=xdg)
    assert again.returncode == 0
    assert parse_exec(read_entry(path)["Exec"])[-1] == str(ini)  # replaced, not doubled
    assert len(list((xdg / "autostart").iterdir())) == 1
    gone = cli("install-autostart", "--remove", cwd=tmp_path, xdg=xdg)
    assert gone.returncode == 0 and not path.exists()


@LINUX
def test_without_a_site_file_nothing_is_written(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    done = cli("install-autostart", cwd=tmp_path, xdg=xdg)
    assert done.returncode == 2 and "--config" in done.stderr
    assert not (xdg / "autostart").exists()


def test_windows_shortcut_script_quotes_paths() -> None:
    """Run by PowerShell on Windows (not here): single quotes doubled, spaced args quoted."""
    script = shortcut_script(
        Path("C:/Users/ide/AppData/Roaming/Startup/Synoptux.lnk"),
        ["C:/Py/Scripts/synoptux-board.exe", "--config", "D:/Urgences d'Amiens/synoptux.ini"],
        Path("D:/Urgences d'Amiens"),
    )
    assert "$s.TargetPath = 'C:/Py/Scripts/synoptux-board.exe'" in script
    assert "$s.Arguments = '--config \"D:/Urgences d''Amiens/synoptux.ini\"'" in script
    assert "$s.WorkingDirectory = 'D:/Urgences d''Amiens'" in script
    assert script.endswith("$s.Save()")
