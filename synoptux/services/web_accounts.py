"""Accounts of the read-only web view (`synoptux serve`): who may see full names.

One row per login in `synoptux_web_accounts`; the password is stored as a salted scrypt
hash, the same scheme as the admin PIN (`admin_pin.hash_pin`). Accounts are managed on the
command line (`synoptux web-account`), each change recorded in the audit table; the web
server only reads them (`verify`).

Screen tokens (`[Web] Jetons_Ecrans`): a ward display that shows full names without anyone
logging in. The ini keeps `name:sha256(token)` only; a token is 32 random bytes, so a plain
SHA-256 is as strong as a slow hash here (nothing to guess).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, select

from synoptux.db.engine import Database
from synoptux.services import audit
from synoptux.services.admin_pin import hash_pin, verify_pin
from synoptux.services.errors import ActionRefused

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
PASSWORD_MIN, PASSWORD_MAX = 10, 200
_DUMMY_HASH = hash_pin("not a password", b"synoptux-dummy!!")
TOKEN_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Account:
    login: str
    name: str
    active: bool
    created: datetime | None
    changed: datetime | None
    stamp: str = ""  # a digest of the stored hash: a new password ends the old sessions


def normalise_login(login: str) -> str:
    text = (login or "").strip().lower()
    if not LOGIN_RE.match(text):
        raise ActionRefused(
            "login_format",
            "A login is 1 to 64 characters: lower-case letters, digits, '.', '_' or '-'.",
        )
    return text


def check_password(password: str) -> str:
    if not PASSWORD_MIN <= len(password or "") <= PASSWORD_MAX:
        raise ActionRefused(
            "password_format",
            f"A password has {PASSWORD_MIN} to {PASSWORD_MAX} characters.",
        )
    return password


def _stamp(stored: str | None) -> str:
    return hashlib.sha256((stored or "").encode()).hexdigest()[:16]


class AccountStore:
    """The accounts table: read by the web server, written by the command line."""

    def __init__(self, db: Database, actor: str = "command line") -> None:
        self.db, self.t, self.actor = db, db.tables, actor

    def table_present(self) -> bool:
        with self.db.connect() as conn:
            return inspect(conn).has_table(self.t.web_accounts.name)

    # -- reading (the web server) -------------------------------------------------------
    def verify(self, login: str, password: str) -> Account | None:
        """The account when `login` and `password` match an active account, else None.
        An unknown login costs one scrypt too, so timing does not tell which logins exist."""
        try:
            key = normalise_login(login)
        except ActionRefused:
            verify_pin(password or "", _DUMMY_HASH)
            return None
        a = self.t.web_accounts.c
        with self.db.connect() as conn:
            row = conn.execute(
                select(a.WA_Login, a.WA_Nom, a.WA_Hash, a.WA_Actif, a.WA_Cree, a.WA_Modifie).where(
                    a.WA_Login == key
                )
            ).first()
        if row is None or row.WA_Login.lower() != key:
            verify_pin(password or "", _DUMMY_HASH)
            return None
        if not verify_pin(password or "", row.WA_Hash or "") or not row.WA_Actif:
            return None
        return Account(
            row.WA_Login, row.WA_Nom or "", True, row.WA_Cree, row.WA_Modifie, _stamp(row.WA_Hash)
        )

    def active_stamps(self) -> dict[str, str]:
        """{login: stamp} of the active accounts (sessions of any other end)."""
        a = self.t.web_accounts.c
        with self.db.connect() as conn:
            rows = conn.execute(select(a.WA_Login, a.WA_Hash).where(a.WA_Actif != 0)).all()
        return {login: _stamp(digest) for login, digest in rows}

    def accounts(self) -> list[Account]:
        a = self.t.web_accounts.c
        with self.db.connect() as conn:
            rows = conn.execute(
                select(a.WA_Login, a.WA_Nom, a.WA_Actif, a.WA_Cree, a.WA_Modifie).order_by(
                    a.WA_Login
                )
            ).all()
        return [Account(r[0], r[1] or "", bool(r[2]), r[3], r[4]) for r in rows]

    # -- writing (the command line) ------------------------------------------------------
    def _record(self, conn, when: datetime, what: str) -> None:
        """The history and audit rows, in the change's own transaction."""
        audit.write(
            conn, self.t, when=when, actor=self.actor, session=None, subject="web", what=what
        )

    def add(self, login: str, name: str, password: str, when: datetime) -> Account:
        key = normalise_login(login)
        check_password(password)
        a = self.t.web_accounts

        def tx(conn) -> None:
            if conn.execute(select(a.c.WA_Login).where(a.c.WA_Login == key)).first():
                raise ActionRefused("login_taken", f"The login {key!r} already exists.")
            conn.execute(
                a.insert().values(
                    WA_Login=key,
                    WA_Nom=(name or "").strip()[:128],
                    WA_Hash=hash_pin(password),
                    WA_Actif=1,
                    WA_Cree=when,
                    WA_Modifie=when,
                )
            )
            self._record(conn, when, f"web account {key} added")

        self.db.transaction(tx)
        return Account(key, name or "", True, when, when)

    def _update(self, login: str, when: datetime, what: str, **values: object) -> None:
        key = normalise_login(login)
        a = self.t.web_accounts

        def tx(conn) -> None:
            done = conn.execute(
                a.update().where(a.c.WA_Login == key).values(WA_Modifie=when, **values)
            ).rowcount
            if not done:
                raise ActionRefused("login_unknown", f"There is no web account {key!r}.")
            self._record(conn, when, f"web account {key} {what}")

        self.db.transaction(tx)

    def set_password(self, login: str, password: str, when: datetime) -> None:
        check_password(password)
        self._update(login, when, "password changed", WA_Hash=hash_pin(password))

    def set_active(self, login: str, active: bool, when: datetime) -> None:
        self._update(login, when, "enabled" if active else "disabled", WA_Actif=int(active))

    def remove(self, login: str, when: datetime) -> None:
        key = normalise_login(login)
        a = self.t.web_accounts

        def tx(conn) -> None:
            if not conn.execute(a.delete().where(a.c.WA_Login == key)).rowcount:
                raise ActionRefused("login_unknown", f"There is no web account {key!r}.")
            self._record(conn, when, f"web account {key} removed")

        self.db.transaction(tx)


