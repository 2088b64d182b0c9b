"""Read-only by construction: every route refuses the methods it does not declare, the
board's routes declare GET only, and a whole visit (pages, streams, logins right and
wrong, logout, screens) leaves every table of the database exactly as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from synoptux.web.app import ROUTES
from tests.support.web import full_names

WRITES = ("POST", "PUT", "PATCH", "DELETE")
FORM_ROUTES = {"/login": {"POST"}, "/logout": {"POST"}}  # the server's memory, never the db


def route_paths() -> dict[str, set[str]]:
    paths: dict[str, set[str]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, set()).update(route.methods or ())
    return paths


def concrete(path: str) -> str:
    return path.replace("{token}", "not-a-token").replace("{name}", "board.js")


def dump(db) -> dict[str, list]:
    """Every row of every table (the change log included: a write anywhere shows there)."""
    out = {}
    with db.connect() as conn:
        for table in db.tables.all:
            order = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*order))]
    return out


def test_only_login_and_logout_take_a_post_and_nothing_else_writes() -> None:
    expected = {"/login": {"GET", "POST"}, "/logout": {"POST"}}
    for path, methods in route_paths().items():
        assert methods - {"HEAD"} == expected.get(path, {"GET"}), (path, methods)


def test_every_route_refuses_the_methods_it_does_not_declare(server) -> None:
    for path, methods in route_paths().items():
        for method in WRITES:
            if method in methods:
                continue
            reply = server.request(method, concrete(path), body=b"x=1")
            assert reply.status == 405, (method, path, reply.status)
    # and the board itself answers GET
    assert server.request("GET", "/").status == 200
    assert server.request("HEAD", "/").status == 200


def test_a_whole_visit_writes_nothing_to_the_database(server, site) -> None:
    before = dump(site.db)
    cookie = server.session()
    for path in (
        "/",
        "/board.json",
        "/login",
        "/static/board.js",
        "/static/board.css",
        "/health",
        "/favicon.ico",
        "/?resp=ro&box=S1,S2",
        "/screen/wrong",
    ):
        server.request("GET", path)
        server.request("GET", path, cookie=cookie)
    assert server.first_event("/events", cookie)["named"] is True
    assert server.first_event("/events")["named"] is False
    assert server.login("drmartin", "wrong password!").status == 401
    assert server.login("nobody", "wrong password!").status == 401
    for method in WRITES:
        server.request(method, "/", body=b"a=1", cookie=cookie)
    server.request(
        "POST", "/logout", b"", {"Origin": server.base, "Sec-Fetch-Site": "same-origin"}, cookie
    )
    server.state.hub.step(None)  # a lateness pass as well
    after = dump(site.db)
    assert after == before
    assert full_names(site.db)  # (the comparison covered a real board)


def test_the_server_never_prunes_the_change_log(server) -> None:
    """The screens prune the change log; `serve` is a reader (it runs with SELECT rights)."""
    from synoptux.services.live import BoardFeed

    feed = server.state.hub._check.__self__
    assert isinstance(feed, BoardFeed)
    assert feed.prune is False


@pytest.mark.mysql
def test_the_server_runs_on_a_select_only_account(mysql_factory) -> None:
    """On MariaDB, `serve` with an account that may only SELECT: pages, streams, login."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from synoptux.config import Settings
    from synoptux.db.engine import Database
    from synoptux.domain.clock import FakeClock
    from synoptux.services.seed import seed_demo, seed_reference
    from synoptux.services.web_accounts import AccountStore
    from tests.support.clock import T0
    from tests.support.db import open_db
    from tests.support.web import PASSWORD, start_server, stop_server

    url = mysql_factory.create()
    owner = open_db(url)
    seed_reference(owner)
    seed_demo(owner, T0)
    AccountStore(owner).add("drmartin", "Dr Martin", PASSWORD, T0)
    u = make_url(url)
    user, pw = f"stxro{uuid.uuid4().hex[:8]}", "ro-" + uuid.uuid4().hex
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{pw}'"))
        conn.execute(text(f"GRANT SELECT ON `{u.database}`.* TO '{user}'@'%'"))
    ro_url = u.set(username=user, password=pw).render_as_string(hide_password=False)
    settings = Settings.from_text(f"[Connexion_SynopTux]\nURL={ro_url}\n")
    ro = Database.from_url(ro_url)
    live = None
    try:
        before = dump(owner)
        live = start_server(settings, ro, FakeClock(T0))
        cookie = live.session()
        assert live.first_event("/events", cookie)["named"] is True
        assert live.request("GET", "/", cookie=cookie).status == 200
        assert live.first_event("/events")["named"] is False
        # Without the TRIGGER privilege MariaDB hides the triggers: the feed reads keys and
        # counts instead of the change log (docs/web.md says what that changes).
        assert live.state.hub._check.__self__.mode == "keys+counts"
        assert dump(owner) == before
    finally:
        if live is not None:
            stop_server(live)
        ro.dispose()
        owner.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP USER '{user}'@'%'"))
        admin.dispose()
