"""Design tokens: the one source of colours, type and radii for the CSS and the pictures.

The page's stylesheet and every poster or GIF pixel come from these values, so the two can
never drift apart, and contrast can be checked once, here, in tests.
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from dataclasses import asdict, dataclass, replace

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    bg: str
    surface: str
    surface_2: str
    ink: str
    muted: str
    border: str
    accent: str
    accent_ink: str
    success: str
    danger: str
    warning: str
    code_bg: str
    # The six macro stages; white text sits on each of them in the pictures.
    problem: str
    data: str
    model: str
    train: str
    evaluate: str
    deploy: str


LIGHT = Palette(
    bg="#ffffff",
    surface="#f4f6fa",
    surface_2="#e8ecf3",
    ink="#141821",
    muted="#4b5563",
    border="#cfd6e1",
    accent="#2546c7",
    accent_ink="#ffffff",
    success="#166534",
    danger="#b91c1c",
    warning="#92400e",
    code_bg="#f4f6fa",
    problem="#6d28d9",
    data="#0f6b80",
    model="#9a4a05",
    train="#166534",
    evaluate="#b4123a",
    deploy="#1d4ed8",
)

DARK = Palette(
    bg="#0e1117",
    surface="#171c25",
    surface_2="#222a36",
    ink="#e8ebf0",
    muted="#aab3c0",
    border="#343e4d",
    accent="#9db2ff",
    accent_ink="#0e1117",
    success="#6ee7a0",
    danger="#fca5a5",
    warning="#fcd34d",
    code_bg="#171c25",
    problem="#c4b5fd",
    data="#67d4e8",
    model="#fbbf6a",
    train="#86efac",
    evaluate="#fda4b8",
    deploy="#93b4ff",
)

STAGES = ("problem", "data", "model", "train", "evaluate", "deploy")


@dataclass(frozen=True)
class Type:
    """Pixel sizes for the pictures (960x540 GIFs, 1200x600 poster) and rem for the page."""

    display: int = 56
    title: int = 34
    heading: int = 26
    body: int = 21
    small: int = 17
    page_base_rem: float = 1.125
    page_line_height: float = 1.65
    # The text column's width in rem, not ch: a ch is wider in Inter than in the fallback
    # font, so a ch width moved the whole page when the font arrived (CLS 0.4). Running text
    # averages about 0.47 em a character (a `ch`, the width of "0", is 0.625 em), so 37.5rem
    # at 18 px holds about 70 characters a line: the 65-75 that reads best.
    measure_rem: float = 37.5


@dataclass(frozen=True)
class Radii:
    small: int = 6
    medium: int = 12
    large: int = 20


TYPE = Type()
RADII = Radii()


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def rgb(name: str, palette: Palette = LIGHT) -> RGB:
    return hex_to_rgb(getattr(palette, name))


def relative_luminance(color: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def css_variables(tokens: Tokens | None = None) -> str:
    """`:root` custom properties for light, overridden under `prefers-color-scheme: dark`; a
    theme fixed to one scheme gets that palette alone."""
    tokens = tokens or DEFAULT_TOKENS

    def block(p: Palette) -> str:
        return "".join(f"--{k.replace('_', '-')}:{v};" for k, v in asdict(p).items())

    radii = "".join(f"--radius-{k}:{v}px;" for k, v in asdict(RADII).items())
    fixed = {"light": tokens.light, "dark": tokens.dark}.get(tokens.scheme)
    scheme = tokens.scheme if fixed else "light dark"
    root = (
        f":root{{color-scheme:{scheme};{block(fixed or tokens.light)}{radii}"
        f"--measure:{TYPE.measure_rem}rem;--base:{TYPE.page_base_rem}rem;"
        f"--leading:{TYPE.page_line_height};--font-body:{tokens.font_stack}}}\n"
    )
    if fixed:
        return root
    return root + f"@media (prefers-color-scheme:dark){{:root{{{block(tokens.dark)}}}}}\n"


# --- a site's theme: its accent colours, font and colour scheme -----------------------------

AA_TEXT = 4.5  # WCAG AA for body text: links are text, so the accent must reach it
DERIVED_DARK = 7.0  # a dark accent worked out from the light one aims higher (AAA)
# Where the accent is read as text: the page and the panels on it (table of contents, notes).
_UNDER_ACCENT = ("bg", "surface", "surface_2")
FONTS = {
    # Inter is self-hosted (templates/fonts.css), the face the pictures use too.
    "inter": 'Inter,"Inter fallback","Inter fallback DejaVu",system-ui,-apple-system,'
    '"Segoe UI",Roboto,sans-serif',
    # Nothing to download: the reader's own interface font.
    "system": 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif',
    "serif": 'Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,"DejaVu Serif",serif',
}
SCHEMES = ("auto", "light", "dark")


@dataclass(frozen=True)
class Theme:
    """What `theme:` in mlguide.yml says; empty colours keep the defaults."""

    accent: str = ""  # `#0f766e`: links, buttons, the cards' band
    accent_dark: str = ""  # the same in dark mode; default: worked out from `accent`
    font: str = "inter"
    scheme: str = "auto"  # follow the reader's setting, or always light or always dark


@dataclass(frozen=True)
class Tokens:
    """The one set of values the CSS, the cards, the scenes and the favicon are drawn from."""

    light: Palette
    dark: Palette
    font: str = "inter"
    scheme: str = "auto"
    adjusted: tuple[str, ...] = ()  # what was changed to keep contrast, said to the author

    @property
    def font_stack(self) -> str:
        return FONTS[self.font]


def make_tokens(theme: Theme = Theme()) -> Tokens:
    """The theme's palettes. A colour too pale (light) or too dark (dark) to read as text is
    moved in lightness, keeping its hue, until it reaches WCAG AA on every surface it is used
    on; what moved is listed in `adjusted`. Raises ValueError for what is not a colour."""
    light, dark, notes = LIGHT, DARK, []
    if theme.accent:
        accent = read_color(theme.accent)
        fixed = _readable(accent, LIGHT, AA_TEXT, darker=True)
        if fixed != accent:
            notes.append(_note("accent", accent, fixed, LIGHT))
        light = replace(LIGHT, accent=fixed)
        if not theme.accent_dark and fixed != LIGHT.accent:
            dark = replace(DARK, accent=_readable(fixed, DARK, DERIVED_DARK, darker=False))
    if theme.accent_dark:
        accent = read_color(theme.accent_dark)
        fixed = _readable(accent, DARK, AA_TEXT, darker=False)
        if fixed != accent:
            notes.append(_note("accent_dark", accent, fixed, DARK))
        dark = replace(DARK, accent=fixed)
    if theme.font not in FONTS:
        raise ValueError(f"font must be one of {', '.join(FONTS)}, not `{theme.font}`")
    if theme.scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES)}, not `{theme.scheme}`")
    return Tokens(light, dark, theme.font, theme.scheme, tuple(notes))


def read_color(value: str) -> str:
    """`#0f766e`, `#0F766E` or `#0f7`, as lower-case `#rrggbb`."""
    text = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        text = "#" + "".join(c * 2 for c in text[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", text):
        raise ValueError(f"`{value}` is not a colour: write it as #rrggbb, like #0f766e")
    return text


def worst_contrast(color: str, palette: Palette) -> float:
    """The colour as text on the palette's surfaces that show the accent: the lowest ratio."""
    return min(contrast_ratio(hex_to_rgb(color), rgb(n, palette)) for n in _UNDER_ACCENT)


