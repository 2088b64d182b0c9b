"""Acknowledged alarms: snooze, escalation, and which acknowledgement counts.

An *alarm* is one lateness episode: a task late to start, a task late to finish, or a
patient late for his first medical contact (triage), each identified by its kind and the
moment it became late (`since`). A deadline that moves starts a new episode.

- **Acknowledged** (`SNOOZED`): someone acknowledged this very episode less than
  `snooze_minutes` ago (`[Timer] Duree_acquittement_alarme_en_mn`, default 15). It no
  longer blinks; its steady late mark stays. Once the snooze is over it blinks again, and
  may be acknowledged again.
- **Escalated** (`ESCALATED`): it has blinked unacknowledged for `escalate_minutes`
  (`[Timer] Delai_escalade_alarme_en_mn`, default 20): since it became late, or since the
  end of its last snooze. The strip puts it first and both strip and row show it in a
  stronger colour.
- Otherwise `ACTIVE` (blinking). Not late: `NONE`.

Acknowledgements are stored in the database (`synoptux_acquittements`), so every screen
shows the same; the latest one of the episode counts.

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from synoptux.domain.model import Ack, AlarmPolicy

NONE = ""
ACTIVE = "active"
SNOOZED = "snoozed"
ESCALATED = "escalated"
TRIAGE = "triage"  # the kind of a triage alarm (tasks: Overdue.START / Overdue.END)


DEFAULT_POLICY = AlarmPolicy()


def current_ack(acks: Iterable[Ack], kind: str | None, since: datetime | None) -> Ack | None:
    """The latest acknowledgement of the episode (kind, since), or None."""
    if kind is None or since is None:
        return None
    found = None
    for ack in acks:
        if ack.kind == kind and ack.since == since and (found is None or ack.at >= found.at):
            found = ack
    return found


def alarm_state(
    since: datetime | None, ack: Ack | None, now: datetime, policy: AlarmPolicy = DEFAULT_POLICY
) -> str:
    """NONE, ACTIVE, SNOOZED or ESCALATED (see the module docstring)."""
    if since is None:
        return NONE
    active_from = since
    if ack is not None:
        until = ack.at + timedelta(minutes=max(0, policy.snooze_minutes))
        if now < until:
            return SNOOZED
        active_from = max(since, until)
    if now - active_from >= timedelta(minutes=max(0, policy.escalate_minutes)):
        return ESCALATED
    return ACTIVE


def blinks(state: str) -> bool:
    """Whether an alarm in `state` blinks (snoozed ones keep their steady mark only)."""
    return state in (ACTIVE, ESCALATED)
