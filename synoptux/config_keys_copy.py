"""synoptux.ini keys of `[Copie_Secours]`: the downtime copy (the board as PDF and HTML for
when the database is down), its folders, period and how many are kept.

One group of `KEYS` (config_keys assembles them, in file order).
"""

from __future__ import annotations

from synoptux.config_types import IntKey, PathKey
from synoptux.speech import QT_TRANSLATE_NOOP

COPY = "Copie_Secours"


class CopyKeys:
    """[Copie_Secours]."""

    COPY_FOLDER = PathKey(
        COPY,
        "Dossier",
        "var/secours",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Folder of the downtime copy (the board as PDF and self-contained HTML, for when the "
            "database is down): created readable by the board's user only; the files hold names.",
        ),
    )
    COPY_SHARE = PathKey(
        COPY,
        "Dossier_Partage",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "A second folder for the same copy (a share); empty: none. A setgid folder gives the "
            "files to its group (fileperm rules).",
        ),
    )
    COPY_PERIOD_MIN = IntKey(
        COPY,
        "Periodicite_en_minutes",
        5,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Minutes between two copies written by the board and by `synoptux serve`; 0: only on "
            "demand (*Fichiers → Imprimer le tableau*, `synoptux export-board`).",
        ),
        minimum=0,
        maximum=1440,
    )
    COPY_KEEP = IntKey(
        COPY,
        "Nombre_Conserve",
        12,
        QT_TRANSLATE_NOOP("Settings", "Dated copies kept in each folder besides the latest one."),
        minimum=1,
        maximum=1000,
    )
