"""The site's own style sheet: `synoptux.css` beside synoptux.ini, saved by the css editor.

Apart from `style.py` so that the style module needs nothing of `ui/admin/` (whose css
editor imports `style`): no import cycle between `style` and `admin` (the `acyclic`
contract in pyproject.toml)."""

from __future__ import annotations

import logging

from synoptux.config import Settings
from synoptux.ui.admin.css_check import parses
from synoptux.ui.admin.css_editor import site_css_path
from synoptux.ui.style import display_tokens, fill_tokens

log = logging.getLogger(__name__)


def site_css_text(settings: Settings | None) -> str | None:
    """The site's own style sheet (`synoptux.css` beside synoptux.ini, saved by the css
    editor), or None when there is none or it cannot be read (the shipped one is used)."""
    if settings is None:
        return None
    path = site_css_path(settings)
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning(
            "the site style sheet %s cannot be read (%s): the shipped one is used", path, exc
        )
        return None
    if not parses(fill_tokens(text, display_tokens(settings))):  # Qt would drop every colour
        log.warning("the site style sheet %s cannot be parsed by Qt: the shipped one is used", path)
        return None
    return text
