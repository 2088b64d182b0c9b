"""Data is plain text everywhere: the board filled with HTML-looking data —
names, comments, box, task and state labels, responsible names, destinations, task
comments and notes, a program name — written straight into the database; then every
widget of the main window and of every dialog that shows them is walked (see
plaintext_walk): wherever a piece of data is displayed, it is displayed literally."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.ingest.processor import Ingestor
from synoptux.stats.report import compute_stats
from tests.security.plaintext_walk import Walk
from tests.support.clock import T0
from tests.support.settle import reload_now, settle

TEMPLATES = (
    '<h1 style="color:red">{m}</h1>',
    "<b>{m}</b>",
    "<font color=red size=7>{m}</font>",
    '<a href="http://x.invalid/">{m}</a>',
    '<img src="file:///etc/hostname">{m}',
    "<table><tr><td>{m}</td></tr></table>",
)


class Hostile:
    """Unique markers inside HTML, one per value written."""

    def __init__(self) -> None:
        self.markers: dict[str, str] = {}  # marker -> kind of data

    def marker(self, kind: str) -> str:
        marker = f"qz{kind}{len(self.markers)}"
        self.markers[marker] = kind
        return marker

    def __call__(self, kind: str) -> str:
        marker = self.marker(kind)
        return TEMPLATES[len(self.markers) % len(TEMPLATES)].format(m=marker)


def fill_hostile(db: Database) -> Hostile:
    """Every label, name and text of the board made HTML-looking, straight in the tables."""
    t = db.tables
    h = Hostile()

    def tx(conn) -> None:
        for table, key, col, kind in (
            (t.box, "BO_Code", "BO_Libelle", "box"),
            (t.taches, "TA_Code_tache", "TA_Libelle_tache", "task"),
            (t.responsables, "RE_Code", "RE_Nom", "resp"),
            (t.destinations, "DE_PK", "DE_Destination", "dest"),
        ):
            for (code,) in conn.execute(select(table.c[key])).all():
                conn.execute(table.update().where(table.c[key] == code).values({col: h(kind)}))
        et, en = t.etats, t.encours_taches
        for code, label in conn.execute(select(et.c.ET_Code_etat, et.c.ET_Libelle_etat)).all():
            new = h("state")
            conn.execute(et.update().where(et.c.ET_Code_etat == code).values(ET_Libelle_etat=new))
            conn.execute(
                en.update().where(en.c.EN_Etat_en_cours == label).values(EN_Etat_en_cours=new)
            )
        e = t.encours
        for (pk,) in conn.execute(select(e.c.EC_PK)).all():
            conn.execute(
                e.update()
                .where(e.c.EC_PK == pk)
                .values(
                    EC_NomPatient=h("name"),
                    EC_PrenomPatient=h("first"),
                    EC_Commentaire=h("comment"),
                    EC_Destination=h("pdest"),
                    EC_ProgAnnexe=h("prog"),
                )
            )
        for (num,) in conn.execute(select(en.c.EN_Num_tache)).all():
            conn.execute(
                en.update()
                .where(en.c.EN_Num_tache == num)
                .values(EN_Comment=h("tcomment"), EN_Note_tache=h("note"))
            )

    db.transaction(tx)
    return h


def _settle() -> None:
    settle()  # the database thread's answers (history, actions) are on screen
    for _ in range(5):
        QApplication.processEvents()


def _build_everything(window) -> None:
    """Cards below the fold and the late-task strip (whatever the board is made of today)."""
    _settle()
    window.parts.monitor.check_now()
    _settle()


def _pid_in(window, box_type: str) -> int:
    board = window.controller.current_board
    return next(p.id for b in board.boxes if b.type.value == box_type for p in b.patients)


def _task(window, pid: int):
    return window.controller.current_board.patient(pid).tasks[0]


@pytest.mark.parametrize("privacy", [False])
def test_html_looking_data_shows_literally_everywhere(
    qtbot, window, tmp_path, privacy: bool
) -> None:
    db = window.db
    hostile = fill_hostile(db)
    window.service.set_comment(_pid_in(window, "Soins"), hostile("hcomment"))  # a history row
    reload_now(window)
    _build_everything(window)
    walk = Walk(hostile.markers)
    walk.widget_tree(window, "MainWindow")
    actions = window.board_actions
    care, exit_, away = (_pid_in(window, k) for k in ("Soins", "Sortie", "Absence"))

    def dialog(name: str, open_it) -> None:
        before = set(QApplication.topLevelWidgets())
        open_it()
        _settle()
        for w in QApplication.topLevelWidgets():
            if w not in before and w.isVisible():
                walk.widget_tree(w, name)
                w.close()
        _settle()

    board = window.controller.current_board
    exit_box = next(b.code for b in board.boxes if b.type.value == "Sortie")
    away_box = next(b.code for b in board.boxes if b.type.value == "Absence")
    # The rows are painted (drawText never reads markup); their texts show in the sheet.
    dialog("patient-sheet", lambda: window.controller.open_sheet(care))
    dialog("patient-sheet-away", lambda: window.controller.open_sheet(away))
    dialog("task-states", lambda: window.controller.open_task(_task(window, care).id))
    dialog("comment", lambda: actions.edit_comment(care))
    dialog("responsible", lambda: actions.pick_responsible(care))
    dialog("history", lambda: actions.show_history(care))
    dialog("move-from-exit", lambda: actions.start_move(exit_))
    dialog("final-exit", lambda: actions.final_exit(exit_))
    dialog("delete-task", lambda: actions.delete_task(_task(window, care).id))
    dialog("note", lambda: actions.open_task_note(_task(window, care).id))
    dialog("annex-refused", lambda: actions.run_annex(care))

    def destination(code: str) -> None:
        window.controller.set_moving(care)
        actions.box_title_tapped(code)

    dialog("destination-exit", lambda: destination(exit_box))
    dialog("destination-absence", lambda: destination(away_box))
    window.controller.set_moving(None)
    assert away  # an absent patient's destination shows on the board
    dialog("move-banner", lambda: window.controller.set_moving(care))
    walk.widget_tree(window.move_banner, "move-banner")
    window.controller.set_moving(None)

    # past stays, entry files in error, statistics
    from synoptux.ui.dialogs.history_dialog import ArchiveSearchDialog

    search = ArchiveSearchDialog(db, window.runner, window)
    with db.connect() as conn:
        name = conn.execute(select(db.tables.encours.c.EC_NomPatient)).scalars().first()
    search.query.setText(name)
    search.search()
    settle()
    search.show_stay(0)
    settle()
    search.show()
    walk.widget_tree(search, "archive-search")
    search.close()

    inbox = tmp_path / "entrees"
    inbox.mkdir()
    name = f"<h1 style=color:red>{hostile.marker('file')}.txt"  # no '/' in a file name
    (inbox / name).write_text(f"[Entree]\nPrenom_Patient={hostile('efirst')}\n", encoding="utf-8")
    Ingestor(db, inbox, default_box="A1", settle=0).run_cycle(wait_stable=False)
    from synoptux.ui.dialogs.ingest_errors import IngestErrorsDialog

    errors = IngestErrorsDialog(inbox, window)
    errors.show()
    walk.widget_tree(errors, "ingest-errors")
    errors.close()

    from synoptux.ui.stats.stats_window import StatsWindow

    stats = StatsWindow(window.ctx, window.runner, window)
    stats.show_report(compute_stats(db, date(2026, 11, 1), T0.date(), now=T0, threshold=3))
    stats.show()
    walk.widget_tree(stats, "stats")
    stats.close()

    # administration (behind the PIN in real use): lists, editors, delete confirmations
    from synoptux.ui.admin.boxes import BoxesDialog
    from synoptux.ui.admin.destinations import DestinationsDialog
    from synoptux.ui.admin.responsibles import ResponsiblesDialog
    from synoptux.ui.admin.states import StatesDialog
    from synoptux.ui.admin.tasks import TasksDialog

    admin = window.admin_menus.admin
    for name, make in (
        ("admin-boxes", lambda: BoxesDialog(window.ctx, admin, window)),
        ("admin-states", lambda: StatesDialog(window.ctx, admin, window)),
        ("admin-tasks", lambda: TasksDialog(window.ctx, admin, window)),
        ("admin-resp", lambda: ResponsiblesDialog(window.ctx, admin, window)),
        ("admin-dest", lambda: DestinationsDialog(window.ctx, admin, "Sortie", window)),
    ):
        dlg: QWidget = make()
        dlg.show()
        dlg.list.setCurrentRow(0)
        dlg._on_delete()  # the inline "Delete …?" bar names the row
        walk.widget_tree(dlg, name)
        dlg._on_edit()
        _settle()
        if dlg.editor is not None:
            walk.widget_tree(dlg.editor, name + "-editor")
            dlg.editor.close()
        dlg.close()

    from synoptux.ui.admin.css_editor import CssEditor
    from synoptux.ui.admin.ini_editor import IniEditor

    window.settings.set("Affichage", "Titre_Application", hostile("title"))
    for name, make in (("ini", IniEditor), ("css", CssEditor)):
        dlg = make(window.ctx, window)
        dlg.show()
        walk.widget_tree(dlg, name)
        dlg.done(0)

    assert not walk.problems, "\n".join(walk.problems)
    # Not a vacuous walk: every kind of data was displayed somewhere.
    kinds_seen = {hostile.markers[m] for m in walk.seen}
    wanted = {"box", "task", "state", "resp", "dest", "name", "first", "comment", "tcomment"}
    wanted |= {"note", "prog", "hcomment", "file", "pdest", "title"}
    assert wanted <= kinds_seen, sorted(wanted - kinds_seen)


def test_medintux_note_shows_its_words_not_its_html(
    qtbot, demo_sqlite, ini, clock, tmp_path
) -> None:
    """A MedinTux note is HTML (RubriquesBlobs): the popup shows its words, as plain text;
    no style turns it into a banner, no image or link is loaded."""
    from PySide6.QtCore import Qt
    from sqlalchemy import create_engine, text

    from tests.support.ui import destroy, make_window, patient_id

    mtx = tmp_path / "drtux.db"
    eng = create_engine(f"sqlite:///{mtx}")
    note = (
        '<html><head><style>p {color:red}</style></head><body><h1 style="color:red">'
        "ALLERGIE PENICILLINE</h1><p>Créatinine &lt; 80 µmol/l<br>"
        '<img src="file:///etc/hostname">contrôle <a href="http://x.invalid/">H3</a></p>'
        "</body></html>"
    )
    with eng.begin() as c:
        c.execute(text("CREATE TABLE RubriquesHead (RbDate_PrimKey INTEGER PRIMARY KEY, "
                       "RbDate_RefBlobs_PrimKey INTEGER)"))  # fmt: skip
        c.execute(text("CREATE TABLE RubriquesBlobs (RbDate_PrimKey INTEGER PRIMARY KEY, "
                       "RbDate_DataRub BLOB)"))  # fmt: skip
        c.execute(text("INSERT INTO RubriquesHead VALUES (7, 8)"))
        c.execute(text("INSERT INTO RubriquesBlobs VALUES (8, :b)"), {"b": note.encode()})
    eng.dispose()
    ini.set_raw("Connexion_MedinTux", "URL", f"sqlite:///{mtx}")
    pk = patient_id(demo_sqlite, "MOREAU")
    t = demo_sqlite.tables
    demo_sqlite.transaction(
        lambda c: c.execute(
            t.encours_taches.update()
            .where(t.encours_taches.c.EN_PK_encours == pk)
            .values(EN_PrimKey_blob=7, EN_Note_tache=None)
        )
    )
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        task = win.controller.current_board.patient(pk).tasks[0]
        win.board_actions.open_task_note(task.id)
        settle()  # MedinTux's note is read by the database thread
        popup = win.board_actions.last_popup
        qtbot.waitUntil(popup.isVisible)
        assert popup.text_label.textFormat() == Qt.TextFormat.PlainText
        assert popup.text_label.text() == (
            "ALLERGIE PENICILLINE\n\nCréatinine < 80 µmol/l\ncontrôle H3"
        )
        popup.close()
    finally:
        destroy(win)


def test_hostile_entry_file_shows_literally(qtbot, sqlite_window, tmp_path) -> None:
    """The defect's first reproduction, through DrTux's entry folder: a comment that would be a
    red banner and a first name that would fill the exit confirmation."""
    window = sqlite_window
    inbox = tmp_path / "entrees"
    inbox.mkdir()
    (inbox / "hostile.txt").write_text(
        "[Entree]\nNom_Patient=PIRATE\nPrenom_Patient=<h1>SORTIE ANNULEE</h1>\n"
        'Code_Box=S1\nGUID_Patient=hostile-2\nCommentaire=<h1 style="color:red">'
        "ALLERGIE PENICILLINE</h1>\n[Tache_1]\nCode_Tache=ECG\n"
        "Commentaire=<b>qzentrytask</b>\nNote=<img src=x>qzentrynote\n",
        encoding="utf-8",
    )
    summary = Ingestor(window.db, inbox, default_box="A1", settle=0).run_cycle(wait_stable=False)
    assert summary.count("applied") == 1, summary.text()
    reload_now(window)
    _build_everything(window)
    markers = ["allergie penicilline", "sortie annulee", "qzentrytask", "qzentrynote"]
    walk = Walk(markers)
    walk.widget_tree(window, "MainWindow")
    pid = next(p.id for p in window.controller.current_board.patients() if p.last_name == "PIRATE")
    for name, open_it in (
        ("final-exit", lambda: window.board_actions.final_exit(pid)),
        ("comment", lambda: window.board_actions.edit_comment(pid)),
        ("note", lambda: window.board_actions.open_task_note(_task(window, pid).id)),
    ):
        open_it()
        _settle()
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and w is not window:
                walk.widget_tree(w, name)
                w.close()
    assert not walk.problems, "\n".join(walk.problems)
    assert {"allergie penicilline", "sortie annulee", "qzentrytask", "qzentrynote"} <= set(
        walk.seen
    )
