"""Where made pictures are kept between builds: one function, `stored`.

A variant is a pure function of the source's bytes, its parameters and the encoders, so its
key is the digest of those and nothing else; a file under that key is reused by every build
and every page. The lead's shared store (src/mlguide/store/) will take this function's
place; until then it lives here, apart from the code that decides what to make.

A cache restored from elsewhere is data, never trusted with paths: only a regular file (no
symlink, no FIFO) is reused, and the caller checks that its bytes are the picture it asked
for. The cache never fails a build: when it cannot be written, `stored` says so (None) and
the caller publishes the original instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path


def stored(
    folder: Path, key: tuple[object, ...], suffix: str, make: Callable[[], bytes]
) -> Path | None:
    """The file holding `make()`'s bytes for `key`, made now if no build made it before; None
    if it could be neither found nor written."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    path = folder / digest[:2] / f"{digest}{suffix}"
    if _is_file(path):
        return path
    with _one_maker(folder, digest):
        if _is_file(path):  # another worker made it while this one waited
            return path
        return _make(path, digest, make)


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def _one_maker(folder: Path, digest: str) -> Iterator[None]:
    """Only one process makes a given picture at a time: the workers of a cold build start
    on the same first posts, and each encoded the same variants. A POSIX record lock: the
    kernel drops it when its holder dies (a killed worker blocks no one), and it never
    blocks the process that holds it. Where no lock can be taken (a read-only cache), each
    makes its own, as before, and `_publish` keeps the first."""
    import fcntl

    lock = folder / ".locks" / f"{digest}.lock"
    fd = -1
    with contextlib.suppress(OSError):
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        fcntl.lockf(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                lock.unlink()  # a process still waiting on it makes the picture or finds it
            os.close(fd)  # and the lock goes with it


def _make(path: Path, digest: str, make: Callable[[], bytes]) -> Path | None:
    data = make()
    temporary = path.with_name(f".{digest}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        _publish(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return None
    return path


def _publish(temporary: Path, path: Path) -> None:
    """Puts the made file in place, atomically, unless another worker made it first: then
    theirs stays. Replacing it would give the file a new inode after the other worker's
    pages recorded its state, and the next build would find those pages' inputs changed
    and render them again (a quarter of a 1,000-page blog after every cold build)."""
    try:
        os.link(temporary, path)  # fails if the file is there: never replaces it
    except FileExistsError:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a symlink planted in the cache
            os.replace(temporary, path)
            return
    except OSError:  # no hard links on this file system: replace, atomically
        os.replace(temporary, path)
        return
    temporary.unlink()


def forget(path: Path) -> None:
    """Removes a stored file whose bytes turned out wrong, so the next call makes it again."""
    with contextlib.suppress(OSError):
        path.unlink()
