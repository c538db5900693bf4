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
from collections.abc import Callable
from pathlib import Path


def stored(
    folder: Path, key: tuple[object, ...], suffix: str, make: Callable[[], bytes]
) -> Path | None:
    """The file holding `make()`'s bytes for `key`, made now if no build made it before; None
    if it could be neither found nor written."""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    path = folder / digest[:2] / f"{digest}{suffix}"
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            return path
    except OSError:
        pass
    data = make()
    temporary = path.with_name(f".{digest}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)  # atomic: two workers making the same file both succeed
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return None
    return path


def forget(path: Path) -> None:
    """Removes a stored file whose bytes turned out wrong, so the next call makes it again."""
    with contextlib.suppress(OSError):
        path.unlink()
