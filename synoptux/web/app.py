"""The ASGI application of `synoptux serve` (Starlette): routes, headers, access log.

Read-only by construction: every route that shows the board answers GET (and HEAD) only;
the two POST routes, /login and /logout, touch the server's memory (its sessions), never
the database. Nothing here holds a write transaction or a writing service.

Routes:
  GET  /                    the board (initials, or names with a session)
  GET  /events              its live updates (server-sent events)
  GET  /board.json          the same data once (tools)
  GET  /screen/{token}      a ward display with names ([Web] Jetons_Ecrans), and
  GET  /screen/{token}/events
  GET  /login, POST /login, POST /logout
  GET  /static/board.js, /static/board.css, GET /health
Filters: `?resp=RO` (responsible codes) and `?box=S1,S2` (box codes), comma-separated.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from synoptux.db.engine import DatabaseUnavailable
from synoptux.services.web_accounts import AccountStore
from synoptux.web import pages
from synoptux.web.auth import ANONYMOUS, COOKIE, LoginThrottle, ScreenTokens, Sessions, Viewer
from synoptux.web.hub import BoardHub, ViewKey

access_log = logging.getLogger("synoptux.web.access")
log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # never to another site (a screen token is in its URL)
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
NO_STORE = "no-store, max-age=0"
HEARTBEAT_S = 15.0
ACCOUNT_CHECK_S = 30.0
MAX_CODES, MAX_CODE_LEN = 20, 64
MAX_LOGIN_BODY = 4096
STATIC = {"board.js": "application/javascript", "board.css": "text/css"}


@dataclass
class WebState:
    hub: BoardHub
    sessions: Sessions
    throttle: LoginThrottle
    tokens: ScreenTokens
    accounts: AccountStore
    lang: str
    title: str
    static: dict[str, bytes]
    verify_slots: asyncio.Semaphore


def _state(request: Request) -> WebState:
    return request.app.state.web


# -- filters ---------------------------------------------------------------------------------
def _codes(request: Request, name: str) -> tuple[str, ...] | None:
    raw = ",".join(request.query_params.getlist(name))
    codes = [c.strip()[:MAX_CODE_LEN] for c in raw.split(",") if c.strip()][:MAX_CODES]
    return tuple(codes) or None


def _filters(request: Request) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    return _codes(request, "resp"), _codes(request, "box")


def _filter_query(resp: tuple[str, ...] | None, boxes: tuple[str, ...] | None) -> str:
    params = [(k, ",".join(v)) for k, v in (("resp", resp), ("box", boxes)) if v]
    return ("?" + urlencode(params)) if params else ""


def _filter_text(lang: str, resp, boxes) -> str:
    parts = []
    if resp:
        parts.append("resp " + ", ".join(resp))
    if boxes:
        parts.append("box " + ", ".join(boxes))
    return pages.texts(lang)["filter"].format(" · ".join(parts)) if parts else ""


# -- viewers ----------------------------------------------------------------------------------
def _cookie_viewer(request: Request) -> Viewer:
    session = _state(request).sessions.get(request.cookies.get(COOKIE))
    if session is None:
        return ANONYMOUS
    return Viewer(True, "account", session.name or session.login)


def _screen_viewer(request: Request) -> Viewer | None:
    name = _state(request).tokens.screen(request.path_params.get("token", ""))
    return Viewer(True, "screen", name) if name else None


def _key(viewer: Viewer, request: Request) -> ViewKey:
    resp, boxes = _filters(request)
    return viewer.named, resp, boxes


# -- the board ----------------------------------------------------------------------------------
async def _page(request: Request, viewer: Viewer, events: str) -> Response:
    st = _state(request)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(st.hub.ready.wait(), 3.0)
    resp, boxes = _filters(request)
    t = pages.texts(st.lang)
    who = t["screen"].format(viewer.who) if viewer.kind == "screen" else viewer.who
    html = pages.board_page(
        lang=st.lang,
        site_title=st.title,
        payload=st.hub.payload(_key(viewer, request)),
        events_url=events + _filter_query(resp, boxes),
        who=who,
        named=viewer.named,
        can_login=viewer.kind != "screen",
        filter_text=_filter_text(st.lang, resp, boxes),
    )
    return HTMLResponse(html, headers={"cache-control": NO_STORE})


async def board(request: Request) -> Response:
    return await _page(request, _cookie_viewer(request), "/events")


async def screen(request: Request) -> Response:
    viewer = _screen_viewer(request)
    if viewer is None:
        return Response("Not Found", 404, media_type="text/plain")
    return await _page(request, viewer, f"/screen/{request.path_params['token']}/events")


async def board_json(request: Request) -> Response:
    data = _state(request).hub.payload(_key(_cookie_viewer(request), request))
    return Response(data, media_type="application/json", headers={"cache-control": NO_STORE})


def _still_allowed(request: Request, viewer: Viewer) -> bool:
    if not viewer.named:
        return True
    if viewer.kind == "screen":
        return _screen_viewer(request) is not None
    return _cookie_viewer(request).named


async def _stream(request: Request, viewer: Viewer) -> Response:
    hub = _state(request).hub
    key = _key(viewer, request)

    async def events() -> AsyncIterator[bytes]:
        yield b"retry: 2000\n\n"
        sent = -1
        while True:
            if not _still_allowed(request, viewer):  # session ended, token revoked
                yield b"event: expired\ndata: {}\n\n"
                return
            event = hub.event
            if hub.version != sent:
                sent = hub.version
                yield b"id: %d\nevent: board\ndata: %s\n\n" % (sent, hub.payload(key))
                continue
            try:
                await asyncio.wait_for(event.wait(), HEARTBEAT_S)
            except TimeoutError:
                yield b": keep-alive\n\n"

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"cache-control": NO_STORE, "x-accel-buffering": "no"},
    )


async def board_events(request: Request) -> Response:
    return await _stream(request, _cookie_viewer(request))


async def screen_events(request: Request) -> Response:
    viewer = _screen_viewer(request)
    if viewer is None:
        return Response("Not Found", 404, media_type="text/plain")
    return await _stream(request, viewer)


# -- login ------------------------------------------------------------------------------------
def _safe_next(target: str) -> str:
    """Only a path of this site (never `//host`, a scheme or a backslash trick)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target[:500]


