"""The admin PIN: hashed in synoptux_meta, wrong PIN refused, delays, idle lock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from synoptux.services.admin_pin import (
    FREE_ATTEMPTS,
    META_KEY,
    AdminLock,
    PinStore,
    PinThrottled,
)
from synoptux.services.errors import ActionRefused
from tests.support.admin import history


@pytest.fixture
def store(db, clock) -> PinStore:
    return PinStore(db, clock, actor="poste-1")


def stored_value(store: PinStore) -> str:
    m = store.t.meta.c
    with store.db.connect() as conn:
        return conn.execute(select(m.SM_Valeur).where(m.SM_Cle == META_KEY)).scalar_one()


def test_pin_is_stored_hashed_and_salted(store: PinStore, db, clock) -> None:
    assert not store.is_set()
    store.set_pin("4321")
    value = stored_value(store)
    assert "4321" not in value and value.startswith("scrypt$")
    assert store.check("4321") and not store.check("1234")
    other_site_screen = PinStore(db, clock)  # every screen of the site shares it
    assert other_site_screen.check("4321")
    assert history(db) == ["admin PIN set"]


def test_pin_format_and_change_needs_current(store: PinStore) -> None:
    for bad in ("", "123", "12ab", "1234567890123"):
        with pytest.raises(ActionRefused) as info:
            store.set_pin(bad)
        assert info.value.code == "pin_format"
    store.set_pin("4321")
    with pytest.raises(ActionRefused) as info:
        store.set_pin("5555", "0000")
    assert info.value.code == "pin_wrong" and store.check("4321")
    store.set_pin("5555", "4321")
    assert store.check("5555") and not store.check("4321")
    first = stored_value(store)
    store.set_pin("5555", "5555")
    assert stored_value(store) != first  # a new salt each time


def test_wrong_pins_are_refused_then_delayed(store: PinStore, clock) -> None:
    store.set_pin("4321")
    lock = AdminLock(store, clock, idle_seconds=120)
    for _ in range(FREE_ATTEMPTS):
        assert lock.unlock("0000") is False
    assert not lock.unlocked
    with pytest.raises(PinThrottled) as info:
        lock.unlock("4321")  # even the right PIN waits
    assert info.value.seconds == 5
    clock.advance(seconds=5)
    assert lock.unlock("1111") is False
    with pytest.raises(PinThrottled) as info:
        lock.unlock("4321")
    assert info.value.seconds == 10  # doubling
    clock.advance(seconds=10)
    assert lock.unlock("4321") and lock.unlocked
    assert lock.wait_seconds() == 0


def test_locks_after_idle_time_and_touch_extends(store: PinStore, clock) -> None:
    store.set_pin("4321")
    lock = AdminLock(store, clock, idle_seconds=120)
    assert lock.unlock("4321")
    clock.advance(seconds=100)
    lock.touch()
    clock.advance(seconds=100)
    assert lock.unlocked  # 100 s since the last touch
    clock.advance(seconds=20)
    assert not lock.unlocked
    lock.touch()  # a touch while locked does not unlock
    assert not lock.unlocked


def test_first_pin_only_once(store: PinStore, clock) -> None:
    lock = AdminLock(store, clock, idle_seconds=60)
    lock.first_pin("2468")
    assert lock.unlocked
    with pytest.raises(ActionRefused) as info:
        lock.first_pin("1357")
    assert info.value.code == "pin_exists" and store.check("2468")
