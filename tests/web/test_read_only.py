"""Read-only by construction: every route refuses the methods it does not declare, the
board's routes declare GET only, and a whole visit (pages, streams, logins right and
wrong, logout, screens) leaves every table of the database exactly as it was."""

from __future__ import annotations

from sqlalchemy import select

from synoptux.web.app import ROUTES
from tests.web.conftest import full_names

WRITES = ("POST", "PUT", "PATCH", "DELETE")
FORM_ROUTES = {"/login": {"POST"}, "/logout": {"POST"}}  # the server's memory, never the db


def route_paths() -> dict[str, set[str]]:
    paths: dict[str, set[str]] = {}
    for route in ROUTES:
        paths.setdefault(route.path, set()).update(route.methods or ())
    return paths


def concrete(path: str) -> str:
    return path.replace("{token}", "not-a-token").replace("{name}", "board.js")


def dump(db) -> dict[str, list]:  # noqa: ANN001
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


def test_every_route_refuses_the_methods_it_does_not_declare(server) -> None:  # noqa: ANN001
    for path, methods in route_paths().items():
        for method in WRITES:
            if method in methods:
                continue
            reply = server.request(method, concrete(path), body=b"x=1")
            assert reply.status == 405, (method, path, reply.status)
    # and the board itself answers GET
    assert server.request("GET", "/").status == 200
    assert server.request("HEAD", "/").status == 200


def test_a_whole_visit_writes_nothing_to_the_database(server, site) -> None:  # noqa: ANN001
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


def test_the_server_never_prunes_the_change_log(server) -> None:  # noqa: ANN001
    """The screens prune the change log; `serve` is a reader (it runs with SELECT rights)."""
    from synoptux.services.live import BoardFeed

    feed = server.state.hub._check.__self__
    assert isinstance(feed, BoardFeed)
    assert feed.prune is False
