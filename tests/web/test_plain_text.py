"""Data is plain text beyond the wall too: every label, name, comment and state of the board
made HTML-looking straight in the tables (as tests/security does for the Qt board), then
shown by a real browser and written to the downtime copy. Each value shows as typed and
adds no element to the page."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from synoptux.services.board_print import board_html
from synoptux.services.snapshot import load_board
from tests.security.test_plain_text import TEMPLATES, fill_hostile
from tests.support.clock import T0
from tests.web.test_browser import WAIT_S, body_text, log_in

SHOWN = {"box", "task", "resp", "state", "name", "first", "comment", "pdest"}
INJECTED = "h1 b font a img table"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)


def _literals(hostile) -> list[str]:
    """The exact texts written, for the kinds a page shows."""
    out = []
    for i, (marker, kind) in enumerate(hostile.markers.items(), start=1):
        if kind in SHOWN:
            out.append((kind, TEMPLATES[i % len(TEMPLATES)].format(m=marker)))
    return out


def test_html_looking_data_shows_as_typed_in_the_browser(server, site, browser_factory) -> None:
    hostile = fill_hostile(site.db)
    driver = browser_factory(1920, 1080)
    log_in(driver, server.base)
    WebDriverWait(driver, WAIT_S).until(  # last names are shown in capitals, as on the wall
        lambda d: "qzname" in body_text(d).lower()
    )
    text = body_text(driver)
    kinds_seen = set()
    for kind, literal in _literals(hostile):
        if literal in text or (kind == "name" and literal.upper() in text):
            kinds_seen.add(kind)
    assert kinds_seen >= {"box", "task", "resp", "name", "comment"}, kinds_seen
    for tag in INJECTED.split():
        found = driver.find_elements(By.CSS_SELECTOR, f"#boxes {tag}, #late {tag}")
        assert not found, f"data made a <{tag}> element"
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1  # the page's own title
    # and what the server sent was data, never markup
    raw = server.request("GET", "/", cookie=server.session()).text
    body = raw.split('id="board-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body


def test_html_looking_data_is_escaped_in_the_downtime_copy(site) -> None:
    hostile = fill_hostile(site.db)
    board = load_board(site.db, T0)
    html = board_html(board, T0, datetime(2026, 11, 23, 10, 5))
    parser = Tags()
    parser.feed(html)
    assert "font" not in parser.tags and "img" not in parser.tags and "a" not in parser.tags
    assert parser.tags.count("h1") == 1
    for kind, literal in _literals(hostile):
        if kind in SHOWN:
            assert literal not in html, (kind, literal)  # never raw
    assert "&lt;b&gt;qz" in html or "&lt;h1 style=&quot;color:red&quot;&gt;qz" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html
