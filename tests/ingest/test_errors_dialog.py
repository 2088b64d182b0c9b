"""The dialog listing entry files in error (ui.dialogs.ingest_errors), offscreen."""

from __future__ import annotations

from pathlib import Path

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.processor import Ingestor
from synoptux.ui.dialogs.ingest_errors import ROW_HEIGHT, IngestErrorsDialog
from tests.support.ingest import drop


def test_lists_files_with_reasons_and_retries(
    qtbot,
    sqlite_db: Database,
    inbox: Path,
    clock: FakeClock,
) -> None:
    ing = Ingestor(sqlite_db, inbox, default_box="A1", clock=clock, settle=0)
    drop(inbox, "a.txt", b"[Entree]\nPrenom_Patient=Y\n")
    drop(inbox, "b.txt", b"pas un fichier INI\n")
    ing.run_cycle(wait_stable=False)
    dlg = IngestErrorsDialog(inbox / "errors")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.list.count() == 2
    texts = [dlg.list.item(i).text() for i in range(2)]
    assert texts[0].startswith("a.txt\n") and "Nom_Patient is missing" in texts[0]
    assert texts[1].startswith("b.txt\n") and "line 1" in texts[1]
    assert dlg.list.item(0).sizeHint().height() >= 48  # a finger
    assert ROW_HEIGHT >= 48
    assert "Prenom_Patient=Y" in dlg.detail.toPlainText()  # the file itself is shown
    dlg.list.setCurrentRow(1)
    assert "not an INI" in dlg.detail.toPlainText()
    dlg.retry_button.click()
    assert (inbox / "b.txt").exists() and dlg.list.count() == 1
    dlg.retry_button.click()
    assert dlg.list.count() == 0 and dlg.empty_label.isVisibleTo(dlg)
    assert not dlg.retry_button.isEnabled()
