"""The two pages of the web view: the board (a shell its script fills) and the login form.

No inline script and no inline style (the Content-Security-Policy allows neither): the
board's first data rides in a `<script type="application/json">` block, which browsers
never run, with `<`, `>` and `&` written as JSON escapes so that no data can close it.
Every other piece of text goes through `html.escape`.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from synoptux import shipped
from synoptux.speech import QT_TRANSLATE_NOOP

CONTEXT = "WebPage"
# The pages' words in English, the source language. Each is a literal marked for lupdate
# (update_ts.py puts it in synoptux_fr.ts, context "WebPage"); the French is read from that
# catalogue without Qt, per page, since one server may say both languages.
SOURCE: dict[str, str] = {
    "login": QT_TRANSLATE_NOOP("WebPage", "Log in"),
    "logout": QT_TRANSLATE_NOOP("WebPage", "Log out"),
    "login_title": QT_TRANSLATE_NOOP("WebPage", "Log in to the board"),
    "user": QT_TRANSLATE_NOOP("WebPage", "Login"),
    "password": QT_TRANSLATE_NOOP("WebPage", "Password"),
    "wrong": QT_TRANSLATE_NOOP("WebPage", "Wrong login or password."),
    "wait": QT_TRANSLATE_NOOP("WebPage", "Too many tries: try again in {0} s."),
    "unavailable": QT_TRANSLATE_NOOP(
        "WebPage", "The database cannot be reached: try again in a moment."
    ),
    "no_accounts": QT_TRANSLATE_NOOP(
        "WebPage", "No account exists yet (synoptux web-account --add)."
    ),
    "initials": QT_TRANSLATE_NOOP("WebPage", "Initials only: log in to see the names."),
    "named_as": QT_TRANSLATE_NOOP("WebPage", "Full names ({0})"),
    "screen": QT_TRANSLATE_NOOP("WebPage", "screen {0}"),
    "live": QT_TRANSLATE_NOOP("WebPage", "Live"),
    "updated": QT_TRANSLATE_NOOP("WebPage", "up to date at {0}"),
    "reconnecting": QT_TRANSLATE_NOOP("WebPage", "Connection lost: reconnecting…"),
    "offline": QT_TRANSLATE_NOOP("WebPage", "Database unreachable since {0}: board of {1}"),
    "filter": QT_TRANSLATE_NOOP("WebPage", "Filter: {0}"),
    "empty": QT_TRANSLATE_NOOP("WebPage", "no patient"),
    "noscript": QT_TRANSLATE_NOOP("WebPage", "This board needs JavaScript to stay up to date."),
    "back": QT_TRANSLATE_NOOP("WebPage", "Back to the board"),
}
SCRIPT_TEXTS = ("updated", "reconnecting", "offline", "empty", "live")


@lru_cache(maxsize=8)  # a few languages: bounded whatever `lang` a caller passes
def texts(lang: str) -> dict[str, str]:
    """Key -> text in `lang` (shipped.said). Read-only: shared by every page of `lang`."""
    return shipped.said(lang, CONTEXT, SOURCE)


def json_block(data: bytes | str) -> str:
    """JSON that is safe inside `<script type="application/json">`."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _head(title: str, lang: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="same-origin">'
        f"<title>{escape(title)}</title>"
        '<link rel="stylesheet" href="/static/board.css">'
    )


def board_page(
    *,
    lang: str,
    site_title: str,
    payload: bytes,
    events_url: str,
    who: str,
    named: bool,
    can_login: bool,
    filter_text: str,
) -> str:
    t = texts(lang)
    import json

    script_texts = json.dumps({k: t[k] for k in SCRIPT_TEXTS}, ensure_ascii=False)
    if named:
        account = f'<span class="who">{escape(t["named_as"].format(who))}</span>'
        if can_login:
            account += (
                '<form method="post" action="/logout" class="logout">'
                f'<button type="submit">{escape(t["logout"])}</button></form>'
            )
    else:
        account = f'<span class="who privacy">{escape(t["initials"])}</span>'
        if can_login:
            account += f'<a class="login" href="/login">{escape(t["login"])}</a>'
    return (
        _head(site_title, lang)
        + '<script src="/static/board.js" defer></script></head>'
        + f'<body class="board" data-events="{escape(events_url, quote=True)}" '
        + f'data-named="{"1" if named else "0"}">'
        + '<header class="top">'
        + f'<h1>{escape(site_title)}</h1><span id="status" class="status">{escape(t["live"])}'
        + "</span>"
        + (f'<span class="filter">{escape(filter_text)}</span>' if filter_text else "")
        + f'<span class="account">{account}</span></header>'
        + '<section id="late" class="late-strip" hidden></section>'
        + '<main id="boxes" class="boxes"></main>'
        + f'<noscript><p class="noscript">{escape(t["noscript"])}</p></noscript>'
        + f'<script type="application/json" id="board-data">{json_block(payload)}</script>'
        + f'<script type="application/json" id="board-texts">{json_block(script_texts)}</script>'
        + "</body></html>"
    )


def login_page(*, lang: str, site_title: str, message: str = "", next_url: str = "/") -> str:
    t = texts(lang)
    note = f'<p class="error" role="alert">{escape(message)}</p>' if message else ""
    return (
        _head(f"{t['login_title']} — {site_title}", lang)
        + '</head><body class="login-page"><main class="login-box">'
        + f"<h1>{escape(t['login_title'])}</h1>{note}"
        + '<form method="post" action="/login" autocomplete="on">'
        + f'<input type="hidden" name="next" value="{escape(next_url, quote=True)}">'
        + f'<label>{escape(t["user"])}<input name="login" autocomplete="username" '
        + 'autocapitalize="none" required maxlength="64"></label>'
        + f'<label>{escape(t["password"])}<input name="password" type="password" '
        + 'autocomplete="current-password" required maxlength="200"></label>'
        + f'<button type="submit">{escape(t["login"])}</button></form>'
        + f'<p><a href="/">{escape(t["back"])}</a></p></main></body></html>'
    )
