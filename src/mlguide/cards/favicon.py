"""The site's icons, drawn from its initials and its accent when the project brings none.

Three files, as browsers and phones look for them: `favicon.svg` (any size, with its own dark
variant), `favicon.ico` (16, 32 and 48 px, for browsers that want one) and
`apple-touch-icon.png` (180 px, opaque: iOS fills transparency with black). The rasters are
drawn by the engine, in Inter, like the cards; the SVG names the same font and lets the
browser draw the letters, which keeps it a few hundred bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from anyascii import anyascii

# Saving a format Pillow has not registered loads all of its ~40 plugins first (30 ms, a
# tenth of a one-post build): importing the ICO plugin registers the one the icons need.
from PIL import IcoImagePlugin, Image, ImageDraw  # noqa: F401 - IcoImagePlugin registers ICO

from mlguide.engine.raster import draw_frame
from mlguide.engine.shapes import Rect, Text
from mlguide.tokens import Palette

ICO_SIZES = (16, 32, 48)
TOUCH = 180
_DRAWN = 192  # drawn once this size, then reduced
_RADIUS = 0.22  # of the side: a rounded square


@dataclass(frozen=True)
class IconFiles:
    svg: bytes
    ico: bytes
    touch: bytes  # 180x180 PNG


def initials(title: str) -> str:
    """`Gradient Notes` → `GN`, `mlguide` → `M`: the first letter of at most two words, in
    Latin letters (`机器学习` → `J`), so the bundled font can draw them."""
    words = re.findall(r"[A-Za-z0-9]+", anyascii(title))
    letters = "".join(w[0] for w in words[:2]).upper()
    return letters or "·"


def draw_icons(title: str, light: Palette, dark: Palette) -> IconFiles:
    letters = initials(title)
    square = _square(letters, light)
    rounded = _rounded(square)
    ico = io.BytesIO()
    rounded.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES])
    touch = io.BytesIO()
    square.resize((TOUCH, TOUCH), Image.Resampling.LANCZOS).save(touch, format="PNG", optimize=True)
    return IconFiles(_svg(letters, light, dark), ico.getvalue(), touch.getvalue())


def _square(letters: str, palette: Palette) -> Image.Image:
    size = _DRAWN
    shapes = [
        Rect(x=0, y=0, w=size, h=size, fill="accent", radius=0),
        Text(
            x=size / 2,
            y=size / 2,
            text=letters,
            size=size * (0.5 if len(letters) < 2 else 0.42),
            weight="bold",
            color="accent_ink",
            on="accent",
            anchor="center",
        ),
    ]
    return draw_frame(shapes, size, size, "accent", palette).convert("RGB")


def _rounded(square: Image.Image) -> Image.Image:
    """The tab icon with rounded corners, transparent outside them."""
    size = square.width
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, size - 1, size - 1), radius=round(size * _RADIUS), fill=255
    )
    icon = square.convert("RGBA")
    icon.putalpha(mask)
    return icon


def _svg(letters: str, light: Palette, dark: Palette) -> bytes:
    size = 64
    font_size = 32 if len(letters) < 2 else 27
    text = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f"<style>rect{{fill:{light.accent}}}text{{fill:{light.accent_ink}}}"
        f"@media (prefers-color-scheme:dark){{rect{{fill:{dark.accent}}}"
        f"text{{fill:{dark.accent_ink}}}}}</style>"
        f'<rect width="{size}" height="{size}" rx="{round(size * _RADIUS)}"/>'
        f'<text x="32" y="33" dominant-baseline="central" text-anchor="middle" '
        f'font-family="Inter,system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif" '
        f'font-weight="700" font-size="{font_size}">{letters}</text></svg>\n'
    )
    return text.encode()
