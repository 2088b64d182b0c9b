"""The site's alarm policy, read from synoptux.ini: snooze and escalation."""

from __future__ import annotations

from synoptux.config import KEYS, Settings
from synoptux.domain.model import AlarmPolicy


def alarm_policy(settings: Settings) -> AlarmPolicy:
    """`[Timer] Duree_acquittement_alarme_en_mn` and `Delai_escalade_alarme_en_mn`."""
    return AlarmPolicy(settings[KEYS.ALARM_ACK_MIN], settings[KEYS.ALARM_ESCALATE_MIN])
