"""The board's database thread on its own: where jobs run, what comes back, what is dropped."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from synoptux.ui.db_runner import DbRunner
from tests.support.settle import settle


@pytest.fixture
def runner(qtbot) -> Iterator[DbRunner]:
    r = DbRunner()
    yield r
    r.stop()


def test_jobs_run_off_the_gui_thread_in_order_and_answer_on_it(qtbot, runner) -> None:
    gui = threading.get_ident()
    ran: list[tuple[int, int]] = []
    answered: list[tuple[object, int]] = []
    for i in range(5):
        runner.submit(
            lambda i=i: ran.append((i, threading.get_ident())) or i * 10,
            lambda value: answered.append((value, threading.get_ident())),
        )
    runner.submit(lambda: 1 / 0, failed=lambda exc: answered.append((type(exc), gui)))
    settle()
    assert [i for i, _t in ran] == [0, 1, 2, 3, 4]
    assert all(t != gui for _i, t in ran)
    assert answered == [
        (0, gui),
        (10, gui),
        (20, gui),
        (30, gui),
        (40, gui),
        (ZeroDivisionError, gui),
    ]


def test_a_job_not_started_in_time_is_dropped_and_said_once(qtbot, runner) -> None:
    """Even when the GUI thread was too busy to fire the budget's timer first."""
    release = threading.Event()
    runner.submit(lambda: release.wait(5))
    said: list[str] = []
    ran: list[int] = []
    runner.submit(
        lambda: ran.append(1),
        lambda _v: said.append("done"),
        lambda _e: said.append("failed"),
        within=0.2,
        late=lambda: said.append("late"),
    )
    threading.Timer(0.3, release.set).start()
    time.sleep(0.6)  # the GUI thread is busy: the timer and the drop arrive together
    settle()
    qtbot.wait(300)
    assert ran == [] and said == ["late"]


def test_a_running_job_that_ends_after_its_budget_is_answered_late(qtbot, runner) -> None:
    release = threading.Event()
    said: list[str] = []
    ticket = runner.submit(
        lambda: release.wait(5) and "saved",
        lambda value: said.append(f"done {value} late={ticket.is_late}"),
        within=0.2,
        late=lambda: said.append("late"),
    )
    qtbot.waitUntil(lambda: said == ["late"], timeout=2000)
    release.set()
    settle()
    assert said == ["late", "done saved late=True"]
