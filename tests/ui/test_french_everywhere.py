"""In French, no English on screen: every window and dialog of the board is opened (a real
SQLite file with the demo patients, the shipped .qm, offscreen Qt) and every visible text
of every widget is read: window titles, labels, buttons, menus and their actions,
tooltips, placeholders, group titles, tab titles, combo items, list items, table headers
and cells; and the files the entry folder's pipeline writes beside the files it read
(.warnings.txt, .reason.txt), and the statistics window's CSV export (every table,
notes.txt).

A text is English when it is a source string of synoptux_fr.ts whose French differs (a
string said without its translation), when it holds such a sentence (a text put together
around one), or when it holds words that are only English (a string never marked)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.model import BoxType
from synoptux.resources.translations.update_ts import TS
from synoptux.ui.translation import install_translator
from tests.support.settle import settle
from tests.support.ui import destroy, make_window

# Words that are English only (not French words too: no "a", "on", "type", "comment"...).
ENGLISH_WORDS = set(
    """the and of is are was were not all with this that these those from for by into
    when which who what there has have been cannot could will would should must only
    every none yet than then open close cancel save delete yes no settings window file
    files folder task tasks time entry entries board database connection configured
    empty expected help quit show hide refresh search history statistics export print
    choose select new edit add remove back next previous today yesterday day days hour
    hours seconds late waiting room exit stays stay arrivals length acts done
    per level levels colour color name width height size default number blink
    blinking moving move until after before again while their its our your you please
    nothing something here where whose other another first last line unknown ignored
    key missing placed kept written shows marked reason rejected fix put tap retry whole
    both added given twice used already applied anyway never refused characters button
    text""".split()
)
# Not words of a sentence: `code`, --options, paths, file names, URLs, [Sections], keys.
CODE = re.compile(
    r"`[^`]*`|\S*[/_\\@=]\S*|\S+[.:]\w\S*|--?\w[\w-]*|\[[^\]]*\]|\b[A-Z][a-z]+[A-Z]\w*"
)


def _translations() -> tuple[dict[str, str], set[str]]:
    """English source -> French for the sources the French changes; and the texts that
    are their own French in some context ("OK", "Box")."""
    out: dict[str, str] = {}
    same: set[str] = set()
    for ctx in ET.parse(TS).getroot().iter("context"):
        for m in ctx.iter("message"):
            source, french = m.findtext("source") or "", m.findtext("translation") or ""
            if french and french != source:
                out[source] = french
            elif french:
                same.add(source)
    return out, same


TRANSLATED, SAME = _translations()
FRENCH = set(TRANSLATED.values()) | SAME
# Whole English sentences: found inside a composed text too (templates cut at {values}).
SENTENCES = sorted(
    {
        part.strip(" :;,.()")
        for source in TRANSLATED
        for part in re.split(r"\{[^}]*\}", source)
        if len(part.strip(" :;,.()")) >= 14 and " " in part.strip()
    }
    - {p for f in TRANSLATED.values() for p in re.split(r"\{[^}]*\}", f)}
)


def english(text: str) -> str | None:
    """Why `text` is English (None: it is not)."""
    text = text.replace("&", "").strip()
    if not text:
        return None
    if text in TRANSLATED and text not in FRENCH:
        return "a source string said without its French"
    for sentence in SENTENCES:
        if sentence in text:
            return f"holds the English {sentence!r}"
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", CODE.sub(" ", text))}
    found = sorted(words & ENGLISH_WORDS)
    if found:
        return f"English words {found}"
    return None


def texts_of(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every visible text of `top` and its children."""
    name = type(top).__name__
    yield f"{name} title", top.windowTitle()
    for w in [top, *top.findChildren(QWidget)]:
        if not shiboken6.isValid(w) or (w is not top and not w.isVisibleTo(top)):
            continue
        where = f"{name} > {type(w).__name__} {w.objectName()}".rstrip()
        yield where + " tooltip", w.toolTip()
        if isinstance(w, QLabel):
            yield where, w.text()
        elif isinstance(w, QAbstractButton):
            yield where, w.text()
        elif isinstance(w, QGroupBox):
            yield where, w.title()
        elif isinstance(w, QLineEdit):
            yield where + " placeholder", w.placeholderText()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            yield where + " placeholder", w.placeholderText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield where + f" item {i}", w.itemText(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield where + f" tab {i}", w.tabText(i)
        elif isinstance(w, QMenu):
            yield where, w.title()
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                yield where + f" row {i}", w.item(i).text()
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model():
            model = w.model()
            for orientation, count in (
                (Qt.Orientation.Horizontal, model.columnCount()),
                (Qt.Orientation.Vertical, model.rowCount()),
            ):
                for i in range(min(count, 50)):
                    head = model.headerData(i, orientation)
                    if isinstance(head, str):
                        yield where + f" header {i}", head
            for row in range(min(model.rowCount(), 50)):
                for col in range(min(model.columnCount(), 20)):
                    cell = model.data(model.index(row, col))
                    if isinstance(cell, str):
                        yield where + f" cell {row},{col}", cell
        for act in QWidget.actions(w):  # (MainWindow.board_actions is the board's)
            yield where + " action", act.text()
            yield where + " action tooltip", act.toolTip() if act.toolTip() != act.text() else ""
            if act.menu() is not None:
                for sub in act.menu().actions():
                    yield where + f" {act.text()} >", sub.text()


def every_tab(top: QWidget) -> Iterator[tuple[str, str]]:
    """texts_of(top), with each page of its tab widgets shown in turn."""
    yield from texts_of(top)
    for tabs in top.findChildren(QTabWidget):
        if not tabs.isVisibleTo(top):
            continue
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            yield from texts_of(tabs.widget(i))
        tabs.setCurrentIndex(current)


def _open_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w) and w.isVisible()]


