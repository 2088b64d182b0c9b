"""`synoptux serve`: the web view under uvicorn, and the periodic downtime copy.

uvicorn runs one process with one event loop: one hub, so one database check for every
viewer. Its own access log is off (ours, in `app.Guard`, leaves tokens out); HTTPS when
`[Web] Certificat` and `Cle_Certificat` are set; X-Forwarded-* believed only from
`Proxys_De_Confiance`. The downtime copy (`[Copie_Secours]`) is written every
`Periodicite_en_minutes` by a child `synoptux export-board` (Qt lays the PDF out in that
child; this process never imports Qt).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable
from datetime import datetime

from synoptux.config import KEYS, Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import Clock, FakeClock, SystemClock
from synoptux.services.downtime import export_command
from synoptux.services.live import BoardFeed, feed_database
from synoptux.services.policy import alarm_policy
from synoptux.services.web_accounts import AccountStore
from synoptux.speech import translate
from synoptux.web.app import WebState, create_app, load_static
from synoptux.web.auth import LoginThrottle, ScreenTokens, Sessions
from synoptux.web.hub import BoardHub

log = logging.getLogger(__name__)
EXPORT_TIMEOUT_S = 180.0
FIRST_COPY_AFTER_S = 10.0


def build_state(settings: Settings, db: Database, clock: Clock) -> Callable[[], WebState]:
    """What the application needs, built inside its event loop."""

    def factory() -> WebState:
        # read-only: no pruning; escalation and snooze as the site's screens show them
        feed = BoardFeed(feed_database(db), clock, prune=False, policy=alarm_policy(settings))
        hub = BoardHub(
            feed.check,
            clock,
            period=settings[KEYS.DB_POLL_MS] / 1000,
            late_period=float(settings[KEYS.ALARM_CHECK_S]),
            lang=settings[KEYS.LANGUAGE],
            online=lambda: (feed.online, feed.offline_since),
        )
        return WebState(
            hub=hub,
            sessions=Sessions(
                settings[KEYS.WEB_SESSION_IDLE_MIN] * 60,
                settings[KEYS.WEB_SESSION_MAX_H] * 3600,
            ),
            throttle=LoginThrottle(),
            tokens=ScreenTokens(settings),
            accounts=AccountStore(db),
            lang=hub.lang,
            title=settings[KEYS.TITLE] or "Synoptux",
            static=load_static(),
            verify_slots=asyncio.Semaphore(2),
        )

    return factory


async def downtime_loop(command: list[str], minutes: int) -> None:
    """Write the downtime copy now and then, in a child process (never two at once)."""
    await asyncio.sleep(FIRST_COPY_AFTER_S)
    while True:
        proc = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _out, err = await asyncio.wait_for(proc.communicate(), EXPORT_TIMEOUT_S)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            log.warning("downtime copy: export-board took over %.0f s, stopped", EXPORT_TIMEOUT_S)
        else:
            if proc.returncode:
                text = err.decode("utf-8", "replace").strip()[-500:]
                log.warning("downtime copy not written (status %s): %s", proc.returncode, text)
        await asyncio.sleep(minutes * 60)


def _child_options(args: argparse.Namespace) -> list[str]:
    return [
        part
        for option, value in (("--db", args.db), ("--prefix", args.prefix))
        if value is not None
        for part in (option, value)
    ]


def server_config(app, settings: Settings, host: str, port: int):
    """uvicorn's settings for the web view (also what the tests run)."""
    import uvicorn

    cert = settings[KEYS.WEB_CERT].strip()
    key = settings[KEYS.WEB_CERT_KEY].strip()
    trusted = settings[KEYS.WEB_TRUSTED_PROXIES].strip()
    # uvicorn's access log shows whole URLs (a screen's token): off, whatever handler a
    # logging set-up attaches to it (`access_log=False` alone yields to any handler).
    logging.getLogger("uvicorn.access").disabled = True
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # our logging (console and synoptux.log) stays as set up
        access_log=False,  # ours leaves tokens out (app.Guard)
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        ssl_certfile=str(settings.path_of(KEYS.WEB_CERT)) if cert and key else None,
        ssl_keyfile=str(settings.path_of(KEYS.WEB_CERT_KEY)) if cert and key else None,
        server_header=False,
        timeout_graceful_shutdown=3,
        lifespan="on",
    )


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from synoptux.services.setup import open_database

    host = args.host or settings[KEYS.WEB_ADDRESS] or "127.0.0.1"
    port = args.port or settings[KEYS.WEB_PORT]
    cert = settings[KEYS.WEB_CERT].strip()
    key = settings[KEYS.WEB_CERT_KEY].strip()
    if bool(cert) != bool(key):
        print(
            translate("Serve", "synoptux serve: [Web] Certificat and Cle_Certificat go together"),
            file=sys.stderr,
        )
        return 2
    now: datetime | None = getattr(args, "now", None)
    clock: Clock = FakeClock(now) if now is not None else SystemClock()
    db = open_database(settings)  # a 2.x database not upgraded yet: refused, with the reason
    minutes = settings[KEYS.COPY_PERIOD_MIN]
    command = export_command(settings, _child_options(args))

    def on_start(_state: WebState) -> asyncio.Task | None:
        if minutes <= 0:
            return None
        return asyncio.get_running_loop().create_task(downtime_loop(command, minutes))

    async def on_stop(task: asyncio.Task | None) -> None:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app = create_app(build_state(settings, db, clock), on_start, on_stop)
    config = server_config(app, settings, host, port)
    scheme = "https" if cert else "http"
    log.info(
        "web view on %s://%s:%s (database %s)",
        scheme,
        host,
        port,
        db.engine.url.render_as_string(hide_password=True),
    )
    print(f"synoptux serve: {scheme}://{host}:{port}/", flush=True)
    try:
        uvicorn.Server(config).run()
    finally:
        db.dispose()
    return 0
