"""The two pages of the web view: the board (a shell its script fills) and the login form.

No inline script and no inline style (the Content-Security-Policy allows neither): the
board's first data rides in a `<script type="application/json">` block, which browsers
never run, with `<`, `>` and `&` written as JSON escapes so that no data can close it.
Every other piece of text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Tableau des urgences",
        "login": "Se connecter",
        "logout": "Se déconnecter",
        "login_title": "Connexion au tableau",
        "user": "Identifiant",
        "password": "Mot de passe",
        "wrong": "Identifiant ou mot de passe incorrect.",
        "wait": "Trop d'essais : réessayez dans {0} s.",
        "unavailable": "La base est injoignable : réessayez dans un instant.",
        "no_accounts": "Aucun compte n'existe encore (synoptux web-account --add).",
        "initials": "Initiales seulement : connectez-vous pour voir les noms.",
        "named_as": "Noms complets ({0})",
        "screen": "écran {0}",
        "live": "En direct",
        "updated": "à jour à {0}",
        "reconnecting": "Connexion perdue : reconnexion…",
        "offline": "Base injoignable depuis {0} : tableau du {1}",
        "filter": "Filtre : {0}",
        "all": "tout le tableau",
        "empty": "aucun patient",
        "noscript": "Ce tableau a besoin de JavaScript pour se mettre à jour.",
        "back": "Retour au tableau",
    },
    "en": {
        "title": "Emergency board",
        "login": "Log in",
        "logout": "Log out",
        "login_title": "Log in to the board",
        "user": "Login",
        "password": "Password",
        "wrong": "Wrong login or password.",
        "wait": "Too many tries: try again in {0} s.",
        "unavailable": "The database cannot be reached: try again in a moment.",
        "no_accounts": "No account exists yet (synoptux web-account --add).",
        "initials": "Initials only: log in to see the names.",
        "named_as": "Full names ({0})",
        "screen": "screen {0}",
        "live": "Live",
        "updated": "up to date at {0}",
        "reconnecting": "Connection lost: reconnecting…",
        "offline": "Database unreachable since {0}: board of {1}",
        "filter": "Filter: {0}",
        "all": "the whole board",
        "empty": "no patient",
        "noscript": "This board needs JavaScript to stay up to date.",
        "back": "Back to the board",
    },
}
SCRIPT_TEXTS = ("updated", "reconnecting", "offline", "empty", "live")


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["fr"])


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
