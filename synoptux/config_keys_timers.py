"""synoptux.ini keys of `[Timer]`: scan, blink, alarm, archiving, polling and locking periods.

One group of `KEYS` (config_keys assembles them, in file order).
"""

from __future__ import annotations

from synoptux.config_types import IntKey
from synoptux.speech import QT_TRANSLATE_NOOP

TIMER = "Timer"


class TimerKeys:
    """[Timer]."""

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
