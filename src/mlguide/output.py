"""The only place that writes files: atomically, so a failure never leaves a broken result.

A build is a stream of `OutputFile` values, written into a fresh sibling folder and swapped in
whole; single assets go through temp file + rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import MlguideError, display_path

# Written into every build: proof that a folder is ours to replace (and what it was built for).
BUILD_MARKER = ".mlguide-build.json"


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


@dataclass(frozen=True)
class StagingFolder:
    """A new folder beside the destination that files are written into before the swap."""

    path: Path
    written: set[str] = field(default_factory=set)

    def write(self, files: Iterable[OutputFile]) -> None:
        for out in files:
            if out.path in self.written:
                raise MlguideError(f"two pages want the same output file `{out.path}`")
            self.written.add(out.path)
            target = self.path / out.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(out.data)


@contextlib.contextmanager
def staged_tree(dest: Path) -> Iterator[StagingFolder]:
    """Files written inside the block appear at `dest` all at once when it ends without error.

    Callers can write while they are still producing (pages as workers finish them), so disk
    time overlaps rendering. If the block raises, `dest` is untouched and the half-written
    folder is removed.
    """
    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = StagingFolder(Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent)))
    try:
        yield staging
        os.chmod(staging.path, 0o755)
        swap_in(staging.path, dest)
    except BaseException:
        shutil.rmtree(staging.path, ignore_errors=True)
        raise


def write_tree_atomically(
    dest: Path, files: Iterable[OutputFile], before_swap: Callable[[Path], None] | None = None
) -> int:
    """Write every file into a new folder beside `dest`, then swap it in.

    `before_swap` may inspect the staged folder and raise to abort. Returns the number of
    files written.
    """
    with staged_tree(dest) as staging:
        staging.write(files)
        if before_swap is not None:
            before_swap(staging.path)
    return len(staging.written)


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
