"""The type checker: mypy, configured by `[tool.mypy]` of pyproject.toml (which
names the package), finds no error in synoptux/, the whole of it. A planted error shows
that the same command and configuration report one.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def _need_mypy() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (pip install -c constraints.txt -e '.[test]')")
    try:
        importlib.metadata.version("types-PyMySQL")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("types-PyMySQL (PyMySQL's stubs, in the [test] extra) is not installed")


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_package_has_no_type_error():
    _need_mypy()
    done = mypy()  # the packages of [tool.mypy]: synoptux
    assert done.returncode == 0, done.stdout + done.stderr
    ours = len([p for p in (ROOT / "synoptux").rglob("*.py") if "__pycache__" not in p.parts])
    found = re.search(r"no issues found in (\d+) source files", done.stdout)
    assert found and int(found.group(1)) >= ours, done.stdout  # every module was read


def test_a_planted_error_is_reported(tmp_path):
    """The configuration's options are in force: an error inside an unannotated function
    (check_untyped_defs) and a `type: ignore` that ignores nothing (warn_unused_ignores)."""
    _need_mypy()
    bad = tmp_path / "planted.py"
    bad.write_text(
        "def untyped():\n"
        "    count: int = 'three'\n"
        "    return count\n"
        "\n"
        "fine: int = 1  # type: ignore[assignment]\n",
        encoding="utf-8",
    )
    done = mypy("--cache-dir", str(tmp_path / "cache"), str(bad))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "planted.py:2: error: Incompatible types in assignment" in done.stdout, done.stdout
    assert 'planted.py:5: error: Unused "type: ignore" comment' in done.stdout, done.stdout
