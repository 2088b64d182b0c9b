"""`synoptux doctor`'s checks of the machine it runs on: installed versions, shipped files,
the log file, the entry folder, and whether Qt starts."""

from __future__ import annotations

import os
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from synoptux.config import Settings
from synoptux.logfile import log_path
from synoptux.services.doctor_check import Check, tr_settings
from synoptux.shipped import missing_files
from synoptux.speech import translate


def check_folder(folder: Path) -> Check:
    blocker = next((p for p in folder.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate(
                "Doctor",
                "{folder} cannot be created: {blocker} is a file, not a folder "
                "(fix [Interface] Dossier_Entrees)",
            ).format(folder=folder, blocker=blocker),
        )
    if not folder.exists():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate(
                "Doctor", "{folder} does not exist (create it or fix [Interface] Dossier_Entrees)"
            ).format(folder=folder),
        )
    if not folder.is_dir():
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate("Doctor", "{folder} is not a folder").format(folder=folder),
        )
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".synoptux-doctor-")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return Check(
            translate("Doctor", "entry folder"),
            False,
            translate("Doctor", "{folder} is not writable: {error}").format(
                folder=folder, error=exc.strerror
            ),
        )
    return Check(
        translate("Doctor", "entry folder"),
        True,
        translate("Doctor", "{folder} (writable)").format(folder=folder),
    )


def _dist_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


# (Python below this, shiboken6 version): pairs that abort the board (README, Supported versions)
DROPS = "drops references to None/True/False: the board aborts"
BROKEN = {((3, 12), "6.12.0"): DROPS}


def known_broken(python: tuple[int, int], shiboken: str) -> str | None:
    """Why this Python/shiboken6 pair must not run the board, or None."""
    for (below, bad), why in BROKEN.items():
        if python < below and shiboken == bad:
            return translate("Doctor", "PySide6 {bad} on Python {python} {why}").format(
                bad=bad,
                python=f"{python[0]}.{python[1]}",
                why=translate("Doctor", "drops references to None/True/False: the board aborts")
                if why == DROPS
                else why,
            )
    return None


def check_versions() -> Check:
    from synoptux import __version__

    py = sys.version_info
    pyside = _dist_version("PySide6-Essentials") or _dist_version("PySide6")
    shiboken = _dist_version("shiboken6")
    missing = translate("Doctor", "missing")
    detail = (
        f"synoptux {__version__}, Python {py.major}.{py.minor}.{py.micro}, "
        f"PySide6 {pyside or missing}, shiboken6 {shiboken or missing}, "
        f"SQLAlchemy {_dist_version('SQLAlchemy') or missing}"
    )
    if pyside is None or shiboken is None:
        return Check(
            translate("Doctor", "versions"),
            False,
            detail + translate("Doctor", " (reinstall: pip install synoptux)"),
        )
    if pyside != shiboken:
        return Check(
            translate("Doctor", "versions"),
            False,
            detail + translate("Doctor", ": PySide6 and shiboken6 must be the same version"),
        )
    why = known_broken((py.major, py.minor), shiboken)
    if why:
        return Check(
            translate("Doctor", "versions"),
            False,
            translate(
                "Doctor",
                "{detail}: {why} (install the versions of constraints.txt: "
                "PySide6-Essentials==6.11.3)",
            ).format(detail=detail, why=why),
        )
    return Check(translate("Doctor", "versions"), True, detail)


def check_shipped() -> Check:
    missing = missing_files()
    if missing:
        return Check(
            translate("Doctor", "shipped files"),
            False,
            translate(
                "Doctor", "missing: {files} (a broken install: reinstall the package)"
            ).format(files=", ".join(missing)),
        )
    return Check(
        translate("Doctor", "shipped files"),
        True,
        translate("Doctor", "style sheet and French translation present"),
    )


def check_log(settings: Settings) -> Check:
    """Where the log file is, and whether the board can write it."""
    path = log_path(settings)
    folder = path.parent
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent  # created at start: the first folder that exists must be writable
    if path.exists():
        ok = os.access(path, os.W_OK)
    else:
        ok = probe.is_dir() and os.access(probe, os.W_OK)
    if not ok:
        return Check(
            translate("Doctor", "log file"),
            False,
            translate("Doctor", "{path} cannot be written ([Interface] Dossier_Journal)").format(
                path=path
            ),
        )
    if not path.exists():
        return Check(
            translate("Doctor", "log file"),
            True,
            translate("Doctor", "{path} (created when the board starts)").format(path=path),
        )
    return Check(
        translate("Doctor", "log file"),
        True,
        translate("Doctor", "{path} ({size} bytes)").format(
            path=path, size=f"{path.stat().st_size:,}"
        ),
    )


def qt_check() -> Check:
    """Start Qt in a child process (Qt aborts a process whose platform plugin does not load)
    and name the system libraries the plugin lacks (synoptux.qtcheck)."""
    from synoptux.qtcheck import missing_libraries, platform_plugin, try_start

    result = try_start()
    if not result.ok:
        return Check(
            translate("Doctor", "Qt platform"),
            False,
            result.diagnosis(tr_settings).replace("\n", "\n     "),
        )
    detail = translate("Doctor", "{platform} (Qt starts)").format(platform=result.platform)
    if sys.platform.startswith("linux") and result.platform != "xcb":
        # Started offscreen or on Wayland: the wall's X11 plugin may still lack libraries.
        plugin = platform_plugin("xcb")
        lacking = missing_libraries(plugin) if plugin is not None else []
        if lacking:
            detail += translate(
                "Doctor",
                "; note: the xcb plugin (X11 screens) lacks {libraries} (README, System packages)",
            ).format(libraries=", ".join(lacking))
    return Check(translate("Doctor", "Qt platform"), True, detail)
