"""Running the real `synoptux` command in a child process, as an admin would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.db import MYSQL_SERVER

ROOT = Path(__file__).resolve().parents[2]


def synoptux(*args: str, cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("SYNOPTUX_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "synoptux", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def mysql_url(user_password: str = "root", database: str = "") -> str:
    """The test server's URL with other credentials or another database name."""
    rest = MYSQL_SERVER.split("://", 1)[1].split("@", 1)[1]
    return f"mysql+pymysql://{user_password}@{rest}/{database}"
