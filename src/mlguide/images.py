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
    """An image plus, for animations, the WebP alternative and the still first frame, each
    also in the dark palette when rendered (for `prefers-color-scheme: dark`)."""

    main: ImageFile
    webp: ImageFile | None
    still: ImageFile | None
    dark_webp: ImageFile | None = None
    dark_still: ImageFile | None = None

    def files(self) -> list[ImageFile]:
        return [
            f
            for f in (self.main, self.webp, self.still, self.dark_webp, self.dark_still)
            if f is not None
        ]


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


def load_visual(path: Path) -> Visual:
    """The image and, beside a GIF, the variants render-assets writes (when they exist)."""
    main = inspect_image(path)
    if path.suffix.lower() not in ANIMATED_SUFFIXES:
        return Visual(main, None, None)

    def sibling(suffix: str) -> ImageFile | None:
        candidate = path.with_name(path.stem + suffix)
        return inspect_image(candidate) if candidate.is_file() else None

    return Visual(
        main,
        sibling(".webp"),
        sibling("-still.png"),
        sibling("-dark.webp"),
        sibling("-dark-still.png"),
    )
