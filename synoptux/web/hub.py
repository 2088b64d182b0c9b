"""One database check for every viewer: the hub holds the board and wakes the streams.

A single task runs `BoardFeed.check()` (the screens' change feed: one indexed query while
nothing changes) in a thread of its own every `[Timer] Periodicite_controle_base_en_ms`,
and re-evaluates lateness in memory every `Periodicite_controle_alarme_en_secondes` (and
each minute while a task is late, so that "late 12 min" counts on). Each new board gets a
version number and wakes every waiting stream at once (one `asyncio.Event` per version);
a stream sends the newest version it finds, so a slow viewer skips versions instead of
queueing them. The JSON of a version is built once per kind of viewer (names or initials,
filters) and shared by every stream of that kind.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from synoptux.domain.alarms import refresh_lateness
from synoptux.domain.clock import Clock
from synoptux.domain.model import Board
from synoptux.services.board_view import present_board

log = logging.getLogger(__name__)

ViewKey = tuple[bool, tuple[str, ...] | None, tuple[str, ...] | None]
MAX_CACHED = 64  # kinds of viewer kept per version (names x filters)


class BoardHub:
    def __init__(
        self,
        check: Callable[[], Board | None],
        clock: Clock,
        *,
        period: float = 0.15,
        late_period: float = 10.0,
        lang: str = "fr",
        online: Callable[[], tuple[bool, datetime | None]] | None = None,
    ) -> None:
        self._check = check
        self.clock = clock
        self.period = period
        self.late_period = late_period
        self.lang = lang
        self._online = online or (lambda: (True, None))
        self.board: Board | None = None
        self.now: datetime | None = None
        self.version = 0
        self.online = True
        self.offline_since: datetime | None = None
        self.checks = 0
        self.event = asyncio.Event()
        self._cache: dict[ViewKey, bytes] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="board-check")
        self._task: asyncio.Task | None = None
        self._last_late = float("-inf")
        self._last_minute: tuple | None = None
        self.ready = asyncio.Event()

    # -- the checker ----------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="board-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        self._pool.shutdown(wait=True, cancel_futures=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = time.monotonic()
            try:
                board = await loop.run_in_executor(self._pool, self._check)
            except Exception:  # the feed reports outages itself; never die
                log.exception("board check failed")
                board = None
            self.checks += 1
            self.step(board)
            await asyncio.sleep(max(0.0, self.period - (time.monotonic() - started)))

    def step(self, board: Board | None) -> None:
        """Take the result of one check: a new board, or None (nothing changed)."""
        now = self.clock.now()
        online, since = self._online()
        changed = online != self.online or since != self.offline_since
        self.online, self.offline_since = online, since
        if board is not None:
            self._publish(board, now)
            return
        if self.board is not None and time.monotonic() - self._last_late >= self.late_period:
            self._last_late = time.monotonic()
            fresh = refresh_lateness(self.board, now)
            minute = (now.date(), now.hour, now.minute)
            ticking = minute != self._last_minute and any(
                t.overdue for p in fresh.patients() for t in p.tasks
            )
            if fresh is not self.board or ticking:
                self._publish(fresh, now)
                return
        if changed:
            self._publish(self.board, now)

    def _publish(self, board: Board | None, now: datetime) -> None:
        self.board, self.now = board, now
        self._last_minute = (now.date(), now.hour, now.minute)
        self._last_late = time.monotonic()
        self.version += 1
        self._cache.clear()
        old, self.event = self.event, asyncio.Event()
        old.set()
        if board is not None:
            self.ready.set()

    # -- what viewers get ---------------------------------------------------------------------
    def payload(self, key: ViewKey) -> bytes:
        """The JSON of the current version for one kind of viewer (built once)."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        named, resp, boxes = key
        if self.board is None:
            view: dict = {"boxes": [], "late": [], "late_title": "", "named": named}
        else:
            view = present_board(
                self.board,
                self.now or self.clock.now(),
                named=named,
                lang=self.lang,
                resp=resp,
                boxes=boxes,
            )
        view["version"] = self.version
        view["online"] = self.online
        view["offline_since"] = (
            self.offline_since.isoformat(timespec="seconds") if self.offline_since else None
        )
        data = json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(self._cache) >= MAX_CACHED:
            self._cache.clear()
        self._cache[key] = data
        return data
