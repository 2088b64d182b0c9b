"""Who is looking: an anonymous viewer (initials), a logged-in account, or a ward screen.

- Sessions live in the server's memory only (nothing is written to the database): a
  random 32-byte id in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS), of which
  only a hash is kept. A session ends after `Session_Inactivite_en_minutes` without a page
  or an update being read, and `Session_Max_en_heures` after the login in any case; a
  restart of the server ends them all.
- Logins are throttled per address and per login, as the admin PIN is: after
  `FREE_ATTEMPTS` wrong passwords each further try waits longer (5 s doubling up to 5 min).
  The wait is checked before the password, so a throttled try costs no scrypt.
- Screen tokens (`[Web] Jetons_Ecrans`): re-read when synoptux.ini changes, so a revoked
  token stops working without a restart.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from synoptux.config import KEYS, Settings
from synoptux.services.admin_pin import delay_after
from synoptux.services.web_accounts import parse_tokens, screen_for

COOKIE = "stx_session"
MAX_SESSIONS = 5000
THROTTLE_KEYS = 10_000


@dataclass
class Session:
    login: str
    name: str
    created: float
    seen: float
    stamp: str = ""


@dataclass(frozen=True)
class Viewer:
    named: bool
    kind: str  # "anonymous", "account" or "screen"
    who: str = ""


ANONYMOUS = Viewer(False, "anonymous")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class Sessions:
    def __init__(
        self, idle_s: float, max_s: float, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_s, self.max_s = idle_s, max_s
        self._now = monotonic
        self._by_digest: dict[str, Session] = {}

    def create(self, login: str, name: str, stamp: str = "") -> str:
        self._sweep()
        if len(self._by_digest) >= MAX_SESSIONS:  # drop the oldest rather than grow
            oldest = min(self._by_digest, key=lambda d: self._by_digest[d].seen)
            del self._by_digest[oldest]
        token = secrets.token_urlsafe(32)
        now = self._now()
        self._by_digest[_digest(token)] = Session(login, name, now, now, stamp)
        return token

    def get(self, token: str | None, *, touch: bool = True) -> Session | None:
        if not token or len(token) > 100:
            return None
        digest = _digest(token)
        session = self._by_digest.get(digest)
        if session is None:
            return None
        now = self._now()
        if now - session.seen > self.idle_s or now - session.created > self.max_s:
            del self._by_digest[digest]
            return None
        if touch:
            session.seen = now
        return session

    def drop(self, token: str | None) -> None:
        if token:
            self._by_digest.pop(_digest(token), None)

    def keep_only(self, stamps: dict[str, str]) -> int:
        """End the sessions of accounts disabled, removed or given a new password since
        their login (`stamps`: login -> stamp of the active accounts). Returns how many."""
        gone = [d for d, s in self._by_digest.items() if stamps.get(s.login) != s.stamp]
        for digest in gone:
            del self._by_digest[digest]
        return len(gone)

    def logins(self) -> set[str]:
        return {s.login for s in self._by_digest.values()}

    def _sweep(self) -> None:
        now = self._now()
        for digest, s in list(self._by_digest.items()):
            if now - s.seen > self.idle_s or now - s.created > self.max_s:
                del self._by_digest[digest]

    def __len__(self) -> int:
        return len(self._by_digest)


class LoginThrottle:
    """Wrong passwords in a row, per address and per login, with the wait they impose."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, last failure)

    def wait(self, *keys: str) -> int:
        """Seconds to wait before the next try (0: go ahead)."""
        now = self._now()
        longest = 0.0
        for key in keys:
            count, last = self._failures.get(key, (0, 0.0))
            longest = max(longest, last + delay_after(count) - now)
        return int(longest + 0.999) if longest > 0 else 0

    def failed(self, *keys: str) -> None:
        if len(self._failures) >= THROTTLE_KEYS:  # forget the stalest keys, never grow
            for key in sorted(self._failures, key=lambda k: self._failures[k][1])[:1000]:
                del self._failures[key]
        now = self._now()
        for key in keys:
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)


class ScreenTokens:
    """`[Web] Jetons_Ecrans`, re-read when the ini file changes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._stamp: tuple | None = None
        self._tokens = parse_tokens(settings[KEYS.WEB_SCREEN_TOKENS])

    def _fresh(self) -> dict[str, str]:
        path: Path | None = self.settings.path
        if path is None:
            return self._tokens
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            return self._tokens
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                fresh = Settings.load(path)
                self._tokens = parse_tokens(fresh[KEYS.WEB_SCREEN_TOKENS])
            except Exception:  # a half-written ini: keep the last tokens
                pass
        return self._tokens

    def screen(self, token: str) -> str | None:
        if not token or len(token) > 100:
            return None
        return screen_for(token, self._fresh())
