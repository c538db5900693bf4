"""Data files a scene reads, so that editing one draws its pictures again.

A figure of real results opens a CSV or a JSON file. Its pictures depend on that file as much
as on the scene's code, but no import names it: the scene asks for it with `scene.data(path)`,
which returns the file's path and records it while the scene is drawn. `render-assets` then
writes the file's digest into the scene's manifest entry (`reads`), so an edit to the data
redraws the figure, `build` warns about pictures older than their data, and `serve` redraws
on save.

The record is a context variable, set only around one scene's load and draw: it is per thread
(and per worker process), so scenes drawn side by side never see each other's files, and a
call outside a drawing (a test, a notebook) simply returns the path.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.engine.origin import caller_origin, scene_error


@dataclass
class DataReads:
    """The files one scene asked for, in the order it asked, each once."""

    files: list[Path] = field(default_factory=list)

    def add(self, path: Path) -> None:
        if path not in self.files:
            self.files.append(path)


_READS: ContextVar[DataReads | None] = ContextVar("mlguide_scene_reads", default=None)


@contextlib.contextmanager
def reading_data() -> Iterator[DataReads]:
    """Record the files `data()` hands out while the block runs (one scene's load and draw)."""
    reads = DataReads()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def data(path: str | os.PathLike[str]) -> Path:
    """The data file at `path`, relative to the file that asks (the scene, or its helper),
    recorded so that editing it draws the scene's pictures again. Open it as you like:
    `json.loads(scene.data("results.json").read_text())`. A missing file is an error at
    the line that asks for it."""
    caller = sys._getframe(1).f_globals.get("__file__")
    base = Path(caller).resolve().parent if caller else Path.cwd()
    found = (base / path).resolve()
    if not found.is_file():
        shown = Path(path).as_posix()
        raise scene_error(f"no data file {shown!r} (looked at {found})", caller_origin())
    reads = _READS.get()
    if reads is not None:
        reads.add(found)
    return found
