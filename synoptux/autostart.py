"""`synoptux install-autostart`: the board starts when the ward PC's session opens.

Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/synoptux-board.desktop`
(GNOME, KDE, Xfce, LXQt... read it). Windows: a shortcut in the user's Startup folder,
made by PowerShell's WScript.Shell (no extra Python package). Both start the
`synoptux-board` GUI script (no console window on Windows) with the absolute path
of the synoptux.ini in use, in that file's folder, so that the data folder (`var/`)
is the one the admin configured whatever the session's working directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from synoptux.config import Settings

ENTRY = "synoptux-board"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class AutostartError(RuntimeError):
    pass


def board_command(
    settings: Settings, *, full_screen: bool = False, extra: list[str] | None = None
) -> list[str]:
    """The command that starts this installation's board with this configuration
    (`extra`: options given to install-autostart that the board must get too)."""
    scripts = Path(sys.executable).parent
    exe = scripts / (f"{ENTRY}.exe" if os.name == "nt" else ENTRY)
    if exe.is_file():
        cmd = [str(exe)]
    else:  # not installed as a package (a bare checkout): the interpreter itself
        python = Path(sys.executable)
        pythonw = python.with_name("pythonw.exe")
        cmd = [str(pythonw if pythonw.is_file() else python), "-m", "synoptux"]
    if settings.path is not None:
        cmd += ["--config", str(Path(settings.path).resolve())]
    cmd += extra or []
    if full_screen:
        cmd.append("--full-screen")
    return cmd


# -- Linux: XDG autostart -----------------------------------------------------------------
def xdg_autostart_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".config")
    return Path(base) / "autostart"


def _exec_arg(arg: str) -> str:
    """One argument of a desktop entry's Exec key (quoting rules of the XDG spec)."""
    if arg and not (set(arg) & _RESERVED):
        quoted = arg
    else:
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        quoted = f'"{inner}"'
    # then the general escaping of a desktop entry string value, and field codes
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(command: list[str], workdir: Path, title: str = "Synoptux") -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={title}",
            "Comment=Emergency department board",
            "Exec=" + " ".join(_exec_arg(a) for a in command),
            f"Path={workdir}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


# -- Windows: a Startup-folder shortcut --------------------------------------------------
def windows_startup_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    appdata = env.get("APPDATA")
    if not appdata:
        raise AutostartError("APPDATA is not set: cannot find the Startup folder")
    return Path(appdata) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"


def _ps(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _win_arg(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg


def shortcut_script(link: Path, command: list[str], workdir: Path) -> str:
    """PowerShell that writes the .lnk (WScript.Shell is on every Windows)."""
    args = " ".join(_win_arg(a) for a in command[1:])
    return "; ".join(
        [
            "$s = (New-Object -ComObject WScript.Shell).CreateShortcut(" + _ps(str(link)) + ")",
            "$s.TargetPath = " + _ps(command[0]),
            "$s.Arguments = " + _ps(args),
            "$s.WorkingDirectory = " + _ps(str(workdir)),
            "$s.Description = " + _ps("Synoptux board"),
            "$s.Save()",
        ]
    )


# -- both ---------------------------------------------------------------------------------
def install(
    settings: Settings,
    *,
    full_screen: bool = False,
    extra: list[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Write the autostart entry; returns its path. Raises AutostartError."""
    command = board_command(settings, full_screen=full_screen, extra=extra)
    workdir = settings.base_dir
    if sys.platform == "win32":
        link = windows_startup_dir(env) / "Synoptux.lnk"
        link.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                "powershell",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                shortcut_script(link, command, workdir),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not link.exists():
            raise AutostartError(f"the shortcut was not written: {done.stderr.strip()}")
        return link
    if sys.platform == "darwin":
        raise AutostartError("macOS: add synoptux-board to System Settings → General → Login Items")
    path = xdg_autostart_dir(env) / f"{ENTRY}.desktop"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(desktop_entry(command, workdir), encoding="utf-8")
    os.replace(tmp, path)
    return path


def remove(env: Mapping[str, str] | None = None) -> Path | None:
    """Remove the autostart entry; returns the path removed, or None when there was none."""
    if sys.platform == "win32":
        path = windows_startup_dir(env) / "Synoptux.lnk"
    else:
        path = xdg_autostart_dir(env) / f"{ENTRY}.desktop"
    if path.exists():
        path.unlink()
        return path
    return None