def _readable(color: str, palette: Palette, target: float, darker: bool) -> str:
    """`color`, or the nearest colour of its hue and saturation that reaches `target`."""
    if worst_contrast(color, palette) >= target:
        return color
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in hex_to_rgb(color)))
    steps = range(int(lightness * 1000), -1, -1) if darker else range(int(lightness * 1000), 1001)
    for step in steps:
        r, g, b = colorsys.hls_to_rgb(h, step / 1000, s)
        candidate = "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))
        if worst_contrast(candidate, palette) >= target:
            return candidate
    return palette.ink  # black or white always reads (never reached: they do)


def _note(key: str, given: str, used: str, palette: Palette) -> str:
    mode = "light" if palette is LIGHT else "dark"
    return (
        f"theme `{key}` {given} is {worst_contrast(given, palette):.1f}:1 on the {mode} page, "
        f"under the {AA_TEXT}:1 text needs (WCAG AA): {used} ({worst_contrast(used, palette):.1f}"
        ":1) is used instead; choose a "
        + ("darker" if palette is LIGHT else "lighter")
        + " colour to pick it yourself"
    )


DEFAULT_TOKENS = Tokens(LIGHT, DARK)


def themed_key(key: str, palettes: tuple[Palette, Palette]) -> str:
    """A picture's key (a scene's `ImportGraph.digest`) with the colours it is drawn in, so
    a new theme accent redraws it. The default palettes leave the key as it is."""
    if palettes == (LIGHT, DARK):
        return key
    return hashlib.sha256(f"{key}\n{palettes!r}".encode()).hexdigest()
