"""`synoptux web-account`: the accounts of the web view and the screens' tokens.

Accounts live in the database (every `synoptux serve` of the site follows at once; each
change goes to the history and the audit table); screen tokens in synoptux.ini (only
their hash; a running server re-reads the file).
"""

from __future__ import annotations

import argparse
import socket
import sys
from datetime import datetime

from synoptux.config import KEYS, Settings
from synoptux.db.schema import ensure_schema
from synoptux.services.errors import ActionRefused
from synoptux.services.web_accounts import AccountStore, drop_screen_token, new_screen_token
from synoptux.speech import translate


def _read_password_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(translate("WebAccount", "Password: ")), getpass.getpass(
            translate("WebAccount", "Same password again: ")
        )
    lines = sys.stdin.read().splitlines() + ["", ""]
    return lines[0], lines[1]


def _new_password() -> str | None:
    password, again = _read_password_twice()
    if password != again:
        print(
            translate(
                "WebAccount", "synoptux web-account: the two passwords differ; nothing changed"
            ),
            file=sys.stderr,
        )
        return None
    return password


def _tokens(args: argparse.Namespace, settings: Settings) -> int:
    if settings.path is None:
        print(
            translate("WebAccount", "synoptux web-account: no synoptux.ini to keep the token in"),
            file=sys.stderr,
        )
        return 2
    raw = settings[KEYS.WEB_SCREEN_TOKENS]
    if args.drop_screen_token:
        dropped, value = drop_screen_token(args.drop_screen_token, raw)
        if not dropped:
            print(
                translate("WebAccount", "synoptux web-account: no token for {screen!r}").format(
                    screen=args.drop_screen_token
                ),
                file=sys.stderr,
            )
            return 2
        settings[KEYS.WEB_SCREEN_TOKENS] = value
        settings.save()
        print(
            translate("WebAccount", "token of screen {screen} revoked").format(
                screen=args.drop_screen_token
            )
        )
        return 0
    try:
        token, value = new_screen_token(args.screen_token, raw)
    except ActionRefused as exc:
        print(
            translate("WebAccount", "synoptux web-account: {why}").format(why=exc.message),
            file=sys.stderr,
        )
        return 2
    settings[KEYS.WEB_SCREEN_TOKENS] = value
    settings.save()
    print(
        translate("WebAccount", "screen {screen}: open /screen/{token} on that display").format(
            screen=args.screen_token, token=token
        )
    )
    print(
        translate(
            "WebAccount",
            "(shown once: only its hash is kept in synoptux.ini; anyone with this address sees "
            "full names, so type it on the display itself and never send it by mail)",
        )
    )
    return 0


def run_web_account(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.services.setup import open_database

    if args.screen_token or args.drop_screen_token:
        return _tokens(args, settings)
    actor = settings[KEYS.STATION] or socket.gethostname()[:64]
    db = open_database(settings)
    try:
        store = AccountStore(db, actor=f"{actor} (web-account)")
        if not store.table_present():
            ensure_schema(db)  # a database from before the web view: add its table
        when = datetime.now().replace(microsecond=0)
        try:
            if args.list:
                for a in store.accounts():
                    state = (
                        translate("WebAccount", "active")
                        if a.active
                        else translate("WebAccount", "disabled")
                    )
                    changed = translate("WebAccount", "(changed {when})").format(
                        when=a.changed or "?"
                    )
                    print(f"{a.login}\t{state}\t{a.name}\t{changed}")
                return 0
            if args.add:
                password = _new_password()
                if password is None:
                    return 2
                store.add(args.add, args.name, password, when)
                print(
                    translate("WebAccount", "web account {login} added").format(
                        login=args.add.strip().lower()
                    )
                )
            elif args.password:
                password = _new_password()
                if password is None:
                    return 2
                store.set_password(args.password, password, when)
                print(
                    translate(
                        "WebAccount",
                        "password of {login} changed (its open sessions end within a minute)",
                    ).format(login=args.password)
                )
            elif args.disable:
                store.set_active(args.disable, False, when)
                print(
                    translate("WebAccount", "web account {login} disabled").format(
                        login=args.disable
                    )
                )
            elif args.enable:
                store.set_active(args.enable, True, when)
                print(
                    translate("WebAccount", "web account {login} enabled").format(login=args.enable)
                )
            elif args.remove:
                store.remove(args.remove, when)
                print(
                    translate("WebAccount", "web account {login} removed").format(login=args.remove)
                )
        except ActionRefused as exc:
            print(
                translate("WebAccount", "synoptux web-account: {why} Nothing changed.").format(
                    why=exc.message
                ),
                file=sys.stderr,
            )
            return 2
        return 0
    finally:
        db.dispose()
