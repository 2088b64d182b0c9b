"""The entry folder: inbox (the folder itself) -> .claimed/ -> done/ | errors/.

Every move is one `os.rename` inside the folder (atomic on the same file
system), never a copy: a crash leaves each file in exactly one place. A file
in error gets `<name>.reason.txt` beside it, written *before* the file is moved
so that no file in errors/ lacks its reason.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from synoptux.fileperm import make_dir, settle_file

CLAIMED = ".claimed"
DONE = "done"
ERRORS = "errors"
REASON_SUFFIX = ".reason.txt"
WARNINGS_SUFFIX = ".warnings.txt"


def is_entry_name(name: str) -> bool:
    return (
        name.lower().endswith(".txt")
        and not name.startswith(".")
        and not name.lower().endswith((REASON_SUFFIX, WARNINGS_SUFFIX))
    )


@dataclass(frozen=True)
class ErrorFile:
    path: Path
    reason: str

    @property
    def name(self) -> str:
        return self.path.name


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
        found = []
        try:
            with os.scandir(folder) as it:
                for e in it:
                    if is_entry_name(e.name) and e.is_file(follow_symlinks=False):
                        try:
                            found.append((e.stat().st_mtime_ns, e.name, Path(e.path)))
                        except FileNotFoundError:
                            continue
        except FileNotFoundError:
            return []
        return [p for _, _, p in sorted(found)]

    def error_files(self) -> list[ErrorFile]:
        out = []
        for path in self._entries(self.errors):
            reason_path = path.with_name(path.name + REASON_SUFFIX)
            try:
                reason = reason_path.read_text(encoding="utf-8")
            except OSError:
                reason = ""
            out.append(ErrorFile(path, reason))
        return out

    def error_count(self) -> int:
        return len(self._entries(self.errors))

    # -- moves -------------------------------------------------------------------
    @staticmethod
    def _free(folder: Path, name: str) -> Path:
        target = folder / name
        if not target.exists():
            return target
        stem, dot, ext = name.rpartition(".")
        n = 1
        while True:
            target = folder / f"{stem}~{n}{dot}{ext}"
            if not target.exists():
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
            return None
        make_dir(self.done)
        target = self._free(self.done, claimed.name)
        if warnings:
            target.with_name(target.name + WARNINGS_SUFFIX).write_text(
                "\n".join(warnings) + "\n", encoding="utf-8"
            )
            settle_file(target.with_name(target.name + WARNINGS_SUFFIX))
        try:
            os.rename(claimed, target)
        except FileNotFoundError:
            return None
        settle_file(target)
        return target

    def quarantine(self, claimed: Path, reason: str, *, original: str | None = None) -> Path | None:
        """Move a file that cannot be applied to errors/, with its reason beside it."""
        make_dir(self.errors)
        target = self._free(self.errors, claimed.name)
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        text = (
            f"File: {original or claimed.name}\nRejected: {stamp}\nReason: {reason}\n\n"
            "Fix the file and put it back in the entry folder (or tap Retry on the board).\n"
        )
        target.with_name(target.name + REASON_SUFFIX).write_text(text, encoding="utf-8")
        settle_file(target.with_name(target.name + REASON_SUFFIX))
        try:
            os.rename(claimed, target)
        except FileNotFoundError:
            target.with_name(target.name + REASON_SUFFIX).unlink(missing_ok=True)
            return None
        settle_file(target)
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
                if e.is_file() and e.stat().st_mtime < limit:
                    os.unlink(e.path)
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


class StabilityTracker:
    """A file is taken once its size and modification time have not changed for
    `settle` seconds of our own (monotonic) observation: DrTux may still be writing it."""

    def __init__(self, settle: float = 0.2) -> None:
        self.settle = settle
        self._seen: dict[Path, tuple[tuple[int, int], float]] = {}

    def ready(self, paths: list[Path], now: float | None = None) -> list[Path]:
        now = time.monotonic() if now is None else now
        out = []
        alive = set()
        for path in paths:
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            alive.add(path)
            sig = (st.st_size, st.st_mtime_ns)
            previous = self._seen.get(path)
            if previous is None or previous[0] != sig:
                self._seen[path] = (sig, now)
                if self.settle <= 0 and st.st_size > 0:
                    out.append(path)
                continue
            # An empty file may be a writer that has not written yet: wait longer.
            needed = self.settle if st.st_size > 0 else max(self.settle, 10.0)
            if now - previous[1] >= needed:
                out.append(path)
        for gone in set(self._seen) - alive:
            del self._seen[gone]
        return out

    def mark_closed(self, path: Path, now: float | None = None) -> None:
        """The writer closed the file (inotify's close-after-write, Linux only): it is
        complete, so it is ready at the next `ready()` unless it changes again."""
        now = time.monotonic() if now is None else now
        try:
            st = path.stat()
        except FileNotFoundError:
            return
        self._seen[path] = ((st.st_size, st.st_mtime_ns), now - self.settle)

    def forget_all(self) -> None:
        self._seen.clear()

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    @property
    def pending(self) -> int:
        return len(self._seen)
