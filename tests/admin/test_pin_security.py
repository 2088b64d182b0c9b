"""The PIN's throttle lives in the database (shared by screens, kept across restarts);
a site that had a PIN never falls back to "first use"; a lost PIN is set again only with
`synoptux admin-pin --reset` or the site's recovery key."""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from synoptux.config import Settings
from synoptux.services.admin_pin import (
    FREE_ATTEMPTS,
    META_KEY,
    SINCE_KEY,
    AdminLock,
    PinLost,
    PinState,
    PinStore,
    PinThrottled,
)
from synoptux.services.errors import ActionRefused


def screen(db, clock, name: str = "poste-1") -> AdminLock:
    """One screen's lock, as a new process would build it."""
    return AdminLock(PinStore(db, clock, actor=name), clock, idle_seconds=120)


def admin_rows(db) -> list[tuple]:
    h = db.tables.historique.c
    with db.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(h.HI_Commentaire, h.HI_Code_acteur, h.HI_Source)
                .where(h.HI_Action == "ADMIN")
                .order_by(h.HI_PK)
            )
        ]


def test_wrong_pins_are_counted_for_the_whole_site_and_survive_restarts(db, clock) -> None:
    PinStore(db, clock).set_pin("4321")
    a, b = screen(db, clock, "poste-a"), screen(db, clock, "poste-b")
    assert a.unlock("0000") is False and b.unlock("1111") is False
    assert screen(db, clock, "poste-c").unlock("2222") is False  # a third screen, or a restart
    for lock in (a, b, screen(db, clock, "poste-a")):  # every screen now waits, even restarted
        with pytest.raises(PinThrottled) as info:
            lock.unlock("4321")
        assert info.value.seconds == 5
    clock.advance(seconds=5)
    assert b.unlock("9999") is False
    with pytest.raises(PinThrottled) as info:
        a.unlock("4321")
    assert info.value.seconds == 10  # doubling, counted across screens
    clock.advance(seconds=10)
    assert a.unlock("4321") and a.session
    assert PinStore(db, clock).failures() == 0 and PinStore(db, clock).wait_seconds() == 0
    rows = admin_rows(db)
    assert [r[0] for r in rows].count("wrong admin PIN (attempt 1 in a row)") == 1
    assert rows[-1] == ("admin session opened", "poste-a", f"admin:{a.session}")
    assert FREE_ATTEMPTS == 3


def test_a_site_that_had_a_pin_never_falls_back_to_first_use(db, clock) -> None:
    store = PinStore(db, clock)
    assert store.state() is PinState.UNSET
    screen(db, clock).first_pin("2468")
    m = db.tables.meta
    db.transaction(lambda c: c.execute(delete(m).where(m.c.SM_Cle == META_KEY)))  # the row "lost"
    assert store.state() is PinState.LOST
    lock = screen(db, clock)
    with pytest.raises(PinLost):
        lock.first_pin("1111")
    with pytest.raises(PinLost):
        lock.unlock("1111")
    with pytest.raises(PinLost):
        store.set_pin("1111")
    assert not lock.unlocked and store.stored() is None
    # even without its marker row, the history remembers the PIN
    db.transaction(lambda c: c.execute(delete(m).where(m.c.SM_Cle == SINCE_KEY)))
    assert store.state() is PinState.LOST
    with pytest.raises(PinLost):
        lock.first_pin("1111")


def test_reset_clears_the_throttle_and_is_recorded(db, clock) -> None:
    store = PinStore(db, clock, actor="serveur")
    store.set_pin("2468")
    for _ in range(FREE_ATTEMPTS + 1):
        try:
            screen(db, clock).unlock("0000")
        except PinThrottled:
            clock.advance(seconds=300)
    store.reset_pin("8642", "command line")
    assert store.check("8642") and store.failures() == 0 and store.wait_seconds() == 0
    assert admin_rows(db)[-1][:2] == ("admin PIN reset (command line)", "serveur")


def test_recovery_key_sets_a_new_pin_under_the_throttle(db, clock) -> None:
    from synoptux.services.admin_pin import new_recovery_key

    key, key_hash = new_recovery_key()
    assert len(key) == 16 and key.isdigit() and key not in key_hash
    PinStore(db, clock).set_pin("2468")
    lock = screen(db, clock)
    with pytest.raises(ActionRefused) as info:
        lock.recover("0" * 16, "1357", key_hash)
    assert info.value.code == "recovery_wrong"
    with pytest.raises(ActionRefused) as info:
        lock.recover(key, "1357", None)  # this screen's ini has no key
    assert info.value.code == "recovery_unset"
    lock.recover(key, "1357", key_hash)
    assert lock.unlocked and PinStore(db, clock).check("1357")
    assert "admin PIN reset (recovery key)" in [r[0] for r in admin_rows(db)]


