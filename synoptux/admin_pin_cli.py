"""`synoptux admin-pin` on the command line: the PIN's state, a reset after its loss, the
recovery key (see services/admin_pin.py)."""

from __future__ import annotations

import argparse
import sys

from synoptux.config import KEYS, Settings
from synoptux.services.setup import open_database
from synoptux.speech import translate


def _read_pin_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        import getpass

        return (
            getpass.getpass(translate("AdminPin", "New admin PIN: ")),
            getpass.getpass(translate("AdminPin", "Same PIN again: ")),
        )
    lines = sys.stdin.read().splitlines() + ["", ""]
    return lines[0], lines[1]


def run_admin_pin(args: argparse.Namespace, settings: Settings) -> int:
    """On the server (or any machine with the site's synoptux.ini): the PIN's state, a reset
    after its loss, and the recovery key. The database is the site's: every screen follows."""
    import socket

    from synoptux.domain.clock import SystemClock
    from synoptux.services import admin_pin
    from synoptux.services.errors import ActionRefused

    clock = SystemClock()
    actor = settings[KEYS.STATION] or socket.gethostname()[:64]
    db = open_database(settings)
    try:
        store = admin_pin.PinStore(db, clock, actor=actor)
        if args.status:
            wait = store.wait_seconds()
            state = store.state().value
            state_words = {
                "set": translate("AdminPin", "set"),
                "unset": translate("AdminPin", "unset"),
                "lost": translate("AdminPin", "lost"),
            }
            print(
                translate(
                    "AdminPin", "admin PIN: {state}; wrong attempts in a row: {count}"
                ).format(state=state_words.get(state, state), count=store.failures())
                + (
                    translate("AdminPin", "; next attempt in {seconds} s").format(seconds=wait)
                    if wait
                    else ""
                )
            )
            return 0
        if args.reset:
            pin, again = _read_pin_twice()
            if pin != again:
                print(
                    translate(
                        "AdminPin", "synoptux admin-pin: the two PINs differ; nothing changed"
                    ),
                    file=sys.stderr,
                )
                return 2
            try:
                store.reset_pin(pin, "command line")
            except ActionRefused as exc:
                print(
                    translate("AdminPin", "synoptux admin-pin: {reason} Nothing changed.").format(
                        reason=exc.message
                    ),
                    file=sys.stderr,
                )
                return 2
            print(
                translate(
                    "AdminPin",
                    "admin PIN set; wrong-attempt count cleared (recorded in the history)",
                )
            )
            return 0
        if settings.path is None:
            print(
                translate(
                    "AdminPin", "synoptux admin-pin: no synoptux.ini to keep the key's hash in"
                ),
                file=sys.stderr,
            )
            return 2
        key, key_hash = admin_pin.new_recovery_key()
        settings[KEYS.ADMIN_RECOVERY_HASH] = key_hash
        settings.save()
        from synoptux.services import audit

        audit.record_change(
            db,
            when=clock.now(),
            actor=actor,
            session=None,
            subject="pin",
            what=f"admin recovery key renewed in {settings.path}",
        )
        groups = "-".join(key[i : i + 4] for i in range(0, len(key), 4))
        print(translate("AdminPin", "recovery key: {key}").format(key=groups))
        print(
            translate(
                "AdminPin",
                "(only its hash is kept, in {path}: note the key now and keep it in a "
                "safe place; typed on a screen it sets a new admin PIN)",
            ).format(path=settings.path)
        )
        return 0
    finally:
        db.dispose()
