"""A raster picture as the page publishes it: a `Picture` of variants (see `variants`), kept
in the image store, that the `picture` macro (templates/picture.html.j2) writes as a
`<picture>` with one `srcset` per format.

SVG, animated GIFs (and the WebP and still files beside them) and formats Pillow cannot
resize are not pictures here: they are published as they are.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from mlguide import limits
from mlguide.fileio import open_regular, read_file
from mlguide.images import ImageFile
from mlguide.site.render import imagestore, variants
from mlguide.site.render.variants import COLUMN_PX, WIDE_REM, Variant
from mlguide.store.files import FileState, file_state

if TYPE_CHECKING:
    from PIL import Image

# The column's width as CSS says it (style.css: `main` is the measure plus 1.5rem a side).
_COLUMN = f"{WIDE_REM:g}rem"
_PAGE = f"{WIDE_REM + 3:g}rem"


@dataclass(frozen=True)
class Srcset:
    mime: str
    files: tuple[ImageFile, ...]  # narrowest first

    def srcset(self, root: str) -> str:
        """`url 360w, url 540w`: a space or comma in a name would split it, so names are
        percent-encoded."""
        return ", ".join(f"{root}{quote(f.out_path)} {f.width}w" for f in self.files)


@dataclass(frozen=True)
class Picture:
    sources: tuple[Srcset, ...]  # the better formats, best first (AVIF, WebP)
    fallback: Srcset  # the source's own format, which every browser shows

    @property
    def src(self) -> ImageFile:
        """The `<img src>`: the largest fallback, whose size the `<img>` declares."""
        return self.fallback.files[-1]

    @property
    def width(self) -> int:
        return self.src.width

    @property
    def height(self) -> int:
        return self.src.height

    def sizes(self, full: bool) -> str:
        """How wide the picture is shown: a figure fills the column; an image in the text is
        shown at its own width when that is narrower."""
        if full or self.width >= COLUMN_PX:
            return f"(min-width: {_PAGE}) {_COLUMN}, calc(100vw - 3rem)"
        return f"(max-width: {self.width + 48}px) calc(100vw - 3rem), {self.width}px"

    def files(self) -> list[ImageFile]:
        return [f for s in (*self.sources, self.fallback) for f in s.files]

    def largest(self, mime: str) -> ImageFile:
        """The largest file in a format (a video's poster takes one URL)."""
        return next((s.files[-1] for s in self.sources if s.mime == mime), self.src)


def picture_of(image: ImageFile, folder: Path, seen: dict[Path, FileState]) -> Picture | None:
    """The variants of a raster picture, made or found in the store at `folder`; None for a
    picture that is published as it is (SVG, animation, another format) or when the store
    cannot be written (the original is published then)."""
    if image.format not in variants.RESIZABLE or image.frames > 1:
        return None
    decoded: list[Image.Image] = []

    def source() -> Image.Image:  # decoded once, and only if a variant must be made
        if not decoded:
            decoded.append(variants.prepare(read_file(image.source, limits.PUBLISHED_FILE_BYTES)))
        return decoded[0]

    width, height = _upright_size(image.source, image.sha256)
    groups = variants.plan(width, height, image.format, variants.can_write_avif())
    made: list[Srcset] = []
    for group in groups:
        files: list[ImageFile] = []
        for variant in group:
            file = _variant(image, variant, folder, source)
            if file is None:
                return None
            seen[file.source] = file_state(file.source)
            files.append(file)
        made.append(Srcset(group[0].mime, _worth_it(files)))
    return Picture(tuple(made[:-1]), made[-1])


@lru_cache(maxsize=1 << 14)
def _upright_size(path: Path, _digest: str) -> tuple[int, int]:
    """Read from the file's header, once per content of the file (through `open_regular`,
    the one reader of an author's files: `inspect_image` checked it, but it may have been
    replaced since)."""
    with open_regular(path) as fh:
        return variants.upright_size(fh)


def _worth_it(files: list[ImageFile]) -> tuple[ImageFile, ...]:
    """Drops a variant that is no smaller than a wider one of the same format (a diagram's
    resampled edges can weigh more than its own pixels): the wider one serves for free."""
    kept: list[ImageFile] = []
    for f in reversed(files):
        if not kept or f.size < kept[-1].size:
            kept.append(f)
    return tuple(reversed(kept))


def _variant(
    image: ImageFile, variant: Variant, folder: Path, source: Callable[[], Image.Image]
) -> ImageFile | None:
    key = ("variant", image.sha256, variant.key(), variants.encoder_versions())
    for _ in range(2):
        path = imagestore.stored(
            folder, key, variant.suffix, lambda: variants.render(source(), variant)
        )
        if path is None:
            return None
        state = file_state(path)
        found = _published(path, state, image.source.stem, variant) if state else None
        if found is not None:
            return found
        imagestore.forget(path)  # not the picture asked for: made again, once
    return None


@lru_cache(maxsize=1 << 14)
def _published(path: Path, _state: FileState, stem: str, variant: Variant) -> ImageFile | None:
    """The stored file as a published image, if its bytes are the variant asked for: read
    once per version of the file."""
    from PIL import Image

    try:
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as img:
            if img.size != (variant.width, variant.height) or img.format != variant.format:
                return None
    except (OSError, SyntaxError, ValueError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    out = f"assets/{stem}-{variant.width}w.{digest[:10]}{variant.suffix}"
    return ImageFile(path, out, variant.width, variant.height, variant.format, 1, digest, len(data))
