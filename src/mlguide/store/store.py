"""The one store of everything mlguide caches privately: values made once and reused while
their inputs are the same, in `.mlguide-cache/store/`, optionally kept warm in memory.

A value's key is a digest of everything declared to shape it (values, file digests, the code
fingerprint of the engine that makes it: see `digest.py`, `files.py`, `code.py`); its entry may
also carry inputs found only while making it (the pictures a page looked at), which the
caller's `valid` check tests on the way out. The store decides nothing else: a key either has
a valid entry or the value is made and saved.

The folder is untrusted input: it may come from a CI cache restored from elsewhere. Every
entry is signed (HMAC-SHA256, with the key from `secret.py`, over its kind, key and bytes), so
a forged, moved, truncated or damaged entry is a miss, never used. Entries are data read back
by typed decoders, never code (no pickle). The store never fails a command: what cannot be
read, written or removed is a miss or is left alone. One prune policy: after a build, entries
of a kind that the build did not use are removed, oldest first, until the kind fits its budget.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mlguide.store.files import Digests

FORMAT = b"mlguide-store-1\n"
DIGESTS = "digests.json"
_MAC = 32
T = TypeVar("T")


@dataclass(frozen=True)
class Codec:
    """How a kind of value becomes bytes and comes back; `decode` raises on anything
    `encode` does not write (the store turns that into a miss)."""

    encode: Callable[[Any], bytes | bytearray]
    decode: Callable[[bytes], Any]


JSON = Codec(
    lambda value: json.dumps(value, sort_keys=True, separators=(",", ":")).encode(),
    lambda data: json.loads(data),
)


@dataclass
class Store:
    folder: Path | None  # None: nothing kept on disk (`--no-cache`)
    secret: bytes
    memory: dict[tuple[str, str], Any] | None = None  # serve: values kept between rebuilds
    used: dict[str, set[str]] = field(default_factory=dict)  # kind -> keys asked for
    _digests: Digests | None = None

    @property
    def digests(self) -> Digests:
        """The file digest memo, read once from the store (see `files.Digests`)."""
        if self._digests is None:
            self._digests = Digests.from_json(self.load_record(DIGESTS))
        return self._digests

    def save_digests(self) -> None:
        if self._digests is not None and self._digests.changed:
            self.save_record(DIGESTS, self._digests.as_json())
            self._digests.changed = False

    # --- values ---------------------------------------------------------------------------

    def load(self, kind: str, key: str, codec: Codec) -> Any | None:
        self.used.setdefault(kind, set()).add(key)
        if self.memory is not None and (kind, key) in self.memory:
            return self.memory[(kind, key)]
        data = self._read(self.entry_path(kind, key), kind, key)
        if data is None:
            return None
        try:
            value = codec.decode(data)
        except Exception:  # noqa: BLE001 - an entry that does not decode is only a miss
            return None
        if self.memory is not None:
            self.memory[(kind, key)] = value
        return value

    def has(self, kind: str, key: str) -> bool:
        """Whether `key` has an entry, without reading it (`load` still decides whether it
        is usable): what a caller ordering its work needs to know."""
        if self.memory is not None and (kind, key) in self.memory:
            return True
        if self.folder is None:
            return False
        try:
            return stat.S_ISREG(os.lstat(self.entry_path(kind, key)).st_mode)
        except OSError:
            return False

    def save(self, kind: str, key: str, value: Any, codec: Codec) -> None:
        self.used.setdefault(kind, set()).add(key)
        if self.memory is not None:
            self.memory[(kind, key)] = value
        if self.folder is None:
            return
        try:
            data = codec.encode(value)
        except (TypeError, ValueError):
            return  # a value the format cannot hold: made again every time
        self._write(self.entry_path(kind, key), kind, key, data)

    def get_or_make(
        self,
        kind: str,
        key: str,
        make: Callable[[], T],
        codec: Codec,
        valid: Callable[[T], bool] | None = None,
    ) -> T:
        found = self.load(kind, key, codec)
        if found is not None and (valid is None or valid(found)):
            return found  # type: ignore[no-any-return]
        value = make()
        self.save(kind, key, value, codec)
        return value

    def remember(self, kind: str, key: str, value: Any) -> None:
        """A value made elsewhere (a worker process saved it to disk): kept in memory too."""
        if self.memory is not None:
            self.memory[(kind, key)] = value

    def save_raw(self, kind: str, key: str, data: bytes) -> None:
        """Bytes as an entry, signed (tests play an attacker who has the key)."""
        if self.folder is not None:
            self._write(self.entry_path(kind, key), kind, key, data)

    def touch(self, kind: str, keys: Iterable[str]) -> None:
        """Mark keys as used by this run (values made in worker processes), so the prune
        keeps them."""
        self.used.setdefault(kind, set()).update(keys)

    def retain(self, kind: str, keys: Iterable[str]) -> None:
        """Keep in memory only these values of `kind`: what a long-running `serve` still
        shows (it would otherwise hold every version of every page it ever rendered)."""
        if self.memory is None:
            return
        wanted = set(keys)
        for entry in [e for e in self.memory if e[0] == kind and e[1] not in wanted]:
            del self.memory[entry]

    def forget(self, kind: str, key: str) -> None:
        if self.memory is not None:
            self.memory.pop((kind, key), None)

    # --- small named records (the digest memo, the previous output) -------------------------

    def load_record(self, name: str) -> Any | None:
        if self.folder is None:
            return None
        data = self._read(self._record_path(name), "record", name)
        if data is None:
            return None
        try:
            return json.loads(data)
        except ValueError:
            return None

    def save_record(self, name: str, value: Any) -> None:
        if self.folder is not None:
            data = json.dumps(value, separators=(",", ":")).encode()
            self._write(self._record_path(name), "record", name, data)

    # --- on disk ----------------------------------------------------------------------------

    def entry_path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key[:2] / key

    def _record_path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / "records" / name

    def _mac(self, kind: str, key: str, data: bytes | bytearray) -> bytes:
        mac = hmac.new(self.secret, digestmod=hashlib.sha256)
        mac.update(f"{kind}\0{key}\0".encode())
        mac.update(data)
        return mac.digest()

    def _read(self, path: Path, kind: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        raw = _read_regular(path)
        if raw is None or raw[: len(FORMAT)] != FORMAT:
            return None
        mac, data = raw[len(FORMAT) : len(FORMAT) + _MAC], raw[len(FORMAT) + _MAC :]
        if not hmac.compare_digest(mac, self._mac(kind, key, data)):
            return None  # forged, moved, damaged or signed elsewhere
        return data

    def _write(self, path: Path, kind: str, key: str, data: bytes | bytearray) -> None:
        """Beside its final name and renamed: a reader never sees half an entry. Not synced:
        a lost entry only costs making the value again."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:  # in pieces: an entry of 65 MB is not copied again
                fh.write(FORMAT)
                fh.write(self._mac(kind, key, data))
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def prune(self, kind: str, budget: int) -> int:
        """Remove entries of `kind` this run did not ask for, oldest first, until the kind
        fits `budget` bytes; returns the bytes left. Only regular files are entries: anything
        else, and what cannot be listed or removed, is left alone."""
        if self.folder is None:
            return 0
        keep = self.used.get(kind, set())
        entries = []
        total = 0
        for path, st in _entries(self.folder / kind):
            total += st.st_size
            if path.name not in keep:
                entries.append((st.st_mtime_ns, st.st_size, path))
        for _, size, path in sorted(entries):
            if total <= budget:
                break
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue
            total -= size
        return total


def open_store(cache: Path | None, root: Path, memory: bool = False) -> Store:
    """The project's store in `cache/store` (None: a store that keeps nothing on disk)."""
    from mlguide.store.secret import project_secret

    if cache is None:  # nothing is read or written: no key is needed (nor made)
        return Store(None, b"", {} if memory else None)
    return Store(cache / "store", project_secret(root), {} if memory else None)


def _read_regular(path: Path) -> bytes | None:
    """An entry's bytes, or None for anything but a readable regular file (a folder, or a
    FIFO that would block the build, in a cache restored from elsewhere)."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with open(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _entries(folder: Path) -> list[tuple[Path, os.stat_result]]:
    found = []
    for shard in _scan(folder):
        if shard.is_dir(follow_symlinks=False):
            for entry in _scan(Path(shard.path)):
                if entry.name.startswith("."):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    found.append((Path(entry.path), st))
    return found


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
