"""Wait for the board's database jobs: the GUI hands them to a `DbRunner` thread and
applies their outcome when it comes back (tests look at the screen after that)."""

from __future__ import annotations

from synoptux.ui.db_runner import all_idle, pending_jobs


def settle(qtbot, timeout: int = 10000) -> None:  # noqa: ANN001
    """Until every runner's jobs are answered and their outcome is on screen."""
    try:
        qtbot.waitUntil(all_idle, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - pytest-qt TimeoutError: say which jobs
        raise AssertionError(f"database jobs still unanswered: {pending_jobs()}") from exc
