"""Files shipped inside the package (`synoptux/resources/`), read with `importlib.resources`.

Nothing here is looked up beside the source tree: an installed wheel, an editable
install and a checkout find the same files. `pyproject.toml` lists them as
package data; `synoptux doctor` reports any that is missing.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

STYLE_SHEET = "synoptux.css"
TRANSLATIONS = "translations"
LANGUAGES = ("fr",)  # English is the source language: it needs no file


def resource(*parts: str) -> Traversable:
    """`synoptux/resources/<parts>` of the installed package."""
    node = files("synoptux").joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def style_sheet() -> Traversable:
    return resource(STYLE_SHEET)


def translation(lang: str) -> Traversable:
    """The compiled Qt translation (`.qm`) of `lang`."""
    return resource(TRANSLATIONS, f"synoptux_{lang}.qm")


def missing_files() -> list[str]:
    """Shipped files the program reads at run time that this installation lacks."""
    wanted = [style_sheet(), *(translation(lang) for lang in LANGUAGES)]
    return [str(node) for node in wanted if not node.is_file()]
