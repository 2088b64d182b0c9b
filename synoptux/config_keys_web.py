"""synoptux.ini keys of `[Web]`: where `synoptux serve` listens, HTTPS, proxies, sessions
and screen tokens.

One group of `KEYS` (config_keys assembles them, in file order).
"""

from __future__ import annotations

from synoptux.config_types import IntKey, PathKey, SecretKey, TextKey
from synoptux.speech import QT_TRANSLATE_NOOP

WEB = "Web"


class WebKeys:
    """[Web]."""

    WEB_ADDRESS = TextKey(
        WEB,
        "Adresse",
        "127.0.0.1",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Address `synoptux serve` listens on (127.0.0.1: this machine only, e.g. behind a "
            "reverse proxy; 0.0.0.0: every interface). `--host` overrides it.",
        ),
        restart=True,
    )
    WEB_PORT = IntKey(
        WEB,
        "Port",
        8470,
        QT_TRANSLATE_NOOP("Settings", "Port of `synoptux serve` (`--port` overrides it)."),
        minimum=1,
        maximum=65535,
        restart=True,
    )
    WEB_CERT = PathKey(
        WEB,
        "Certificat",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "PEM certificate (chain) for HTTPS; with `Cle_Certificat`, `synoptux serve` speaks "
            "HTTPS only. Empty: plain HTTP (on 127.0.0.1 or behind a reverse proxy, docs/web.md).",
        ),
        restart=True,
    )
    WEB_CERT_KEY = PathKey(
        WEB,
        "Cle_Certificat",
        "",
        QT_TRANSLATE_NOOP("Settings", "PEM private key of `Certificat`."),
        restart=True,
    )
    WEB_TRUSTED_PROXIES = TextKey(
        WEB,
        "Proxys_De_Confiance",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Addresses of the reverse proxies whose X-Forwarded-For / X-Forwarded-Proto headers "
            "are believed (comma-separated, e.g. 127.0.0.1). Empty: none.",
        ),
        restart=True,
    )
    WEB_SESSION_IDLE_MIN = IntKey(
        WEB,
        "Session_Inactivite_en_minutes",
        30,
        QT_TRANSLATE_NOOP(
            "Settings",
            "A login session of the web view ends after this long without a page or an update "
            "being read (an open page keeps it alive).",
        ),
        minimum=1,
        maximum=10080,
    )
    WEB_SESSION_MAX_H = IntKey(
        WEB,
        "Session_Max_en_heures",
        12,
        QT_TRANSLATE_NOOP(
            "Settings", "A login session ends this long after the login, whatever the activity."
        ),
        minimum=1,
        maximum=720,
    )
    WEB_SCREEN_TOKENS = SecretKey(
        WEB,
        "Jetons_Ecrans",
        "",
        QT_TRANSLATE_NOOP(
            "Settings",
            "Screens that see full names without a login (a ward display): name:SHA-256 of its "
            "token, separated by ';'. Written by `synoptux web-account --screen-token NAME`, "
            "which shows the token once; only its hash is kept here.",
        ),
    )
