"""The interface language for Qt (QtCore only: usable by the window and by the CLI).

The board window installs its translators on its QApplication; the headless commands
(`synoptux doctor`, `ingest`, `stats`... : cli.py's dispatch) load the same synoptux_fr.qm
into a QCoreApplication (no platform plugin needed)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file

from synoptux import shipped
from synoptux.config import KEYS, Settings

log = logging.getLogger(__name__)


def language(args, settings: Settings | None) -> str:  # argparse.Namespace
    """The interface language: --lang, else the ini's [Interface] Langue, else French."""
    lang = getattr(args, "lang", None)
    if not lang and settings is not None:
        lang = settings[KEYS.LANGUAGE]
    return str(lang or "fr")


def install_translator(app, lang: str):
    """French (the default) from the package's synoptux_fr.qm; English is the source."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

    from synoptux import speech

    installed: list[QTranslator] = []
    app.setProperty("synoptux_translated", True)
    # The layers without Qt (statistics, entry files, notes) say their words through it.
    speech.speak_with(QCoreApplication.translate)
    if lang == "en":
        return installed
    ours = QTranslator(app)
    with as_file(shipped.translation(lang)) as qm:
        loaded = qm.is_file() and ours.load(str(qm))
    if loaded:
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation file for %r: the interface stays in English", lang)
    qt = QTranslator(app)
    if qt.load(
        QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


@contextmanager
def translated(lang: str) -> Iterator[None]:
    """For a headless command: the interface language while it runs (a QCoreApplication
    is created if the process has none; the translators are removed afterwards)."""
    from synoptux import speech

    if lang == "en":  # the source; even where the process's application speaks French
        with speech.speaking(lambda _context, text: text):
            yield
        return
    from PySide6.QtCore import QCoreApplication

    made = QCoreApplication.instance() is None
    app = QCoreApplication.instance() or QCoreApplication(["synoptux"])
    before = app.property("synoptux_translated")
    installed = install_translator(app, lang)
    try:
        yield
    finally:
        for translator in installed:
            app.removeTranslator(translator)
            translator.setParent(None)  # not kept by the application: freed with the list
        app.setProperty("synoptux_translated", bool(before))  # gone with its translators
        if made:  # main() called again in the same process may want a QApplication
            speech.speak_with(None)
            app.shutdown()