@pytest.fixture
def french_window(qtbot, demo_sqlite: Database, tmp_path: Path, clock):
    ini = tmp_path / "synoptux.ini"
    entries = tmp_path / "entrees"
    (entries / "erreurs").mkdir(parents=True)
    ini.write_text(
        f"[Interface]\nLangue=fr\nConfirmation_Sortie_Definitive=OUI\nDossier_Entrees={entries}\n",
        encoding="utf-8",
    )
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    assert installed, "the shipped synoptux_fr.qm did not load"
    win = make_window(qtbot, demo_sqlite, Settings.load(ini), clock)
    try:
        yield win
    finally:
        destroy(win)
        for tr in installed:
            app.removeTranslator(tr)


def _each_window_and_dialog(win) -> Iterator[tuple[str, Callable[[], object]]]:
    """What opens a window or a dialog, as the board's own taps and menus do."""
    from synoptux.ui.compose import open_ingest_errors, open_stats

    ctl, acts, parts = win.controller, win.board_actions, win.parts
    board = ctl.current_board
    patients = [p for box in board.boxes for p in box.patients]
    pid = patients[0].id
    box_of = board.box_of(pid).code
    tid = next(t.id for p in patients for t in p.tasks)
    yield "main window", lambda: None
    yield "patient sheet", lambda: ctl.open_sheet(pid)
    yield "task states", lambda: ctl.open_task(tid)
    yield "comment", lambda: acts.edit_comment(pid)
    yield "responsible", lambda: acts.pick_responsible(pid)
    yield "triage", lambda: acts.pick_triage(pid)
    yield "acknowledge", lambda: acts.acknowledge(pid, tid)
    yield "history", lambda: acts.show_history(pid)
    yield "final exit", lambda: acts.final_exit(pid)
    yield "delete task", lambda: acts.delete_task(tid)
    yield "log", win.open_log
    yield "about", win._about
    yield "statistics", lambda: open_stats(win, parts)
    yield "statistics of the week", lambda: parts.stats_window.choose("week")
    yield "archive search", lambda: parts.stats_window.open_search()
    export = win.settings.path.parent / "export"
    yield "statistics exported", lambda: parts.stats_window.export_csv(export)
    yield "entry files read", lambda: _ingest_two_files(win)
    yield "entry files in error", lambda: open_ingest_errors(win, parts)
    for key, _label, make in parts.admin_menus.entries:
        yield f"admin {key}", lambda make=make: make().show()
    yield "admin PIN", lambda: parts.admin_menus.gate.ask_pin(win, lambda: None)
    # Last: these move the patient.
    exit_box = next(b.code for b in board.boxes if b.type == BoxType.EXIT)
    other_box = next(b.code for b in board.boxes if b.type == BoxType.CARE and b.code != box_of)
    yield "move", lambda: acts.start_move(pid)
    yield "move to a box", lambda: acts.box_title_tapped(other_box)
    yield "move to the exit", lambda: (acts.start_move(pid), acts.box_title_tapped(exit_box))