# -- screen tokens ------------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def parse_tokens(raw: str) -> dict[str, str]:
    """`name:hash; name2:hash2` -> {hash: name} (malformed parts are ignored)."""
    out: dict[str, str] = {}
    for part in re.split(r"[;\n]", raw or ""):
        name, sep, digest = part.strip().partition(":")
        digest = digest.strip().lower()
        if sep and TOKEN_NAME_RE.match(name.strip()) and re.fullmatch(r"[0-9a-f]{64}", digest):
            out[digest] = name.strip()
    return out


def format_tokens(tokens: dict[str, str]) -> str:
    return " ; ".join(f"{name}:{digest}" for digest, name in tokens.items())


def screen_for(token: str, tokens: dict[str, str]) -> str | None:
    """The screen name whose token this is, compared in constant time."""
    digest = token_hash(token)
    found = None
    for known, name in tokens.items():
        if hmac.compare_digest(known, digest):
            found = name
    return found


def new_screen_token(name: str, raw: str) -> tuple[str, str]:
    """(the token to give the screen once, the new value of `Jetons_Ecrans`)."""
    if not TOKEN_NAME_RE.match(name or ""):
        raise ActionRefused(
            "token_name", "A screen name is 1 to 64 letters, digits, '.', '_' or '-'."
        )
    tokens = {d: n for d, n in parse_tokens(raw).items() if n != name}
    token = secrets.token_urlsafe(32)
    tokens[token_hash(token)] = name
    return token, format_tokens(tokens)


def drop_screen_token(name: str, raw: str) -> tuple[bool, str]:
    tokens = parse_tokens(raw)
    kept = {d: n for d, n in tokens.items() if n != name}
    return len(kept) != len(tokens), format_tokens(kept)
