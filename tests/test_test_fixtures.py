"""The tests' own house rules: every fixture is declared once, and nothing imports a conftest.

A fixture more than one folder uses lives in tests/support/fixtures.py; a folder's conftest.py
declares only fixtures of its own, never one that hides a shared fixture (the same name with
another meaning: `seeded` once meant five different things, and a folder re-exported another's
by importing its conftest); no module imports a conftest (fixtures re-exported that way ran with
whichever definition was imported)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED = [TESTS / "conftest.py", TESTS / "support" / "fixtures.py"]


def fixtures(path: Path) -> set[str]:
    """Names of the functions decorated with `pytest.fixture` (called or not) in `path`."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if ast.unparse(target) in ("pytest.fixture", "fixture"):
                    names.add(node.name)
    return names


def conftest_imports(path: Path, root: Path = TESTS) -> list[str]:
    """The imports of a conftest module in `path` (as `file:line what`, relative to `root`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and "conftest" in node.module:
            found.append(f"{path.relative_to(root)}:{node.lineno} from {node.module}")
        elif isinstance(node, ast.Import):
            found += [
                f"{path.relative_to(root)}:{node.lineno} import {a.name}"
                for a in node.names
                if "conftest" in a.name
            ]
    return found


def folder_conftests() -> list[Path]:
    return sorted(p for p in TESTS.rglob("conftest.py") if p.parent != TESTS)


def test_no_module_imports_a_conftest() -> None:
    found = [hit for path in sorted(TESTS.rglob("*.py")) for hit in conftest_imports(path)]
    assert found == []


def test_no_folder_conftest_hides_a_shared_fixture() -> None:
    shared = set().union(*(fixtures(p) for p in SHARED))
    assert {"seeded", "demo_db", "window", "ctx", "db"} <= shared  # the rule has teeth
    hidden = {
        str(p.relative_to(TESTS)): sorted(fixtures(p) & shared)
        for p in folder_conftests()
        if fixtures(p) & shared
    }
    assert hidden == {}


def test_the_checks_see_what_they_forbid(tmp_path: Path) -> None:
    """The AST reading finds a fixture (bare or called decorator) and a conftest import."""
    planted = tmp_path / "conftest.py"
    planted.write_text(
        "import pytest\nfrom tests.ui.conftest import window\nimport tests.feed.conftest\n"
        "@pytest.fixture\ndef seeded(db): ...\n@pytest.fixture(params=[1])\ndef b(request): ...\n",
        encoding="utf-8",
    )
    assert fixtures(planted) == {"seeded", "b"}
    assert len(conftest_imports(planted, tmp_path)) == 2
