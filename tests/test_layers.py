"""The layers are contracts: import-linter checks `[tool.importlinter]` of pyproject.toml
(docs/architecture.md, "Layers"), here with the suite and alone with `lint-imports`.

The contracts hold on this checkout, also counting the imports made only for the type checker
(`if TYPE_CHECKING:`) against the layers; each contract breaks on a planted import in a copy
of the package, so none of them can pass whatever the code does."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
CONFIG = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {c["id"]: c for c in CONFIG["contracts"]}


def lint(cwd: Path, config: Path, *contract_ids: str) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package found in `cwd` (it puts `cwd` first on sys.path)."""
    limit = [a for cid in contract_ids for a in ("--contract", cid)]
    env = {**os.environ, "PYTHONPATH": str(cwd), "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            str(config),
            "--no-cache",
            "--no-logo",
            *limit,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def verdicts(output: str) -> dict[str, str]:
    """Contract id -> KEPT or BROKEN, from the report's summary lines."""
    found = {}
    for cid, contract in CONTRACTS.items():
        for line in output.splitlines():
            if line.startswith(contract["name"] + " "):
                found[cid] = line.rsplit(" ", 1)[1]
    return found


def test_every_contract_holds():
    done = lint(ROOT, PYPROJECT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdicts(done.stdout) == dict.fromkeys(CONTRACTS, "KEPT")


def test_type_checking_imports_respect_the_layers_too(tmp_path):
    """The session ignores `if TYPE_CHECKING:` imports (a type named both ways is no
    import cycle); they still may not point up a layer, into db from ui, or at Qt."""
    text = PYPROJECT.read_text(encoding="utf-8")
    assert "exclude_type_checking_imports = true" in text
    strict = tmp_path / "strict.toml"
    strict.write_text(
        text.replace(
            "exclude_type_checking_imports = true", "exclude_type_checking_imports = false"
        ),
        encoding="utf-8",
    )
    directional = [cid for cid, c in CONTRACTS.items() if c["type"] != "acyclic_siblings"]
    done = lint(ROOT, strict, *directional)
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdicts(done.stdout) == dict.fromkeys(directional, "KEPT")


def test_only_ui_may_import_qt_and_no_module_is_left_out():
    """`forbidden` has no "everything but": the Qt contract lists every top-level module of
    synoptux except ui, and a new one must join it."""
    children = {f"synoptux.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "synoptux")])} - {
        "synoptux.ui"
    }
    assert set(CONTRACTS["qt-in-ui"]["source_modules"]) == children
    assert {"PySide6", "shiboken6"} <= set(CONTRACTS["qt-in-ui"]["forbidden_modules"])
    assert not any("ignore_imports" in c for c in CONTRACTS.values())  # no exceptions


# (contract id, module to change (or create), text appended to it)
PLANTED = [
    ("layers", "synoptux/domain/clock.py", "import synoptux.db\n"),
    ("layers", "synoptux/db/tables.py", "def _up():\n    from synoptux.services import board\n"),
    ("layers", "synoptux/ingest/parser.py", "from synoptux.stats import periods\n"),
    ("layers", "synoptux/planted.py", "VALUE = 1\n"),  # a module no layer names
    ("qt-in-ui", "synoptux/services/colors.py", "from PySide6.QtGui import QColor\n"),
    ("qt-in-ui", "synoptux/cli.py", "def _qt():\n    import shiboken6\n"),
    ("ui-no-sql", "synoptux/ui/plain.py", "def _sql():\n    from synoptux.db import engine\n"),
    ("ui-no-sql", "synoptux/ui/feed.py", "from synoptux.ingest.cli import run_ingest\n"),
    ("ui-no-sql", "synoptux/ui/plain.py", "import sqlalchemy\n"),
    ("web-through-services", "synoptux/web/hub.py", "from synoptux.stats import report\n"),
    ("pure-domain", "synoptux/domain/rules.py", "import sqlalchemy\n"),
    (
        "acyclic",
        "synoptux/ui/style.py",
        "def _back():\n    from synoptux.ui.board import row_look\n",
    ),
    # ui's sub-packages are siblings too: the dialogs read the board's row texts, so the
    # board may not open a dialog.
    (
        "acyclic",
        "synoptux/ui/board/row_texts.py",
        "def _back():\n    from synoptux.ui.dialogs import patient_sheet\n",
    ),
    (
        "acyclic",
        "synoptux/services/errors.py",
        "def _back():\n    from synoptux.services import board\n",
    ),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A copy of the package and its pyproject.toml, to plant bad imports in."""
    base = tmp_path_factory.mktemp("pristine")
    shutil.copytree(
        ROOT / "synoptux", base / "synoptux", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(PYPROJECT, base / "pyproject.toml")
    return base


@pytest.mark.parametrize(("contract", "module", "added"), PLANTED, ids=lambda v: str(v)[:40])
def test_a_planted_import_breaks_its_contract(pristine, tmp_path, contract, module, added):
    copy = tmp_path / "copy"
    shutil.copytree(pristine, copy)
    target = copy / module
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(before + "\n" + added, encoding="utf-8")
    done = lint(copy, copy / "pyproject.toml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done.stdout)[contract] == "BROKEN", done.stdout
