"""The admin PIN: stored hashed, one per site, its throttle, and its recovery.

Everything lives in the site's database (`synoptux_meta`), shared by every screen
and kept across restarts: the hash (`admin_pin`, scrypt with a random salt), the
count of wrong attempts and the time until which attempts wait
(`admin_pin_failures`, `admin_pin_blocked_until`), and the date the site first
had a PIN (`admin_pin_since`, never removed).

- After `FREE_ATTEMPTS` wrong PINs each further try waits longer (5 s, doubling up
  to 5 min). An attempt is counted *before* the PIN is checked, in a write
  transaction, so screens trying at the same time are all counted; a right PIN
  then clears the count. Delays are measured on the injectable clock.
- A database that has had a PIN (its `admin_pin_since` row, or a PIN event in
  the history) never goes back to "first use": if the hash disappears the PIN is
  *lost* and only `synoptux admin-pin --reset` (on a machine that can reach the
  database, with its synoptux.ini) or the site's recovery key sets a new one.
- The recovery key (`synoptux admin-pin --recovery-key`) is 16 digits, shown once;
  only its scrypt hash is written in synoptux.ini (`[Interface] Cle_Secours_Admin`),
  so it is as safe as that file's permissions (0600, see fileperm). Typing it on a
  screen sets a new PIN, under the same throttle.
- An unlock opens an *admin session* with a random id; every change made in it is
  recorded with that id and the screen's name (services/audit.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from synoptux.db.engine import Database
from synoptux.domain.clock import Clock
from synoptux.services import audit
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action

META_KEY = "admin_pin"
FAILURES_KEY = "admin_pin_failures"
BLOCKED_KEY = "admin_pin_blocked_until"
SINCE_KEY = "admin_pin_since"
PIN_MIN, PIN_MAX = 4, 12
RECOVERY_DIGITS = 16
FREE_ATTEMPTS = 3
FIRST_DELAY_S, MAX_DELAY_S = 5, 300
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
PIN_EVENTS = ("admin PIN set", "admin PIN changed", "admin PIN reset")


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
    except (ValueError, TypeError, AttributeError):
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


def new_recovery_key() -> tuple[str, str]:
    """(the key to give the administrator once, the hash to keep in synoptux.ini)."""
    key = "".join(secrets.choice("0123456789") for _ in range(RECOVERY_DIGITS))
    return key, hash_pin(key)


def delay_after(failures: int) -> int:
    """Seconds the next attempt waits after `failures` wrong ones in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S)


class PinState(StrEnum):
    UNSET = "unset"  # never had a PIN: the first one is set on a screen
    SET = "set"
    LOST = "lost"  # had one, its hash is gone: CLI or recovery key only


class PinThrottled(ActionRefused):
    """Too many wrong PINs: wait `seconds` before the next try."""

    def __init__(self, seconds: int) -> None:
        super().__init__("pin_wait", f"Too many wrong PINs: wait {seconds} s.", seconds=seconds)
        self.seconds = seconds


class PinLost(ActionRefused):
    def __init__(self) -> None:
        super().__init__(
            "pin_lost",
            "The admin PIN of this site was removed from the database. Set a new one on the "
            "server with 'synoptux admin-pin --reset', or here with the site's recovery key.",
        )


