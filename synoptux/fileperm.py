"""Modes of the files Synoptux writes: private, unless their folder is a shared one.

synoptux.ini may hold the database password; the SQLite database, the entry
files (done/, errors/), the upgrade backups and the logs hold patient names.

The rule, one for every file we create or move into a folder:
- a folder with the setgid bit (`chmod g+s`) is *shared* with its group (for
  instance the entry folder DrTux writes into over Samba): files get 0660,
  sub-folders 02770, and both get the folder's group;
- any other folder is private: files 0600, sub-folders 0700.
A file we rewrite (synoptux.ini, synoptux.css) keeps the mode and the owner it
had: the site chose them. Folders that already exist are never changed.
On Windows only the POSIX parts are skipped (ACLs come from the folder).
"""

from __future__ import annotations

import logging.handlers
import os
import stat
import tempfile
from pathlib import Path

POSIX = os.name == "posix"
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
SHARED_FILE, SHARED_DIR = 0o660, 0o2770


def is_shared(folder: str | os.PathLike) -> bool:
    """A setgid folder: what is created in it belongs to its group."""
    try:
        return POSIX and bool(os.stat(folder).st_mode & stat.S_ISGID)
    except OSError:
        return False


def _apply(path: str | os.PathLike, folder: str | os.PathLike, *, directory: bool) -> None:
    """Give `path` the mode (and group) the rule of `folder` asks for."""
    if not POSIX:
        return
    if is_shared(folder):
        os.chmod(path, SHARED_DIR if directory else SHARED_FILE)
        try:
            os.chown(path, -1, os.stat(folder).st_gid)
        except PermissionError:  # not a member of that group: the mode still protects
            pass
    else:
        os.chmod(path, PRIVATE_DIR if directory else PRIVATE_FILE)


def make_dir(path: str | os.PathLike) -> Path:
    """Create `path` and its missing parents, each private (or shared, after its parent)."""
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:  # created by another process meanwhile: it chose its mode
            continue
        _apply(folder, folder.parent, directory=True)
    return path


def settle_file(path: str | os.PathLike) -> None:
    """A file we just wrote or moved into a folder takes that folder's rule (a file
    DrTux created 0644 becomes private once archived in done/ or errors/)."""
    try:
        _apply(path, Path(path).parent, directory=False)
    except FileNotFoundError:  # moved away meanwhile (another screen): nothing to protect
        pass


def create_file(path: str | os.PathLike) -> bool:
    """Create an empty file with the rule's mode if it does not exist; True if created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    settle_file(path)
    return True


def _fsync_dir(folder: Path) -> None:
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace the file's content all at once: a temporary file in the same folder,
    flushed to disk, given the old file's mode and owner, then renamed over it. A crash
    or a full disk leaves the old file whole. A symbolic link is followed (its target is
    rewritten, the link stays). A new file follows the folder's rule."""
    real = Path(os.path.realpath(path))
    folder = real.parent
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if POSIX and old is not None:
                os.fchmod(fh.fileno(), stat.S_IMODE(old.st_mode))
                try:
                    os.fchown(fh.fileno(), old.st_uid, old.st_gid)
                except PermissionError:  # not root: keep at least the group when we may
                    try:
                        os.fchown(fh.fileno(), -1, old.st_gid)
                    except PermissionError:
                        pass
            elif old is None:
                _apply(tmp, folder, directory=False)
            os.fsync(fh.fileno())
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose folder and files follow the rule above (logs name patients)."""

    def _open(self):  # logging's signature
        path = Path(self.baseFilename)
        make_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        settle_file(path)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)
