"""Translated texts for refusals and failures (service codes -> nurse-readable words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from synoptux.services.errors import ActionRefused, DatabaseBusy, OutcomeUnknown


def refusal_text(exc: ActionRefused) -> str:
    p = exc.params
    if exc.code == "box_full":
        return QCoreApplication.translate(
            "Messages", "This box is full ({present}/{capacity}). Nothing was changed."
        ).format(present=p.get("present", "?"), capacity=p.get("capacity", "?"))
    known = {
        "patient_gone": QCoreApplication.translate(
            "Messages",
            "This patient is no longer on the board (another screen may have "
            "moved him out). The board has been refreshed.",
        ),
        "task_gone": QCoreApplication.translate(
            "Messages", "This task no longer exists. The board has been refreshed."
        ),
        "box_unknown": QCoreApplication.translate(
            "Messages", "This box no longer exists. The board has been refreshed."
        ),
        "same_box": QCoreApplication.translate("Messages", "The patient is already in this box."),
        "state_unknown": QCoreApplication.translate(
            "Messages", "This state no longer exists. The board has been refreshed."
        ),
        "state_not_allowed": QCoreApplication.translate(
            "Messages", "This state is not allowed for this task."
        ),
        "responsible_unknown": QCoreApplication.translate(
            "Messages", "This responsible no longer exists. The board has been refreshed."
        ),
        "read_only": QCoreApplication.translate(
            "Messages", "2.x database — read only, run synoptux upgrade"
        ),
        "not_late": QCoreApplication.translate(
            "Messages",
            "This alarm has ended meanwhile: nothing to acknowledge. The board has been refreshed.",
        ),
        "triage_unknown": QCoreApplication.translate(
            "Messages", "This triage level is no longer in the scale. The board has been refreshed."
        ),
    }
    return known.get(exc.code, exc.message)


def unavailable_text(exc: BaseException | None = None) -> str:
    if isinstance(exc, OutcomeUnknown):  # lost while the server was saving: it may be saved
        return QCoreApplication.translate(
            "Messages",
            "The connection to the database was lost while saving: the change may or may "
            "not have been saved. The board shows what was saved: check it before trying again.",
        )
    if isinstance(exc, DatabaseBusy):
        return busy_text()
    return QCoreApplication.translate(
        "Messages", "The database is unreachable: nothing was changed. Try again in a moment."
    )


def busy_text() -> str:
    """A lock held by another program (a MedinTux macro, another screen in a long write)."""
    return QCoreApplication.translate(
        "Messages",
        "Another program is writing this patient's record right now: nothing was changed. "
        "Try again in a moment.",
    )


def no_answer_text() -> str:
    """The tap's budget ran out: the database did not answer in time."""
    return QCoreApplication.translate(
        "Messages", "The database does not answer: nothing was changed. Try again in a moment."
    )


def applied_late_text() -> str:
    """A tap the screen had said was not done, which the database applied after all."""
    return QCoreApplication.translate(
        "Messages",
        "The database answered late: your last action has been done after all. "
        "The board shows it; do not do it again.",
    )


def late_text(minutes: int, kind: str) -> str:
    if kind == "start":
        return QCoreApplication.translate("Messages", "start +{m} min").format(m=minutes)
    return QCoreApplication.translate("Messages", "late {m} min").format(m=minutes)
