"""Full-text search: Pagefind indexes the post pages while the build renders them, in shards
that a rebuild reuses whole when none of their pages changed.

- **Shards.** The posts, oldest first, are cut into shards of `SHARD_PAGES` pages, each its
  own Pagefind index in `pagefind/N/`; `pagefind/shards.json` lists them and the page's
  script merges them (Pagefind's `mergeIndex`). A new post only touches the last shard and an
  edited one its own, so a rebuild indexes a few hundred pages, not the site. A shard's key is
  Pagefind's version and the path and digest of each of its pages: the same key, the same
  index, linked from the previous build.
- **Overlap.** A shard is handed to Pagefind as soon as its last page is written (the build
  renders oldest first), its index asked for in the same breath, and its files written as
  soon as they come back: Pagefind parses and builds each shard beside the rendering of
  later pages, and the build's end waits for the last shard only (it waited for every
  shard's index to be built, one after another, once the pages were done).
- **Order.** Pages go to Pagefind sorted by path, whatever order they were rendered in:
  Pagefind numbers pages in the order it is given them, so this is what makes the index the
  same bytes for a cold build, a warm one and `index_folder` over the finished site (the CLI's
  `--site` takes the file system's order, which differs between machines).
- **Why not Pagefind's Python API**: its service client sleeps 0.1 s before reading each
  response, so 1,000 pages took over 100 s. Here one Pagefind process (`pagefind --service`)
  is spoken to directly, with the same messages (base64 JSON, comma-separated), requests
  written by the build and responses read by a thread.

Only the post pages are indexed (the templates mark their text `data-pagefind-body`, so
Pagefind would skip every other page anyway). The index is written into the staging folder
like every other file: a failed index fails the build and leaves the previous site alone.
Pagefind's ready-made UI bundles are left out: the page draws its own results.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import threading
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide.errors import MlguideError
from mlguide.fileio import DIR_MODE, FILE_MODE
from mlguide.site.content.filenames import is_utf8
from mlguide.site.outputs import OutputFile
from mlguide.store.code import library_versions

OUTPUT_DIR = "pagefind"
SHARDS_FILE = "shards.json"
SHARD_PAGES = 250  # an edit re-indexes at most this many pages
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


@dataclass(frozen=True)
class Shard:
    number: int
    pages: tuple[str, ...]  # site paths of its pages, sorted

    @property
    def folder(self) -> str:
        return f"{OUTPUT_DIR}/{self.number}"


def plan_shards(pages: Sequence[str]) -> tuple[Shard, ...]:
    """`pages` oldest first: consecutive runs of `SHARD_PAGES`, so new posts only ever
    change the last shard."""
    return tuple(
        Shard(n, tuple(sorted(pages[start : start + SHARD_PAGES])))
        for n, start in enumerate(range(0, len(pages), SHARD_PAGES))
    )


def shard_key(shard: Shard, digests: Mapping[str, str]) -> str:
    h = hashlib.sha256(f"{_pagefind_version()}\n{shard.number}\n".encode())
    for page in shard.pages:
        h.update(f"{page}\0{digests[page]}\n".encode())
    return h.hexdigest()


def shards_file(shards: Sequence[Shard]) -> bytes:
    """What the page's script reads to know which indexes to merge."""
    return (json.dumps({"shards": [f"{s.number}/" for s in shards]}) + "\n").encode()


def _pagefind_version() -> str:
    return library_versions().get("pagefind", "-")