class PinStore:
    """The hashed PIN and its throttle in `synoptux_meta`, and the PIN's history rows."""

    def __init__(self, db: Database, clock: Clock, actor: str = "", source: str = "admin") -> None:
        self.db, self.t, self.clock = db, db.tables, clock
        self.actor, self.source = actor, source

    # -- reading ---------------------------------------------------------------------
    def _meta(self, conn: Connection, key: str) -> str | None:
        m = self.t.meta.c
        return conn.execute(select(m.SM_Valeur).where(m.SM_Cle == key)).scalar()

    def stored(self) -> str | None:
        with self.db.connect() as conn:
            return self._meta(conn, META_KEY)

    def _state(self, conn: Connection) -> PinState:
        if self._meta(conn, META_KEY):
            return PinState.SET
        if self._meta(conn, SINCE_KEY) is not None:
            return PinState.LOST
        h = self.t.historique.c
        had = conn.execute(
            select(func.count())
            .select_from(self.t.historique)
            .where(h.HI_Action == Action.ADMIN.value, h.HI_Commentaire.in_(PIN_EVENTS))
        ).scalar_one()
        return PinState.LOST if had else PinState.UNSET

    def state(self) -> PinState:
        with self.db.connect() as conn:
            return self._state(conn)

    def is_set(self) -> bool:
        return self.state() is PinState.SET

    def check(self, pin: str) -> bool:
        """Compare only (no throttle): for code that already went through `attempt`."""
        stored = self.stored()
        return bool(stored) and verify_pin((pin or "").strip(), stored or "")

    def failures(self) -> int:
        with self.db.connect() as conn:
            return self._failures(conn)

    def _failures(self, conn: Connection) -> int:
        """The count of wrong attempts; a value written by hand never gives free attempts
        (garbage counts as the threshold reached, a negative number as zero)."""
        raw = (self._meta(conn, FAILURES_KEY) or "0").strip() or "0"
        try:
            return max(int(raw), 0)
        except ValueError:
            return FREE_ATTEMPTS

    def wait_seconds(self) -> int:
        with self.db.connect() as conn:
            return self._wait(conn)

    def _wait(self, conn: Connection) -> int:
        raw = self._meta(conn, BLOCKED_KEY)
        if not raw:
            return 0
        try:
            until = datetime.fromisoformat(raw)
        except ValueError:  # written by hand: the longest delay (`attempt` rewrites it)
            return MAX_DELAY_S
        left = (until - self.clock.now()).total_seconds()
        # never longer than the longest delay: a date far ahead written into the table
        # must not lock administration out for good
        return min(max(int(left + 0.999), 0), MAX_DELAY_S)

    # -- writing ---------------------------------------------------------------------
    def _put(self, conn: Connection, key: str, value: str | None) -> None:
        meta = self.t.meta
        done = conn.execute(meta.update().where(meta.c.SM_Cle == key).values(SM_Valeur=value))
        if done.rowcount == 0:
            conn.execute(meta.insert().values(SM_Cle=key, SM_Valeur=value))

    def _ensure_rows(self) -> None:
        """The throttle rows exist before anyone locks them (two screens may race here)."""
        for key in (FAILURES_KEY, BLOCKED_KEY):

            def ensure(conn: Connection, k: str = key) -> None:
                if self._meta(conn, k) is None:
                    conn.execute(self.t.meta.insert().values(SM_Cle=k, SM_Valeur=""))

            try:
                self.db.transaction(ensure)
            except IntegrityError:
                pass

    def _event(self, conn: Connection, what: str, session: str | None = None) -> None:
        audit.write(
            conn,
            self.t,
            when=self.clock.now(),
            actor=self.actor,
            session=session,
            subject="pin",
            what=what,
        )

    def attempt(
        self,
        secret: str,
        against: str | None = None,
        session: str | None = None,
        *,
        opening: bool = True,
    ) -> bool:
        """A throttled try of the PIN (or of the recovery key whose hash is `against`);
        a right PIN with `opening` records that admin `session` opened.

        Raises PinThrottled while attempts wait, PinLost when there is no PIN to try."""
        self._ensure_rows()
        meta = self.t.meta

        def reserve(conn: Connection) -> tuple[str | None, int]:
            # (the hash to check, or the seconds to wait; a wait is committed, then refused)
            conn.execute(
                select(meta.c.SM_Cle)
                .where(meta.c.SM_Cle.in_((FAILURES_KEY, BLOCKED_KEY)))
                .with_for_update()
            ).all()
            wait = self._wait(conn)
            if wait:
                raw = self._meta(conn, BLOCKED_KEY) or ""
                try:
                    sane = datetime.fromisoformat(raw) <= self.clock.now() + timedelta(
                        seconds=MAX_DELAY_S
                    )
                except ValueError:
                    sane = False
                if not sane:  # a hand-written value: from now on, the longest delay
                    longest = self.clock.now() + timedelta(seconds=MAX_DELAY_S)
                    self._put(conn, BLOCKED_KEY, longest.isoformat())
                    return None, MAX_DELAY_S
                raise PinThrottled(wait)
            stored = against if against is not None else self._meta(conn, META_KEY)
            if not stored and against is None and self._state(conn) is PinState.LOST:
                raise PinLost()
            failures = self._failures(conn) + 1
            self._put(conn, FAILURES_KEY, str(failures))
            delay = delay_after(failures)
            until = self.clock.now() + timedelta(seconds=delay) if delay else None
            self._put(conn, BLOCKED_KEY, until.isoformat() if until else "")
            return stored, 0

        stored, wait = self.db.transaction(reserve)
        if wait:
            raise PinThrottled(wait)
        ok = bool(stored) and verify_pin((secret or "").strip(), stored or "")
        what = "recovery key" if against is not None else "admin PIN"

        def settle(conn: Connection) -> None:
            if ok:
                self._put(conn, FAILURES_KEY, "0")
                self._put(conn, BLOCKED_KEY, "")
                if opening and against is None:
                    self._event(conn, "admin session opened", session)
            else:
                n = self._failures(conn)
                self._event(conn, f"wrong {what} (attempt {n} in a row)")

        self.db.transaction(settle)
        return ok

    def set_pin(
        self, new_pin: str, current_pin: str | None = None, session: str | None = None
    ) -> None:
        """Set the PIN: the first time freely, afterwards only with the current one
        (a throttled attempt). Refused on a site whose PIN was lost."""
        new_pin = check_pin_format(new_pin)
        state = self.state()
        if state is PinState.LOST:
            raise PinLost()
        if state is PinState.SET and not self.attempt(current_pin or "", opening=False):
            raise ActionRefused("pin_wrong", "The current PIN is wrong.")
        what = "admin PIN changed" if state is PinState.SET else "admin PIN set"
        self._write(new_pin, what, session, first=state is PinState.UNSET)

    def reset_pin(self, new_pin: str, how: str, session: str | None = None) -> None:
        """Set a new PIN without the old one: `synoptux admin-pin --reset` on the server,
        or after the recovery key was typed right. Clears the throttle."""
        self._write(check_pin_format(new_pin), f"admin PIN reset ({how})", session, reset=True)

    def _write(
        self, pin: str, what: str, session: str | None, *, first: bool = False, reset: bool = False
    ) -> None:
        value = hash_pin(pin)
        since = self.clock.now().isoformat()

        def tx(conn: Connection) -> None:
            if first and self._state(conn) is not PinState.UNSET:  # another screen was first
                raise ActionRefused("pin_exists", "An admin PIN is already set.")
            self._put(conn, META_KEY, value)
            if self._meta(conn, SINCE_KEY) is None:
                self._put(conn, SINCE_KEY, since)
            if reset:
                self._put(conn, FAILURES_KEY, "0")
                self._put(conn, BLOCKED_KEY, "")
            self._event(conn, what, session)

        self.db.transaction(tx)


