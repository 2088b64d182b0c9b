"""Column types that read legacy data without choking on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.types import DateTime, TypeDecorator, UserDefinedType

from synoptux.domain.timeparse import format_db_datetime, parse_db_datetime


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
