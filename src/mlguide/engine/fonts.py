"""Fonts shipped inside the package, so every machine draws the same pixels."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FILES = {
    "regular": "Inter-Regular.otf",
    "semibold": "Inter-SemiBold.otf",
    "bold": "Inter-Bold.otf",
    "mono": "JetBrainsMono-Regular.ttf",
    "mono-bold": "JetBrainsMono-Bold.ttf",
}


def font_files() -> tuple[Path, ...]:
    """Every font file drawing may read (the asset cache hashes them)."""
    return tuple(FONT_DIR / name for name in sorted(set(FILES.values())))


@lru_cache(maxsize=512)
def font(weight: str, px: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: raqm's shaping differs between machines and would change the bytes.
    return ImageFont.truetype(
        str(FONT_DIR / FILES[weight]), px, layout_engine=ImageFont.Layout.BASIC
    )


def fitted_size(text: str, weight: str, size: float, max_width: float, scale: int) -> int:
    """Largest pixel size <= size (at `scale`) whose rendered width fits max_width."""
    px = max(1, round(size * scale))
    if max_width <= 0:
        return px
    limit = max_width * scale
    while px > 6 * scale and font(weight, px).getlength(text) > limit:
        px -= 1
    return px
