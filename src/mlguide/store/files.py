"""What a file is now, cheaply: its state from `stat`, and its digest remembered by state.

A file's state is (mtime, size, ctime, inode). `cp -p`, `rsync -t`, `tar` and `touch -r` give
new bytes the old modification time, but nothing sets the change time back, and a file
replaced by a rename is another inode: while the state is the same, so are the bytes. So a
digest is computed once and then known from the state alone, across builds (the memo is kept
in the store, authenticated like everything else there), which is how a warm build of a
1,000-post blog reads none of its 3,000 generated pictures.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FileState = tuple[int, int, int, int] | None  # None: no file there (or not a regular file)
_CHUNK = 1 << 20


def file_state(path: Path) -> FileState:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return state_of(st) if stat.S_ISREG(st.st_mode) else None


def state_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Digests:
    """sha-256 of files by path, each valid while the file keeps the state it had when it
    was hashed. `changed` says whether anything new was learnt (worth saving)."""

    known: dict[str, tuple[tuple[int, int, int, int], str]] = field(default_factory=dict)
    changed: bool = False

    def sha256(self, path: Path) -> str | None:
        """The file's digest, or None when it is missing, unreadable or not a regular file."""
        state = file_state(path)
        if state is None:
            return None
        name = str(path)
        entry = self.known.get(name)
        if entry is not None and entry[0] == state:
            return entry[1]
        try:
            sha = hash_file(path)
        except OSError:
            return None
        if file_state(path) == state:  # not being written meanwhile
            self.remember(path, state, sha)
        return sha

    def remember(self, path: Path, state: FileState, sha: str) -> None:
        """What something else just hashed while writing or copying the file."""
        if state is None:
            return
        name = str(path)
        if self.known.get(name) != (state, sha):
            self.known[name] = (state, sha)
            self.changed = True

    def as_json(self) -> dict[str, list[object]]:
        """What to keep: files that are gone (a card no post needs, a renamed scene) are
        dropped, so the memo stays the size of the project."""
        return {
            name: [*state, sha]
            for name, (state, sha) in sorted(self.known.items())
            if os.path.lexists(name)
        }

    @classmethod
    def from_json(cls, data: object) -> Digests:
        """A damaged record only costs hashing the files again."""
        known: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        if isinstance(data, Mapping):
            for name, value in data.items():
                if (
                    isinstance(name, str)
                    and isinstance(value, list)
                    and len(value) == 5
                    and all(type(v) is int for v in value[:4])
                    and isinstance(value[4], str)
                ):
                    known[name] = ((value[0], value[1], value[2], value[3]), value[4])
        return cls(known)
