"""Compiled templates, kept for the life of the process.

An Environment lives for one build, and Jinja compiles each template it loads from source:
for a small site that compiling is most of the build's CPU, and `serve` (one build per save)
or a test suite (hundreds of builds in one process) paid it again every time for the same
built-in templates. Jinja's bytecode-cache hook keys an entry by template name and file and
checks the source's checksum before using it, so an edited template is compiled again, never
served stale.

Kept in memory only, on purpose: the on-disk cache holds data, never code (docs/caching.md),
and a compiled template is code. Entries are bounded; the environment options that change
what a template compiles to are fixed (`OPTIONS`), so one cache serves every environment.
"""

from __future__ import annotations

from collections import OrderedDict
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

# Every Environment mlguide makes uses exactly these, so a compiled template fits them all.
OPTIONS = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
CAPACITY = 512  # templates; a site has a few dozen


class ProcessBytecodeCache(jinja2.BytecodeCache):
    """Code objects by (template file, source checksum), least recently used dropped first."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[str, tuple[str, CodeType]] = OrderedDict()

    def load_bytecode(self, bucket: Bucket) -> None:
        entry = self._entries.get(bucket.key)
        if entry is not None and entry[0] == bucket.checksum:
            self._entries.move_to_end(bucket.key)
            bucket.code = entry[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        self._entries[bucket.key] = (bucket.checksum, bucket.code)
        self._entries.move_to_end(bucket.key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


# The one process-wide memo (like `re`'s pattern cache): safe to share because an entry is
# used only for the same file with the same source, compiled under the same OPTIONS.
SHARED = ProcessBytecodeCache()