ENTRY_WITH_WARNINGS = (
    "[Entree]\nNom_Patient=MARTIN\nPrenom_Patient=Paul\nCode_Box=Z9\nCle_Inconnue=1\n"
    "[Tache_1]\nCode_Tache=ECG\nPriorite=douze\n[Tache_3]\nCode_Tache=RX\n"
)
ENTRY_REFUSED = "[Tache_1]\nCode_Tache=ECG\n"  # no [Entree]


def _ingest_two_files(win) -> None:
    """The entry folder's pipeline, in French: a file applied with warnings (done/ gets
    its .warnings.txt), a file refused (errors/ gets its .reason.txt)."""
    from synoptux.ingest.factory import make_ingestor

    folder = win.settings.path_setting("Interface", "Dossier_Entrees")
    (folder / "warn.txt").write_text(ENTRY_WITH_WARNINGS, encoding="utf-8")
    (folder / "refused.txt").write_text(ENTRY_REFUSED, encoding="utf-8")
    summary = make_ingestor(win.ctx.db, win.settings, settle=0).run_cycle(wait_stable=False)
    assert len(summary.outcomes) == 2, summary.text()


def test_every_window_and_dialog_speaks_french(qtbot, french_window) -> None:
    win = french_window
    english_found: list[str] = []
    seen = 0
    for what, open_it in _each_window_and_dialog(win):
        before = {id(w) for w in _open_windows()} - {id(win)}
        open_it()
        settle(qtbot)
        for top in _open_windows():
            if id(top) in before:  # not this step's (another test's window left open)
                continue
            for where, text in every_tab(top):
                for line in (text or "").splitlines():
                    seen += 1
                    if why := english(line):
                        english_found.append(f"{what}: {where}: {line!r} ({why})")
        for top in _open_windows():  # close what this step opened
            if top is not win and id(top) not in before:
                top.close()
        settle(qtbot)
    assert seen > 1000
    folder = win.settings.path_setting("Interface", "Dossier_Entrees")
    written = [*folder.glob("done/*.warnings.txt"), *folder.glob("errors/*.reason.txt")]
    assert len(written) == 2, written
    export = win.settings.path.parent / "export"
    tables = sorted(export.glob("*.csv"))
    assert len(tables) > 10, tables
    for path in [*written, export / "notes.txt", *tables]:
        text = path.read_text(encoding="utf-8-sig")
        lines = text.splitlines()
        assert lines, path
        for line in lines:
            for part in line.split(",") if path.suffix == ".csv" else [line]:
                if why := english(part):
                    english_found.append(f"{path.name}: {part!r} ({why})")
    assert english_found == [], "\n" + "\n".join(sorted(set(english_found)))


@pytest.mark.parametrize(
    ("text", "english_or_not"),
    [
        ("All tasks", True),  # a source with its French in the .ts, said in English
        ("Toutes les tâches", False),
        ("Settings: the file cannot be read", True),  # words only English
        ("line 5: see the entry file.", True),  # a word before a full stop is a word
        ("Réglages : `synoptux doctor --lang en`, sqlite:///x.db, [Connexion]", False),
    ],
)
def test_the_detector_tells_english_from_french(text: str, english_or_not: bool) -> None:
    assert bool(english(text)) is english_or_not
