"""The downtime copy's PDF, laid out by Qt, and `synoptux export-board` (headless).

Qt is already on every machine that runs Synoptux and its rich-text engine lays out the
copy's HTML (`services/board_print.py`) with real text (searchable, `pdftotext` reads it)
and font fallback for any script a name is written in. A4 landscape, 10 mm margins.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from synoptux.config import Settings


def html_to_pdf(html: str, title: str = "Synoptux") -> bytes:
    """The PDF of `html` (Qt's rich-text subset: tables, inline styles). Needs a
    QGuiApplication (`export-board` starts one offscreen)."""
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Synoptux")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setHtml(html)
    doc.print_(writer)  # its painter ends here: the PDF is complete in the buffer
    data = bytes(buffer.data().data())  # QByteArray.data(): a buffer of its bytes
    buffer.close()
    if not data.startswith(b"%PDF"):
        raise RuntimeError("Qt wrote no PDF")
    return data


def _gui_application():
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(sys.argv[:1])
    return app


def run_export_board(args: argparse.Namespace, settings: Settings) -> int:
    """`synoptux export-board`: one downtime copy now (cron, the board, `synoptux serve`),
    its messages in the interface language."""
    from synoptux.ui.translation import language, translated

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed
    app = _gui_application()
    try:
        with translated(language(args, settings)):
            return _export_board(args, settings)
    finally:
        del app


def _export_board(args: argparse.Namespace, settings: Settings) -> int:
    from PySide6.QtCore import QCoreApplication

    from synoptux.services.downtime import export_board
    from synoptux.services.errors import DatabaseUnavailable

    now: datetime | None = getattr(args, "now", None)
    pdf = None if getattr(args, "no_pdf", False) else html_to_pdf
    try:
        report = export_board(settings, now=now, pdf=pdf)
    except Exception as exc:  # unreachable (DatabaseUnavailable, SQLAlchemy errors), OSError
        why = (
            exc
            if isinstance(exc, (DatabaseUnavailable, OSError))
            else (getattr(exc, "orig", None) or exc)
        )
        print(
            QCoreApplication.translate(
                "ExportBoard", "synoptux export-board: board not read, nothing replaced: {why}"
            ).format(why=why),
            file=sys.stderr,
        )
        return 1
    for path in report.written:
        print(path)
    for error in report.errors:
        print(f"synoptux export-board: {error}", file=sys.stderr)
    if report.pdf_error:
        print(
            QCoreApplication.translate(
                "ExportBoard", "synoptux export-board: no PDF: {why}"
            ).format(why=report.pdf_error),
            file=sys.stderr,
        )
    return 0 if report.ok else 1