def _same_origin(request: Request) -> bool:
    """A form posted by this site's own page (login CSRF, logout CSRF)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or (origin == "null" and site == "same-origin"):
        return True  # old browsers; the SameSite=Strict cookie still protects
    parts = urlsplit(origin)
    host = request.headers.get("host", "")
    return parts.netloc.lower() == host.lower() and parts.scheme == request.url.scheme


def _login_html(request: Request, message: str = "", status: int = 200, **headers: str) -> Response:
    st = _state(request)
    nxt = _safe_next(request.query_params.get("next", "/"))
    return HTMLResponse(
        pages.login_page(lang=st.lang, site_title=st.title, message=message, next_url=nxt),
        status,
        headers={"cache-control": NO_STORE, **headers},
    )


async def login_form(request: Request) -> Response:
    return _login_html(request)


async def _read_form(request: Request) -> dict[str, str] | None:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_LOGIN_BODY):
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_LOGIN_BODY:
            return None
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    return {k: v[0] for k, v in fields.items()}


async def login(request: Request) -> Response:
    st = _state(request)
    t = pages.texts(st.lang)
    if not _same_origin(request):
        return Response("Forbidden", 403, media_type="text/plain")
    form = await _read_form(request)
    if form is None:
        return Response("Bad Request", 400, media_type="text/plain")
    user = (form.get("login") or "").strip().lower()[:64]
    password = form.get("password") or ""
    ip = request.client.host if request.client else "?"
    keys = (f"ip:{ip}", f"login:{user}")
    wait = st.throttle.wait(*keys)
    if wait:
        return _login_html(request, t["wait"].format(wait), 429, **{"retry-after": str(wait)})
    try:
        async with st.verify_slots:
            account = await asyncio.to_thread(st.accounts.verify, user, password)
    except (SQLAlchemyError, DatabaseUnavailable):
        try:  # a database from before the web view has no accounts table yet
            present = await asyncio.to_thread(st.accounts.table_present)
        except (SQLAlchemyError, DatabaseUnavailable):
            present = True
        return _login_html(request, t["unavailable" if present else "no_accounts"], 503)
    if account is None:
        st.throttle.failed(*keys)
        access_log.warning("web login refused from %s", ip)
        return _login_html(request, t["wrong"], 401)
    st.throttle.succeeded(*keys)
    token = st.sessions.create(account.login, account.name, account.stamp)
    target = _safe_next(form.get("next") or "/")
    response = RedirectResponse(target, 303, headers={"cache-control": NO_STORE})
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    access_log.info("web login of %s from %s", account.login, ip)
    return response


async def logout(request: Request) -> Response:
    if not _same_origin(request):
        return Response("Forbidden", 403, media_type="text/plain")
    _state(request).sessions.drop(request.cookies.get(COOKIE))
    response = RedirectResponse("/", 303, headers={"cache-control": NO_STORE})
    response.delete_cookie(COOKIE, path="/", samesite="strict", httponly=True)
    return response


# -- the rest ---------------------------------------------------------------------------------
async def static(request: Request) -> Response:
    name = request.path_params["name"]
    data = _state(request).static.get(name)
    if data is None:
        return Response("Not Found", 404, media_type="text/plain")
    return Response(data, media_type=STATIC[name], headers={"cache-control": "no-cache"})


async def favicon(request: Request) -> Response:
    return Response(status_code=204, headers={"cache-control": "max-age=86400"})


async def health(request: Request) -> Response:
    hub = _state(request).hub
    body = {"online": hub.online, "version": hub.version, "checks": hub.checks}
    return Response(json.dumps(body), media_type="application/json")


ROUTES = [
    Route("/", board, methods=["GET"]),
    Route("/events", board_events, methods=["GET"]),
    Route("/board.json", board_json, methods=["GET"]),
    Route("/screen/{token}", screen, methods=["GET"]),
    Route("/screen/{token}/events", screen_events, methods=["GET"]),
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/static/{name}", static, methods=["GET"]),
    Route("/health", health, methods=["GET"]),
    Route("/favicon.ico", favicon, methods=["GET"]),
]


def load_static() -> dict[str, bytes]:
    root = files("synoptux.web").joinpath("static")
    return {name: root.joinpath(name).read_bytes() for name in STATIC}


# -- headers and access log ---------------------------------------------------------------------
def redact(path: str, query: bytes) -> str:
    """What the access log shows of a request: never a token, never a name (names are never
    in URLs: only the filters' codes are kept from the query)."""
    if path.startswith("/screen/"):
        rest = path[len("/screen/") :]
        path = "/screen/{token}" + ("/events" if rest.endswith("/events") else "")
    kept = [
        (k, v[:200])
        for k, values in parse_qs(query.decode("latin-1"), keep_blank_values=True).items()
        if k in ("resp", "box")
        for v in values
    ]
    return path[:200] + (("?" + urlencode(kept)) if kept else "")


class Guard:
    """ASGI middleware: security headers on every response, `no-store` unless a route says
    otherwise, HSTS over HTTPS, and one access-log line per request (see `redact`)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0

        async def guarded(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if "cache-control" not in headers:
                    headers["cache-control"] = NO_STORE
                if scope.get("scheme") == "https":
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        try:
            await self.app(scope, receive, guarded)
        finally:
            client = scope.get("client") or ("?", 0)
            access_log.info(
                '%s "%s %s" %s %.0f ms',
                client[0],
                scope.get("method", "?"),
                redact(scope.get("path", ""), scope.get("query_string", b"")),
                status,
                (time.monotonic() - started) * 1000,
            )


async def check_accounts(state: WebState) -> int | None:
    """End the sessions of accounts disabled, removed or given a new password (one
    SELECT, only while someone is logged in). The number ended, or None when the
    database could not be read (sessions then still end on their own clocks)."""
    if not len(state.sessions):
        return 0
    try:
        stamps = await asyncio.to_thread(state.accounts.active_stamps)
    except (SQLAlchemyError, DatabaseUnavailable):
        return None
    ended = state.sessions.keep_only(stamps)
    if ended:
        access_log.info("%d web session(s) ended: account changed", ended)
    return ended


async def watch_accounts(state: WebState, period: float = ACCOUNT_CHECK_S) -> None:
    """Every `period`, `check_accounts`."""
    while True:
        await asyncio.sleep(period)
        await check_accounts(state)


def create_app(state_factory, on_start=None, on_stop=None) -> Guard:
    """The application; `state_factory()` builds the `WebState` inside the server's event
    loop (the hub's task lives there), `on_start`/`on_stop` run around it."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.web = state_factory()
        app.state.web.hub.start()
        watcher = asyncio.get_running_loop().create_task(watch_accounts(app.state.web))
        extra = on_start(app.state.web) if on_start else None
        try:
            yield
        finally:
            if on_stop:
                await on_stop(extra)
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await app.state.web.hub.stop()

    return Guard(Starlette(routes=ROUTES, lifespan=lifespan))
