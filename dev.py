#!/usr/bin/env python3
"""Bootstrap: create the local virtual environment if needed, then run the board or the tests.

    python3 dev.py run [synoptux options]   # the board (embedded SQLite + demo on first run)
    python3 dev.py test [pytest options]    # the whole test suite

Only the standard library is used here, so it works on a fresh machine with Python 3.11+.
The project is (re)installed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".synoptux-install-stamp"


def ensure_env() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Synoptux needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not PY.exists():
        print(f"creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    print("installing Synoptux and its dependencies ...", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
    STAMP.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_env()
    os.chdir(ROOT)
    if argv[0] == "run":
        return subprocess.call([str(PY), "-m", "synoptux", *argv[1:]])
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(PY), "-m", "pytest", *argv[1:]], env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
