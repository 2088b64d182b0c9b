"""Translated texts for refusals and failures (service codes -> nurse-readable words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from synoptux.services.errors import ActionRefused, DatabaseBusy, OutcomeUnknown


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def refusal_text(exc: ActionRefused) -> str:
    p = exc.params
    if exc.code == "box_full":
        return _tr("This box is full ({present}/{capacity}). Nothing was changed.").format(
            present=p.get("present", "?"), capacity=p.get("capacity", "?")
        )
    known = {
        "patient_gone": _tr(
            "This patient is no longer on the board (another screen may have "
            "moved him out). The board has been refreshed."
        ),
        "task_gone": _tr("This task no longer exists. The board has been refreshed."),
        "box_unknown": _tr("This box no longer exists. The board has been refreshed."),
        "same_box": _tr("The patient is already in this box."),
        "state_unknown": _tr("This state no longer exists. The board has been refreshed."),
        "state_not_allowed": _tr("This state is not allowed for this task."),
        "responsible_unknown": _tr(
            "This responsible no longer exists. The board has been refreshed."
        ),
        "read_only": _tr("2.x database — read only, run synoptux upgrade"),
        "not_late": _tr(
            "This alarm has ended meanwhile: nothing to acknowledge. The board has been refreshed."
        ),
        "triage_unknown": _tr(
            "This triage level is no longer in the scale. The board has been refreshed."
        ),
    }
    return known.get(exc.code, exc.message)


def unavailable_text(exc: BaseException | None = None) -> str:
    if isinstance(exc, OutcomeUnknown):  # lost while the server was saving: it may be saved
        return _tr(
            "The connection to the database was lost while saving: the change may or may "
            "not have been saved. The board shows what was saved: check it before trying again."
        )
    if isinstance(exc, DatabaseBusy):
        return busy_text()
    return _tr("The database is unreachable: nothing was changed. Try again in a moment.")


def busy_text() -> str:
    """A lock held by another program (a MedinTux macro, another screen in a long write)."""
    return _tr(
        "Another program is writing this patient's record right now: nothing was changed. "
        "Try again in a moment."
    )


def no_answer_text() -> str:
    """The tap's budget ran out: the database did not answer in time."""
    return _tr("The database does not answer: nothing was changed. Try again in a moment.")


def applied_late_text() -> str:
    """A tap the screen had said was not done, which the database applied after all."""
    return _tr(
        "The database answered late: your last action has been done after all. "
        "The board shows it; do not do it again."
    )


def late_text(minutes: int, kind: str) -> str:
    if kind == "start":
        return _tr("start +{m} min").format(m=minutes)
    return _tr("late {m} min").format(m=minutes)
