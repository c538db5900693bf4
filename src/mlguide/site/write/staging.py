"""A build is written into a fresh folder beside its destination and swapped in whole.

The swap and the removal of the old folder run with Ctrl-C and SIGTERM held back, so an
interrupt leaves either the old build or the new one in place, never a half-swapped state or
a stray `.build.*` folder."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.fileio import DIR_MODE, FILE_MODE, disk_error, file_kind, make_folders
from mlguide.signals import HELD_SIGNALS, block_signals, held_signals, restore_signals
from mlguide.site.outputs import CopiedFile, SiteFile, copy_file, file_digest, is_site_path
from mlguide.site.write.reuse import FileRecord, Previous
from mlguide.site.write.trash import empty_in_background, trash_for


@dataclass
class StagingFolder:
    """A new folder beside the destination that files are written into before the swap."""

    path: Path
    previous: Previous | None = None
    written: set[str] = field(default_factory=set)
    records: dict[str, FileRecord] = field(default_factory=dict)
    swapped: bool = False  # the new build is in place
    leftover: Path | None = None  # an old build that could not be removed
    interrupted: bool = False  # a signal came after the swap (only with `stay_held`)
    bytes: int = 0  # the site's size so far
    linked: int = 0  # files reused from the previous build
    folders: set[str] = field(default_factory=set)  # made already (site paths, "" the root)
    dest: Path | None = None  # where the folder goes when it is swapped in

    # Paths are strings here, not `Path`s: an edited build of 1,000 pages links 3,000 files
    # and pathlib's joins and hashes cost more than the system calls themselves.
    def write(self, files: Iterable[SiteFile]) -> None:
        root = os.fspath(self.path)
        for out in files:
            if not is_site_path(out.path):
                raise MlguideError(f"refusing to write `{out.path}`: it is not inside the site")
            if out.path in self.written:
                raise MlguideError(f"two pages want the same output file `{out.path}`")
            self.written.add(out.path)
            target = f"{root}/{out.path}"
            digest = file_digest(out)
            try:
                self._folder(out.path.rpartition("/")[0])
                if self._reuse(out.path, digest, target):
                    self.bytes += self.records[out.path][1]
                    continue
                if isinstance(out, CopiedFile):
                    st = copy_file(out, Path(target))
                else:
                    st = write_bytes(Path(target), out.data)
                self.bytes += st.st_size
                self.records[out.path] = (digest, st.st_size, st.st_mtime_ns, st.st_ino)
            except OSError as exc:
                # Named where it will be: the staging folder's name means nothing to a reader.
                where = self.dest / out.path if self.dest is not None else Path(target)
                raise disk_error(exc, where, name_from_error=self.dest is None) from exc

    def _folder(self, folder: str) -> None:
        """`folder` (a site path; "" is the root) and the folders above it, each made once."""
        if folder in self.folders or not folder:
            return
        self._folder(folder.rpartition("/")[0])
        where = f"{os.fspath(self.path)}/{folder}"
        try:
            os.mkdir(where)
            os.chmod(where, DIR_MODE)  # the mode mkdir gives depends on the umask
        except FileExistsError:
            if not os.path.isdir(where):
                raise
        self.folders.add(folder)

    def _reuse(self, path: str, digest: str, target: str) -> bool:
        record = self.previous.files.get(path) if self.previous else None
        if record is None or record[0] != digest or not self._unchanged(path, record):
            return False
        assert self.previous is not None
        try:
            os.link(f"{os.fspath(self.previous.root)}/{path}", target)
        except OSError:
            return False  # no hard links here (another file system): write instead
        self.records[path] = record
        self.linked += 1
        return True

    def _unchanged(self, path: str, record: FileRecord) -> bool:
        assert self.previous is not None
        try:
            st = os.stat(f"{os.fspath(self.previous.root)}/{path}", follow_symlinks=False)
        except OSError:
            return False
        return stat.S_ISREG(st.st_mode) and (st.st_size, st.st_mtime_ns, st.st_ino) == record[1:]

    def reuse_folder(self, prefix: str) -> bool:
        """Link every file the previous build had under `prefix` (a generated folder such as
        the search index), all or nothing; False if any of them changed or is gone."""
        if self.previous is None:
            return False
        wanted = {p: r for p, r in self.previous.files.items() if p.startswith(prefix)}
        if not wanted or not all(self._unchanged(p, r) for p, r in wanted.items()):
            return False
        if not all(is_site_path(p) and p not in self.written for p in wanted):
            return False  # a record from outside, or a file a page has already written
        try:
            for path, record in wanted.items():
                self._folder(path.rpartition("/")[0])
                os.link(self.previous.root / path, self.path / path)
                self.records[path] = record
        except OSError:
            shutil.rmtree(self.path / prefix, ignore_errors=True)
            for path in wanted:
                self.records.pop(path, None)
            return False
        self.linked += len(wanted)
        return True

    def record_folder(self, prefix: str) -> None:
        """Note the files something else wrote under `prefix`, so the next build can reuse
        them (their bytes are not hashed: they are reused as a whole, by their own key)."""
        folder = self.path / prefix
        for path in folder.rglob("*"):
            if path.is_file():
                st = path.stat()
                rel = path.relative_to(self.path).as_posix()
                self.records[rel] = ("", st.st_size, st.st_mtime_ns, st.st_ino)
                self.bytes += st.st_size


def write_bytes(target: Path, data: bytes) -> os.stat_result:
    """One new file of the staging folder (not synced: the swap is the commit point). Its
    state is taken once every byte is written: a buffered file stat'ed before closing has the
    size and time of an empty one, and the next build could neither reuse it nor find the
    output intact."""
    with open(target, "wb", buffering=0) as fh:  # unbuffered: fstat sees every byte
        view = memoryview(data)
        while view:
            view = view[fh.write(view) or 0 :]
        os.chmod(fh.fileno(), FILE_MODE)
        return os.fstat(fh.fileno())


def _staging_name(dest: Path, kind: str) -> str:
    return f".{dest.name}.{kind}-{os.getpid()}-"


@contextlib.contextmanager
def staged_tree(
    dest: Path,
    stay_held: bool = False,
    previous: Previous | None = None,
    trash: Path | None = None,
) -> Iterator[StagingFolder]:
    """Files written inside the block appear at `dest` all at once when it ends without error.

    Callers can write while they are still producing (pages as workers finish them), so disk
    time overlaps rendering. If the block raises (or is interrupted), `dest` is untouched and
    the half-written folder is removed. With `stay_held`, Ctrl-C and SIGTERM stay blocked
    after a successful swap (a command about to exit: its work is done, whatever comes).
    """
    dest = dest.absolute()
    make_folders(dest.parent)
    try:
        path = Path(tempfile.mkdtemp(prefix=_staging_name(dest, "new"), dir=dest.parent))
    except OSError as exc:  # named by the folder: the error's own name is the temporary one
        raise disk_error(exc, dest.parent, name_from_error=False) from exc
    staging = StagingFolder(
        path, previous if previous and previous.root == dest else None, dest=dest
    )
    try:
        yield staging
    except BaseException:
        with held_signals():
            shutil.rmtree(staging.path, ignore_errors=True)
        raise
    mask = block_signals()
    try:
        os.chmod(staging.path, DIR_MODE)
        staging.leftover = swap_in(staging.path, dest, trash)
        staging.swapped = True
    except BaseException:
        shutil.rmtree(staging.path, ignore_errors=True)
        restore_signals(mask)
        raise
    if stay_held and mask is not None:
        staging.interrupted = bool(signal.sigpending() & HELD_SIGNALS)
    else:
        restore_signals(mask)


def write_tree_atomically(dest: Path, files: Iterable[SiteFile]) -> int:
    """Write every file into a new folder beside `dest`, then swap it in; returns the count."""
    with staged_tree(dest) as staging:
        staging.write(files)
    return len(staging.written)


def swap_in(staging: Path, dest: Path, trash: Path | None = None) -> Path | None:
    """Replace `dest` by `staging`; returns an old build that could not be removed.

    With a `trash` folder on the same file system, the old build is moved there and deleted
    by a detached process: the command is done as soon as the new build is in place, and no
    `.build.*` folder is left beside it whatever happens next.
    """
    old = None
    try:
        if dest.exists():
            if not dest.is_dir():
                kind = file_kind(dest) or "a file"
                raise MlguideError(f"the output path is {kind}, not a folder", dest)
            old = _moved_aside(dest, trash)
        os.rename(staging, dest)
    except OSError as exc:
        if old is not None and old.exists() and not dest.exists():
            os.rename(old, dest)  # put the previous build back
        raise disk_error(exc, dest, name_from_error=False) from exc
    if old is None:
        return None
    if trash is not None and old.parent == trash and empty_in_background(trash):
        return None
    shutil.rmtree(old, ignore_errors=True)
    return old if old.exists() else None


def _moved_aside(dest: Path, trash: Path | None) -> Path:
    """`dest` renamed to a new name in the trash (or beside it), returned. The previous
    build's remover may be emptying the trash at that moment and take the fresh name, or the
    empty trash folder, from under us: then the move is tried again, at last beside `dest`."""
    for attempt in range(3):
        parent = (trash_for(dest, trash) if attempt < 2 else None) or dest.parent
        try:
            old = Path(tempfile.mkdtemp(prefix=_staging_name(dest, "old"), dir=parent))
            os.rmdir(old)
            os.rename(dest, old)
            return old
        except FileNotFoundError:
            if parent == dest.parent or not dest.exists():
                raise
    raise AssertionError("unreachable: the last attempt is beside dest")


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
