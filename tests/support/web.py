"""Helpers of the web view tests: the real server in a thread, a small HTTP client, the seeded
site, the browser's paths."""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from synoptux.config import Settings
from synoptux.db.engine import Database
from tests.support.clock import T0

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
NO_BROWSER = (
    "Debian's chromium and chromium-driver are not installed "
    "(apt-get install chromium chromium-driver; .ci/run installs them)"
)
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Site:
    root: Path
    settings: Settings
    db: Database
    url: str


def full_names(db: Database) -> list[str]:
    """Every last and first name on the board (3 letters or more: initials are shorter),
    but those that are also a word of a responsible's name (staff names are shown to all:
    the demo has a patient LAMBERT and a Dr Lambert)."""
    e, r = db.tables.encours.c, db.tables.responsables.c
    with db.connect() as conn:
        rows = conn.execute(select(e.EC_NomPatient, e.EC_PrenomPatient)).all()
        staff = {w.lower() for (n,) in conn.execute(select(r.RE_Nom)) for w in (n or "").split()}
    return sorted({n for row in rows for n in row if n and len(n) >= 3 and n.lower() not in staff})


def insert_patient(db: Database, last: str, first: str, box: str = "S1") -> None:
    """A patient written the way a MedinTux macro does: one INSERT, straight in the table."""
    p = db.tables.prefix
    with db.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                "EC_HeureEntree, EC_GUIDPatient) VALUES (:box, :last, :first, :t, :g)"
            ),
            {
                "box": box,
                "last": last,
                "first": first,
                "t": f"{T0:%Y-%m-%d %H:%M:%S}",
                "g": f"g-{last}",
            },
        )


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Stream:
    """An open server-sent-events stream."""

    def __init__(self, conn: http.client.HTTPConnection, resp) -> None:
        self.conn, self.resp = conn, resp

    def next_event(self) -> tuple[str, dict]:
        """(name, data) of the next event (comments and retry lines skipped)."""
        event = None
        while True:
            line = self.resp.fp.readline()
            if not line:
                raise EOFError("the stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                return event, json.loads(line[6:])

    def close(self) -> None:
        self.conn.close()


@dataclass
class LiveServer:
    base: str
    port: int
    app: object
    server: object
    thread: threading.Thread
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def state(self):
        return self.app.app.state.web

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        cookie: str | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        hdrs = dict(headers or {})
        if cookie:
            hdrs["Cookie"] = f"stx_session={cookie}"
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)

    def login(self, user: str = "drmartin", password: str = PASSWORD) -> Reply:
        from urllib.parse import urlencode

        body = urlencode({"login": user, "password": password, "next": "/"}).encode()
        return self.request(
            "POST",
            "/login",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.base,
                "Sec-Fetch-Site": "same-origin",
            },
        )

    def session(self, user: str = "drmartin", password: str = PASSWORD) -> str:
        reply = self.login(user, password)
        assert reply.status == 303, reply.text
        cookie = reply.headers["set-cookie"]
        return cookie.split("stx_session=", 1)[1].split(";", 1)[0]

    def call(self, coro_fn, timeout: float = 10.0):
        """Run `coro_fn()` in the server's event loop (its state is not thread-safe)."""
        import asyncio

        loop = self.state.hub._task.get_loop()
        return asyncio.run_coroutine_threadsafe(coro_fn(), loop).result(timeout)

    def open_stream(self, path: str = "/events", cookie: str | None = None) -> Stream:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        conn.request("GET", path, headers={"Cookie": f"stx_session={cookie}"} if cookie else {})
        resp = conn.getresponse()
        assert resp.status == 200, resp.status
        return Stream(conn, resp)

    def first_event(self, path: str = "/events", cookie: str | None = None) -> dict:
        """The first event of a stream: the board's data (or {"expired": True})."""
        stream = self.open_stream(path, cookie)
        try:
            name, data = stream.next_event()
        finally:
            stream.close()
        return data if name == "board" else {"expired": True}


def start_server(settings: Settings, db: Database, clock) -> LiveServer:
    import uvicorn

    from synoptux.web.app import create_app
    from synoptux.web.server import build_state, server_config

    app = create_app(build_state(settings, db, clock))
    port = free_port()
    config = server_config(app, settings, "127.0.0.1", port)  # what `synoptux serve` runs
    config.timeout_graceful_shutdown = 1
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "the server did not start"
        assert time.monotonic() < deadline, "the server did not start in 20 s"
        time.sleep(0.02)
    live = LiveServer(f"http://127.0.0.1:{port}", port, app, server, thread)
    deadline = time.monotonic() + 20
    while live.state.hub.board is None:
        assert time.monotonic() < deadline, "the hub read no board in 20 s"
        time.sleep(0.05)
    return live


def stop_server(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(15)
