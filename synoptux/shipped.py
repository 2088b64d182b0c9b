"""Files shipped inside the package (`synoptux/resources/`), read with `importlib.resources`.

Nothing here is looked up beside the source tree: an installed wheel, an editable
install and a checkout find the same files. `pyproject.toml` lists them as
package data; `synoptux doctor` reports any that is missing.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

log = logging.getLogger(__name__)

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


def translation_source(lang: str) -> Traversable:
    """The Qt translation source (`.ts`) of `lang`: the same catalogue as the `.qm`, read
    without Qt by the layers that say several languages at once (the web view)."""
    return resource(TRANSLATIONS, f"synoptux_{lang}.ts")


@cache
def catalogue(lang: str) -> dict[tuple[str, str], str]:
    """(context, English source) -> finished translation, read once from `lang`'s `.ts`
    (update_ts.py keeps it equal to the `.qm`). Unfinished entries and plural forms are
    left out: their English is said. Empty when the file is missing (logged)."""
    node = translation_source(lang)
    if not node.is_file():
        log.warning("no translation catalogue for %r: its texts stay in English", lang)
        return {}
    found: dict[tuple[str, str], str] = {}
    for context in ET.fromstring(node.read_bytes()).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source, target = message.findtext("source"), message.find("translation")
            if source is None or target is None or target.get("type") is not None:
                continue  # unfinished, obsolete or vanished: not a translation yet
            if target.text:
                found[(name, source)] = target.text
    return found


def said(lang: str, context: str, source: Mapping[str, str]) -> dict[str, str]:
    """key -> text of `source` (English, each marked `QT_TRANSLATE_NOOP(context, ...)`) in
    `lang`: English as it is, another language from its catalogue (French when `lang` has
    none); a text without a translation stays English. For the texts of the layers that say
    a language per call, not the process's (the web view, the downtime copy)."""
    if lang == "en":
        return dict(source)
    found = catalogue(lang if lang in LANGUAGES else "fr")
    return {key: found.get((context, text), text) for key, text in source.items()}


def missing_files() -> list[str]:
    """Shipped files the program reads at run time that this installation lacks."""
    wanted = [
        style_sheet(),
        *(translation(lang) for lang in LANGUAGES),
        *(translation_source(lang) for lang in LANGUAGES),
    ]
    return [str(node) for node in wanted if not node.is_file()]
