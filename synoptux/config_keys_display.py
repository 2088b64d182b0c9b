"""synoptux.ini keys of `[Affichage]`: the board's title, mode, colours, sizes and font.

One group of `KEYS` (config_keys assembles them, in file order).
"""

from __future__ import annotations

from synoptux.config_types import ChoiceKey, ColorKey, FlagKey, IntKey, TextKey
from synoptux.speech import QT_TRANSLATE_NOOP

DISP = "Affichage"


class DisplayKeys:
    """[Affichage]."""

    TITLE = TextKey(
        DISP, "Titre_Application", "Synoptux", QT_TRANSLATE_NOOP("Settings", "Window title.")
    )
    DISPLAY_MODE = ChoiceKey(
        DISP,
        "Mode_Affichage",
        "Cadre",
        QT_TRANSLATE_NOOP("Settings", "Cadre (frameless, fixed) or Fenetre (boxes as windows)."),
        choices=("Cadre", "Fenetre"),
    )
    COLOR_PATIENT = ColorKey(
        DISP, "Couleur_Patients", "#1f2a37", QT_TRANSLATE_NOOP("Settings", "Patient name colour.")
    )
    COLOR_PATIENT_BLINK = ColorKey(
        DISP,
        "Couleur_Patients_Clignote",
        "#d7263d",
        QT_TRANSLATE_NOOP(
            "Settings", "Patient name colour when it blinks (a folded patient with a late task)."
        ),
    )
    COLOR_COMMENT = ColorKey(
        DISP,
        "Couleur_Commentaire_Patients",
        "#4b5563",
        QT_TRANSLATE_NOOP("Settings", "Patient comment colour."),
    )
    COLOR_MOVE = ColorKey(
        DISP,
        "Couleur_BougerPatients",
        "#f59e0b",
        QT_TRANSLATE_NOOP("Settings", "Move button colour."),
    )
    COLOR_RESPONSIBLE = ColorKey(
        DISP,
        "Couleur_Medecins",
        "#374151",
        QT_TRANSLATE_NOOP("Settings", "Responsible colour when he has none."),
    )
    COLOR_ENTRY_TIME = ColorKey(
        DISP, "Couleur_HeuresEntree", "#2563eb", QT_TRANSLATE_NOOP("Settings", "Entry time colour.")
    )
    COLOR_EXIT_TIME = ColorKey(
        DISP,
        "Couleur_HeuresSortie",
        "#7c3aed",
        QT_TRANSLATE_NOOP("Settings", "Last move / exit time colour."),
    )
    COLOR_DESTINATION = ColorKey(
        DISP,
        "Couleur_ChoixDestination",
        "#0f766e",
        QT_TRANSLATE_NOOP("Settings", "Destination colour."),
    )
    BOX_WIDTH = IntKey(
        DISP,
        "Largeur_Box",
        460,
        QT_TRANSLATE_NOOP("Settings", "Default box width (px)."),
        minimum=120,
        maximum=4000,
    )
    BOX_HEIGHT = IntKey(
        DISP,
        "Hauteur_Box",
        320,
        QT_TRANSLATE_NOOP("Settings", "Default box height (px)."),
        minimum=80,
        maximum=4000,
    )
    TASK_WIDTH = IntKey(
        DISP,
        "Largeur_Tache",
        170,
        QT_TRANSLATE_NOOP("Settings", "Task button width (px)."),
        minimum=48,
        maximum=1000,
    )
    TASK_HEIGHT = IntKey(
        DISP,
        "Hauteur_Taches",
        40,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the pitch of the task chip lines in the full tier. The board never "
            "goes below a 40 px touch target, and a lower tier takes over when a box is short.",
        ),
        minimum=1,
        maximum=400,
    )
    BOX_TITLE_HEIGHT = IntKey(
        DISP,
        "Hauteur_NomBox",
        40,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the height of a box's title bar (the move target), 40 at least.",
        ),
        minimum=1,
        maximum=400,
    )
    PATIENT_HEIGHT = IntKey(
        DISP,
        "Hauteur_Patients",
        36,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the height of a patient's name line in the full tier; the name is "
            "drawn at 60 % of it, 24 px at least (the line grows to hold it).",
        ),
        minimum=1,
        maximum=400,
    )
    FULL_SCREEN = FlagKey(
        DISP,
        "Plein_Ecran",
        False,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Open the board full screen (OUI) instead of maximised (NON), whatever the window manager.",
        ),
        restart=True,
    )
    FONT_SIZE = IntKey(
        DISP,
        "Taille_Police",
        15,
        QT_TRANSLATE_NOOP("Settings", "Base font size (pt)."),
        minimum=8,
        maximum=72,
    )
    BLINK = FlagKey(
        DISP,
        "Clignotement",
        True,
        QT_TRANSLATE_NOOP("Settings", "Blink late items (NON: steady alarm colour)."),
    )
    PRIVACY = FlagKey(
        DISP,
        "Mode_Confidentiel",
        False,
        QT_TRANSLATE_NOOP("Settings", "Privacy mode: initials only, no comments."),
    )
