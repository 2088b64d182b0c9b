#!/usr/bin/env python3
"""Bootstrap: create the local virtual environment if needed, then run the board or the tests.

    python3 dev.py run [synoptux options]   # the board (embedded SQLite + demo on first run)
    python3 dev.py test [pytest options]    # the whole test suite
    python3 dev.py translations             # pyside6-lupdate + lrelease (README, Translations)

Only the standard library is used here, so it works on a fresh machine with Python 3.11+.
The project is installed with the known-good versions of constraints.txt, and installed
again when pyproject.toml or constraints.txt changes. `SYNOPTUX_VENV=.venv312 python3.12
dev.py test` keeps a second interpreter's environment beside the first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / os.environ.get("SYNOPTUX_VENV", ".venv")
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".synoptux-install-stamp"
CONSTRAINTS = ROOT / "constraints.txt"
TESTED = ((3, 11), (3, 12))  # README, "Supported versions"


def _digest() -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs under any python3
        sys.exit(f"Synoptux needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if sys.version_info[:2] not in TESTED:
        print(
            f"note: Python {sys.version_info[0]}.{sys.version_info[1]} is not one the tests "
            "run on (3.11, 3.12): see README, Supported versions",
            flush=True,
        )
    if not PY.exists():
        print(f"creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    digest = _digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    print("installing Synoptux and its dependencies (constraints.txt) ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "-q"]
    subprocess.check_call([*pip, "--upgrade", "pip"])
    subprocess.check_call([*pip, "-c", str(CONSTRAINTS), "-e", f"{ROOT}[test]"])
    STAMP.write_text(digest)


def qt_can_start() -> bool:
    """Start Qt once in a child before the board: when the platform plugin cannot load,
    say which system libraries are missing instead of a bare Qt abort."""
    done = subprocess.run([str(PY), "-m", "synoptux.qtcheck"], text=True, capture_output=True)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr, end="")
    return done.returncode == 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "translations"):
        print(__doc__)
        return 2
    ensure_env()
    os.chdir(ROOT)
    if argv[0] == "run":
        window = not any(a in SUB_COMMANDS for a in argv[1:])
        if window and not qt_can_start():
            return 1
        return subprocess.call([str(PY), "-m", "synoptux", *argv[1:]])
    if argv[0] == "translations":
        return subprocess.call([str(PY), "synoptux/resources/translations/update_ts.py"])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(PY), "-m", "pytest", *argv[1:]], env=env)


# The sub-commands that open no window (`dev.py run doctor` needs no screen).
SUB_COMMANDS = (
    "init-db",
    "board",
    "doctor",
    "snapshot",
    "ingest",
    "stats",
    "upgrade",
    "install-autostart",
)

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
