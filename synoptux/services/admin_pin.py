"""The admin PIN: stored hashed, one per site, and the lock that follows it.

The hash lives in the `synoptux_meta` table (key `admin_pin`), not in
synoptux.ini: ini files get copied from screen to screen, and every screen of a
site shares the database, so one PIN serves the whole site. The hash is scrypt
with a random salt. After `FREE_ATTEMPTS` wrong PINs each further try waits
longer (5 s, doubling up to 5 min); lock and delays are measured on the
injectable clock, so tests advance a FakeClock instead of sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from synoptux.db.engine import Database
from synoptux.domain.clock import Clock
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record

META_KEY = "admin_pin"
PIN_MIN, PIN_MAX = 4, 12
FREE_ATTEMPTS = 3
FIRST_DELAY_S, MAX_DELAY_S = 5, 300
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt_hex), dklen=32, n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


def check_pin_format(pin: str) -> str:
    pin = (pin or "").strip()
    if not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise ActionRefused(
            "pin_format",
            f"The PIN must be {PIN_MIN} to {PIN_MAX} digits.",
            min=PIN_MIN,
            max=PIN_MAX,
        )
    return pin


class PinThrottled(ActionRefused):
    """Too many wrong PINs: wait `seconds` before the next try."""

    def __init__(self, seconds: int) -> None:
        super().__init__("pin_wait", f"Too many wrong PINs: wait {seconds} s.", seconds=seconds)
        self.seconds = seconds


class PinStore:
    """The hashed PIN in `synoptux_meta`."""

    def __init__(self, db: Database, clock: Clock, actor: str = "", source: str = "admin") -> None:
        self.db, self.t, self.clock = db, db.tables, clock
        self.actor, self.source = actor, source

    def stored(self) -> str | None:
        with self.db.connect() as conn:
            return conn.execute(
                select(self.t.meta.c.SM_Valeur).where(self.t.meta.c.SM_Cle == META_KEY)
            ).scalar()

    def is_set(self) -> bool:
        return bool(self.stored())

    def check(self, pin: str) -> bool:
        stored = self.stored()
        return bool(stored) and verify_pin((pin or "").strip(), stored or "")

    def set_pin(self, new_pin: str, current_pin: str | None = None) -> None:
        """Set the PIN: the first time freely, afterwards only with the current one."""
        new_pin = check_pin_format(new_pin)
        meta = self.t.meta

        def tx(conn: Connection) -> None:
            stored = conn.execute(
                select(meta.c.SM_Valeur).where(meta.c.SM_Cle == META_KEY)
            ).scalar()
            if stored and not verify_pin((current_pin or "").strip(), stored):
                raise ActionRefused("pin_wrong", "The current PIN is wrong.")
            value = hash_pin(new_pin)
            if stored is None:
                conn.execute(meta.insert().values(SM_Cle=META_KEY, SM_Valeur=value))
            else:
                conn.execute(meta.update().where(meta.c.SM_Cle == META_KEY).values(SM_Valeur=value))
            record(
                conn,
                self.t,
                Action.ADMIN,
                when=self.clock.now(),
                comment="admin PIN changed" if stored else "admin PIN set",
                actor=self.actor,
                source=self.source,
            )

        self.db.transaction(tx)


class AdminLock:
    """Unlocked by a right PIN; locks again after `idle_seconds` without a touch."""

    def __init__(self, store: PinStore, clock: Clock, idle_seconds: int) -> None:
        self.store, self.clock, self.idle_seconds = store, clock, idle_seconds
        self._last_touch: datetime | None = None  # None = locked
        self._failures = 0
        self._blocked_until: datetime | None = None

    @property
    def unlocked(self) -> bool:
        if self._last_touch is None:
            return False
        if self.clock.now() - self._last_touch >= timedelta(seconds=self.idle_seconds):
            self._last_touch = None
            return False
        return True

    def touch(self) -> None:
        """A touch anywhere: the idle time starts again (only while unlocked)."""
        if self.unlocked:
            self._last_touch = self.clock.now()

    def lock(self) -> None:
        self._last_touch = None

    def wait_seconds(self) -> int:
        if self._blocked_until is None:
            return 0
        left = (self._blocked_until - self.clock.now()).total_seconds()
        return max(int(left + 0.999), 0)

    def unlock(self, pin: str) -> bool:
        """True and unlocked when the PIN is right; raises PinThrottled while blocked."""
        wait = self.wait_seconds()
        if wait:
            raise PinThrottled(wait)
        if self.store.check(pin):
            self._failures, self._blocked_until = 0, None
            self._last_touch = self.clock.now()
            return True
        self._failures += 1
        extra = self._failures - FREE_ATTEMPTS
        if extra >= 0:
            delay = min(FIRST_DELAY_S * 2**extra, MAX_DELAY_S)
            self._blocked_until = self.clock.now() + timedelta(seconds=delay)
        return False

    def first_pin(self, pin: str) -> None:
        """Set the PIN on first use (refused once one exists) and unlock."""
        if self.store.is_set():
            raise ActionRefused("pin_exists", "An admin PIN is already set.")
        self.store.set_pin(pin)
        self._last_touch = self.clock.now()
