"""Images the pages use: real dimensions from the file, content-hashed output names.

A hashed name lets hosts cache an image for a year; a changed image gets a new name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from .errors import MlguideError

ANIMATED_SUFFIXES = (".gif",)


@dataclass(frozen=True)
class ImageFile:
    source: Path
    out_path: str  # e.g. "assets/ml-model-gif-03-data-prep.1a2b3c4d5e.gif"
    width: int
    height: int
    format: str  # what the bytes are ("PNG", "GIF", "WEBP"), whatever the name says
    frames: int


@dataclass(frozen=True)
class Visual:
    """An image plus, for animations, the WebP alternative and the still first frame."""

    main: ImageFile
    webp: ImageFile | None
    still: ImageFile | None


def hashed_name(path: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"assets/{path.stem}.{digest}{path.suffix.lower()}"


@lru_cache(maxsize=256)
def _inspect(path: Path, _mtime_ns: int, _size: int) -> ImageFile:
    data = path.read_bytes()
    try:
        with Image.open(path) as img:
            width, height = img.size
            fmt = str(img.format)
            frames = int(getattr(img, "n_frames", 1))
    except (OSError, SyntaxError) as exc:
        raise MlguideError(f"not a readable image: {exc}", path) from exc
    return ImageFile(path, hashed_name(path, data), width, height, fmt, frames)


def inspect_image(path: Path) -> ImageFile:
    """Cached per process on (path, mtime, size) so serve's rebuilds stay cheap."""
    st = path.stat()
    return _inspect(path.resolve(), st.st_mtime_ns, st.st_size)


def still_path(gif: Path) -> Path:
    return gif.with_name(f"{gif.stem}-still.png")


def load_visual(path: Path) -> Visual:
    main = inspect_image(path)
    webp = still = None
    if path.suffix.lower() in ANIMATED_SUFFIXES:
        if (w := path.with_suffix(".webp")).is_file():
            webp = inspect_image(w)
        if (s := still_path(path)).is_file():
            still = inspect_image(s)
    return Visual(main, webp, still)
