"""docs/configuration.md, generated from the key table (`python -m synoptux.config`)."""

from __future__ import annotations

from synoptux.config_keys import CONFIG_VERSION, KEYS, OWN, POS


def keys_markdown() -> str:
    """docs/configuration.md, generated from KEYS (a test keeps the file in step)."""
    lines = [
        "# synoptux.ini reference",
        "",
        "Generated from `synoptux/config.py` (`python -m synoptux.config > docs/configuration.md`).",
        "Values are read in UTF-8 or ISO-8859-1; booleans are `OUI`/`NON` (an empty value is "
        "`NON`; yes/no and whole numbers, 0 for `NON`, are read too). Keys marked "
        "*restart* apply after a restart only.",
        "",
    ]
    section = None
    for k in KEYS:
        if k.section != section:
            section = k.section
            lines += [
                "",
                f"## [{section}]",
                "",
                "| key | type | default | meaning |",
                "|---|---|---|---|",
            ]
        default = k.format(k.default) if k.default not in ("", None, ()) else "(empty)"
        kind = k.expected() + (" — *restart*" if k.restart else "")
        lines.append(f"| `{k.name}` | {kind} | `{default}` | {k.doc} |")
    lines += [
        "",
        f"## [{POS}]",
        "",
        "`Pos_<BO_Code>=@Point(x y)`, `Size_<BO_Code>=@Size(w h)` for each box, and "
        "`Pos_Window`/`Size_Window`: written by *Fenêtres → Enregistrer les positions*. "
        "The section name is matched case-insensitively (2.x wrote `[Positions_fenetres]` "
        "and read `[Positions_Fenetres]`).",
        "",
        f"## [{OWN}]",
        "",
        f"`{CONFIG_VERSION.name}`: {CONFIG_VERSION.doc} A file of an older layout is read "
        "as upgraded (`synoptux/config_upgrade.py`, one step per version) and written so "
        "when the administration saves the settings; a newer one is read as it is, with a "
        "warning in the log. 2.x ignores this section and keeps it.",
        "",
    ]
    return "\n".join(lines)
