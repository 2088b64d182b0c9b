"""`synoptux admin-pin` on the command line: the PIN's state, a reset after its loss, the
recovery key (see services/admin_pin.py)."""

from __future__ import annotations

import argparse
import sys

from synoptux.config import KEYS, Settings
from synoptux.services.setup import open_database


def _read_pin_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("New admin PIN: "), getpass.getpass("Same PIN again: ")
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
            print(
                f"admin PIN: {store.state().value}; wrong attempts in a row: {store.failures()}"
                + (f"; next attempt in {wait} s" if wait else "")
            )
            return 0
        if args.reset:
            pin, again = _read_pin_twice()
            if pin != again:
                print("synoptux admin-pin: the two PINs differ; nothing changed", file=sys.stderr)
                return 2
            try:
                store.reset_pin(pin, "command line")
            except ActionRefused as exc:
                print(f"synoptux admin-pin: {exc.message} Nothing changed.", file=sys.stderr)
                return 2
            print("admin PIN set; wrong-attempt count cleared (recorded in the history)")
            return 0
        if settings.path is None:
            print("synoptux admin-pin: no synoptux.ini to keep the key's hash in", file=sys.stderr)
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
        print(f"recovery key: {groups}")
        print(
            f"(only its hash is kept, in {settings.path}: note the key now and keep it in a "
            "safe place; typed on a screen it sets a new admin PIN)"
        )
        return 0
    finally:
        db.dispose()
