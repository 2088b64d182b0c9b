"""Every French translation keeps its English's placeholders; the admin's French applies
through Qt from the shipped .qm."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from synoptux.resources.translations.update_ts import QM, TS

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def test_every_translation_keeps_the_placeholders() -> None:
    pairs = [
        (ctx.findtext("name"), m.findtext("source") or "", m.findtext("translation") or "")
        for ctx in ET.parse(TS).getroot().iter("context")
        for m in ctx.iter("message")
    ]
    assert len([p for p in pairs if p[0] == "Admin"]) > 100
    wrong = [
        (ctx, source)
        for ctx, source, french in pairs
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(french))
    ]
    assert wrong == []


def test_french_applies_through_qt(qtbot) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from synoptux.ui.admin.widgets import tr

    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        assert tr("Boxes…") == "Box…"
        assert tr("Delete {what}?").format(what="S9") == "Supprimer S9 ?"
    finally:
        QCoreApplication.removeTranslator(translator)
