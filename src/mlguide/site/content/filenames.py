"""File names that are not UTF-8, found before anything is published under them.

Python hands such a name over with each stray byte as a lone surrogate (`bad\\udcffname.md`):
fine for opening the file, but a URL, a feed, a page or a JSON record cannot carry it, and
the slug made from it silently drops the byte. So a post or a file to publish whose name
is not UTF-8 is an error at that name, reported once at the outermost part that is wrong
(a folder, not each file inside it).
"""

from __future__ import annotations

from pathlib import Path

NOT_UTF8 = "the file name is not UTF-8: rename it"
NOT_UTF8_FOLDER = "the folder name is not UTF-8: rename it"


def is_utf8(name: str) -> bool:
    try:
        name.encode()
    except UnicodeEncodeError:
        return False
    return True


def undecodable(path: Path, root: Path) -> Path | None:
    """The first part of `path` below `root` whose name is not UTF-8, as a path, or None."""
    found = root
    for part in path.relative_to(root).parts:
        found = found / part
        if not is_utf8(part):
            return found
    return None
