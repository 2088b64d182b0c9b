"""The entry folder: inbox (the folder itself) -> .claimed/ -> done/ | errors/.

Every move is one `os.rename` inside the folder (atomic on the same file
system), never a copy: a crash leaves each file in exactly one place. A file
in error gets `<name>.reason.txt` beside it, written *before* the file is moved
so that no file in errors/ lacks its reason.

Names are whatever the share hands over: Latin-1 bytes from Samba (not UTF-8: Python
keeps them as surrogate escapes and every move uses the same bytes), or 250 characters
(a file is moved under a shortened name when `NAME.reason.txt` would pass the 255-byte
limit; the reason file records the original name). `display_name` is what people read.
A `*.txt` symbolic link is an entry when it points to a file inside the entry folder;
it is never followed elsewhere (`read_entry`, `preview`).
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from synoptux.fileperm import make_dir, settle_file
from synoptux.speech import translate

CLAIMED = ".claimed"
DONE = "done"
ERRORS = "errors"
REASON_SUFFIX = ".reason.txt"
WARNINGS_SUFFIX = ".warnings.txt"
TRIES_PREFIX = ".tries-"
NAME_MAX = 255  # bytes in one file name (ext4, XFS, NTFS through Samba)


def is_entry_name(name: str) -> bool:
    return (
        name.lower().endswith(".txt")
        and not name.startswith(".")
        and not name.lower().endswith((REASON_SUFFIX, WARNINGS_SUFFIX))
    )


def display_name(name: str) -> str:
    """A file name as people read it: its bytes as UTF-8, or else as CP1252 (Samba shares
    of Windows machines hand over Latin-1 names)."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def fit_name(name: str, reserve: int = 0) -> str:
    """`name`, shortened (its stem) so that `len(bytes) + reserve <= NAME_MAX`."""
    if len(os.fsencode(name)) + reserve <= NAME_MAX:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    tail = f"~{hashlib.sha1(os.fsencode(name)).hexdigest()[:8]}{dot}{ext}"
    room = NAME_MAX - reserve - len(os.fsencode(tail))
    while stem and len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + tail


class EntryLinkError(ValueError):
    """A symbolic link that is not followed (it leads out of the folder, or nowhere)."""


@dataclass(frozen=True)
class ErrorFile:
    path: Path
    reason: str

    @property
    def name(self) -> str:
        return display_name(self.path.name)


