"""One fingerprint of mlguide's own code per engine: what a cached value made by that code
must be made again after.

An engine is a set of the package's folders and files plus the libraries that shape its bytes.
Everything under a listed folder counts, whether or not today's code imports it, so where a
helper lives never matters to a cache key (moving code between modules of one engine changes
nothing that is not a real change). Computed once per process: a running process makes values
with the code it loaded, so that is the code its keys must describe.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # src/mlguide


# name -> (paths inside the package, library distributions)
ENGINES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Frames and encoded pictures: the engine, the scene API, how a scene file is loaded and
    # drawn, tokens, fonts. (Not how scenes are found or their freshness decided: that
    # changes no pixel.)
    "engine": (
        (
            "engine",
            "scene.py",
            "scenes/load.py",
            "scenes/draw.py",
            "tokens.py",
            "fonts",
        ),
        ("pillow", "numpy"),
    ),
    # Generated cards: the engine's pictures laid out by the cards package. (Not how their
    # record is read, nor the contact sheet or the favicon: a fix there changes no card's
    # pixels, and every card of a 10,000-post blog took a quarter of an hour to draw again.)
    "cards": (
        (
            "engine",
            "tokens.py",
            "fonts",
            "cards/draw.py",
            "cards/layout.py",
            "cards/text.py",
            "cards/sizes.py",
            "cards/key.py",
        ),
        ("pillow", "numpy"),
    ),
    # Pages: everything that reads posts and renders them (the default templates are hashed
    # by the site itself, with the project's own, as inputs of the site).
    "site": (
        ("site", "images.py", "errors.py", "paths.py", "tokens.py", "__init__.py"),
        (
            "markdown-it-py",
            "mdit-py-plugins",
            "pygments",
            "jinja2",
            "markupsafe",
            "latex2mathml",
            "anyascii",
            "pillow",
        ),
    ),
}


def code_fingerprint(engine: str, package: Path | None = None) -> str:
    return _fingerprint(engine, package or PACKAGE)


@cache
def _fingerprint(engine: str, package: Path) -> str:
    parts, libraries = ENGINES[engine]
    h = hashlib.sha256(f"mlguide-engine {engine}\n".encode())
    versions = library_versions()
    for lib in libraries:
        h.update(f"{lib}=={versions.get(_normal(lib), '-')}\n".encode())
    for path in _files(package, parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@cache
def library_versions() -> dict[str, str]:
    """The installed distributions' versions by normalised name, from the names of their
    metadata folders on `sys.path` (`markdown_it_py-3.0.0.dist-info`): listing a few folders
    costs a millisecond, where `importlib.metadata` reads every distribution's files (tens
    of milliseconds of every build's start-up). The first found on the path wins, as for
    imports."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as names:
                folders = sorted(e.name for e in names if e.name.endswith(".dist-info"))
        except OSError:
            continue
        for folder in folders:
            name, _, rest = folder.removesuffix(".dist-info").partition("-")
            found.setdefault(_normal(name), rest)
    return found


def _normal(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def _files(package: Path, parts: tuple[str, ...]) -> list[Path]:
    found: set[Path] = set()
    for part in parts:
        path = package / part
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(
                p
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
    return sorted(found)


def forget_fingerprints() -> None:
    """For tests that edit a copy of the package."""
    _fingerprint.cache_clear()
