"""The declared synoptux.ini keys: each one once, typed, with its default and meaning."""

from __future__ import annotations

from synoptux.config_types import (  # noqa: F401 - re-exported: the keys' API
    NO,
    YES,
    ConfigError,
    Key,
    split_programs,
)
from synoptux.speech import QT_TRANSLATE_NOOP


def _k(section: str, name: str, kind: str, default: object, doc: str, **kw: object) -> Key:
    return Key(section, name, kind, default, doc, **kw)  # type: ignore[arg-type]


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

KEYS: tuple[Key, ...] = (
    _k(
        CONN,
        "URL",
        "str",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "SQLAlchemy URL of the board database (sqlite:///path or "
            "mysql+pymysql://user:pw@host:3306/base). Empty: the embedded SQLite file. "
            "Several servers (Galera cluster nodes): mysql+pymysql://user:pw@node1,node2,node3:3307/base "
            "(the last one that worked first, then in this order; docs/galera.md).",
        ),
        restart=True,
    ),
    _k(
        CONN,
        "Parametres",
        "str",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "MedinTux form: driver , base , user , password , host , port (QMYSQL3 or QSQLITE); "
            "a password starting with '#' is 2.x's encoded form (decoded). Several servers: "
            "host1;host2;host3 in the host field.",
        ),
        restart=True,
    ),
    _k(
        CONN,
        "Prefixe_Tables",
        "str",
        "",
        QT_TRANSLATE_NOOP("Settings", "Table prefix: empty, ST_ or synopt_."),
        restart=True,
    ),
    _k(
        MTX,
        "URL",
        "str",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "URL of the MedinTux database (task notes, responsibles: its Personnes until they are "
            "imported). Optional; with a 2.x [Connexion] only, that same database.",
        ),
        restart=True,
    ),
    _k(
        MTX,
        "Parametres",
        "str",
        "",
        QT_TRANSLATE_NOOP("Settings", "MedinTux form of the same connection."),
        restart=True,
    ),
    _k(
        LEGACY,
        "Parametres",
        "str",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Synoptux 2.x connection: QMYSQL3 , base , user , password , host , port; the password "
            "as 2.x left it ('#' + hex: encoded, decoded here) or in clear.",
        ),
        restart=True,
    ),
    _k(
        IFACE,
        "Dossier_Entrees",
        "path",
        "var/entrees",
        QT_TRANSLATE_NOOP("Settings", "Folder where entry files (*.txt) are dropped."),
    ),
    _k(
        IFACE,
        "Dossier_Journal",
        "path",
        "var/log",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Folder of the log file synoptux.log: errors and warnings of every part (live feed, "
            "entry files, actions, administration), rotated at 1 MB, 5 old files kept; created "
            "readable by the board's user only. *Aide → Journal* shows its end.",
        ),
        restart=True,
    ),
    _k(
        IFACE,
        "Code_Box_Par_Defaut",
        "str",
        "A1",
        QT_TRANSLATE_NOOP("Settings", "Box of entries that name none (or an unknown one)."),
    ),
    _k(
        IFACE,
        "Bouton_Acces_DrTux",
        "bool",
        True,
        QT_TRANSLATE_NOOP("Settings", "Offer the annex program (DrTux) in the patient's sheet."),
    ),
    _k(
        IFACE,
        "Chemin_du_calendrier",
        "path",
        "",
        QT_TRANSLATE_NOOP(
            "Settings", "MedinTux calendar program (2.x); the board has its own time picker."
        ),
    ),
    _k(
        IFACE,
        "Confirmation_Sortie_Definitive",
        "bool",
        True,
        QT_TRANSLATE_NOOP("Settings", "Ask before a final exit."),
    ),
    _k(
        IFACE,
        "Programmes_Autorises",
        "programs",
        ("../../drtux/bin/",),
        QT_TRANSLATE_NOOP(
            "Settings",
            "The only programs the board starts when data names one (the DrTux button's "
            "Programme_Annexe / EC_ProgAnnexe, a task's Nom_Lecteur_Note / EN_NomProgNote): full "
            "paths, or folders ending with / whose programs are all allowed. Relative paths are "
            "taken from this file's folder; links and .. are resolved first. Absent (a 2.x "
            "site's ini): DrTux's folder beside Synoptux in a MedinTux install. Empty: none.",
        ),
    ),
    _k(
        IFACE,
        "Conserver_Entrees_Traitees_Jours",
        "int",
        30,
        QT_TRANSLATE_NOOP("Settings", "Days applied entry files stay in done/."),
        minimum=0,
        maximum=3650,
    ),
    _k(
        IFACE,
        "Supprimer_Entrees_Traitees",
        "bool",
        False,
        QT_TRANSLATE_NOOP(
            "Settings", "Delete applied entry files instead of keeping them in done/."
        ),
    ),
    _k(
        IFACE,
        "Surveillance_Par_Scrutation",
        "bool",
        False,
        QT_TRANSLATE_NOOP(
            "Settings", "Watch the entry folder by polling (network shares that send no events)."
        ),
    ),
    _k(
        IFACE,
        "Poste",
        "str",
        "",
        QT_TRANSLATE_NOOP("Settings", "Name of this screen in the history (default: host name)."),
    ),
    _k(
        IFACE,
        "Cle_Secours_Admin",
        "secret",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Hash of the site's admin recovery key (never the key), written by `synoptux admin-pin "
            "--recovery-key`: typed on a screen, the key sets a new admin PIN when it was lost or "
            "forgotten. Not shown in the settings form.",
        ),
    ),
    _k(
        IFACE,
        "Langue",
        "choice",
        "fr",
        QT_TRANSLATE_NOOP("Settings", "Interface language."),
        choices=("fr", "en"),
    ),
    _k(
        IFACE,
        "Seuil_Stress_Patients",
        "int",
        15,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Patients present from which an hour counts as a period of stress (statistics).",
        ),
        minimum=1,
        maximum=1000,
    ),
    _k(
        DISP, "Titre_Application", "str", "Synoptux", QT_TRANSLATE_NOOP("Settings", "Window title.")
    ),
    _k(
        DISP,
        "Mode_Affichage",
        "choice",
        "Cadre",
        QT_TRANSLATE_NOOP("Settings", "Cadre (frameless, fixed) or Fenetre (boxes as windows)."),
        choices=("Cadre", "Fenetre"),
    ),
    _k(
        DISP,
        "Couleur_Patients",
        "color",
        "#1f2a37",
        QT_TRANSLATE_NOOP("Settings", "Patient name colour."),
    ),
    _k(
        DISP,
        "Couleur_Patients_Clignote",
        "color",
        "#d7263d",
        QT_TRANSLATE_NOOP(
            "Settings", "Patient name colour when it blinks (a folded patient with a late task)."
        ),
    ),
    _k(
        DISP,
        "Couleur_Commentaire_Patients",
        "color",
        "#4b5563",
        QT_TRANSLATE_NOOP("Settings", "Patient comment colour."),
    ),
    _k(
        DISP,
        "Couleur_BougerPatients",
        "color",
        "#f59e0b",
        QT_TRANSLATE_NOOP("Settings", "Move button colour."),
    ),
    _k(
        DISP,
        "Couleur_Medecins",
        "color",
        "#374151",
        QT_TRANSLATE_NOOP("Settings", "Responsible colour when he has none."),
    ),
    _k(
        DISP,
        "Couleur_HeuresEntree",
        "color",
        "#2563eb",
        QT_TRANSLATE_NOOP("Settings", "Entry time colour."),
    ),
    _k(
        DISP,
        "Couleur_HeuresSortie",
        "color",
        "#7c3aed",
        QT_TRANSLATE_NOOP("Settings", "Last move / exit time colour."),
    ),
    _k(
        DISP,
        "Couleur_ChoixDestination",
        "color",
        "#0f766e",
        QT_TRANSLATE_NOOP("Settings", "Destination colour."),
    ),
    _k(
        DISP,
        "Largeur_Box",
        "int",
        460,
        QT_TRANSLATE_NOOP("Settings", "Default box width (px)."),
        minimum=120,
        maximum=4000,
    ),
    _k(
        DISP,
        "Hauteur_Box",
        "int",
        320,
        QT_TRANSLATE_NOOP("Settings", "Default box height (px)."),
        minimum=80,
        maximum=4000,
    ),
    _k(
        DISP,
        "Largeur_Tache",
        "int",
        170,
        QT_TRANSLATE_NOOP("Settings", "Task button width (px)."),
        minimum=48,
        maximum=1000,
    ),
    _k(
        DISP,
        "Hauteur_Taches",
        "int",
        40,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the pitch of the task chip lines in the full tier. The board never "
            "goes below a 40 px touch target, and a lower tier takes over when a box is short.",
        ),
        minimum=1,
        maximum=400,
    ),
    _k(
        DISP,
        "Hauteur_NomBox",
        "int",
        40,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the height of a box's title bar (the move target), 40 at least.",
        ),
        minimum=1,
        maximum=400,
    ),
    _k(
        DISP,
        "Hauteur_Patients",
        "int",
        36,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Size hint (px): the height of a patient's name line in the full tier; the name is "
            "drawn at 60 % of it, 24 px at least (the line grows to hold it).",
        ),
        minimum=1,
        maximum=400,
    ),
    _k(
        DISP,
        "Plein_Ecran",
        "bool",
        False,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Open the board full screen (OUI) instead of maximised (NON), whatever the window manager.",
        ),
        restart=True,
    ),
    _k(
        DISP,
        "Taille_Police",
        "int",
        15,
        QT_TRANSLATE_NOOP("Settings", "Base font size (pt)."),
        minimum=8,
        maximum=72,
    ),
    _k(
        DISP,
        "Clignotement",
        "bool",
        True,
        QT_TRANSLATE_NOOP("Settings", "Blink late items (NON: steady alarm colour)."),
    ),
    _k(
        DISP,
        "Mode_Confidentiel",
        "bool",
        False,
        QT_TRANSLATE_NOOP("Settings", "Privacy mode: initials only, no comments."),
    ),
    _k(
        TIMER,
        "Periodicite_controle_des_entrees",
        "int",
        10,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Seconds between two rescans of the entry folder (backs up the file watcher).",
        ),
        minimum=1,
        maximum=3600,
    ),
    _k(
        TIMER,
        "Delai_stabilite_des_entrees_en_ms",
        "int",
        2000,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An entry file is taken once it has not changed for this long (and no program has it "
            "open, where the system says so). Writers that pause longer: write under another "
            "name, then rename (docs/live-feeds.md).",
        ),
        minimum=0,
        maximum=600000,
    ),
    _k(
        TIMER,
        "Periodicite_clignotement_en_secondes",
        "int",
        1,
        QT_TRANSLATE_NOOP("Settings", "Blink period (s)."),
        minimum=1,
        maximum=60,
    ),
    _k(
        TIMER,
        "Periodicite_controle_alarme_en_secondes",
        "int",
        10,
        QT_TRANSLATE_NOOP("Settings", "Seconds between lateness checks."),
        minimum=1,
        maximum=3600,
    ),
    _k(
        TIMER,
        "Delai_avant_suppression_des_sorties_en_mn",
        "int",
        1440,
        QT_TRANSLATE_NOOP(
            "Settings", "Minutes a patient stays in a Sortie box before automatic archiving."
        ),
        minimum=1,
        maximum=525600,
    ),
    _k(
        TIMER,
        "Duree_vie_max_avant_sortie_forcee_en_secondes",
        "int",
        0,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Stays older than this (any box) are closed and archived at start-up and daily; 0 = never.",
        ),
        minimum=0,
        maximum=31536000,
    ),
    _k(
        TIMER,
        "Duree_acquittement_alarme_en_mn",
        "int",
        15,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An acknowledged alarm (late task or late triage) stops blinking for this many "
            "minutes; its steady late mark stays.",
        ),
        minimum=1,
        maximum=1440,
    ),
    _k(
        TIMER,
        "Delai_escalade_alarme_en_mn",
        "int",
        20,
        QT_TRANSLATE_NOOP(
            "Settings",
            "An alarm left unacknowledged this many minutes (since it began, or since its "
            "last acknowledgement ran out) escalates: stronger colour, first in the late strip.",
        ),
        minimum=1,
        maximum=1440,
    ),
    _k(
        TIMER,
        "Periodicite_controle_base_en_ms",
        "int",
        150,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Milliseconds between two checks of the database revision (other screens, MedinTux).",
        ),
        minimum=20,
        maximum=60000,
    ),
    _k(
        TIMER,
        "Verrouillage_admin_en_secondes",
        "int",
        120,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Administration locks again after this many seconds without a touch in its windows "
            "(it also locks when its last window closes or the board loses the focus).",
        ),
        minimum=10,
        maximum=86400,
    ),
)
WEB_KEYS: tuple[Key, ...] = (
    _k(
        WEB,
        "Adresse",
        "str",
        "127.0.0.1",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Address `synoptux serve` listens on (127.0.0.1: this machine only, e.g. behind a "
            "reverse proxy; 0.0.0.0: every interface). `--host` overrides it.",
        ),
        restart=True,
    ),
    _k(
        WEB,
        "Port",
        "int",
        8470,
        QT_TRANSLATE_NOOP("Settings", "Port of `synoptux serve` (`--port` overrides it)."),
        minimum=1,
        maximum=65535,
        restart=True,
    ),
    _k(
        WEB,
        "Certificat",
        "path",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "PEM certificate (chain) for HTTPS; with `Cle_Certificat`, `synoptux serve` speaks "
            "HTTPS only. Empty: plain HTTP (on 127.0.0.1 or behind a reverse proxy, docs/web.md).",
        ),
        restart=True,
    ),
    _k(
        WEB,
        "Cle_Certificat",
        "path",
        "",
        QT_TRANSLATE_NOOP("Settings", "PEM private key of `Certificat`."),
        restart=True,
    ),
    _k(
        WEB,
        "Proxys_De_Confiance",
        "str",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers "
            "are believed (comma-separated, e.g. 127.0.0.1). Empty: none.",
        ),
        restart=True,
    ),
    _k(
        WEB,
        "Session_Inactivite_en_minutes",
        "int",
        30,
        QT_TRANSLATE_NOOP(
            "Settings",
            "A login session of the web view ends after this long without a page or an update "
            "being read (an open page keeps it alive).",
        ),
        minimum=1,
        maximum=10080,
    ),
    _k(
        WEB,
        "Session_Max_en_heures",
        "int",
        12,
        QT_TRANSLATE_NOOP(
            "Settings", "A login session ends this long after the login, whatever the activity."
        ),
        minimum=1,
        maximum=720,
    ),
    _k(
        WEB,
        "Jetons_Ecrans",
        "secret",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Screens that see full names without a login (a ward display): name:SHA-256 of its "
            "token, separated by ';'. Written by `synoptux web-account --screen-token NAME`, "
            "which shows the token once; only its hash is kept here.",
        ),
    ),
)
COPY_KEYS: tuple[Key, ...] = (
    _k(
        COPY,
        "Dossier",
        "path",
        "var/secours",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Folder of the downtime copy (the board as PDF and self-contained HTML, for when the "
            "database is down): created readable by the board's user only; the files hold names.",
        ),
    ),
    _k(
        COPY,
        "Dossier_Partage",
        "path",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "A second folder for the same copy (a share); empty: none. A setgid folder gives the "
            "files to its group (fileperm rules).",
        ),
    ),
    _k(
        COPY,
        "Periodicite_en_minutes",
        "int",
        5,
        QT_TRANSLATE_NOOP(
            "Settings",
            "Minutes between two copies written by the board and by `synoptux serve`; 0: only on "
            "demand (*Fichiers → Imprimer le tableau*, `synoptux export-board`).",
        ),
        minimum=0,
        maximum=1440,
    ),
    _k(
        COPY,
        "Nombre_Conserve",
        "int",
        12,
        QT_TRANSLATE_NOOP("Settings", "Dated copies kept in each folder besides the latest one."),
        minimum=1,
        maximum=1000,
    ),
)
KEYS = KEYS + WEB_KEYS + COPY_KEYS
KEY_INDEX = {(k.section.lower(), k.name.lower()): k for k in KEYS}


def key(section: str, name: str) -> Key:
    return KEY_INDEX[(section.lower(), name.lower())]


def keys_markdown() -> str:
    """docs/configuration.md, generated from KEYS (a test keeps the file in step)."""
    lines = [
        "# synoptux.ini reference",
        "",
        "Generated from `synoptux/config.py` (`python -m synoptux.config > docs/configuration.md`).",
        "Values are read in UTF-8 or ISO-8859-1; booleans are `OUI`/`NON`. Keys marked "
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
    ]
    return "\n".join(lines)
