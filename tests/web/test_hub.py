"""One database check for every viewer; lateness counts on without any change in the
database; an outage shows on every page."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from synoptux.domain.clock import FakeClock
from synoptux.services.snapshot import load_board
from synoptux.web.hub import BoardHub
from tests.support.clock import T0


def test_many_viewers_share_one_check(server) -> None:
    hub = server.state.hub
    streams = [server.open_stream("/events") for _ in range(20)]
    for s in streams:
        assert s.next_event()[0] == "board"
    checks0, t0 = hub.checks, time.monotonic()
    time.sleep(2.0)
    rate_with_20 = (hub.checks - checks0) / (time.monotonic() - t0)
    for s in streams:
        s.close()
    # one check every Periodicite_controle_base_en_ms (100 ms here), whatever the viewers
    assert rate_with_20 <= 1 / 0.1 + 1, rate_with_20


def test_every_stream_gets_a_change_once(server, site) -> None:
    from tests.support.web import insert_patient

    streams = [server.open_stream("/events") for _ in range(5)]
    first = [s.next_event()[1]["version"] for s in streams]
    insert_patient(site.db, "ZORRO", "Diego", box="S5")
    for s, v in zip(streams, first, strict=True):
        name, data = s.next_event()
        assert name == "board" and data["version"] > v
        assert any(p["name"] == "Z.D." for b in data["boxes"] for p in b["patients"])
        s.close()


def test_lateness_counts_on_without_a_database_change(site) -> None:
    clock = FakeClock(T0)
    board = load_board(site.db, T0)

    async def scenario() -> list[int]:
        hub = BoardHub(lambda: None, clock, late_period=0)
        hub.step(board)
        versions = [hub.version]
        hub.step(None)  # same minute, nothing new
        versions.append(hub.version)
        clock.advance(minutes=1)
        hub.step(None)  # a minute later: "late 12 min" becomes "late 13 min"
        versions.append(hub.version)
        late = hub.payload((False, None, None))
        assert b"retard" in late or b"d\\u00e9but" in late or "début".encode() in late
        return versions

    v = asyncio.run(scenario())
    assert v[0] == v[1] and v[2] == v[1] + 1


def test_an_outage_reaches_the_pages(site) -> None:
    clock = FakeClock(T0)
    state = {"online": True, "since": None}

    async def scenario() -> dict:
        hub = BoardHub(lambda: None, clock, online=lambda: (state["online"], state["since"]))
        hub.step(load_board(site.db, T0))
        state.update(online=False, since=T0 + timedelta(minutes=3))
        hub.step(None)
        import json

        return json.loads(hub.payload((True, None, None)))

    data = asyncio.run(scenario())
    assert data["online"] is False and data["offline_since"] == "2026-11-23T10:03:00"
    assert data["boxes"]  # the last board read stays on screen
