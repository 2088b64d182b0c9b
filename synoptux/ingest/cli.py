"""`synoptux ingest [--once] [FILE...]`: the entry-file pipeline, headless.

- `FILE...`: apply these files (moved through the entry folder's .claimed/,
  then done/ or errors/, like dropped files);
- `--once`: finish claimed files, apply what is in the entry folder, exit;
- neither: watch the folder (watchdog + rescans) until Ctrl-C.

Exit status (as every command, README): 0 all applied, 1 some files went to errors/,
2 a file named does not exist or the entry folder cannot be made, 3 the database cannot be
used (unreachable, password refused, unknown database, SQLite file missing), 4 the database
has no Synoptux tables or an older schema: `ingest` never creates them, `synoptux init-db`
does.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import threading
import time
from datetime import datetime
from pathlib import Path

from synoptux.config import IFACE, KEYS, ConfigError, Settings
from synoptux.domain.clock import FakeClock, SystemClock
from synoptux.ingest.factory import make_ingestor
from synoptux.ingest.folder import EntryFolder, display_name, signature
from synoptux.ingest.processor import DEFERRED, ERROR, FileOutcome, Ingestor, Summary
from synoptux.ingest.watcher import FolderWatcher, OpenFiles
from synoptux.speech import translate


def _stage(folder: EntryFolder, path: Path) -> Path:
    """Bring a named file into the entry folder. A file named from elsewhere is copied, never
    moved: the caller's file (a sample, a read-only share) stays where it is; the copy goes
    through the folder's claim/done/errors life, and the ledger keeps it exactly-once."""
    path = path.resolve()
    if path.parent == folder.root.resolve():
        return path
    target = folder.root / path.name
    n = 1
    while target.exists():
        target = folder.root / f"{path.stem}~{n}{path.suffix}"
        n += 1
    tmp = folder.root / f".{target.name}.copying"
    shutil.copy2(path, tmp)
    os.replace(tmp, target)  # appears whole in the inbox, never half-written
    return target


def _stable_files(ing: Ingestor) -> tuple[list[Path], list[Path]]:
    """For `--once`: the inbox files unchanged for the settle time, and the others.

    A file counts as unchanged when its size and time did not move while we looked, and
    either its modification time is older than the settle time or we looked that long
    (a share's clock may be off). Waits at most the settle time, at least 0.2 s."""
    settle = ing.tracker.settle
    start = time.monotonic()
    first = {p: signature(p) for p in ing.folder.inbox_files()}
    if not first:
        return [], []
    ages = [time.time() - sig[1] / 1e9 for sig in first.values() if sig is not None]
    time.sleep(min(max(settle - min(ages, default=0.0), 0.2), max(settle, 0.2)))
    looked = time.monotonic() - start
    stable, waiting = [], []
    for p in ing.folder.inbox_files():
        sig = signature(p)
        age = time.time() - sig[1] / 1e9 if sig is not None else 0.0
        # An empty file may be a writer that has not written yet: taken after 10 s only.
        written = sig is not None and (sig[0] > 0 or age >= 10)
        if sig is not None and first.get(p) == sig and written and settle <= max(age, looked):
            stable.append(p)
        else:
            waiting.append(p)
    return stable, waiting


