"""Column types that read legacy data without choking on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.types import DateTime, Integer, TypeDecorator, TypeEngine, UserDefinedType

from synoptux.domain.timeparse import format_db_datetime, parse_db_datetime
from synoptux.domain.values import flag, whole_number


class _SqliteDateTimeText(UserDefinedType):
    """DATETIME as SQLite stores it: text, with no driver-side parsing."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        return "DATETIME"


class LegacyDateTime(TypeDecorator):
    """A datetime that reads 2.x data: sentinels (< 2000), zero dates, '... 01:01'
    without seconds, and text written by old programs all come back as a
    datetime or None, never as an exception that would hide a row."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SqliteDateTimeText())
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | str | None, dialect):
        if value is None:
            return None
        if isinstance(value, str):
            value = parse_db_datetime(value)
            if value is None:
                return None
        value = value.replace(microsecond=0, tzinfo=None)
        return format_db_datetime(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: object, dialect) -> datetime | None:
        return parse_db_datetime(value)


class _LegacyValue(TypeDecorator):
    """A column 2.x and MedinTux macros write as they like (a number as text, '' for
    "not set"), stored exactly as before: `storage` is the column's type as the DDL has
    always had it (`ensure_schema` compares and creates columns from it, so no site sees
    an ALTER). Reading is lenient (`domain.values`); writing passes the value through
    unchanged, so what lands in the database, and what 2.x and the macros read back, is
    what the writers wrote before these types existed."""

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = Integer
    cache_ok = True

    def __init__(self, storage: TypeEngine | type[TypeEngine]) -> None:
        super().__init__()
        self.storage = storage() if isinstance(storage, type) else storage
        self.impl = self.storage

    def process_bind_param(self, value: object, dialect) -> object:
        return value


class LegacyInt(_LegacyValue):
    """A whole number or None (`domain.values.whole_number`): '' and unreadable text are
    None, never an exception (TA_Duree_maxi, TA_Priorite, NT_Ordre...)."""

    cache_ok = True

    def process_result_value(self, value: object, dialect) -> int | None:
        return whole_number(value)


class LegacyFlag(_LegacyValue):
    """A 0/1 flag as a bool (`domain.values.flag`): on only when it says so; '', NULL and
    unreadable values are off (EC_Replier, EC_Anonyme, ET_Tache_terminee)."""

    cache_ok = True

    def process_result_value(self, value: object, dialect) -> bool:
        return flag(value)


def storage_type(kind: TypeEngine) -> TypeEngine:
    """The type a column is stored as: a legacy type's `storage`, any other type itself
    (for the code that asks "is this column text, of which width, an int?")."""
    return kind.storage if isinstance(kind, _LegacyValue) else kind
