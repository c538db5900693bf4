"""The site as values: each file to publish is bytes (a page) or a file copied as it is (a
picture), at a path inside the site. Rendering makes them; `site.write` writes them."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from mlguide import limits
from mlguide.errors import ChangedWhileBuilding, MlguideError
from mlguide.fileio import FILE_MODE, open_regular, read_file


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
        """The bytes, which must still be the ones inspected (see `copy_file`)."""
        data = read_file(self.source, limits.PUBLISHED_FILE_BYTES)
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise changed_while_building(self.source)
        return data


SiteFile = OutputFile | CopiedFile


def file_digest(f: SiteFile) -> str:
    return f.sha256 if isinstance(f, CopiedFile) else hashlib.sha256(f.data).hexdigest()


def is_site_path(path: str) -> bool:
    """A relative path that stays inside the site: what every output path must be, even one
    read back from a cache a CI run restored."""
    parts = [part for part in path.split("/") if part not in ("", ".")]  # as PurePosixPath
    return bool(parts) and not path.startswith("/") and ".." not in parts and "\\" not in path


def copy_file(out: CopiedFile, target: Path) -> os.stat_result:
    """Copied and hashed in one pass: the bytes published are the bytes inspected, or the
    build fails (a picture saved again while the site was being built would otherwise go out
    under a name, and a record, that claim other bytes). An error while reading is the
    source's; any other is the destination's, for the caller to name as a disk error."""
    digest = hashlib.sha256()
    source = open_regular(out.source)  # a FIFO put there since it was inspected never hangs
    with source, open(target, "wb") as fh:
        while True:
            try:
                chunk = source.read(_CHUNK)
            except OSError as exc:
                raise unreadable(exc, out.source) from exc
            if not chunk:
                break
            digest.update(chunk)
            fh.write(chunk)
        fh.flush()  # the state recorded is the file's once every byte is in it
        os.chmod(fh.fileno(), FILE_MODE)
        st = os.fstat(fh.fileno())
    if digest.hexdigest() != out.sha256:
        raise changed_while_building(out.source)
    return st


def changed_while_building(source: Path) -> MlguideError:
    return ChangedWhileBuilding(source)


_CHUNK = 1 << 20


def unreadable(exc: OSError, source: Path) -> MlguideError:
    # Gone or unreadable since the page that uses it was rendered.
    return MlguideError(f"cannot read the file: {exc.strerror}", source)
