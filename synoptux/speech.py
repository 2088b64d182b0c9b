"""Words for the user in the interface language, for the layers without Qt (services/,
ingest/, stats/, config*): Qt's translator is given to them by the caller in ui/.

Every text is written as a literal at its call site so that `pyside6-lupdate` finds it
(README, "Translations"): `translate("Context", "text")` where it is said, and
`QT_TRANSLATE_NOOP("Context", "text")` where it is only defined and said later (the
caller then passes the variable to `translate` / `QCoreApplication.translate`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Translate = Callable[[str, str], str]


def _english(_context: str, text: str) -> str:
    return text


# The whole process's translator (the window installs Qt's at start) and a scoped one
# (`synoptux doctor`'s report): the scoped one wins while it is set.
_process: list[Translate] = [_english]
_scoped: ContextVar[Translate | None] = ContextVar("synoptux_translate", default=None)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Marks `text` for translation in `context` without translating it now."""
    return text


def translate(context: str, text: str) -> str:
    """`text` in the interface language (English while no translator is given)."""
    return (_scoped.get() or _process[0])(context, text)


def speak_with(fn: Translate | None) -> None:
    """The process's translator from now on (None: English)."""
    _process[0] = fn or _english


@contextmanager
def speaking(fn: Translate) -> Iterator[None]:
    """Texts made in this context (this thread) are translated by `fn`."""
    token = _scoped.set(fn)
    try:
        yield
    finally:
        _scoped.reset(token)
