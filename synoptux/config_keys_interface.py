"""synoptux.ini keys of `[Interface]`: entry files, the log, programs the board may start,
this screen's name, language, administration recovery.

One group of `KEYS` (config_keys assembles them, in file order).
"""

from __future__ import annotations

from synoptux.config_types import (
    ChoiceKey,
    FlagKey,
    IntKey,
    PathKey,
    ProgramsKey,
    SecretKey,
    TextKey,
)
from synoptux.speech import QT_TRANSLATE_NOOP

IFACE = "Interface"


class InterfaceKeys:
    """[Interface]."""

    ENTRY_FOLDER = PathKey(
        IFACE,
        "Dossier_Entrees",
        "var/entrees",
        QT_TRANSLATE_NOOP("Settings", "Folder where entry files (*.txt) are dropped."),
    )
    LOG_FOLDER = PathKey(
        IFACE,
        "Dossier_Journal",
        "var/log",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Folder of the log file synoptux.log: errors and warnings of every part (live feed, "
            "entry files, actions, administration), rotated at 1 MB, 5 old files kept; created "
            "readable by the board's user only. *Aide → Journal* shows its end.",
        ),
        restart=True,
    )
    DEFAULT_BOX = TextKey(
        IFACE,
        "Code_Box_Par_Defaut",
        "A1",
        QT_TRANSLATE_NOOP("Settings", "Box of entries that name none (or an unknown one)."),
    )
    DRTUX_BUTTON = FlagKey(
        IFACE,
        "Bouton_Acces_DrTux",
        True,
        QT_TRANSLATE_NOOP("Settings", "Offer the annex program (DrTux) in the patient's sheet."),
    )
    CALENDAR_PROGRAM = PathKey(
        IFACE,
        "Chemin_du_calendrier",
        "",
        QT_TRANSLATE_NOOP(
            "Settings", "MedinTux calendar program (2.x); the board has its own time picker."
        ),
    )
    CONFIRM_FINAL_EXIT = FlagKey(
        IFACE,
        "Confirmation_Sortie_Definitive",
        True,
        QT_TRANSLATE_NOOP("Settings", "Ask before a final exit."),
    )
    ALLOWED_PROGRAMS = ProgramsKey(
        IFACE,
        "Programmes_Autorises",
        ("../../drtux/bin/",),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The only programs the board starts when data names one (the DrTux button's "
            "Programme_Annexe / EC_ProgAnnexe, a task's Nom_Lecteur_Note / EN_NomProgNote): full "
            "paths, or folders ending with / whose programs are all allowed. Relative paths are "
            "taken from this file's folder; links and .. are resolved first. Absent (a 2.x "
            "site's ini): DrTux's folder beside Synoptux in a MedinTux install. Empty: none.",
        ),
    )
    KEEP_DONE_ENTRIES_DAYS = IntKey(
        IFACE,
        "Conserver_Entrees_Traitees_Jours",
        30,
        QT_TRANSLATE_NOOP("Settings", "Days applied entry files stay in done/."),
        minimum=0,
        maximum=3650,
    )
    DELETE_DONE_ENTRIES = FlagKey(
        IFACE,
        "Supprimer_Entrees_Traitees",
        False,
        QT_TRANSLATE_NOOP(
            "Settings", "Delete applied entry files instead of keeping them in done/."
        ),
    )
    POLL_ENTRY_FOLDER = FlagKey(
        IFACE,
        "Surveillance_Par_Scrutation",
        False,
        QT_TRANSLATE_NOOP(
            "Settings", "Watch the entry folder by polling (network shares that send no events)."
        ),
    )
    STATION = TextKey(
        IFACE,
        "Poste",
        "",
        QT_TRANSLATE_NOOP("Settings", "Name of this screen in the history (default: host name)."),
    )
    ADMIN_RECOVERY_HASH = SecretKey(
        IFACE,
        "Cle_Secours_Admin",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Hash of the site's admin recovery key (never the key), written by `synoptux admin-pin "
            "--recovery-key`: typed on a screen, the key sets a new admin PIN when it was lost or "
            "forgotten. Not shown in the settings form.",
        ),
    )
    LANGUAGE = ChoiceKey(
        IFACE,
        "Langue",
        "fr",
        QT_TRANSLATE_NOOP("Settings", "Interface language."),
        choices=("fr", "en"),
    )
    STRESS_THRESHOLD = IntKey(
        IFACE,
        "Seuil_Stress_Patients",
        15,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Patients present from which an hour counts as a period of stress (statistics).",
        ),
        minimum=1,
        maximum=1000,
    )
