"""`synoptux doctor`'s verdicts: a named check, OK or FAIL, and the exit status it gives.

The checks themselves: services/doctor.py (configuration, databases) and
services/doctor_environment.py (install, files and folders, Qt).
"""

from __future__ import annotations

from dataclasses import dataclass

from synoptux.speech import translate


def tr_settings(text: str) -> str:
    """A settings message template (config.Msg, context "Settings") in the interface language."""
    return translate("Settings", text)


def status_word(ok: bool) -> str:
    """OK or FAIL, padded so that the names line up (4 columns in English)."""
    words = (translate("Doctor", "OK"), translate("Doctor", "FAIL"))
    return (words[0] if ok else words[1]).ljust(max(len(w) for w in words))


# The exit status of a failing check (README, Command line: exit status): any check 1, the
# database connection 3 (the same as every other command), no Synoptux tables 4.
PARTLY, CONNECTION, NO_SCHEMA = 1, 3, 4


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    status: int = PARTLY  # doctor's exit status when this check fails

    def line(self) -> str:
        return translate("Doctor", "{status} {name}: {detail}").format(
            status=status_word(self.ok), name=self.name, detail=self.detail
        )