class AdminLock:
    """Unlocked by a right PIN for one admin session; locks again after `idle_seconds`
    without a touch, or when told (the session ended)."""

    def __init__(self, store: PinStore, clock: Clock, idle_seconds: int) -> None:
        self.store, self.clock, self.idle_seconds = store, clock, idle_seconds
        self._last_touch: datetime | None = None  # None = locked
        self.session: str | None = None

    @property
    def unlocked(self) -> bool:
        if self._last_touch is None:
            return False
        if self.clock.now() - self._last_touch >= timedelta(seconds=self.idle_seconds):
            self.lock()
            return False
        return True

    def touch(self) -> None:
        """A touch in an admin window: the idle time starts again (only while unlocked)."""
        if self.unlocked:
            self._last_touch = self.clock.now()

    def lock(self) -> None:
        self._last_touch = None
        self.session = None

    def wait_seconds(self) -> int:
        return self.store.wait_seconds()

    def _open(self, session: str) -> None:
        self.session = session
        self._last_touch = self.clock.now()

    def unlock(self, pin: str) -> bool:
        """True and unlocked when the PIN is right; raises PinThrottled while attempts
        wait and PinLost when the site's PIN was removed."""
        session = secrets.token_hex(4)
        if self.store.attempt(pin, session=session):
            self._open(session)
            return True
        return False

    def first_pin(self, pin: str) -> None:
        """Set the PIN on first use (refused once one exists, or was lost) and unlock."""
        state = self.store.state()
        if state is PinState.LOST:
            raise PinLost()
        if state is PinState.SET:
            raise ActionRefused("pin_exists", "An admin PIN is already set.")
        session = secrets.token_hex(4)
        self.store._write(check_pin_format(pin), "admin PIN set", session, first=True)
        self._open(session)

    def recover(self, key: str, new_pin: str, key_hash: str | None) -> None:
        """The site's recovery key typed right: set `new_pin` and unlock."""
        new_pin = check_pin_format(new_pin)
        if not key_hash:
            raise ActionRefused(
                "recovery_unset",
                "This screen has no recovery key ([Interface] Cle_Secours_Admin): use "
                "'synoptux admin-pin --reset' on the server.",
            )
        if not self.store.attempt(key, against=key_hash):
            raise ActionRefused("recovery_wrong", "The recovery key is wrong.")
        session = secrets.token_hex(4)
        self.store.reset_pin(new_pin, "recovery key", session)
        self._open(session)
