"""Shared plumbing of the admin services: transaction, history row, code rules.

Every row written goes through `_values` (`db.fit`): a value longer than its column is
cut, and the same transaction writes a `VALUE_CUT` history row saying what was cut. An
admin service is used by one thread at a time (the board's GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import ColumnElement, Connection, Table, func, select

from synoptux.db.fit import Cut, describe_cuts, fit_row
from synoptux.services import audit
from synoptux.services.base import Service
from synoptux.services.board import refuse_if_read_only
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record


class AdminBase(Service):
    """Shared plumbing: one transaction + one ADMIN history row per change."""

    default_source = "admin"

    # helpers
    def _values(self, table: Table, values: Mapping[str, object]) -> dict[str, object]:
        """`values` made to fit `table` (the cuts are reported by `_run`)."""
        row, cuts = fit_row(table, values)
        self._cuts.extend(cuts)
        return row

    def _run(self, fn: Callable[[Connection], str], **change: str | None) -> Change:
        """One transaction; `fn` does the work and returns the history comment."""
        refuse_if_read_only(self.db)

        def tx(conn: Connection) -> Change:
            before = audit.reference_rows(conn, self.t)  # the audit trail: before and after
            self._cuts: list[Cut] = []
            comment = fn(conn)
            if self._cuts:
                record(
                    conn,
                    self.t,
                    Action.VALUE_CUT,
                    when=self.clock.now(),
                    comment=describe_cuts(self._cuts),
                    actor=self.actor,
                    source=self.source,
                    box=change.get("box"),
                    task_code=change.get("task"),
                    state_code=change.get("state"),
                )
            history_id = record(
                conn,
                self.t,
                Action.ADMIN,
                when=self.clock.now(),
                comment=comment,
                actor=self.actor,
                source=self.source,
                box=change.get("box"),
                task_code=change.get("task"),
                state_code=change.get("state"),
            )
            old, new = audit.reference_diff(before, audit.reference_rows(conn, self.t))
            audit.write(
                conn,
                self.t,
                when=self.clock.now(),
                actor=self.actor,
                session=audit.session_of(self.source),
                subject=audit.subject_of(old, new),
                what=comment,
                before=old,
                after=new,
                history_id=history_id,
            )
            boxes = frozenset(b for b in (change.get("box"), change.get("box2")) if b)
            return Change(Action.ADMIN, box_codes=boxes, reference=True)

        return self.db.transaction(tx)

    @staticmethod
    def _find(conn: Connection, table: Table, col: str, code: str) -> Mapping | None:
        """A row by code, case-insensitively (MariaDB's collation is; SQLite's is not)."""
        c = table.c[col]
        rows = conn.execute(select(table).where(func.lower(c) == code.lower())).mappings().all()
        exact = [r for r in rows if r[col] == code]
        return exact[0] if exact else (rows[0] if rows else None)

    def _count(self, conn: Connection, table: Table, *where: ColumnElement[bool]) -> int:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

    def _prepare_save(
        self,
        conn: Connection,
        table: Table,
        col: str,
        code: str,
        original: str | None,
        kind: str,
        in_use: Callable[[str], int],
    ) -> bool:
        """Check code rules; return True when the row exists (an update)."""
        clash = self._find(conn, table, col, code)
        if original is None:
            if clash is not None:
                raise ActionRefused(
                    "code_taken", f"The {kind} code {code!r} already exists.", what=code, kind=kind
                )
            return False
        if self._find(conn, table, col, original) is None:
            raise ActionRefused("gone", f"The {kind} {original!r} no longer exists.", what=original)
        if code != original:
            if clash is not None and clash[col] != original:
                raise ActionRefused(
                    "code_taken", f"The {kind} code {code!r} already exists.", what=code, kind=kind
                )
            used = in_use(original)
            if used:
                raise ActionRefused(
                    "code_in_use",
                    f"The {kind} code {original!r} is in use "
                    f"({used} on the board): it cannot be renamed.",
                    what=original,
                    kind=kind,
                    count=used,
                )
        return True
