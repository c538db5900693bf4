"""Writing the author's files: atomically (a reader sees the old bytes or the new, never half),
with the modes a web server can read, and every OSError as one line that says what to do."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from mlguide.errors import MlguideError

FILE_MODE = 0o644  # whatever the umask: a published site must be readable by the web server


DIR_MODE = 0o755


def write_file_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Readers see the old bytes or the new ones, never a truncated file (crash, Ctrl-C).
    `durable`: synced to disk before the rename (skip it for what can be recomputed)."""
    make_folders(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise disk_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise disk_error(exc, path) from exc
        raise


def disk_error(exc: OSError, path: Path, name_from_error: bool = True) -> MlguideError:
    """An OSError as one line that names the path and what to do about it."""
    advice = {
        errno.ENOSPC: "the disk is full: free some space and build again",
        errno.EDQUOT: "the disk quota is used up: free some space and build again",
        errno.EFBIG: "the file is too large for this file system",
        errno.EACCES: "permission denied: make the folder writable",
        errno.EPERM: "permission denied: make the folder writable",
        errno.EROFS: "the file system is read-only",
        errno.ENOTDIR: "a part of this path is a file, not a folder",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    where = (exc.filename or path) if name_from_error else path
    return MlguideError(f"cannot write: {advice}", where)


def make_folders(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, path) from exc
