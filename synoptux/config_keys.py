"""The declared synoptux.ini keys: each one once, typed, with its default and meaning.

`KEYS.X` is a `Key[T]` (config_types): `settings[KEYS.BLINK_PERIOD_S]` is an int,
`settings[KEYS.PRIVACY]` a bool, with no cast where they are read (a wrong stored value
reads as the default, a number out of range as its bound: see `Settings.__getitem__`).
Iterating `KEYS` gives every key in file order (the settings form, the docs, doctor).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from synoptux.config_types import (  # noqa: F401 - re-exported: the keys' API
    NO,
    YES,
    ChoiceKey,
    ColorKey,
    ConfigError,
    FlagKey,
    IntKey,
    Key,
    PathKey,
    ProgramsKey,
    SecretKey,
    TextKey,
    split_programs,
)
from synoptux.speech import QT_TRANSLATE_NOOP

CONN, MTX, LEGACY, IFACE, DISP, TIMER, POS = (
    "Connexion_SynopTux",
    "Connexion_MedinTux",
    "Connexion",
    "Interface",
    "Affichage",
    "Timer",
    "Positions_fenetres",
)
WEB, COPY = "Web", "Copie_Secours"
# The file's own section: 2.x (QSettings) ignores a section it does not know, and keeps it
# when it rewrites the file.
OWN = "Synoptux"


class Keys:
    """Every key, one attribute each (its Python name; the ini's is in the declaration)."""

    DB_URL = TextKey(
        CONN,
        "URL",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "SQLAlchemy URL of the board database (sqlite:///path or "
            "mysql+pymysql://user:pw@host:3306/base). Empty: the embedded SQLite file. "
            "Several servers (Galera cluster nodes): mysql+pymysql://user:pw@node1,node2,node3:3307/base "
            "(the last one that worked first, then in this order; docs/galera.md).",
        ),
        restart=True,
    )
    DB_PARAMS = TextKey(
        CONN,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "MedinTux form: driver , base , user , password , host , port (QMYSQL3 or QSQLITE); "
            "a password starting with '#' is 2.x's encoded form (decoded). Several servers: "
            "host1;host2;host3 in the host field.",
        ),
        restart=True,
    )
    TABLE_PREFIX = TextKey(
        CONN,
        "Prefixe_Tables",
        "",
        QT_TRANSLATE_NOOP("Settings", "Table prefix: empty, ST_ or synopt_."),
        restart=True,
    )
    MEDINTUX_URL = TextKey(
        MTX,
        "URL",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "URL of the MedinTux database (task notes, responsibles: its Personnes until they are "
            "imported). Optional; with a 2.x [Connexion] only, that same database.",
        ),
        restart=True,
    )
    MEDINTUX_PARAMS = TextKey(
        MTX,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP("Settings", "MedinTux form of the same connection."),
        restart=True,
    )
    LEGACY_PARAMS = TextKey(
        LEGACY,
        "Parametres",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Synoptux 2.x connection: QMYSQL3 , base , user , password , host , port; the password "
            "as 2.x left it ('#' + hex: encoded, decoded here) or in clear.",
        ),
        restart=True,
    )
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
    ENTRY_SCAN_S = IntKey(
        TIMER,
        "Periodicite_controle_des_entrees",
        10,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Seconds between two rescans of the entry folder (backs up the file watcher).",
        ),
        minimum=1,
        maximum=3600,
    )
    ENTRY_SETTLE_MS = IntKey(
        TIMER,
        "Delai_stabilite_des_entrees_en_ms",
        2000,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An entry file is taken once it has not changed for this long (and no program has it "
            "open, where the system says so). Writers that pause longer: write under another "
            "name, then rename (docs/live-feeds.md).",
        ),
        minimum=0,
        maximum=600000,
    )
    BLINK_PERIOD_S = IntKey(
        TIMER,
        "Periodicite_clignotement_en_secondes",
        1,
        QT_TRANSLATE_NOOP("Settings", "Blink period (s)."),
        minimum=1,
        maximum=60,
    )
    ALARM_CHECK_S = IntKey(
        TIMER,
        "Periodicite_controle_alarme_en_secondes",
        10,
        QT_TRANSLATE_NOOP("Settings", "Seconds between lateness checks."),
        minimum=1,
        maximum=3600,
    )
    EXIT_ARCHIVE_MIN = IntKey(
        TIMER,
        "Delai_avant_suppression_des_sorties_en_mn",
        1440,
        QT_TRANSLATE_NOOP(
            "Settings", "Minutes a patient stays in a Sortie box before automatic archiving."
        ),
        minimum=1,
        maximum=525600,
    )
    MAX_STAY_S = IntKey(
        TIMER,
        "Duree_vie_max_avant_sortie_forcee_en_secondes",
        0,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Stays older than this (any box) are closed and archived at start-up and daily; 0 = never.",
        ),
        minimum=0,
        maximum=31536000,
    )
    ALARM_ACK_MIN = IntKey(
        TIMER,
        "Duree_acquittement_alarme_en_mn",
        15,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An acknowledged alarm (late task or late triage) stops blinking for this many "
            "minutes; its steady late mark stays.",
        ),
        minimum=1,
        maximum=1440,
    )
    ALARM_ESCALATE_MIN = IntKey(
        TIMER,
        "Delai_escalade_alarme_en_mn",
        20,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An alarm left unacknowledged this many minutes (since it began, or since its "
            "last acknowledgement ran out) escalates: stronger colour, first in the late strip.",
        ),
        minimum=1,
        maximum=1440,
    )
    DB_POLL_MS = IntKey(
        TIMER,
        "Periodicite_controle_base_en_ms",
        150,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Milliseconds between two checks of the database revision (other screens, MedinTux).",
        ),
        minimum=20,
        maximum=60000,
    )
    ADMIN_LOCK_S = IntKey(
        TIMER,
        "Verrouillage_admin_en_secondes",
        120,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Administration locks again after this many seconds without a touch in its windows "
            "(it also locks when its last window closes or the board loses the focus).",
        ),
        minimum=10,
        maximum=86400,
    )
    WEB_ADDRESS = TextKey(
        WEB,
        "Adresse",
        "127.0.0.1",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Address `synoptux serve` listens on (127.0.0.1: this machine only, e.g. behind a "
            "reverse proxy; 0.0.0.0: every interface). `--host` overrides it.",
        ),
        restart=True,
    )
    WEB_PORT = IntKey(
        WEB,
        "Port",
        8470,
        QT_TRANSLATE_NOOP("Settings", "Port of `synoptux serve` (`--port` overrides it)."),
        minimum=1,
        maximum=65535,
        restart=True,
    )
    WEB_CERT = PathKey(
        WEB,
        "Certificat",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "PEM certificate (chain) for HTTPS; with `Cle_Certificat`, `synoptux serve` speaks "
            "HTTPS only. Empty: plain HTTP (on 127.0.0.1 or behind a reverse proxy, docs/web.md).",
        ),
        restart=True,
    )
    WEB_CERT_KEY = PathKey(
        WEB,
        "Cle_Certificat",
        "",
        QT_TRANSLATE_NOOP("Settings", "PEM private key of `Certificat`."),
        restart=True,
    )
    WEB_TRUSTED_PROXIES = TextKey(
        WEB,
        "Proxys_De_Confiance",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers "
            "are believed (comma-separated, e.g. 127.0.0.1). Empty: none.",
        ),
        restart=True,
    )
    WEB_SESSION_IDLE_MIN = IntKey(
        WEB,
        "Session_Inactivite_en_minutes",
        30,
        QT_TRANSLATE_NOOP(
            "Settings",
            "A login session of the web view ends after this long without a page or an update "
            "being read (an open page keeps it alive).",
        ),
        minimum=1,
        maximum=10080,
    )
    WEB_SESSION_MAX_H = IntKey(
        WEB,
        "Session_Max_en_heures",
        12,
        QT_TRANSLATE_NOOP(
            "Settings", "A login session ends this long after the login, whatever the activity."
        ),
        minimum=1,
        maximum=720,
    )
    WEB_SCREEN_TOKENS = SecretKey(
        WEB,
        "Jetons_Ecrans",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Screens that see full names without a login (a ward display): name:SHA-256 of its "
            "token, separated by ';'. Written by `synoptux web-account --screen-token NAME`, "
            "which shows the token once; only its hash is kept here.",
        ),
    )
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

    def __iter__(self) -> Iterator[Key[Any]]:
        return iter(_TABLE)

    def __len__(self) -> int:
        return len(_TABLE)


def _table() -> tuple[Key[Any], ...]:
    """The declared keys in declaration order; a key declared twice stops the import."""
    keys = tuple(v for v in vars(Keys).values() if isinstance(v, Key))
    seen: dict[tuple[str, str], Key[Any]] = {}
    for k in keys:
        ident = (k.section.lower(), k.name.lower())
        if ident in seen:
            raise ValueError(f"[{k.section}] {k.name} is declared twice")
        seen[ident] = k
    return keys


_TABLE = _table()
KEYS = Keys()
KEY_INDEX = {(k.section.lower(), k.name.lower()): k for k in KEYS}


# Not in KEYS (no field in the settings form): written by the upgrade (config_upgrade).
CONFIG_VERSION = IntKey(
    OWN,
    "Version_Config",
    1,
    "Layout version of this file, written when the settings are saved from the "
    "administration (and in a file the board creates); absent: 1, the layout of 2.x.",
    minimum=1,
    maximum=1_000_000,
)


def key(section: str, name: str) -> Key[Any]:
    """The key declared as [section] name (any case): for code that has only the names."""
    return KEY_INDEX[(section.lower(), name.lower())]
