"""The claim -> apply -> archive pipeline, exactly once.

For each file: claim it by an atomic rename into `.claimed/`, parse it, apply it
in one transaction through `EntryService` (with its history rows and its row in
the applied-files ledger, keyed by the SHA-256 of its bytes), then move it to
`done/` (or delete it). Crash anywhere, restart, and:
- before the commit: the file is still in `.claimed/`, it is applied on start;
- after the commit: the ledger knows its hash, it is only moved to `done/`.
While the database is unreachable nothing is claimed; a file claimed just before
the outage goes back to the inbox. Any other failure ends with the file in errors/
(see `Ingestor`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from synoptux.db.engine import Database, DatabaseUnavailable, is_connection_lost
from synoptux.domain.clock import Clock, SystemClock
from synoptux.ingest.convert import to_new_entry
from synoptux.ingest.folder import EntryFolder, EntryLinkError, StabilityTracker, display_name
from synoptux.ingest.parser import EntryFileError, parse_entry
from synoptux.services.entries import EntryService
from synoptux.services.entries_types import EntryRefused
from synoptux.speech import translate

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
            what = (
                translate("Ingest", "tasks added to patient")
                if self.merged
                else translate("Ingest", "new patient")
            )
            text = translate("Ingest", "applied  {name}: {what} #{id}, {tasks} task(s)").format(
                name=self.name, what=what, id=self.patient_id, tasks=self.tasks
            )
        elif self.status == DUPLICATE:
            text = translate(
                "Ingest", "skipped  {name}: already applied (same content), archived"
            ).format(name=self.name)
        elif self.status == ERROR:
            text = translate("Ingest", "ERROR    {name}: {reason} (moved to errors/)").format(
                name=self.name, reason=self.reason
            )
        else:
            text = translate("Ingest", "waiting  {name}: {reason}").format(
                name=self.name, reason=self.reason
            )
        warning = translate("Ingest", "warning: {warning}")
        return text + "".join("\n         " + warning.format(warning=w) for w in self.warnings)


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
            translate(
                "Ingest",
                "{applied} applied ({new} new patient(s), {merged} merged, {tasks} task(s)), "
                "{duplicates} duplicate(s), {errors} in error, {waiting} waiting",
            ).format(
                applied=len(applied),
                new=sum(1 for o in applied if not o.merged),
                merged=sum(1 for o in applied if o.merged),
                tasks=sum(o.tasks for o in applied),
                duplicates=self.count(DUPLICATE),
                errors=self.count(ERROR),
                waiting=self.count(DEFERRED),
            )
        )
        if self.database_unavailable:
            lines.append(
                translate(
                    "Ingest", "database unreachable: {error}; files left in the entry folder"
                ).format(error=self.database_unavailable)
            )
        return "\n".join(lines)


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Ingestor:
    """Applies the entry files of one folder to one database.

    No file can stop the pipeline: whatever happens while a file is applied, it ends in
    done/ or in errors/ (with its reason) within the cycle. An exception nobody foresaw is
    given one more try at once; a second one puts the file in errors/. A file the process
    died on twice (killed, crashed) is put in errors/ at the next start. Only a database
    that cannot be reached leaves files where they are (nothing is claimed meanwhile)."""

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
        settle: float = 2.0,
        is_open: Callable[[Path], bool] | None = None,
        before_step: Callable[[str, Path], None] | None = None,
    ) -> None:
        self.db = db
        self.folder = EntryFolder(folder)
        self.clock = clock or SystemClock()
        self.delete_done = delete_done
        self.keep_days = keep_days
        self.service = EntryService(db, default_box=default_box, actor=actor)
        self.tracker = StabilityTracker(settle, is_open=is_open)
        self._before_step = before_step  # test hook: crash points
        self._stuck: dict[Path, str] = {}  # files that cannot even be moved: said once

    def _step(self, name: str, path: Path) -> None:
        if self._before_step is not None:
            self._before_step(name, path)

    # -- cycles ------------------------------------------------------------------
    def database_reachable(self) -> str | None:
        """None when reachable (and the ledger of applied files is there), else the reason."""
        t = self.db.tables
        try:
            with self.db.connect() as conn:
                conn.execute(select(t.applied_entries.c.EA_Hash).limit(1)).first()
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
        self.folder.drop_stale_attempts()
        for path in self.folder.claimed_files():
            if path in self._stuck:
                continue
            if not self._process_claimed(path, summary):
                break
        return summary

    def run_cycle(self, *, wait_stable: bool = True) -> Summary:
        """Recover claimed files, then take every ready file of the inbox. Touches the
        database only when there is a file to take."""
        self.folder.ensure()
        inbox = [p for p in self.folder.inbox_files() if p not in self._stuck]
        ready = self.tracker.ready(inbox) if wait_stable else inbox
        if not ready and not any(p not in self._stuck for p in self.folder.claimed_files()):
            return Summary()
        summary = self.recover()
        if summary.database_unavailable:
            return summary
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
        try:
            claimed = self.folder.claim(path)
        except OSError as exc:  # locked by its writer (Windows share), no permission...
            self._stuck_on(
                path,
                summary,
                translate("Ingest", "cannot be taken from the entry folder: {error}").format(
                    error=exc
                ),
            )
            return True
        if claimed is None:
            return True  # another board took it
        self._step("claimed", claimed)
        return self._process_claimed(claimed, summary, original=path.name)

    def _process_claimed(
        self, claimed: Path, summary: Summary, original: str | None = None
    ) -> bool:
        name = display_name(original or claimed.name)
        attempts = self.folder.attempts(claimed)
        if attempts.elsewhere_in_flight():
            return True  # another board is applying it right now: not ours to judge
        if attempts.count >= 2:
            self._reject(
                claimed,
                summary,
                name,
                translate(
                    "Ingest",
                    "the ingester stopped twice while applying this file (killed or crashed): "
                    "put aside so that the other files go on",
                ),
            )
            return True
        self.folder.add_attempt(claimed)  # removed when the file leaves .claimed/
        for attempt in (1, 2):
            try:
                return self._apply_claimed(claimed, summary, name)
            except _DatabaseGone as gone:
                self._defer(claimed, summary, name, gone.reason)
                return False
            except Exception as exc:  # whatever it is, the file must not block
                reason = self._gone(exc)
                if reason is not None:
                    self._defer(claimed, summary, name, reason)
                    return False
                what = f"{type(exc).__name__}: {getattr(exc, 'orig', None) or exc}"
                if attempt == 1:
                    log.warning("entry file %s: %s; tried once more", name, what)
                    continue
                log.error("entry file %s failed twice", name, exc_info=exc)
                self._reject(
                    claimed,
                    summary,
                    name,
                    translate("Ingest", "could not be applied (failed twice): {error}").format(
                        error=what
                    ),
                )
                return True
        return True

    def _gone(self, exc: BaseException) -> str | None:
        """The reason when `exc` means the database is out of reach (not the file's fault)."""
        if isinstance(exc, DatabaseUnavailable):
            return str(exc)
        if isinstance(exc, SQLAlchemyError):
            if is_connection_lost(exc):
                return str(getattr(exc, "orig", exc))
            return self.database_reachable()  # still there: then it was this file
        return None

    def _apply_claimed(self, claimed: Path, summary: Summary, name: str) -> bool:
        try:
            data = self.folder.read_entry(claimed)
        except FileNotFoundError:
            if not os.path.lexists(claimed):
                self.folder.clear_tries(claimed)
                return True  # gone: another board finished it
            raise
        except EntryLinkError as exc:
            self._reject(claimed, summary, name, str(exc))
            return True
        except OSError as exc:
            self._reject(
                claimed,
                summary,
                name,
                translate("Ingest", "unreadable: {error}").format(error=exc.strerror or exc),
            )
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
        except EntryRefused as exc:
            self._reject(claimed, summary, name, str(exc))
            return True
        except IntegrityError as exc:
            gone = self._gone(exc)
            if gone is not None:
                raise _DatabaseGone(gone) from exc
            if not self._applied(key):
                self._reject(
                    claimed,
                    summary,
                    name,
                    translate("Ingest", "the database refused the entry: {error}").format(
                        error=getattr(exc, "orig", exc)
                    ),
                )
                return True
            result = None  # another board applied the same file at the same moment
        except DataError as exc:
            # A value the database cannot store: quarantined with the reason, the board keeps
            # running and the file is not retried forever (2.x defect 1).
            self._reject(
                claimed,
                summary,
                name,
                translate("Ingest", "the database refused a value: {error}").format(
                    error=getattr(exc, "orig", exc)
                ),
            )
            return True
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

    def _defer(self, claimed: Path, summary: Summary, name: str, reason: str) -> None:
        """The database went away: the file goes back to the inbox, untouched."""
        try:
            self.folder.unclaim(claimed)
        except OSError as exc:  # stays in .claimed/: recovered when the database is back
            log.error("entry file %s left in .claimed/: %s", name, exc)
        summary.database_unavailable = reason
        summary.outcomes.append(FileOutcome(name, DEFERRED, reason=f"not applied: {reason}"))

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
        try:
            self.folder.quarantine(claimed, reason, original=name)
        except OSError as exc:  # errors/ not writable: never loop on it
            self._stuck_on(
                claimed,
                summary,
                translate("Ingest", "{reason}; and it cannot be moved to errors/: {error}").format(
                    reason=reason, error=exc
                ),
            )
            return
        summary.outcomes.append(FileOutcome(name, ERROR, reason=reason))

    def _stuck_on(self, path: Path, summary: Summary, reason: str) -> None:
        """A file that cannot even be moved: reported once, then left alone until restart."""
        if path not in self._stuck:
            self._stuck[path] = reason
            log.error("entry file %s: %s", display_name(path.name), reason)
            summary.outcomes.append(FileOutcome(display_name(path.name), ERROR, reason=reason))

    def purge_done(self) -> int:
        return self.folder.purge_done(self.keep_days)


class _DatabaseGone(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