def _cli(args: list[str], stdin: str, monkeypatch) -> tuple[int, str, str]:
    from synoptux.cli import main

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = main(["--lang", "en", *args])  # the English source (French: tests/startup)
    return code, out.getvalue(), err.getvalue()


def test_cli_reset_and_recovery_key(tmp_path: Path, monkeypatch) -> None:
    from synoptux.db.engine import Database
    from synoptux.domain.clock import SystemClock

    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{tmp_path / 'b.db'}\n", encoding="utf-8")
    os.chmod(ini, 0o640)
    assert _cli(["--config", str(ini), "init-db"], "", monkeypatch)[0] == 0
    db = Database.from_url(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        store = PinStore(db, SystemClock())
        store.set_pin("2468")
        m = db.tables.meta
        db.transaction(lambda c: c.execute(delete(m).where(m.c.SM_Cle == META_KEY)))
        code, out, _err = _cli(["--config", str(ini), "admin-pin", "--status"], "", monkeypatch)
        assert code == 0 and "lost" in out
        code, _out, err = _cli(
            ["--config", str(ini), "admin-pin", "--reset"], "12\n12\n", monkeypatch
        )
        assert code == 2 and "4 to 12 digits" in err and store.state() is PinState.LOST
        code, _out, err = _cli(
            ["--config", str(ini), "admin-pin", "--reset"], "8642\n8640\n", monkeypatch
        )
        assert code == 2 and "differ" in err
        code, out, _err = _cli(
            ["--config", str(ini), "admin-pin", "--reset"], "8642\n8642\n", monkeypatch
        )
        assert code == 0 and store.check("8642"), out
        code, out, _err = _cli(
            ["--config", str(ini), "admin-pin", "--recovery-key"], "", monkeypatch
        )
        assert code == 0
        key = next(w for w in out.replace("-", "").split() if w.isdigit() and len(w) == 16)
        saved = Settings.load(ini).raw("Interface", "Cle_Secours_Admin") or ""
        assert saved.startswith("scrypt$") and key not in ini.read_text(encoding="utf-8")
        assert stat.S_IMODE(os.stat(ini).st_mode) == 0o640  # the ini kept its mode
        lock = AdminLock(store, SystemClock(), 120)
        lock.recover(key, "1357", saved)
        assert store.check("1357")
    finally:
        db.dispose()


def test_hostile_throttle_rows_give_no_free_attempts_and_no_lock_out_for_good(db, clock) -> None:
    """Rows written straight into synoptux_meta: a negative or garbage count, a date far
    ahead or garbage as the end of the wait."""
    from synoptux.services.admin_pin import BLOCKED_KEY, FAILURES_KEY, MAX_DELAY_S

    store = PinStore(db, clock)
    store.set_pin("4321")
    m = db.tables.meta

    def put(key: str, value: str) -> None:
        db.transaction(
            lambda c: c.execute(m.update().where(m.c.SM_Cle == key).values(SM_Valeur=value))
        )

    lock = screen(db, clock)
    assert lock.unlock("4321")  # the throttle rows exist now
    put(FAILURES_KEY, "-1000000")
    for _ in range(FREE_ATTEMPTS):
        assert lock.unlock("0000") is False
    with pytest.raises(PinThrottled):
        lock.unlock("4321")  # no million free attempts
    clock.advance(seconds=MAX_DELAY_S)
    put(FAILURES_KEY, "beaucoup")
    assert lock.unlock("0000") is False
    with pytest.raises(PinThrottled):
        lock.unlock("4321")  # garbage counts as the threshold reached
    for value in ("9999-12-31T23:59:00", "n'importe quoi"):
        put(BLOCKED_KEY, value)
        with pytest.raises(PinThrottled) as info:
            lock.unlock("4321")
        assert info.value.seconds <= MAX_DELAY_S
        clock.advance(seconds=MAX_DELAY_S)
        assert lock.unlock("4321"), value  # locked out for the longest delay, not for good
