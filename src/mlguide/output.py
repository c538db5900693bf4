"""The only place that writes files: atomically, so a failure never leaves a broken result.

A build is assembled as a list of `OutputFile` values, written into a fresh sibling folder and
swapped in whole; single assets go through temp file + rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import MlguideError


@dataclass(frozen=True)
class OutputFile:
    path: str  # POSIX path relative to the output root
    data: bytes


def write_file_atomically(path: Path, data: bytes) -> None:
    """Readers see the old bytes or the new ones, never a truncated file (crash, Ctrl-C)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_tree_atomically(
    dest: Path, files: Iterable[OutputFile], before_swap: Callable[[Path], None] | None = None
) -> int:
    """Write every file into a new folder beside `dest`, then swap it in.

    `before_swap` may inspect the staged folder and raise to abort. If anything fails before
    the swap, `dest` is untouched and the half-written folder is
    removed. Returns the number of files written.
    """
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    count = 0
    try:
        seen: set[str] = set()
        for out in files:
            if out.path in seen:
                raise MlguideError(f"two pages want the same output file `{out.path}`")
            seen.add(out.path)
            target = staging / out.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(out.data)
            count += 1
        os.chmod(staging, 0o755)
        if before_swap is not None:
            before_swap(staging)
        swap_in(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def swap_in(staging: Path, dest: Path) -> None:
    old = None
    if dest.exists():
        if not dest.is_dir():
            raise MlguideError("output path exists and is not a folder", dest)
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        os.rmdir(old)
        os.rename(dest, old)
    os.rename(staging, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
