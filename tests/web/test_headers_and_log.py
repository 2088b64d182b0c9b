"""Security headers, no caching of what holds names, a page that needs no inline script or
style (so the CSP can forbid both), filters in the URL, and an access log that never
holds a patient's name, a password or a screen token."""

from __future__ import annotations

import logging
import re
import time

from synoptux.config import WEB
from synoptux.services.web_accounts import new_screen_token
from synoptux.web.app import redact
from tests.support.web import PASSWORD, full_names
from tests.web.test_privacy import board_json


def test_every_response_carries_the_security_headers(server) -> None:
    for path in ("/", "/board.json", "/login", "/static/board.js", "/nothing-here"):
        h = server.request("GET", path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "same-origin"
        assert "server" not in h  # no version banner
    assert "strict-transport-security" not in server.request("GET", "/").headers  # plain HTTP


def test_pages_and_data_with_names_are_never_cached(server) -> None:
    cookie = server.session()
    for path in ("/", "/board.json", "/login"):
        assert (
            server.request("GET", path, cookie=cookie)
            .headers["cache-control"]
            .startswith("no-store")
        )
    stream = server.open_stream("/events", cookie)
    assert stream.resp.getheader("cache-control").startswith("no-store")
    assert stream.resp.getheader("content-type").startswith("text/event-stream")
    stream.close()


def test_the_page_has_no_inline_script_nor_style(server) -> None:
    page = server.request("GET", "/", cookie=server.session()).text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert "style=" not in page and "<style" not in page
    assert not re.search(r"\son\w+=", page)  # no onclick= and the like


def test_url_filters_restrict_boxes_and_responsibles(server) -> None:
    data = board_json(server.request("GET", "/?box=s1,S2").text)
    assert [b["code"] for b in data["boxes"]] == ["S1", "S2"]
    data = server.first_event("/events?resp=RO")  # a code, case ignored
    everyone = server.first_event("/events")
    kept = [p for b in data["boxes"] for p in b["patients"]]
    assert kept and all(p["resp"]["text"] == "Dr Rossi" for p in kept)
    assert len(kept) < sum(len(b["patients"]) for b in everyone["boxes"])
    assert {i["patient_id"] for i in data["late"]} <= {p["id"] for p in kept}
    assert "Filtre : resp RO" in server.request("GET", "/?resp=RO").text


def test_the_access_log_holds_no_name_password_nor_token(server, site, caplog) -> None:
    token, value = new_screen_token("accueil", "")
    site.settings.set_raw(WEB, "Jetons_Ecrans", value)
    site.settings.save()
    caplog.set_level(logging.DEBUG)
    cookie = server.session()
    assert server.login("drmartin", "wrong password!").status == 401
    server.request("GET", "/?resp=ROS&box=S1&name=NGUYEN", cookie=cookie)
    server.request("GET", f"/screen/{token}")
    server.first_event(f"/screen/{token}/events")
    server.first_event("/events", cookie)
    server.request("GET", "/board.json", cookie=cookie)
    deadline = time.monotonic() + 10  # a stream's line is written once the server sees it end
    while True:
        lines = [r.getMessage() for r in caplog.records]
        access = [m for m in lines if '"GET ' in m or '"POST ' in m]
        if len(access) >= 7 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(access) >= 7, access
    assert any('"GET /screen/{token}" 200' in m for m in access)
    assert any('"GET /?resp=ROS&box=S1" 200' in m for m in access)
    text = "\n".join(lines)
    assert token not in text and PASSWORD not in text and "wrong password" not in text
    leaked = [n for n in full_names(site.db) if n.lower() in text.lower()]
    assert not leaked, leaked


def test_redact_keeps_routes_and_filter_codes_only() -> None:
    assert redact("/screen/abc123", b"") == "/screen/{token}"
    assert redact("/screen/abc123/events", b"box=S1") == "/screen/{token}/events?box=S1"
    assert redact("/", b"resp=ro&q=DUPONT&box=S1%2CS2") == "/?resp=ro&box=S1%2CS2"
