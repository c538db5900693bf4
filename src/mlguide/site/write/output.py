"""The only place that writes files: atomically, so a failure never leaves a broken result.

A build is a stream of `OutputFile` values, written into a fresh sibling folder and swapped in
whole; single assets go through temp file + rename. The swap and the removal of the old
folder run with Ctrl-C and SIGTERM held back, so an interrupt leaves either the old build or
the new one in place, never a half-swapped state or a stray `.build.*` folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mlguide.errors import MlguideError, display_path

# Written into every build: proof that a folder is ours to replace (and what it was built for).
BUILD_MARKER = ".mlguide-build.json"
FILE_MODE = 0o644  # whatever the umask: a published site must be readable by the web server
DIR_MODE = 0o755
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class OutputFile:
    path: str  # POSIX path relative to the output root
    data: bytes


@dataclass(frozen=True)
class CopiedFile:
    """A file published as it is (a picture): copied when written, never held in memory.
    A blog of 10,000 posts has 30,000 generated cards; read into memory they took a gigabyte.
    Its digest and size are those of the bytes that were inspected."""

    path: str  # POSIX path relative to the output root
    source: Path
    sha256: str
    size: int

    def read(self) -> bytes:
        """The bytes, which must still be the ones inspected (see `_copy`)."""
        try:
            data = self.source.read_bytes()
        except OSError as exc:
            raise _unreadable(exc, self.source) from exc
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise _changed(self.source)
        return data


SiteFile = OutputFile | CopiedFile


def file_digest(f: SiteFile) -> str:
    return f.sha256 if isinstance(f, CopiedFile) else hashlib.sha256(f.data).hexdigest()


def write_file_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Readers see the old bytes or the new ones, never a truncated file (crash, Ctrl-C).
    `durable`: synced to disk before the rename (skip it for what can be recomputed)."""
    _mkdirs(path.parent)
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


