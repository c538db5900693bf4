"""Design tokens: the one source of colours, type and radii for the CSS and the pictures.

The page's stylesheet and every poster or GIF pixel come from these values, so the two can
never drift apart, and contrast can be checked once, here, in tests.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

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


def css_variables() -> str:
    """`:root` custom properties for light, overridden under `prefers-color-scheme: dark`."""

    def block(p: Palette) -> str:
        return "".join(f"--{k.replace('_', '-')}:{v};" for k, v in asdict(p).items())

    radii = "".join(f"--radius-{k}:{v}px;" for k, v in asdict(RADII).items())
    return (
        f":root{{color-scheme:light dark;{block(LIGHT)}{radii}"
        f"--measure:{TYPE.measure_rem}rem;--base:{TYPE.page_base_rem}rem;"
        f"--leading:{TYPE.page_line_height}}}\n"
        f"@media (prefers-color-scheme:dark){{:root{{{block(DARK)}}}}}\n"
    )
