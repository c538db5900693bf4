"""The only place that writes files: atomically, so a failure never leaves a broken result.

A build is a stream of `OutputFile` values, written into a fresh sibling folder and swapped in
whole; single assets go through temp file + rename. The swap and the removal of the old
folder run with Ctrl-C and SIGTERM held back, so an interrupt leaves either the old build or
the new one in place, never a half-swapped state or a stray `.build.*` folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MlguideError, display_path

# Written into every build: proof that a folder is ours to replace (and what it was built for).
BUILD_MARKER = ".mlguide-build.json"
FILE_MODE = 0o644  # whatever the umask: a published site must be readable by the web server
DIR_MODE = 0o755
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class OutputFile:
    path: str  # POSIX path relative to the output root
    data: bytes


def write_file_atomically(path: Path, data: bytes) -> None:
    """Readers see the old bytes or the new ones, never a truncated file (crash, Ctrl-C)."""
    _mkdirs(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise disk_error(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise disk_error(exc, path) from exc
        raise


def disk_error(exc: OSError, path: Path) -> MlguideError:
    """An OSError as one line that names the path and what to do about it."""
    advice = {
        errno.ENOSPC: "the disk is full: free some space and build again",
        errno.EDQUOT: "the disk quota is used up: free some space and build again",
        errno.EFBIG: "the file is too large for this file system",
        errno.EACCES: "permission denied: make the folder writable or choose another with -o",
        errno.EPERM: "permission denied: make the folder writable or choose another with -o",
        errno.EROFS: "the file system is read-only: choose another folder with -o",
        errno.ENOTDIR: "a part of this path is a file, not a folder",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return MlguideError(f"cannot write: {advice}", exc.filename or path)


def _mkdirs(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, path) from exc


@dataclass
class StagingFolder:
    """A new folder beside the destination that files are written into before the swap."""

    path: Path
    written: set[str] = field(default_factory=set)
    swapped: bool = False  # the new build is in place
    pages: int = 0  # posts written (the caller's count, for its report)
    leftover: Path | None = None  # an old build that could not be removed
    interrupted: bool = False  # a signal came after the swap (only with `stay_held`)

    def write(self, files: Iterable[OutputFile]) -> None:
        for out in files:
            if out.path in self.written:
                raise MlguideError(f"two pages want the same output file `{out.path}`")
            self.written.add(out.path)
            target = self.path / out.path
            try:
                if not target.parent.is_dir():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    for folder in _new_folders(self.path, target.parent):
                        os.chmod(folder, DIR_MODE)
                with open(target, "wb") as fh:
                    fh.write(out.data)
                os.chmod(target, FILE_MODE)
            except OSError as exc:
                raise disk_error(exc, target) from exc


def _new_folders(root: Path, folder: Path) -> list[Path]:
    rel = folder.relative_to(root)
    return [root.joinpath(*rel.parts[: i + 1]) for i in range(len(rel.parts))]


def _staging_name(dest: Path, kind: str) -> str:
    return f".{dest.name}.{kind}-{os.getpid()}-"


@contextlib.contextmanager
def staged_tree(dest: Path, stay_held: bool = False) -> Iterator[StagingFolder]:
    """Files written inside the block appear at `dest` all at once when it ends without error.

    Callers can write while they are still producing (pages as workers finish them), so disk
    time overlaps rendering. If the block raises (or is interrupted), `dest` is untouched and
    the half-written folder is removed. With `stay_held`, Ctrl-C and SIGTERM stay blocked
    after a successful swap (a command about to exit: its work is done, whatever comes).
    """
    dest = dest.absolute()
    _mkdirs(dest.parent)
    try:
        path = Path(tempfile.mkdtemp(prefix=_staging_name(dest, "new"), dir=dest.parent))
    except OSError as exc:
        raise disk_error(exc, dest.parent) from exc
    staging = StagingFolder(path)
    try:
        yield staging
    except BaseException:
        with held_signals():
            shutil.rmtree(staging.path, ignore_errors=True)
        raise
    previous = _block()
    try:
        os.chmod(staging.path, DIR_MODE)
        staging.leftover = swap_in(staging.path, dest)
        staging.swapped = True
    except BaseException:
        shutil.rmtree(staging.path, ignore_errors=True)
        _restore(previous)
        raise
    if stay_held and previous is not None:
        staging.interrupted = bool(signal.sigpending() & _HELD_SIGNALS)
    else:
        _restore(previous)


def write_tree_atomically(dest: Path, files: Iterable[OutputFile]) -> int:
    """Write every file into a new folder beside `dest`, then swap it in; returns the count."""
    with staged_tree(dest) as staging:
        staging.write(files)
    return len(staging.written)


def swap_in(staging: Path, dest: Path) -> Path | None:
    """Replace `dest` by `staging`; returns an old build that could not be removed."""
    old = None
    try:
        if dest.exists():
            if not dest.is_dir():
                raise MlguideError("the output path is a file, not a folder", dest)
            old = Path(tempfile.mkdtemp(prefix=_staging_name(dest, "old"), dir=dest.parent))
            os.rmdir(old)
            os.rename(dest, old)
        os.rename(staging, dest)
    except OSError as exc:
        if old is not None and old.exists() and not dest.exists():
            os.rename(old, dest)  # put the previous build back
        raise disk_error(exc, dest) from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        if old.exists():
            return old
    return None


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (then they are delivered)."""
    previous = _block()
    try:
        yield
    finally:
        _restore(previous)


