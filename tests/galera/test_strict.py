"""Nothing Synoptux does is refused by a cluster in its strictest mode
(wsrep_mode=STRICT_REPLICATION,REQUIRED_PRIMARY_KEY: no DDL or DML on a non-InnoDB table,
no write to a table without a primary key): schema creation and triggers, every kind of
board action, entry files, the feed and its pruning, purges."""

from __future__ import annotations

import pytest

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.ingest.processor import APPLIED, Ingestor
from synoptux.services.board import BoardService
from synoptux.services.live import BoardFeed, prune_changes
from synoptux.services.seed import seed_demo, seed_reference
from tests.support.clock import T0
from tests.support.galera import strict_replication

pytestmark = pytest.mark.galera


def test_the_board_in_wsrep_strict_mode(galera_db, tmp_path):
    with strict_replication(galera_db.cluster):
        db = Database.from_url(galera_db.url())
        report = ensure_schema(db)
        assert report.triggers == "installed"
        seed_reference(db)
        seed_demo(db, T0)
        service = BoardService(db, SystemClock())
        board = service.snapshot()
        p = next(p for p in board.patients() if p.tasks)
        service.set_comment(p.id, "strict")
        service.set_folded(p.id, not p.folded)
        task = p.tasks[0]
        service.set_task_state(task.id, task.allowed_states[-1].code)
        service.move_patient(p.id, "A1" if p.box_code != "A1" else "A2")
        service.delete_task(task.id)
        inbox = tmp_path / "entrees"
        inbox.mkdir()
        (inbox / "e.txt").write_bytes(
            b"[Entree]\r\nNom_Patient=STRICT\r\n[Tache_1]\r\nCode_Tache=ECG\r\n"
        )
        out = Ingestor(db, inbox, default_box="A1", clock=SystemClock(), settle=0).run_cycle(
            wait_stable=False
        )
        assert [o.status for o in out.outcomes] == [APPLIED]
        feed = BoardFeed(db)
        assert feed.check() is not None
        with db.connect() as conn:
            top = conn.execute(
                db.tables.changes.select().order_by(db.tables.changes.c.CH_Id.desc())
            ).first()
        assert prune_changes(db, top.CH_Id) > 0
        exit_box = next(b for b in board.boxes if b.type.value == "Sortie")
        service.move_patient(p.id, exit_box.code)
        service.final_exit(p.id)
        db.dispose()
