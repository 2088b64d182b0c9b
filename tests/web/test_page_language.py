"""The web pages' words come from the one translation pipeline: English source strings
marked QT_TRANSLATE_NOOP("WebPage", ...) in synoptux/web/pages.py, their French read from
the shipped synoptux_fr.ts (the catalogue update_ts.py keeps with the .qm), no dictionary
of its own. The real server is started in each language and its pages are read."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from synoptux import shipped
from synoptux.resources.translations.update_ts import TS
from synoptux.services import board_print, board_view
from synoptux.web import pages
from tests.support.clock import T0
from tests.support.web import start_server, stop_server

# What each language's pages say (French as the catalogue has it, English as written).
SAID = {
    "fr": {
        "login": ["Connexion au tableau", "Identifiant", "Mot de passe", "Se connecter"],
        "board": ["Initiales seulement : connectez-vous pour voir les noms.", "En direct"],
        "wrong": "Identifiant ou mot de passe incorrect.",
        "named": ["Noms complets (Dr Martin)", "Se déconnecter", "à jour à {0}"],
    },
    "en": {
        "login": ["Log in to the board", "Login", "Password", "Log in"],
        "board": ["Initials only: log in to see the names.", "Live"],
        "wrong": "Wrong login or password.",
        "named": ["Full names (Dr Martin)", "Log out", "up to date at {0}"],
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pages_speak_the_interface_language(site, lang) -> None:
    from synoptux.domain.clock import FakeClock

    site.settings.set_raw("Interface", "Langue", lang)
    live = start_server(site.settings, site.db, FakeClock(T0))
    try:
        said = SAID[lang]
        login = live.request("GET", "/login").text
        assert f'<html lang="{lang}">' in login
        for text in said["login"]:
            assert f">{text}<" in login or f"<label>{text}<" in login, text
        board = live.request("GET", "/").text
        for text in said["board"]:
            assert text in board, text
        refused = live.login("drmartin", "not the password")
        assert refused.status == 401 and said["wrong"] in refused.text
        cookie = live.session()
        named = live.request("GET", "/", cookie=cookie).text
        for text in said["named"]:
            assert text in named, text  # the last one: in the script's texts (JSON)
        other = SAID["en" if lang == "fr" else "fr"]
        for text in other["login"][:3] + other["board"]:
            assert text not in login + board, text
    finally:
        stop_server(live)


def test_the_french_is_the_catalogues() -> None:
    """Every French page text is the .ts translation of its English source, key by key."""
    french = shipped.catalogue("fr")
    assert pages.texts("en") == pages.SOURCE
    for key, english in pages.SOURCE.items():
        assert pages.texts("fr")[key] == french[(pages.CONTEXT, english)], key
        assert pages.texts("fr")[key] != english, key
    assert pages.texts("de") == pages.texts("fr")  # a language without catalogue: French


# Every table of words the web view and the downtime copy say per call, with its context.
SOURCES = {
    pages.CONTEXT: pages.SOURCE,
    board_view.CONTEXT: board_view.TEXTS,
    board_print.CONTEXT: board_print.TITLES,
}


@pytest.mark.parametrize("context", list(SOURCES))
def test_every_web_string_has_its_french_in_the_ts(context: str) -> None:
    """Fails when a string of these contexts is marked but update_ts.py was not run, or
    when the .ts has an entry of them still unfinished or empty."""
    root = ET.parse(TS).getroot()
    entries = {
        m.findtext("source"): m.find("translation")
        for ctx in root.iter("context")
        if ctx.findtext("name") == context
        for m in ctx.iter("message")
    }
    assert set(SOURCES[context].values()) <= set(entries), "run update_ts.py"
    unfinished = [
        source
        for source, translation in entries.items()
        if translation is None
        or translation.get("type") is not None
        or not (translation.text or "").strip()
    ]
    assert not unfinished, f"no French in {TS.name} for: {unfinished}"
    # And the packaged file the server reads is that one.
    assert shipped.translation_source("fr").read_bytes() == TS.read_bytes()


def test_the_board_words_and_the_copy_come_from_the_catalogue() -> None:
    french = shipped.catalogue("fr")
    for context, source in SOURCES.items():
        assert shipped.said("en", context, source) == dict(source)
        for key, text in shipped.said("fr", context, source).items():
            assert text == french[(context, source[key])], (context, key)
    assert board_view.texts("fr")["late_title"] == "Tâches en retard : {0}"
    assert board_view.texts("en")["late_title"] == "Late tasks: {0}"
