"""Images the pages use: real dimensions from the file, content-hashed output names.

A hashed name lets hosts cache an image for a year; a changed image gets a new name. SVG is
copied as it is (its size read from `width`/`height` or `viewBox`), never rasterised.
"""

from __future__ import annotations

import errno
import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import read_error, read_file
from mlguide.store.files import FileState, file_state, state_of

ANIMATED_SUFFIXES = (".gif",)
# Far beyond any web picture; Pillow's own guard (89 MP) only warns below twice that.
MAX_PIXELS = 40_000_000
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S | re.I)
_SVG_START = re.compile(rb"<svg\b", re.I)
_SVG_ATTR = re.compile(rb'\s(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']', re.I)


@dataclass(frozen=True)
class ImageFile:
    source: Path
    out_path: str  # e.g. "assets/ml-model-gif-03-data-prep.1a2b3c4d5e.gif"
    width: int
    height: int
    format: str  # what the bytes are ("PNG", "GIF", "WEBP", "SVG"), whatever the name says
    frames: int
    # The bytes as inspected: the build publishes the file by copying it, never reading it
    # into memory again, and knows from these whether the previous build's copy can stay.
    sha256: str
    size: int


@dataclass(frozen=True)
class Visual:
    """An image plus, for animations, the WebP alternative and the still first frame, each
    also in the dark palette when rendered (for `prefers-color-scheme: dark`), and the same
    four of the scene's narrow (portrait) variant when it has one (for phones)."""

    main: ImageFile
    webp: ImageFile | None
    still: ImageFile | None
    dark_webp: ImageFile | None = None
    dark_still: ImageFile | None = None
    narrow_webp: ImageFile | None = None
    narrow_still: ImageFile | None = None
    narrow_dark_webp: ImageFile | None = None
    narrow_dark_still: ImageFile | None = None

    def files(self) -> list[ImageFile]:
        every = (
            self.main,
            self.webp,
            self.still,
            self.dark_webp,
            self.dark_still,
            self.narrow_webp,
            self.narrow_still,
            self.narrow_dark_webp,
            self.narrow_dark_still,
        )
        return [f for f in every if f is not None]


def hashed_name(path: Path, digest: str) -> str:
    """`digest` is the sha-256 of the file's bytes, in hex."""
    return f"assets/{path.stem}.{digest[:10]}{path.suffix.lower()}"


def published_file(
    path: Path, data: bytes, width: int, height: int, fmt: str, frames: int
) -> ImageFile:
    digest = hashlib.sha256(data).hexdigest()
    return ImageFile(path, hashed_name(path, digest), width, height, fmt, frames, digest, len(data))


# Large enough for every picture of a big blog (three generated cards a post): a miss reads
# the file again.
@lru_cache(maxsize=1 << 16)
def _inspect(path: Path, _state: FileState) -> ImageFile:
    try:
        data = read_file(path, limits.PUBLISHED_FILE_BYTES)
    except MlguideError as exc:
        raise MlguideError(f"cannot read the image: {_reason(exc)}", path) from exc
    if path.suffix.lower() == ".svg":
        width, height = svg_size(data, path)
        return published_file(path, data, width, height, "SVG", 1)
    import PIL  # here: a build from the cache may not open a single image
    from PIL import Image, WebPImagePlugin  # noqa: F401 - registers WebP

    # Pillow registers PNG, GIF and JPEG up front but loads its ~40 other formats on the
    # first file those do not open: WebP, which every animated figure has beside its GIF,
    # registered here, spares a build that (16 ms); other formats still load on their own.

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                fmt = str(img.format)
                frames = int(getattr(img, "n_frames", 1))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MlguideError("the image is too large to be a web picture", path) from exc
    except PIL.UnidentifiedImageError as exc:  # its message names Pillow's in-memory file
        raise MlguideError(
            "not a readable image: its bytes are in no picture format mlguide reads; "
            "is it damaged, or another kind of file renamed?",
            path,
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise MlguideError(f"not a readable image ({exc})", path) from exc
    if width * height > MAX_PIXELS:
        raise MlguideError(
            f"the image is {width}x{height} pixels, too large to be a web picture", path
        )
    return published_file(path, data, width, height, fmt, frames)


def svg_size(data: bytes, path: Path) -> tuple[int, int]:
    """Width and height from the root element: explicit px sizes, else the viewBox. The
    element starts near the top, but may be long: draw.io writes the whole diagram into a
    `content` attribute of the root element."""
    start = _SVG_START.search(data[:65536])
    tag = _SVG_TAG.match(data, start.start()) if start else None
    if tag is None:
        raise MlguideError("not an SVG image (no <svg> element)", path)
    attrs = {k.decode().lower(): v.decode() for k, v in _SVG_ATTR.findall(tag.group(0))}
    width, height = _px(attrs.get("width")), _px(attrs.get("height"))
    box = attrs.get("viewbox", "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_w, box_h = float(box[2]), float(box[3])
        except ValueError:
            box_w = box_h = 0.0
        if box_w > 0 and box_h > 0:
            if width is None and height is None:
                width, height = round(box_w), round(box_h)
            elif width is None:
                width = round(height * box_w / box_h)  # type: ignore[operator]
            else:
                height = round(width * box_h / box_w)
    if not width or not height:
        raise MlguideError("the SVG has no size: give it width and height or a viewBox", path)
    return width, height


# CSS pixels per absolute unit: matplotlib writes its SVGs in points, a browser shows
# `width="392pt"` 523 pixels wide, and the `<img>` must say so.
_UNIT_PX = {
    "": 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
    "q": 96 / 101.6,
}


def _px(value: str | None) -> int | None:
    """A length in CSS pixels; None for a relative one (`100%`, `2em`): the viewBox decides."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", value or "")
    if match is None or match.group(2).lower() not in _UNIT_PX:
        return None
    return round(float(match.group(1)) * _UNIT_PX[match.group(2).lower()])


def inspect_image(path: Path) -> ImageFile:
    """Cached per process on the file's state (`file_state`), so serve's rebuilds stay cheap
    and an image replaced in place is read again."""
    try:
        return _inspect(path.resolve(), state_of(path.stat()))
    except (OSError, RuntimeError) as exc:  # RuntimeError: resolve() on a loop of links
        error = exc if isinstance(exc, OSError) else OSError(errno.ELOOP, "loop")
        reason = _reason(read_error(error, path))
        raise MlguideError(f"cannot read the image: {reason}", path) from exc


def _reason(exc: MlguideError) -> str:
    """What `read_file` said, in words that read well after "cannot read the image: "."""
    return exc.message.removeprefix("cannot read: ")


def load_visual(path: Path, seen: dict[Path, FileState] | None = None) -> Visual:
    """The image and, beside a GIF, the variants render-assets writes (when they exist).
    `seen` records every file looked at, present or not: what the page depends on."""
    main = inspect_image(path)
    if seen is not None:
        seen[path] = file_state(path)
    if path.suffix.lower() not in ANIMATED_SUFFIXES:
        return Visual(main, None, None)

    def sibling(suffix: str) -> ImageFile | None:
        candidate = path.with_name(path.stem + suffix)
        state = file_state(candidate)
        if seen is not None:
            seen[candidate] = state
        return inspect_image(candidate) if state is not None else None

    return Visual(
        main,
        sibling(".webp"),
        sibling("-still.png"),
        sibling("-dark.webp"),
        sibling("-dark-still.png"),
        sibling("-narrow.webp"),
        sibling("-narrow-still.png"),
        sibling("-narrow-dark.webp"),
        sibling("-narrow-dark-still.png"),
    )
