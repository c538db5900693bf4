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
from functools import cache
from importlib.metadata import PackageNotFoundError, version
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
    # Generated cards: the engine's pictures laid out by the cards package.
    "cards": (
        ("engine", "tokens.py", "fonts", "cards"),
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
    for lib in libraries:
        try:
            h.update(f"{lib}=={version(lib)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{lib}==-\n".encode())
    for path in _files(package, parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


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
