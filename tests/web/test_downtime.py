"""The downtime copy: PDF (read back with pdftotext) and self-contained HTML in the local
folder and the share, replaced atomically, the last K kept, private files; nothing replaced
when the board cannot be read; `synoptux export-board`; the board's menu entry."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from synoptux.config import COPY, Settings
from synoptux.domain.clock import FakeClock
from synoptux.services.downtime import STEM, export_board, write_copy
from tests.support.clock import T0

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext is not installed (apt-get install poppler-utils)"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def run_cli(site, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "synoptux", "--config", str(site.settings.path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@needs_pdftotext
def test_export_board_writes_a_pdf_and_html_copy_with_names_and_time(site) -> None:
    share = site.root / "partage"
    site.settings.set_raw(COPY, "Dossier_Partage", str(share))
    site.settings.save()
    done = run_cli(site, "export-board", "--now", "2026-11-23 10:00")
    assert done.returncode == 0, done.stderr
    for folder in (site.root / "secours", share):
        pdf, html = folder / f"{STEM}.pdf", folder / f"{STEM}.html"
        text = pdf_text(pdf)
        assert "copie de secours" in text and "Copie prise le" in text
        assert "NGUYEN Thi Mai" in text and "Tâches en retard" in text
        assert "retard" in text and "Salle d'attente" in text
        page = html.read_text(encoding="utf-8")
        assert "NGUYEN" in page and "Copie prise le" in page
        assert "<script" not in page and "src=" not in page and "href=" not in page
        for f in (pdf, html):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600  # names: private
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert len(list(folder.glob(f"{STEM}-*.pdf"))) == 1


def test_the_last_k_dated_copies_are_kept_and_the_latest_replaced(tmp_path) -> None:
    folder = tmp_path / "secours"
    for minute in range(6):
        taken = datetime(2026, 11, 23, 10, minute)
        report = write_copy(
            [folder], taken, f"<p>copie {minute}</p>", b"%PDF-1.4 " + bytes([minute]), 3
        )
        assert report.ok
    dated = sorted(p.name for p in folder.glob(f"{STEM}-*.html"))
    assert dated == [f"{STEM}-20261123-10{m:02d}00.html" for m in (3, 4, 5)]
    assert len(list(folder.glob(f"{STEM}-*.pdf"))) == 3
    assert (folder / f"{STEM}.html").read_text() == "<p>copie 5</p>"
    assert not list(folder.glob(".*.tmp"))  # nothing half-written left behind


def test_a_share_that_fails_does_not_stop_the_local_copy(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    report = write_copy([tmp_path / "local", blocker / "share"], T0, "<p>x</p>", None, 5)
    assert (tmp_path / "local" / f"{STEM}.html").exists()
    assert report.errors and not report.ok


def test_nothing_is_replaced_when_the_board_cannot_be_read(site, tmp_path) -> None:
    assert run_cli(site, "export-board", "--no-pdf").returncode == 0
    latest = site.root / "secours" / f"{STEM}.html"
    before = latest.read_bytes()
    site.settings.set_raw("Connexion_SynopTux", "URL", "mysql+pymysql://nobody@127.0.0.1:1/none")
    site.settings.save()
    done = run_cli(site, "export-board", "--no-pdf")  # French, the default language
    assert done.returncode == 1 and "rien n'a été remplacé" in done.stderr, done.stderr
    done = run_cli(site, "--lang", "en", "export-board", "--no-pdf")
    assert done.returncode == 1 and "nothing replaced" in done.stderr, done.stderr
    assert latest.read_bytes() == before


def test_a_pdf_that_fails_still_leaves_the_html_copy(site) -> None:
    def broken(_html: str) -> bytes:
        raise RuntimeError("no fonts")

    report = export_board(site.settings, now=T0, pdf=broken)
    assert report.pdf_error == "no fonts" and not report.ok
    folder = site.root / "secours"
    assert (folder / f"{STEM}.html").exists() and not (folder / f"{STEM}.pdf").exists()


def test_the_board_menu_prints_the_board(qtbot, site, tmp_path) -> None:
    """*Fichiers → Imprimer le tableau*: a child export-board writes the copy; the board
    says where."""
    from PySide6.QtCore import QCoreApplication

    from synoptux.ui.app import install_translator
    from tests.support.ui import destroy, make_window

    translators = install_translator(QCoreApplication.instance(), "fr")
    settings = Settings.load(site.settings.path)
    window = make_window(qtbot, site.db, settings, FakeClock(T0))
    try:
        parts = window.parts
        titles = [a.text() for a in window.menu_files.actions()]
        assert "Imprimer le tableau" in titles
        with qtbot.waitSignal(parts.downtime.sig_done, timeout=60_000) as done:
            parts.act_print.trigger()
        ok, text = done.args
        assert ok and "Le tableau a été écrit en PDF et en HTML" in text, text
        assert window.board_actions.last_dialog.text == text  # the board says it
        assert (site.root / "secours" / f"{STEM}.pdf").exists()
    finally:
        destroy(window)
        for tr in translators:
            QCoreApplication.instance().removeTranslator(tr)
