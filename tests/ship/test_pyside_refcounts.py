"""The pinned PySide6/shiboken6 pair survives what a board does for days, with no workaround.

PySide6/shiboken6 6.12.0 on Python 3.11 drops a reference to None/True/False on void
calls, unset property reads and Signal.emit(); the process aborts after a few thousand.
constraints.txt keeps installs on a good pair; these tests prove the installed pair is
that one and that it survives in a child process (an abort there cannot kill pytest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

from synoptux.services.doctor_environment import known_broken

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("qt_calls_child.py")


def pins() -> dict[str, str]:
    """constraints.txt as {package: version}, markers evaluated for this interpreter."""
    out: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker is not None and not Marker(str(req.marker)).evaluate():
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", f"{line}: constraints.txt pins exact versions"
        out[req.name] = spec.version
    return out


def test_the_environment_runs_the_pinned_versions() -> None:
    """dev.py and CI install with constraints.txt: the suite runs on what it pins."""
    wanted = pins()
    assert wanted["PySide6-Essentials"] == wanted["shiboken6"]
    for name in ("PySide6-Essentials", "shiboken6", "SQLAlchemy", "PyMySQL", "watchdog"):
        assert version(name) == wanted[name], name


def test_the_known_broken_release_is_excluded_where_it_breaks() -> None:
    wanted = pins()
    if sys.version_info < (3, 12):
        assert wanted["shiboken6"] != "6.12.0"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "\"PySide6-Essentials>=6.9,!=6.12.0; python_version < '3.12'\"" in pyproject


def test_doctor_refuses_the_broken_pair() -> None:
    assert "aborts" in (known_broken((3, 11), "6.12.0") or "")
    assert known_broken((3, 12), "6.12.0") is None  # immortal None/True/False
    assert known_broken((3, 11), "6.11.3") is None


def test_hundreds_of_thousands_of_calls_and_emits_in_a_child_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)  # nothing of the product: the pair alone
    done = subprocess.run(
        [sys.executable, str(CHILD), "300000"],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("alive")
    seen = json.loads(done.stdout.strip().splitlines()[0])
    assert seen["timers"] == 5_000 and seen["queued"] == 20_000
    if sys.version_info < (3, 12):  # 3.12+: None/True/False are immortal, counts are fixed
        for name, count in seen["before"].items():
            assert seen["after"][name] >= count - 100, (name, seen)
