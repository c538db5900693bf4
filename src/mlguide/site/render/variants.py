"""Pictures at the sizes a page shows them: which variants of a raster image to publish, and
each one's bytes.

A picture is shown at most as wide as the page's wide track (`--wide`, 44rem: 704 px; the
text measure is narrower); a phone shows it narrower, a retina screen at twice the pixels.
So a picture is published at a ladder of widths up to twice that, never wider than the file
itself (no upscaling), in AVIF (where this Pillow can
write it) and WebP, with the original format as the fallback a `<picture>` ends on. A photo
(JPEG, lossy WebP) gets lossy variants; a PNG, usually a diagram or a screenshot whose
edges must stay sharp, gets lossless WebP. EXIF orientation is applied, the pixels turned
into sRGB, and every other piece of metadata (camera, GPS, profile) is left behind.

Pillow does the work; this module only decides, so the choices are in one place and
tests can check them without encoding anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from PIL import Image

# Figures, heroes, tables and code use the wide track (templates/style.css `--wide`), not
# the text measure: the widest a picture is ever shown.
WIDE_REM = 44.0
COLUMN_PX = round(WIDE_REM * 16)
# Widths a phone, a tablet and a desktop pick from (1x and 2x), up to twice the column.
WIDTHS = (360, 540, 704, 1080, 1408)
_MIME = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
_SUFFIX = {"AVIF": ".avif", "WEBP": ".webp", "JPEG": ".jpg", "PNG": ".png"}
RESIZABLE = frozenset({"JPEG", "PNG", "WEBP"})  # what gets variants; the rest ships as it is


@dataclass(frozen=True)
class Variant:
    """One file to make from a source picture: its size, format and encoder settings."""

    width: int
    height: int
    format: str  # "AVIF", "WEBP", "JPEG", "PNG"
    lossless: bool = False
    quality: int = 0  # 0 for lossless

    @property
    def mime(self) -> str:
        return _MIME[self.format]

    @property
    def suffix(self) -> str:
        return _SUFFIX[self.format]

    def key(self) -> tuple[object, ...]:
        """What the bytes depend on, besides the source and the encoders."""
        return (self.width, self.height, self.format, self.lossless, self.quality)


# Chosen on the tutorial fixture's 3000x2000 photo: the smallest files with no visible
# blocking or smearing at 1x and 2x (docs/images-and-media.md has the numbers).
AVIF_QUALITY = 52
WEBP_QUALITY = 74
JPEG_QUALITY = 78
AVIF_SPEED = 8  # 0 (smallest) to 10 (fastest): 8 is a few percent larger, several times faster
# How `render` calls the encoders beyond a variant's own fields: a change here is a new key.
ENCODER_SETTINGS = (
    "avif speed",
    AVIF_SPEED,
    "webp method 4, lossless 1",
    "jpeg progressive",
    "png 6",
)


def widths_for(width: int, column: int = COLUMN_PX) -> tuple[int, ...]:
    """The ladder up to twice the column, cut at the picture's own width (which is added when
    it falls between two steps, so the sharpest version is the file's own resolution)."""
    top = min(width, 2 * column)
    ladder = [w for w in WIDTHS if w < top]
    return (*ladder, top)


def plan(
    width: int, height: int, source_format: str, avif: bool
) -> tuple[tuple[Variant, ...], ...]:
    """The variants to publish of a `width`x`height` picture (upright), grouped by format,
    best first; the last group is the fallback in the source's own format."""
    sizes = [(w, max(1, round(height * w / width))) for w in widths_for(width)]
    photo = source_format in ("JPEG", "WEBP")
    groups: list[tuple[Variant, ...]] = []
    if photo and avif:
        groups.append(tuple(Variant(w, h, "AVIF", quality=AVIF_QUALITY) for w, h in sizes))
    if photo:
        groups.append(tuple(Variant(w, h, "WEBP", quality=WEBP_QUALITY) for w, h in sizes))
    else:
        groups.append(tuple(Variant(w, h, "WEBP", lossless=True) for w, h in sizes))
    if source_format == "JPEG":
        groups.append(tuple(Variant(w, h, "JPEG", quality=JPEG_QUALITY) for w, h in sizes))
    elif source_format == "PNG":
        groups.append(tuple(Variant(w, h, "PNG", lossless=True) for w, h in sizes))
    return tuple(groups)  # a WebP source's fallback is its WebP group


@cache
def can_write_avif() -> bool:
    from PIL import features

    return bool(features.check("avif"))


@cache
def encoder_versions() -> str:
    """Part of every variant's cache key: a new encoder may write other bytes."""
    import PIL
    from PIL import features

    names = ("jpg", "webp", "avif", "zlib", "littlecms2")
    libraries = " ".join(f"{n} {features.version(n)}" for n in names)
    return f"pillow {PIL.__version__} {libraries} settings {ENCODER_SETTINGS}"


def upright_size(file: BinaryIO) -> tuple[int, int]:
    """The picture's size as shown (EXIF orientations 5 to 8 turn it by a quarter), from its
    header: the pixels are not read."""
    from PIL import Image

    with Image.open(file) as img:
        width, height = img.size
        if img.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            return height, width
        return width, height


def prepare(data: bytes) -> Image.Image:
    """The source decoded once, upright, for every variant made from it; a palette picture
    (a diagram) keeps its palette."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        upright = ImageOps.exif_transpose(img)
    return upright if upright.mode == "P" else _srgb(upright)


def encode(data: bytes, variant: Variant) -> bytes:
    """One variant's bytes straight from the source's (see `render`)."""
    return render(prepare(data), variant)


def render(source: Image.Image, variant: Variant) -> bytes:
    """The variant's bytes: resized with Lanczos, in sRGB, no metadata."""
    from PIL import Image

    size = (variant.width, variant.height)
    palette = source.mode == "P" and variant.lossless
    if palette and source.size == size:  # a diagram's palette, kept as it is
        pixels = source.copy()
    else:
        pixels = _srgb(source) if source.mode == "P" else source
        if pixels.size != size:
            pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if palette:  # flat colours: back to a palette, as in the source
            pixels = pixels.quantize(256, dither=Image.Dither.NONE)
    transparency = pixels.info.get("transparency") if pixels.mode == "P" else None
    pixels = pixels.copy() if pixels is source else pixels
    pixels.info = {}  # nothing of the source's metadata is written
    out = io.BytesIO()
    if variant.format == "AVIF":
        pixels.save(out, "AVIF", quality=variant.quality, speed=AVIF_SPEED)
    elif variant.format == "WEBP" and variant.lossless:
        pixels.save(out, "WEBP", lossless=True, quality=80, method=1)
    elif variant.format == "WEBP":
        pixels.save(out, "WEBP", quality=variant.quality, method=4)
    elif variant.format == "JPEG":
        pixels.convert("RGB").save(
            out, "JPEG", quality=variant.quality, optimize=True, progressive=True
        )
    else:  # the PNG fallback, which few browsers ask for: fast over small
        extra = {} if transparency is None else {"transparency": transparency}
        pixels.save(out, "PNG", compress_level=6, **extra)
    return out.getvalue()


def _srgb(img: Image.Image) -> Image.Image:
    """RGB(A) pixels in sRGB: a picture with another colour profile (Display P3, Adobe RGB)
    would look washed out or garish once its profile is dropped."""
    from PIL import ImageCms

    profile = img.info.get("icc_profile")
    mode = "RGBA" if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info else "RGB"
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert(mode)
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            target = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(img, source, target, outputMode=img.mode)
            if converted is not None:
                img = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are
    return img