def _status(summary: Summary) -> int:
    if summary.database_unavailable:
        return 3
    return 1 if summary.count(ERROR) else 0


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from synoptux.services.setup import (
        DatabaseConnectionError,
        entry_folder,
        open_database,
        require_schema,
    )

    clock = FakeClock(args.now) if getattr(args, "now", None) else SystemClock()
    entry_folder(settings)  # ConfigError (exit 2) when a file is in the way
    try:
        db = open_database(settings)
    except DatabaseConnectionError as exc:
        print(
            translate(
                "Ingest", "database unreachable: {error}; files left in the entry folder"
            ).format(error=exc.msg.translated(lambda text: translate("Settings", text)))
        )
        raise
    try:
        # Never creates a table: on an empty database or an older schema (no ledger of
        # applied files) it says so (DatabaseEmpty, exit 4) and leaves the files waiting.
        require_schema(db, complete=True)
        ing = make_ingestor(db, settings, clock=clock)
        try:
            ing.folder.ensure()
        except OSError as exc:
            raise ConfigError(
                IFACE,
                "Dossier_Entrees",
                translate("Ingest", "{folder} cannot be used: {error}").format(
                    folder=ing.folder.root, error=exc
                ),
            ) from None
        files = list(getattr(args, "files", None) or [])
        if files:
            missing = [str(f) for f in files if not Path(f).is_file()]
            if missing:
                print(
                    translate("Ingest", "synoptux ingest: no such file: {files}").format(
                        files=", ".join(missing)
                    )
                )
                return 2
            staged = [_stage(ing.folder, Path(f)) for f in files]
            summary = ing.recover()
            more = ing.process_paths(staged)
            summary.outcomes += more.outcomes
            summary.database_unavailable = more.database_unavailable
            print(summary.text())
            return _status(summary)
        if getattr(args, "once", False):
            summary = ing.recover()
            if not summary.database_unavailable:
                # Files still being written are left for the next run: a file is taken
                # when its size and time did not change for the settle time.
                stable, waiting = _stable_files(ing)
                more = ing.process_paths(stable)
                summary.outcomes += more.outcomes
                summary.database_unavailable = more.database_unavailable
                for p in waiting:
                    summary.outcomes.append(
                        FileOutcome(
                            display_name(p.name),
                            DEFERRED,
                            reason=translate("Ingest", "still being written: next run"),
                        )
                    )
            if not ing.delete_done:
                ing.purge_done()
            print(summary.text())
            return _status(summary)
        return _watch(ing, settings)
    finally:
        db.dispose()


def _watch(ing: Ingestor, settings: Settings) -> int:
    wake = threading.Event()
    renamed: queue.SimpleQueue[Path] = queue.SimpleQueue()
    writers = OpenFiles()
    ing.tracker.is_open = writers.is_open
    period = settings[KEYS.ENTRY_SCAN_S]
    watcher = FolderWatcher(
        ing.folder.root,
        wake.set,
        polling=settings[KEYS.POLL_ENTRY_FOLDER],
        complete=renamed.put,
        writers=writers,
    )
    watcher.start()
    print(
        translate("Ingest", "watching {folder} (rescan every {period} s; Ctrl-C to stop)").format(
            folder=ing.folder.root, period=period
        ),
        flush=True,
    )
    last_scan = 0.0
    last_purge = 0.0
    try:
        while True:
            due = ing.tracker.next_due()
            woke = wake.wait(timeout=0.5 if due is None else min(max(due, 0.01), 0.5))
            wake.clear()
            now = time.monotonic()
            while not renamed.empty():
                ing.tracker.mark_complete(ing.folder.root / renamed.get_nowait().name, now)
            if woke or ing.tracker.pending or now - last_scan >= period:
                if now - last_scan >= period:
                    last_scan = now
                try:
                    summary = ing.run_cycle()
                except OSError as exc:  # the folder (a share) is away: try again later
                    print(
                        translate("Ingest", "entry folder unusable: {error}").format(error=exc),
                        flush=True,
                    )
                    ing.tracker.forget_all()
                    continue
                for o in summary.outcomes:
                    print(f"{datetime.now():%H:%M:%S} {o.line()}", flush=True)
                if summary.database_unavailable:
                    print(
                        translate("Ingest", "database unreachable: {error}").format(
                            error=summary.database_unavailable
                        ),
                        flush=True,
                    )
            if now - last_purge > 3600 and not ing.delete_done:
                last_purge = now
                ing.purge_done()
    except KeyboardInterrupt:
        return 0
    finally:
        watcher.stop()