class Pagefind:
    """One `pagefind --service` process: requests are written as they come, responses read
    by a thread of their own, so writing never waits for Pagefind to answer."""

    def __init__(self, where: Path) -> None:
        self.where = where  # named in errors
        executable = _executable()
        if executable is None:
            raise MlguideError(
                "search needs Pagefind: pip install 'pagefind[bin]', or set `search: false`",
                where,
            )
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self.process = subprocess.Popen(
                [str(executable), "--service"],
                env=_utf8_environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as exc:
            self.errors.close()
            raise MlguideError(f"search: Pagefind did not run ({exc})", where) from exc
        self.next_id = 0
        self.answers: dict[int, dict[str, Any]] = {}
        self.arrived = threading.Condition()
        self.ended = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def send(self, payload: dict[str, Any]) -> int:
        self.next_id += 1
        message = {"message_id": self.next_id, "payload": payload}
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        except OSError as exc:
            raise self._failed(f"stopped ({exc.strerror})") from exc
        return self.next_id

    def flush(self) -> None:
        """Hand what was sent to Pagefind now, without waiting for an answer."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.flush()
        except OSError as exc:
            raise self._failed(f"stopped ({exc.strerror})") from exc

    def answered(self, message: int) -> bool:
        """Whether `message`'s answer is in, without waiting for it."""
        with self.arrived:
            return message in self.answers or self.ended

    def answer(self, message: int) -> dict[str, Any]:
        """Pagefind's answer to `message` (sent before: its input is flushed first)."""
        self.flush()
        with self.arrived:
            self.arrived.wait_for(lambda: message in self.answers or self.ended, timeout=600)
            payload = self.answers.pop(message, None)
        if payload is None:
            raise self._failed("stopped without answering")
        if payload.get("type") == "Error":
            raise self._failed(str(payload.get("message", "an error")))
        return payload

    def _read(self) -> None:
        out = typing.cast(io.BufferedReader, self.process.stdout)
        buffer = b""
        while chunk := out.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                with contextlib.suppress(ValueError):
                    data = json.loads(base64.b64decode(raw))
                    if isinstance(data, dict) and isinstance(data.get("message_id"), int):
                        with self.arrived:
                            self.answers[data["message_id"]] = data.get("payload") or {}
                            self.arrived.notify_all()
        with self.arrived:
            self.ended = True
            self.arrived.notify_all()

    def _failed(self, why: str) -> MlguideError:
        self.errors.seek(0)
        said = self.errors.read().decode(errors="replace").strip().splitlines()
        return MlguideError(f"search: Pagefind failed: {said[-1] if said else why}", self.where)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


def _utf8_environment() -> dict[str, str]:
    """The environment without the variables that are not UTF-8: Pagefind reads its
    environment with Rust's `env::vars`, which panics on one, and a shell sets `PWD` (and
    `OLDPWD`) to the folder's name as it is: a project folder whose name is not UTF-8
    broke search."""
    return {k: v for k, v in os.environ.items() if is_utf8(k) and is_utf8(v)}


def _executable() -> Path | None:
    """Pagefind's binary as its Python package finds it (`pagefind_bin`, the one `pip install
    'pagefind[bin]'` brings), without importing that package's asyncio client."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        with contextlib.suppress(Exception):
            return Path(module.get_executable())
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


@dataclass
class ShardedIndex:
    """The search index of one build folder, shard by shard as their pages are written.

    `reuse(shard, key)` links a shard's folder from the previous build when its key is the
    same (and says whether it could); `read(path)` gives a page's bytes as written."""

    folder: Path  # the site's folder (the staging folder of a build)
    shards: tuple[Shard, ...]
    output: Path  # where the shards' folders go (`folder/pagefind` in a build)
    digests: Callable[[str], str | None]  # a written page's digest, None while not written
    reuse: Callable[[Shard, str], bool]
    keys: dict[int, str] = field(default_factory=dict)
    # shard -> (its AddFile messages, its GetFiles message)
    started: dict[int, tuple[list[int], int]] = field(default_factory=dict)
    waiting: dict[str, Shard] = field(default_factory=dict)  # page -> its shard
    left: dict[int, int] = field(default_factory=dict)  # shard -> pages not yet written
    service: Pagefind | None = None

    def __post_init__(self) -> None:
        for shard in self.shards:
            self.left[shard.number] = len(shard.pages)
            self.waiting.update((page, shard) for page in shard.pages)
            if not shard.pages:
                self._complete(shard)

    def written(self, paths: Iterable[str]) -> None:
        """Pages now on disk; a shard whose last page this is goes to Pagefind."""
        for path in paths:
            shard = self.waiting.pop(path, None)
            if shard is not None:
                self.left[shard.number] -= 1
                if self.left[shard.number] == 0:
                    self._complete(shard)

    def _complete(self, shard: Shard) -> None:
        digests = {p: self.digests(p) for p in shard.pages}
        known = {p: d for p, d in digests.items() if d is not None}
        if len(known) != len(digests):
            return  # a page was not written: the build fails before `finish`
        key = self.keys[shard.number] = shard_key(shard, known)
        if self.reuse(shard, key):
            return
        if self.service is None:
            self.service = Pagefind(self.folder)
        index = self.service.answer(self.service.send({"type": "NewIndex", "config": None}))
        index_id = int(index["index_id"])
        adds = []
        for page in shard.pages:  # sorted: Pagefind numbers pages in the order given
            html = (self.folder / page).read_bytes().decode("utf-8", "replace")
            url = "/" + page.removesuffix("index.html")
            adds.append(
                self.service.send(
                    {
                        "type": "AddFile",
                        "index_id": index_id,
                        "url": url,
                        "file_path": None,
                        "file_contents": html,
                    }
                )
            )
        # Asked for at once: Pagefind answers one message at a time, in order, so the shard is
        # built once its pages are in, while the build renders the next shards' pages.
        files = self.service.send({"type": "GetFiles", "index_id": index_id})
        self.service.flush()
        self.started[shard.number] = (adds, files)

    def ready(self) -> list[OutputFile]:
        """The files of every shard Pagefind has finished since the last call, to write now:
        held until `finish`, the index of a big site would sit in memory meanwhile."""
        done = [
            number
            for number, (_, files) in self.started.items()
            if self.service is not None and self.service.answered(files)
        ]
        return [f for number in sorted(done) for f in self._files(number)]

    def _files(self, number: int) -> list[OutputFile]:
        """A started shard's files (waiting for Pagefind if need be), and it is done."""
        assert self.service is not None
        adds, request = self.started.pop(number)
        for message in adds:
            self.service.answer(message)
        prefix = self.output.relative_to(self.folder).as_posix()
        return [
            OutputFile(f"{prefix}/{number}/{name}", base64.b64decode(item["content"]))
            for item in self.service.answer(request).get("files", [])
            if (name := str(item["path"])) not in _UNUSED
        ]

    def finish(self) -> tuple[dict[str, str], list[OutputFile]]:
        """Every shard Pagefind was given and `ready` did not hand over yet, as files to write
        (under `output`, relative to `folder`), and each shard's key by its folder.

        The files are asked for (`GetFiles`), not written by Pagefind (`WriteFiles`): its
        service answers a write before every file is on disk, and a build that then stops
        the service left empty files. Written by the build, they also get the build's
        modes and records like every other file."""
        files: list[OutputFile] = []
        try:
            missing = sorted(self.waiting)
            unread = [s for s in self.shards if s.number not in self.keys]
            gone = [p for s in unread for p in s.pages if self.digests(p) is None]
            missing += gone or [p for s in unread for p in s.pages]  # back since: name all
            if missing:  # not rendered, or gone from the folder before their shard was read
                raise MlguideError(f"search: pages never written: {missing[:3]}", self.folder)
            for number in sorted(self.started):
                files += self._files(number)
        finally:
            self.close()
        keys = {shard.folder: self.keys[shard.number] for shard in self.shards}
        return keys, sorted(files, key=lambda f: f.path)

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None


def index_folder(folder: Path, pages: Sequence[str]) -> None:
    """Index a finished site in place (`serve`): the shards a build makes of `pages`
    (oldest first), nothing reused, written beside the old index and swapped in."""
    shards = plan_shards(pages)
    new = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=folder))
    try:
        index = ShardedIndex(
            folder, shards, new, lambda p: "-" if (folder / p).is_file() else None, _never
        )
        index.written(pages)
        _, files = index.finish()
        for out in [*files, OutputFile(f"{new.name}/{SHARDS_FILE}", shards_file(shards))]:
            target = folder / out.path
            target.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            target.write_bytes(out.data)
            os.chmod(target, FILE_MODE)
        os.chmod(new, DIR_MODE)
        old = folder / f".pagefind-old-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            os.rename(folder / OUTPUT_DIR, old)
        os.rename(new, folder / OUTPUT_DIR)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _never(shard: Shard, key: str) -> bool:
    return False


def remove_index(folder: Path) -> None:
    shutil.rmtree(folder / OUTPUT_DIR, ignore_errors=True)