def is_site_path(path: str) -> bool:
    """A relative path that stays inside the site: what every output path must be, even one
    read back from a cache a CI run restored."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path


# Folders inside the cache that may hold a site: `serve`'s preview.
PREVIEWS = (("serve",),)


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


def _mkdirs(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, path) from exc


# A file as written: (sha-256 of its bytes, size, mtime in ns, inode number).
FileRecord = tuple[str, int, int, int]


@dataclass(frozen=True)
class Previous:
    """The build being replaced, as it was written. A file with the same bytes is hard-linked
    from it instead of written again, if it is still exactly the file that was written (same
    size, time and inode): rebuilding over a previous build then writes only what changed."""

    root: Path
    files: dict[str, FileRecord]
    notes: dict[str, str] = field(default_factory=dict)  # e.g. the search index's key


@dataclass
class StagingFolder:
    """A new folder beside the destination that files are written into before the swap."""

    path: Path
    previous: Previous | None = None
    written: set[str] = field(default_factory=set)
    records: dict[str, FileRecord] = field(default_factory=dict)
    swapped: bool = False  # the new build is in place
    pages: int = 0  # posts written (the caller's count, for its report)
    leftover: Path | None = None  # an old build that could not be removed
    interrupted: bool = False  # a signal came after the swap (only with `stay_held`)
    bytes: int = 0  # the site's size so far
    linked: int = 0  # files reused from the previous build
    folders: set[Path] = field(default_factory=set)  # made already: no need to ask again
    dest: Path | None = None  # where the folder goes when it is swapped in

    def write(self, files: Iterable[SiteFile]) -> None:
        for out in files:
            if not is_site_path(out.path):
                raise MlguideError(f"refusing to write `{out.path}`: it is not inside the site")
            if out.path in self.written:
                raise MlguideError(f"two pages want the same output file `{out.path}`")
            self.written.add(out.path)
            target = self.path / out.path
            digest = file_digest(out)
            try:
                self._folder(target.parent)
                if self._reuse(out.path, digest, target):
                    self.bytes += self.records[out.path][1]
                    continue
                if isinstance(out, CopiedFile):
                    st = _copy(out, target)
                else:
                    with open(target, "wb") as fh:
                        fh.write(out.data)
                        os.chmod(fh.fileno(), FILE_MODE)
                        st = os.fstat(fh.fileno())
                self.bytes += st.st_size
                self.records[out.path] = (digest, st.st_size, st.st_mtime_ns, st.st_ino)
            except OSError as exc:
                # Named where it will be: the staging folder's name means nothing to a reader.
                where = self.dest / out.path if self.dest is not None else target
                raise disk_error(exc, where, name_from_error=self.dest is None) from exc

    def _folder(self, folder: Path) -> None:
        if folder in self.folders:
            return
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            for made in _new_folders(self.path, folder):
                os.chmod(made, DIR_MODE)
        self.folders.add(folder)

    def _reuse(self, path: str, digest: str, target: Path) -> bool:
        record = self.previous.files.get(path) if self.previous else None
        if record is None or record[0] != digest or not self._unchanged(path, record):
            return False
        assert self.previous is not None
        try:
            os.link(self.previous.root / path, target)
        except OSError:
            return False  # no hard links here (another file system): write instead
        self.records[path] = record
        self.linked += 1
        return True

    def _unchanged(self, path: str, record: FileRecord) -> bool:
        assert self.previous is not None
        try:
            st = os.stat(self.previous.root / path, follow_symlinks=False)
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
                target = self.path / path
                self._folder(target.parent)
                os.link(self.previous.root / path, target)
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


def _copy(out: CopiedFile, target: Path) -> os.stat_result:
    """Copied and hashed in one pass: the bytes published are the bytes inspected, or the
    build fails (a picture saved again while the site was being built would otherwise go out
    under a name, and a record, that claim other bytes). An error while reading is the
    source's; any other is the destination's, for the caller to name as a disk error."""
    digest = hashlib.sha256()
    try:
        source = open(out.source, "rb")  # noqa: SIM115 - closed below, apart from the target
    except OSError as exc:
        raise _unreadable(exc, out.source) from exc
    with source, open(target, "wb") as fh:
        while True:
            try:
                chunk = source.read(_CHUNK)
            except OSError as exc:
                raise _unreadable(exc, out.source) from exc
            if not chunk:
                break
            digest.update(chunk)
            fh.write(chunk)
        os.chmod(fh.fileno(), FILE_MODE)
        st = os.fstat(fh.fileno())
    if digest.hexdigest() != out.sha256:
        raise _changed(out.source)
    return st


def _changed(source: Path) -> MlguideError:
    return MlguideError("changed while the site was being built: build again", source)


_CHUNK = 1 << 20


def _unreadable(exc: OSError, source: Path) -> MlguideError:
    # Gone or unreadable since the page that uses it was rendered.
    return MlguideError(f"cannot read the file: {exc.strerror}", source)


def read_previous(manifest: Path, root: Path) -> Previous | None:
    """What the last build wrote into `root`, if it is known (a missing or damaged record
    only means every file is written again)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("root") != str(root.absolute()):
            return None
        files = {p: (str(r[0]), int(r[1]), int(r[2]), int(r[3])) for p, r in data["files"].items()}
        notes = {str(k): str(v) for k, v in data.get("notes", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return Previous(root.absolute(), files, notes)


def write_previous(
    manifest: Path, root: Path, staging: StagingFolder, notes: dict[str, str]
) -> None:
    data = {"root": str(root.absolute()), "files": staging.records, "notes": notes}
    # Without the record the next build writes every file again: slower, still right.
    with contextlib.suppress(MlguideError):
        write_file_atomically(
            manifest, json.dumps(data, separators=(",", ":")).encode(), durable=False
        )


def _new_folders(root: Path, folder: Path) -> list[Path]:
    rel = folder.relative_to(root)
    return [root.joinpath(*rel.parts[: i + 1]) for i in range(len(rel.parts))]


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
    _mkdirs(dest.parent)
    try:
        path = Path(tempfile.mkdtemp(prefix=_staging_name(dest, "new"), dir=dest.parent))
    except OSError as exc:
        raise disk_error(exc, dest.parent) from exc
    staging = StagingFolder(
        path, previous if previous and previous.root == dest else None, dest=dest
    )
    try:
        yield staging
    except BaseException:
        with held_signals():
            shutil.rmtree(staging.path, ignore_errors=True)
        raise
    mask = _block()
    try:
        os.chmod(staging.path, DIR_MODE)
        staging.leftover = swap_in(staging.path, dest, trash)
        staging.swapped = True
    except BaseException:
        shutil.rmtree(staging.path, ignore_errors=True)
        _restore(mask)
        raise
    if stay_held and mask is not None:
        staging.interrupted = bool(signal.sigpending() & _HELD_SIGNALS)
    else:
        _restore(mask)


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
                raise MlguideError("the output path is a file, not a folder", dest)
            parent = _trash_for(dest, trash) or dest.parent
            prefix = _staging_name(dest, "old")
            old = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            os.rmdir(old)
            os.rename(dest, old)
        os.rename(staging, dest)
    except OSError as exc:
        if old is not None and old.exists() and not dest.exists():
            os.rename(old, dest)  # put the previous build back
        raise disk_error(exc, dest) from exc
    if old is None:
        return None
    if trash is not None and old.parent == trash and empty_in_background(trash):
        return None
    shutil.rmtree(old, ignore_errors=True)
    return old if old.exists() else None


def _trash_for(dest: Path, trash: Path | None) -> Path | None:
    """`trash`, when an old build can be renamed into it (same file system)."""
    if trash is None:
        return None
    try:
        trash.mkdir(parents=True, exist_ok=True)
        if os.stat(trash).st_dev != os.stat(dest.parent).st_dev:
            return None
    except OSError:
        return None
    return trash


_EMPTY_TRASH = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def empty_in_background(trash: Path) -> bool:
    """Delete `trash` in a process of its own (its own session: Ctrl-C in the terminal and
    the end of this command do not stop it). A shell starts it and exits at once (it is
    waited for here), so the remover is nobody's child to wait for and leaves no zombie.
    False if it could not be started."""
    try:
        subprocess.run(
            ["/bin/sh", "-c", '"$0" -c "$1" "$2" &', sys.executable, _EMPTY_TRASH, str(trash)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return True


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


def check_output_folder(
    dest: Path, protected: Iterable[Path], force: bool = False, cache: Path | None = None
) -> None:
    """Refuse an output folder whose replacement would destroy the author's work.

    The build replaces the whole folder, so it must not be, contain or sit inside a source
    folder; a non-empty folder that mlguide did not write needs `--force`. Folders that hold
    the project, the home folder or the working folder are refused even with `--force`. The
    cache's own folders are refused too: the next build empties the trash and prunes pages.
    """
    dest = dest.absolute()
    _check_parents_are_folders(dest)
    real = dest.resolve()
    if cache is not None:
        inside = real.is_relative_to(cache.absolute().resolve())
        if inside and real.relative_to(cache.absolute().resolve()).parts[:1] not in PREVIEWS:
            raise MlguideError(
                f"refusing to write the site inside mlguide's cache `{display_path(cache)}`, "
                "which mlguide empties on its own; choose another folder with -o",
                dest,
            )
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
