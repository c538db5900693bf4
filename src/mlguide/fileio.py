"""Reading and writing the author's files.

Reading: `read_file` is the one way mlguide reads a file an author controls. It reads regular
files only, and only up to a bound: a FIFO would block the build forever, a device such as
`/dev/zero` never ends, a folder or a loop of links is no file, and a file of gigabytes would
exhaust the memory before anything could say so. Each is refused by its type or size before a
byte is read, as one line naming the file.

Writing: atomically (a reader sees the old bytes or the new, never half), with the modes a
web server can read, and every OSError as one line that says what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from mlguide.errors import MlguideError

FILE_MODE = 0o644  # whatever the umask: a published site must be readable by the web server


DIR_MODE = 0o755


# What a path that is not a regular file is, for messages.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
# A temporary file's name adds `.` + `.` + 8 random characters + `.tmp` to the target's.
_TMP_NAME_ROOM = 255 - 14


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file (or a link to one) of at most `limit` bytes.

    The type is checked on the path before opening (opening some devices has effects of its
    own) and again on the open file (the path may have been replaced in between); the file is
    opened non-blocking, so even a FIFO put there in that moment cannot hang the read. A file
    that grows past `limit` while it is read is refused too."""
    with open_regular(path) as fh:
        _check_size(path, os.fstat(fh.fileno()).st_size, limit)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise read_error(exc, path) from exc
    _check_size(path, len(data), limit)
    return data


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading, if it is a regular file (see `read_file`); for a copy that
    streams the bytes instead of holding them."""
    _check_kind(path, _stat(path))
    try:
        fh = open(path, "rb", opener=_opener)  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise read_error(exc, path) from exc
    try:
        _check_kind(path, os.fstat(fh.fileno()))
    except BaseException:
        fh.close()
        raise
    return fh


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def file_kind(path: Path) -> str | None:
    """None for a regular file (or a link to one); else what the path is, in words (also
    "missing" and "a link that loops"). Never raises and never opens the file."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link that loops (it points to itself)"
        return "a link to nothing" if os.path.islink(path) else "missing"
    return _kind(info.st_mode)


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except OSError as exc:
        raise read_error(exc, path) from exc


def _check_kind(path: Path, info: os.stat_result) -> None:
    kind = _kind(info.st_mode)
    if kind is not None:
        raise MlguideError(f"is {kind}, not a file: mlguide reads regular files only", path)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise MlguideError(
            f"the file is larger than {size_text(limit)}, the most mlguide reads from one "
            "(see docs/limits.md)",
            path,
        )


def size_text(size: int) -> str:
    """`10 MB`, `512 KB`, `300 bytes`: decimal units, as file managers show them."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            value = size / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def read_error(exc: OSError, path: Path) -> MlguideError:
    """An OSError met while reading, as one line naming the path."""
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return MlguideError(f"a link to nothing (`{os.readlink(path)}`)", path)
        return MlguideError("file not found", path)
    if exc.errno == errno.ELOOP:
        return MlguideError("a link that loops (it points to itself): not a file", path)
    if exc.errno == errno.EISDIR:
        return MlguideError("is a folder, not a file", path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return MlguideError("cannot read: permission denied", path)
    return MlguideError(f"cannot read: {exc.strerror or exc}", path)


def write_file_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Readers see the old bytes or the new ones, never a truncated file (crash, Ctrl-C).
    `durable`: synced to disk before the rename (skip it for what can be recomputed)."""
    make_folders(path.parent)
    try:
        # Cut the name in the temporary one: a long target must fail as itself, never as a
        # temporary name the author has never seen.
        prefix = f".{path.name[:_TMP_NAME_ROOM]}."
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
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
        errno.ENAMETOOLONG: "the name is too long for this file system",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.errno == errno.ENAMETOOLONG:
        name_from_error = False  # the error may name a temporary file: name the target
    where = (exc.filename or path) if name_from_error else path
    return MlguideError(f"cannot write: {advice}", where)


def make_folders(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # mkdir's word for "a file is where a folder must go"
        where = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        raise MlguideError(
            "cannot write: this is a file where a folder must be: rename or remove it", where
        ) from exc
    except OSError as exc:
        raise disk_error(exc, path) from exc