def _block() -> set[int | signal.Signals] | None:
    """Block Ctrl-C and SIGTERM in the main thread; the mask to restore (None elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)


def _restore(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def remove_stale_staging(dest: Path) -> list[Path]:
    """Staging and old folders left by a build that was killed (SIGKILL, power loss).

    Only folders whose owning process is gone are removed: a build running at the same time
    keeps its own.
    """
    dest = dest.absolute()
    pattern = re.compile(rf"^\.{re.escape(dest.name)}\.(new|old)-(\d+)-")
    removed: list[Path] = []
    if not dest.parent.is_dir():
        return removed
    for entry in dest.parent.iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_dir() and not _alive(int(match.group(2))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def check_output_folder(dest: Path, protected: Iterable[Path], force: bool = False) -> None:
    """Refuse an output folder whose replacement would destroy the author's work.

    The build replaces the whole folder, so it must not be, contain or sit inside a source
    folder; a non-empty folder that mlguide did not write needs `--force`. Folders that hold
    the project, the home folder or the working folder are refused even with `--force`.
    """
    dest = dest.absolute()
    _check_parents_are_folders(dest)
    real = dest.resolve()
    sources = [(source, source.absolute().resolve()) for source in protected]
    for source, src in sources:
        if real == src or src.is_relative_to(real):
            raise MlguideError(
                f"refusing to write the site here: it would replace `{display_path(source)}`, "
                "which holds your sources; choose another folder with -o",
                dest,
            )
    for source, src in sources:
        if real.is_relative_to(src):
            raise MlguideError(
                f"refusing to write the site inside `{display_path(source)}`, which holds your "
                "sources; choose another folder with -o",
                dest,
            )
    for keep in (Path.cwd(), Path.home(), Path(real.anchor)):
        if keep.resolve().is_relative_to(real):
            raise MlguideError(
                f"refusing to write the site here: it would replace `{keep}`; "
                "choose another folder with -o",
                dest,
            )
    if dest.exists() and not dest.is_dir():
        raise MlguideError("the output path is a file, not a folder: choose another with -o", dest)
    if force or not dest.is_dir() or (dest / BUILD_MARKER).is_file():
        return
    if any(dest.iterdir()):
        raise MlguideError(
            f"the output folder is not empty and was not written by mlguide (no {BUILD_MARKER}): "
            "choose an empty folder, or pass --force to replace it",
            dest,
        )


def _check_parents_are_folders(dest: Path) -> None:
    for parent in dest.parents:
        if parent.exists():
            if not parent.is_dir():
                raise MlguideError(
                    f"`{parent}` is a file, so the output folder cannot be created under it", dest
                )
            return
