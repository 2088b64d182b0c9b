"""The claim -> apply -> archive pipeline, exactly once.

For each file: claim it by an atomic rename into `.claimed/`, parse it, apply it
in one transaction through `EntryService` (with its history rows and its row in
the applied-files ledger, keyed by the SHA-256 of its bytes), then move it to
`done/` (or delete it). Crash anywhere, restart, and:
- before the commit: the file is still in `.claimed/`, it is applied on start;
- after the commit: the ledger knows its hash, it is only moved to `done/`.
While the database is unreachable nothing is claimed; a file claimed just before
the outage goes back to the inbox.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from synoptux.db.engine import Database, DatabaseUnavailable
from synoptux.domain.clock import Clock, SystemClock
from synoptux.ingest.convert import to_new_entry
from synoptux.ingest.folder import EntryFolder, StabilityTracker
from synoptux.ingest.parser import EntryFileError, parse_entry
from synoptux.services.entries import EntryService

log = logging.getLogger(__name__)

APPLIED, DUPLICATE, ERROR, DEFERRED = "applied", "duplicate", "error", "deferred"


@dataclass
class FileOutcome:
    name: str
    status: str  # applied | duplicate | error | deferred
    patient_id: int | None = None
    merged: bool = False
    tasks: int = 0
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == APPLIED:
            what = "tasks added to patient" if self.merged else "new patient"
            text = f"applied  {self.name}: {what} #{self.patient_id}, {self.tasks} task(s)"
        elif self.status == DUPLICATE:
            text = f"skipped  {self.name}: already applied (same content), archived"
        elif self.status == ERROR:
            text = f"ERROR    {self.name}: {self.reason} (moved to errors/)"
        else:
            text = f"waiting  {self.name}: {self.reason}"
        return text + "".join(f"\n         warning: {w}" for w in self.warnings)


@dataclass
class Summary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    database_unavailable: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def changed_board(self) -> bool:
        return self.count(APPLIED) > 0

    def text(self) -> str:
        lines = [o.line() for o in self.outcomes]
        applied = [o for o in self.outcomes if o.status == APPLIED]
        lines.append(
            f"{len(applied)} applied ({sum(1 for o in applied if not o.merged)} new patient(s), "
            f"{sum(1 for o in applied if o.merged)} merged, {sum(o.tasks for o in applied)} "
            f"task(s)), {self.count(DUPLICATE)} duplicate(s), {self.count(ERROR)} in error, "
            f"{self.count(DEFERRED)} waiting"
        )
        if self.database_unavailable:
            lines.append(
                f"database unreachable: {self.database_unavailable}; files left in the entry folder"
            )
        return "\n".join(lines)


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Ingestor:
    """Applies the entry files of one folder to one database."""

    def __init__(
        self,
        db: Database,
        folder: Path,
        *,
        default_box: str,
        clock: Clock | None = None,
        delete_done: bool = False,
        keep_days: int = 30,
        actor: str = "ingest",
        settle: float = 0.2,
        before_step: Callable[[str, Path], None] | None = None,
    ) -> None:
        self.db = db
        self.folder = EntryFolder(folder)
        self.clock = clock or SystemClock()
        self.delete_done = delete_done
        self.keep_days = keep_days
        self.service = EntryService(db, default_box=default_box, actor=actor)
        self.tracker = StabilityTracker(settle)
        self._before_step = before_step  # test hook: crash points

    def _step(self, name: str, path: Path) -> None:
        if self._before_step is not None:
            self._before_step(name, path)

    # -- cycles ------------------------------------------------------------------
    def database_reachable(self) -> str | None:
        """None when reachable, else the reason."""
        t = self.db.tables
        try:
            with self.db.connect() as conn:
                conn.execute(select(t.revision.c.RV_Valeur).where(t.revision.c.RV_Id == 1))
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            return str(getattr(exc, "orig", exc))
        return None

    def recover(self) -> Summary:
        """Finish files left in `.claimed/` by a crash (applied at most once)."""
        summary = Summary()
        down = self.database_reachable()
        if down:
            summary.database_unavailable = down
            return summary
        for path in self.folder.claimed_files():
            if not self._process_claimed(path, summary):
                break
        return summary

    def run_cycle(self, *, wait_stable: bool = True) -> Summary:
        """Recover claimed files, then take every ready file of the inbox."""
        self.folder.ensure()
        summary = self.recover()
        if summary.database_unavailable:
            return summary
        inbox = self.folder.inbox_files()
        ready = self.tracker.ready(inbox) if wait_stable else inbox
        for path in ready:
            self.tracker.forget(path)
            if not self.process(path, summary):
                break
        return summary

    def process_paths(self, paths: list[Path]) -> Summary:
        """Apply the named files (headless `synoptux ingest FILE...`)."""
        self.folder.ensure()
        summary = Summary()
        down = self.database_reachable()
        if down:
            summary.database_unavailable = down
            return summary
        for path in paths:
            if not self.process(Path(path), summary):
                break
        return summary

    # -- one file ----------------------------------------------------------------
    def process(self, path: Path, summary: Summary) -> bool:
        """Claim and apply one inbox file. False when the database went away."""
        claimed = self.folder.claim(path)
        if claimed is None:
            return True  # another board took it
        self._step("claimed", claimed)
        return self._process_claimed(claimed, summary, original=path.name)

    def _process_claimed(
        self, claimed: Path, summary: Summary, original: str | None = None
    ) -> bool:
        name = original or claimed.name
        try:
            data = claimed.read_bytes()
        except FileNotFoundError:
            return True
        except OSError as exc:
            self._reject(claimed, summary, name, f"unreadable: {exc.strerror or exc}")
            return True
        try:
            parsed = parse_entry(data)
        except EntryFileError as exc:
            self._reject(claimed, summary, name, str(exc))
            return True
        now = self.clock.now()
        entry, warnings = to_new_entry(parsed, now)
        self._step("parsed", claimed)
        key = content_key(data)
        try:
            result = self.service.apply(entry, now=now, ledger_key=key, file_name=name)
        except IntegrityError as exc:
            if not self._applied(key):
                self._reject(
                    claimed,
                    summary,
                    name,
                    f"the database refused the entry: {getattr(exc, 'orig', exc)}",
                )
                return True
            result = None  # another board applied the same file at the same moment
        except DataError as exc:
            # A value the database cannot store: quarantined with the reason, the board keeps
            # running and the file is not retried forever (2.x defect 1).
            self._reject(
                claimed, summary, name, f"the database refused a value: {getattr(exc, 'orig', exc)}"
            )
            return True
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            # Unreachable, or a server-side problem that is not the file's fault (missing
            # table, lock timeouts after the retries): the file waits in the inbox.
            self.folder.unclaim(claimed)
            reason = str(getattr(exc, "orig", exc))
            summary.database_unavailable = reason
            summary.outcomes.append(FileOutcome(name, DEFERRED, reason=f"not applied: {reason}"))
            return False
        self._step("committed", claimed)
        if result is None or result.duplicate:
            self.folder.finish(claimed, delete=self.delete_done)
            summary.outcomes.append(
                FileOutcome(name, DUPLICATE, patient_id=getattr(result, "patient_id", None))
            )
            return True
        warnings += result.warnings
        self.folder.finish(claimed, delete=self.delete_done, warnings=warnings)
        for w in warnings:
            log.warning("entry file %s: %s", name, w)
        summary.outcomes.append(
            FileOutcome(
                name,
                APPLIED,
                patient_id=result.patient_id,
                merged=result.merged,
                tasks=len(result.task_ids),
                warnings=warnings,
            )
        )
        return True

    def _applied(self, key: str) -> bool:
        t = self.db.tables
        try:
            with self.db.connect() as conn:
                return (
                    conn.execute(
                        select(t.applied_entries.c.EA_Hash).where(
                            t.applied_entries.c.EA_Hash == key
                        )
                    ).first()
                    is not None
                )
        except (DatabaseUnavailable, SQLAlchemyError):
            return False

    def _reject(self, claimed: Path, summary: Summary, name: str, reason: str) -> None:
        log.error("entry file %s rejected: %s", name, reason)
        self.folder.quarantine(claimed, reason, original=name)
        summary.outcomes.append(FileOutcome(name, ERROR, reason=reason))

    def purge_done(self) -> int:
        return self.folder.purge_done(self.keep_days)
