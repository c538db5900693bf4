"""Each project file the pages name is looked at once per build, not once per page.

A page names a dozen files (other posts' folders, its hero, its figures and their variants),
and a thousand pages name mostly the same ones. Each look is a few `stat` calls, a `realpath`
and an image header: about 2 ms a page, two CPU seconds of a 1,000-page build, the same
answers again and again. Within one build the project's files are taken as they were when
first looked at (what the page store records for every page that named them), so this memo
lives exactly as long as the build's `Site`: `build` makes one, and `serve` prepares a new
one on every change it sees. Forked workers each fill their own.

Only answers are kept, never errors: a file that fails (an unreadable picture) is looked at
again by the next page that names it, which then reports it at its own line.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from mlguide.store.files import FileState

T = TypeVar("T")
Seen = dict[Path, FileState]


@dataclass(eq=False)
class FileLookups:
    """Answers by key, with the files (and their states) each answer depended on."""

    known: dict[Hashable, tuple[Any, tuple[tuple[Path, FileState], ...]]] = field(
        default_factory=dict
    )

    def once(self, key: Hashable, look: Callable[[Seen], T], seen: Seen | None = None) -> T:
        """`look(found)` the first time `key` is asked for (it records in `found` the files
        it looked at); afterwards its answer. Either way `seen` gets the files, so every
        page that uses an answer still depends on them."""
        hit = self.known.get(key)
        if hit is None:
            found: Seen = {}
            hit = (look(found), tuple(found.items()))
            self.known[key] = hit
        if seen is not None:
            seen.update(hit[1])
        return cast(T, hit[0])
