"""What the nurse reads when the connection dies while the server saves her tap (a cluster
node killed at that moment): not "nothing was changed" — it may be saved; the board,
reloaded, shows whether it was."""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from tests.galera.test_commit_lost import CuttingProxy, _through
from tests.support.clock import T0
from tests.support.db import open_db
from tests.support.ui import destroy, make_window, patient_id
from tests.ui.taps import open_sheet, tap


def test_tap_lost_during_commit_says_it_may_be_saved(qtbot, mysql_factory, tmp_path):
    from synoptux.config import Settings

    url = mysql_factory.create()
    db = open_db(url)
    seed_reference(db)
    seed_demo(db, T0)
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Interface]\nLangue=en\n", encoding="utf-8")
    window = make_window(qtbot, db, Settings.load(ini), FakeClock(T0))
    u = make_url(url)
    proxy = CuttingProxy((u.host, u.port or 3306))
    cut = Database.from_url(_through(proxy, u))
    event.listen(cut.engine, "commit", lambda _conn: proxy.arm())
    pk = patient_id(db, "NGUYEN")
    try:
        sheet = open_sheet(qtbot, window, "NGUYEN")
        window.service.db = cut
        try:
            tap(qtbot, sheet.buttons["anonymous"])
        finally:
            window.service.db = db
        msg = window.board_actions.last_dialog
        assert msg.isVisible()
        assert "may or may not have been saved" in msg.text
        assert "nothing was changed" not in msg.text
        t = db.tables
        with db.connect() as conn:  # the server had committed it: the board shows it
            saved = conn.execute(
                select(t.encours.c.EC_Anonyme).where(t.encours.c.EC_PK == pk)
            ).scalar_one()
        assert saved == 1
        assert window.controller.current_board.patient(pk).anonymous
    finally:
        destroy(window)
        cut.dispose()
        proxy.close()
        db.dispose()