class EntryFolder:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.claimed = self.root / CLAIMED
        self.done = self.root / DONE
        self.errors = self.root / ERRORS

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)  # the writers' folder: the site's modes
        for folder in (self.claimed, self.done, self.errors):
            make_dir(folder)  # private (or the shared folder's group): see fileperm

    # -- listing -----------------------------------------------------------------
    def inbox_files(self) -> list[Path]:
        """Entry files waiting in the inbox, oldest first (any case of .txt)."""
        return self._entries(self.root)

    def claimed_files(self) -> list[Path]:
        return self._entries(self.claimed)

    @staticmethod
    def _entries(folder: Path) -> list[Path]:
        """Entry files (and symbolic links named like one) of `folder`, oldest first."""
        found = []
        try:
            with os.scandir(folder) as it:
                for e in it:
                    if not is_entry_name(e.name):
                        continue
                    try:
                        if e.is_symlink():
                            st = e.stat(follow_symlinks=False)
                        elif e.is_file(follow_symlinks=False):
                            st = e.stat()
                        else:
                            continue
                    except FileNotFoundError:
                        continue
                    found.append((st.st_mtime_ns, e.name, Path(e.path)))
        except FileNotFoundError:
            return []
        return [p for _, _, p in sorted(found)]

    def error_files(self) -> list[ErrorFile]:
        out = []
        for path in self._entries(self.errors):
            reason_path = path.with_name(path.name + REASON_SUFFIX)
            try:
                reason = reason_path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                reason = ""
            out.append(ErrorFile(path, reason))
        return out

    def error_count(self) -> int:
        return len(self._entries(self.errors))

    # -- reading -------------------------------------------------------------------
    def link_target(self, path: Path) -> Path:
        """The file a symbolic link of the inbox leads to, if it is a file inside the entry
        folder. A link is read relative to the inbox wherever it sits now (.claimed/,
        errors/), since that is where its writer made it."""
        target = os.readlink(path)
        full = Path(os.path.realpath(self.root / target))
        root = Path(os.path.realpath(self.root))
        shown = display_name(str(target))
        if full != root and root not in full.parents:
            raise EntryLinkError(
                translate(
                    "Ingest", "symbolic link to {target}, outside the entry folder: not followed"
                ).format(target=shown)
            )
        if not full.exists():
            raise EntryLinkError(
                translate("Ingest", "symbolic link to {target}, which does not exist").format(
                    target=shown
                )
            )
        if not full.is_file():
            raise EntryLinkError(
                translate("Ingest", "symbolic link to {target}, which is not a file").format(
                    target=shown
                )
            )
        return full

    def read_entry(self, path: Path) -> bytes:
        """The bytes of an entry file; a symbolic link is followed only inside the folder."""
        if path.is_symlink():
            return self.link_target(path).read_bytes()
        return path.read_bytes()

    def preview(self, path: Path, limit: int = 20_000) -> str:
        """The start of a file for the list of files in error (never what a link shows
        outside the folder)."""
        from synoptux.inifile import decode_bytes

        try:
            with open(self.link_target(path) if path.is_symlink() else path, "rb") as f:
                data = f.read(limit)
        except EntryLinkError as exc:
            return str(exc)
        except OSError as exc:
            return str(exc)
        return decode_bytes(data)[0]

    # -- moves -------------------------------------------------------------------
    @staticmethod
    def _free(folder: Path, name: str, reserve: int = 0) -> Path:
        """A name not taken in `folder`, fitting the name limit with `reserve` bytes to
        spare (for the `.reason.txt` or `.warnings.txt` written beside it)."""
        name = fit_name(name, reserve)
        target = folder / name
        if not os.path.lexists(target):
            return target
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        n = 1
        while True:
            target = folder / fit_name(f"{stem}~{n}{dot}{ext}", reserve)
            if not os.path.lexists(target):
                return target
            n += 1

    def claim(self, path: Path) -> Path | None:
        """Take a file from the inbox by an atomic rename; None if another took it."""
        make_dir(self.claimed)
        target = self._free(self.claimed, path.name)
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None
        return target

    def unclaim(self, claimed: Path) -> Path | None:
        """Put a claimed file back in the inbox (the database was unreachable)."""
        target = self._free(self.root, claimed.name)
        try:
            os.rename(claimed, target)
        except FileNotFoundError:
            return None
        finally:
            self.clear_tries(claimed)
        return target

    def finish(
        self, claimed: Path, *, delete: bool, warnings: list[str] | None = None
    ) -> Path | None:
        """Archive an applied file in done/ (or delete it). Missing file: already done."""
        if delete:
            try:
                claimed.unlink()
            except FileNotFoundError:
                pass
            self.clear_tries(claimed)
            return None
        make_dir(self.done)
        target = self._free(self.done, claimed.name, len(WARNINGS_SUFFIX))
        if warnings:
            notes = target.with_name(target.name + WARNINGS_SUFFIX)
            try:
                notes.write_text("\n".join(warnings) + "\n", encoding="utf-8", errors="replace")
                settle_file(notes)
            except OSError:
                pass  # the warnings are in the log and the summary too: the file goes on
        try:
            os.rename(claimed, target)
        except FileNotFoundError:
            return None
        else:
            settle_file(target)
        finally:
            self.clear_tries(claimed)
        return target

    def quarantine(self, claimed: Path, reason: str, *, original: str | None = None) -> Path | None:
        """Move a file that cannot be applied to errors/, with its reason beside it."""
        make_dir(self.errors)
        target = self._free(self.errors, claimed.name, len(REASON_SUFFIX))
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        text = translate(
            "Ingest",
            "File: {file}\nRejected: {when}\nReason: {reason}\n\n"
            "Fix the file and put it back in the entry folder (or tap Retry on the board).\n",
        ).format(file=original or display_name(claimed.name), when=stamp, reason=reason)
        reason_path = target.with_name(target.name + REASON_SUFFIX)
        reason_path.write_text(text, encoding="utf-8", errors="replace")
        settle_file(reason_path)
        try:
            os.rename(claimed, target)
        except FileNotFoundError:
            reason_path.unlink(missing_ok=True)
            return None
        else:
            settle_file(target)
        finally:
            self.clear_tries(claimed)
        return target

    def retry(self, error_file: Path) -> Path | None:
        """Put a file from errors/ back in the inbox, its reason removed."""
        target = self._free(self.root, error_file.name)
        try:
            os.rename(error_file, target)
        except FileNotFoundError:
            return None
        error_file.with_name(error_file.name + REASON_SUFFIX).unlink(missing_ok=True)
        return target

    def purge_done(self, keep_days: int, now: float | None = None) -> int:
        """Remove files of done/ older than `keep_days` days (by modification time)."""
        limit = (now if now is not None else time.time()) - keep_days * 86400
        removed = 0
        try:
            entries = list(os.scandir(self.done))
        except FileNotFoundError:
            return 0
        for e in entries:
            try:
                if (e.is_file() or e.is_symlink()) and e.stat(
                    follow_symlinks=False
                ).st_mtime < limit:
                    os.unlink(e.path)
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    # -- attempts (a file the ingester died on twice is put aside) -----------------
    def _tries_path(self, claimed: Path) -> Path:
        digest = hashlib.sha1(os.fsencode(claimed.name)).hexdigest()[:20]
        return self.claimed / f"{TRIES_PREFIX}{digest}"

    def attempts(self, claimed: Path) -> Attempts:
        """How many times applying this claimed file began without ending, and who began
        the last attempt (`host:pid`) when."""
        try:
            count, by, at = self._tries_path(claimed).read_text(encoding="utf-8").split("\t")
            return Attempts(int(count), by, float(at))
        except (OSError, ValueError):
            return Attempts(0, "", 0.0)

    def add_attempt(self, claimed: Path, by: str | None = None) -> None:
        count = self.attempts(claimed).count + 1
        try:
            self._tries_path(claimed).write_text(
                f"{count}\t{by or this_process()}\t{time.time()}", encoding="utf-8"
            )
        except OSError:
            pass  # a read-only .claimed/ only loses the crash-loop guard

    def clear_tries(self, claimed: Path) -> None:
        try:
            self._tries_path(claimed).unlink(missing_ok=True)
        except OSError:
            pass

    def drop_stale_attempts(self) -> None:
        """Markers whose file left .claimed/ (a crash between the move and the cleanup)."""
        live = {self._tries_path(p).name for p in self.claimed_files()}
        try:
            with os.scandir(self.claimed) as it:
                stale = [
                    e.path for e in it if e.name.startswith(TRIES_PREFIX) and e.name not in live
                ]
        except FileNotFoundError:
            return
        for path in stale:
            try:
                os.unlink(path)
            except OSError:
                pass


