"""Can Qt open a window here? If not, which system libraries does its platform plugin lack?

    python -m synoptux.qtcheck       # exit 0 when Qt starts; else a diagnosis and exit 1

Qt aborts the whole process when no platform plugin loads, so the start is tried in a
child process. Since Qt 6.5 its message blames `xcb-cursor0` whatever is missing; on
Linux the plugin's shared object is given to `ldd` instead, and the libraries it cannot
find are named with the Debian/Ubuntu and Fedora packages that hold them. No Qt module
is imported here (PySide6 is only located), so `services.doctor_environment` and `dev.py`
may use it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from synoptux.config_types import Msg, msg
from synoptux.speech import QT_TRANSLATE_NOOP

_PROBE = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "print(app.platformName())\n"
)
_PLUGIN_IN_MESSAGE = re.compile(r'platform plugin "([\w-]+)"')
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)

# soname prefix -> (Debian/Ubuntu package, Fedora package). Checked with ldd on the xcb
# plugin of PySide6 6.11.3 in a fresh Debian 12 (minbase); Fedora names from its repositories.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
}


@dataclass
class QtStart:
    ok: bool
    platform: str  # the plugin Qt used or tried (xcb, wayland, offscreen, windows, cocoa)
    message: str  # the platform name when it started, else Qt's own words
    plugin: Path | None = None
    missing: list[str] = field(default_factory=list)  # libraries ldd could not find

    def diagnosis(self, tr=None) -> str:
        """What an admin reads: the libraries actually missing and how to install them.
        `tr` (str -> str, doctor's Qt translation) says it in the interface language."""
        said = tr or (lambda text: text)
        return "\n".join(m.translated(said) for m in self._diagnosis())

    def _diagnosis(self) -> list[Msg]:
        if self.ok:
            return [
                msg(QT_TRANSLATE_NOOP("Settings", "Qt starts ({platform})"), platform=self.platform)
            ]
        lines = [
            msg(
                QT_TRANSLATE_NOOP(
                    "Settings", "Qt cannot start its {platform} platform plugin: {message}"
                ),
                platform=repr(self.platform),
                message=self.message,
            )
        ]
        if self.missing:
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP("Settings", "{plugin} cannot find: {libraries}"),
                    plugin=self.plugin,
                    libraries=", ".join(self.missing),
                )
            )
            known = [s for s in self.missing if s in PACKAGES]
            if known:
                deb = sorted({PACKAGES[s][0] for s in known})
                rpm = sorted({PACKAGES[s][1] for s in known})
                lines += [
                    Msg(
                        QT_TRANSLATE_NOOP("Settings", "{text}"),
                        text=f"  Debian/Ubuntu: sudo apt-get install {' '.join(deb)}",
                    ),
                    Msg(
                        QT_TRANSLATE_NOOP("Settings", "{text}"),
                        text=f"  Fedora:        sudo dnf install {' '.join(rpm)}",
                    ),
                ]
            own = [
                s for s in self.missing if s.startswith(("libQt6", "libpyside6", "libshiboken6"))
            ]
            if own:
                lines.append(
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings", "  {libraries}: part of PySide6 itself: reinstall it"
                        ),
                        libraries=", ".join(own),
                    )
                )
            other = [s for s in self.missing if s not in PACKAGES and s not in own]
            for soname in other:
                lines.append(
                    msg(
                        QT_TRANSLATE_NOOP(
                            "Settings",
                            "  {soname}: find its package with `apt-file search {soname}` or "
                            "`dnf provides '*/{soname}'`",
                        ),
                        soname=soname,
                    )
                )
        elif "display" in self.message.lower():
            lines.append(
                msg(
                    QT_TRANSLATE_NOOP(
                        "Settings",
                        "no screen to open a window on: run it in the desktop session (DISPLAY or "
                        "WAYLAND_DISPLAY), or QT_QPA_PLATFORM=offscreen for a headless check",
                    )
                )
            )
        return lines


def qt_plugins_dir() -> Path | None:
    """`PySide6/Qt/plugins` of the installed PySide6 (found without importing Qt)."""
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "Qt" / "plugins"
        if path.is_dir():
            return path
    return None


def platform_plugin(name: str, env: Mapping[str, str] | None = None) -> Path | None:
    """The shared object of Qt's platform plugin `name` (Linux: libq<name>.so)."""
    env = os.environ if env is None else env
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    plugins = qt_plugins_dir()
    if plugins is not None:
        folders.append(plugins / "platforms")
    for folder in folders:
        for candidate in (folder / f"libq{name}.so", folder / f"q{name}.dll"):
            if candidate.is_file():
                return candidate
    return None


def missing_libraries(shared_object: Path) -> list[str]:
    """The libraries `ldd` cannot find for `shared_object`, in its order, once each
    (empty where there is no ldd: Windows, macOS)."""
    try:
        done = subprocess.run(
            ["ldd", str(shared_object)], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(done.stdout)))


def default_platform(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    wanted = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if wanted:
        return wanted
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    return "xcb"


def try_start(env: Mapping[str, str] | None = None, timeout: float = 60) -> QtStart:
    """Start a QGuiApplication in a child process and explain a failure."""
    env = dict(os.environ if env is None else env)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return QtStart(False, default_platform(env), f"no answer within {timeout:.0f} s")
    if done.returncode == 0 and done.stdout.strip():
        return QtStart(True, done.stdout.strip().splitlines()[-1], done.stdout.strip())
    err = done.stderr.strip()
    match = _PLUGIN_IN_MESSAGE.search(err)
    platform = match.group(1) if match else default_platform(env)
    message = _qt_reason(err) or f"exit status {done.returncode}"
    plugin = platform_plugin(platform, env)
    missing = missing_libraries(plugin) if plugin is not None else []
    return QtStart(False, platform, message, plugin, missing)


def _qt_reason(stderr: str) -> str:
    """Qt's sentence that says what failed, without its generic xcb-cursor0 hint."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    lines = [ln for ln in lines if "xcb-cursor0" not in ln]
    for ln in lines:
        if "platform plugin" in ln or "could not connect to display" in ln.lower():
            return ln
    return lines[-1] if lines else ""


def main() -> int:
    result = try_start()
    print(result.diagnosis())
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