@dataclass(frozen=True)
class Attempts:
    count: int
    by: str  # host:pid of the process that began the last attempt
    at: float  # when (time.time())

    def elsewhere_in_flight(self, window: float = 120.0) -> bool:
        """Another live process is applying this file now (two boards on one folder): on
        this host, its process still exists (and began less than ten minutes ago: a process
        id is reused in the end); on another host, it began less than `window` seconds ago."""
        if not self.by or self.by == this_process():
            return False
        age = time.time() - self.at
        host, _, pid = self.by.rpartition(":")
        if host == socket.gethostname() and os.name != "nt" and pid.isdigit():
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return False  # it died: this attempt counts
            except PermissionError:
                pass  # alive, someone else's
            return age < 600
        return age < window


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time (of a link's target; of the link itself when it leads
    nowhere, so that it is still taken, and quarantined); None when the file is gone."""
    try:
        st = path.stat()
    except FileNotFoundError:
        try:
            st = path.lstat()
        except FileNotFoundError:
            return None
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


class StabilityTracker:
    """A file is taken once its size and modification time have not changed for `settle`
    seconds of our own (monotonic) observation: DrTux may still be writing it, pausing, or
    appending line by line (open, append, close). The close event alone says nothing: an
    appender closes after every line.

    `is_open(path)` (from the watcher: inotify open/close events) holds back a file that a
    program still has open, however long it stays unchanged (up to `open_grace` seconds,
    in case a close event was lost). A file renamed into the folder is complete at once
    (`mark_complete`): the safe way for site scripts (write under another name, rename)."""

    def __init__(
        self,
        settle: float = 2.0,
        *,
        is_open=None,  # Callable[[Path], bool] | None
        open_grace: float = 60.0,
    ) -> None:
        self.settle = settle
        self.is_open = is_open
        self.open_grace = open_grace
        self._seen: dict[Path, tuple[tuple[int, int], float]] = {}

    def _needed(self, sig: tuple[int, int]) -> float:
        # An empty file may be a writer that has not written yet: wait longer.
        return self.settle if sig[0] > 0 else max(self.settle, 10.0)

    def ready(self, paths: list[Path], now: float | None = None) -> list[Path]:
        now = time.monotonic() if now is None else now
        out = []
        alive = set()
        for path in paths:
            sig = signature(path)
            if sig is None:
                continue
            alive.add(path)
            previous = self._seen.get(path)
            if previous is None or previous[0] != sig:
                self._seen[path] = (sig, now)
                if self.settle <= 0 and sig[0] > 0 and not self._open(path):
                    out.append(path)
                continue
            quiet = now - previous[1]
            if self._open(path) and quiet < self.open_grace:
                continue
            if quiet >= self._needed(sig):
                out.append(path)
        for gone in set(self._seen) - alive:
            del self._seen[gone]
        return out

    def _open(self, path: Path) -> bool:
        return bool(self.is_open is not None and self.is_open(path))

    def next_due(self, now: float | None = None) -> float | None:
        """Seconds until the first file seen would be ready if it does not change."""
        now = time.monotonic() if now is None else now
        waits = [max(since + self._needed(sig) - now, 0.0) for sig, since in self._seen.values()]
        return min(waits) if waits else None

    def mark_complete(self, path: Path, now: float | None = None) -> None:
        """The file was renamed into the folder: complete now, unless it changes again."""
        now = time.monotonic() if now is None else now
        sig = signature(path)
        if sig is not None:
            self._seen[path] = (sig, now - self._needed(sig))

    def forget_all(self) -> None:
        self._seen.clear()

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    @property
    def pending(self) -> int:
        return len(self._seen)
