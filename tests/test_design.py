"""The page's type and colours: one typeface with the pictures, readable code in both schemes."""

from __future__ import annotations

import re

import pytest
from fontTools.ttLib import TTFont

from mlguide.tokens import DARK, LIGHT, Palette, contrast_ratio, hex_to_rgb

from .conftest import REPO

TEMPLATES = REPO / "templates"


def colours(css: str) -> list[str]:
    return re.findall(r"color:#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b", css)


@pytest.mark.parametrize(("scheme", "palette"), [("light", LIGHT), ("dark", DARK)])
def test_code_colours_meet_aa_on_the_code_background(scheme: str, palette: Palette) -> None:
    light, dark = (TEMPLATES / "code.css").read_text().split("@media {{ dark_media }}")
    css = light if scheme == "light" else dark
    found = colours(css)
    assert len(found) >= 3  # the parse found the rules
    for value in found:
        rgb = hex_to_rgb(value if len(value) == 6 else "".join(c * 2 for c in value))
        assert contrast_ratio(rgb, hex_to_rgb(palette.code_bg)) >= 4.5, value


def test_every_code_rule_is_closed() -> None:
    css = (TEMPLATES / "code.css").read_text()
    body = css.split("*/", 1)[1]
    assert body.count("{") == body.count("}")
    assert all(
        line.endswith("}") or line.endswith("{") for line in body.split("\n") if line.strip()
    )


def test_the_page_fonts_are_the_pictures_fonts_subset() -> None:
    """Inter, as in the pictures, in a Latin subset small enough for the first screen."""
    for weight in (400, 700):
        path = TEMPLATES / "static" / "fonts" / f"inter-latin-{weight}.woff2"
        assert path.stat().st_size < 16 * 1024
        font = TTFont(path)
        assert font["name"].getDebugName(1) == "Inter"
        cmap = font.getBestCmap()
        for char in "Aaé–—’“”…→":
            assert ord(char) in cmap, char
    css = (TEMPLATES / "fonts.css").read_text()
    assert css.count("font-display:swap") == 2
    assert 'font-family:"Inter fallback"' in css and "size-adjust" in css


def test_the_built_page_uses_inter_with_scaled_fallbacks(real_post: str) -> None:
    assert re.search(r"font:[^;]*Inter,\"Inter fallback\",\"Inter fallback DejaVu\"", real_post)
    assert re.search(r'src:url\("\.\./assets/inter-latin-400\.[0-9a-f]{10}\.woff2"\)', real_post)


def test_the_math_font_stack_ends_with_debians_math_font_before_the_generic() -> None:
    """Chromium does not take the generic `math` to the system's math font: where DejaVu Math
    TeX Gyre (Debian, Ubuntu) was the only one, a text font drew the formulas and no bracket,
    brace or matrix stretched. The fonts preferred for their look stay first."""
    css = (TEMPLATES / "math.css").read_text()
    stack = re.search(r"\bmath\{font-family:([^;]+);", css)
    assert stack is not None
    fonts = [f.strip().strip('"') for f in stack.group(1).split(",")]
    assert fonts[:3] == ["Latin Modern Math", "STIX Two Math", "Cambria Math"]
    assert fonts[-2:] == ["DejaVu Math TeX Gyre", "math"]


@pytest.mark.parametrize(("scheme", "palette"), [("light", LIGHT), ("dark", DARK)])
def test_a_callouts_tint_keeps_the_accent_at_aa(scheme: str, palette: Palette) -> None:
    """A theme's accent is made to reach AA on `surface-2`: each callout's tinted box is no
    further from the page than that, so its links read at AA whatever the accent."""
    css = (TEMPLATES / "callouts.css").read_text()
    light, dark = css.split("@media {{ dark_media }}")
    own = dict(re.findall(r"--(note|info|important):(#[0-9a-f]{6})", light))
    tint = float(re.findall(r"--tint:(\d+)%", light)[0]) / 100
    if scheme == "dark":
        own |= dict(re.findall(r"--(note|info|important):(#[0-9a-f]{6})", dark))
        tint = float(re.findall(r"--tint:(\d+)%", dark)[0]) / 100
    assert len(own) == 3
    tones = [*own.values(), palette.success, palette.warning, palette.danger, palette.muted]
    ink, edge = hex_to_rgb(palette.ink), hex_to_rgb(palette.surface_2)
    for tone in tones:
        (r, g, b), (sr, sg, sb) = hex_to_rgb(tone), hex_to_rgb(palette.surface)
        box = (mix(r, sr, tint), mix(g, sg, tint), mix(b, sb, tint))  # CSS color-mix in sRGB
        # As far from the ink as `surface-2` is, or further: text on it reads at least as well.
        assert contrast_ratio(ink, box) >= contrast_ratio(ink, edge), (scheme, tone)


def mix(tone: int, base: int, share: float) -> int:
    return round(tone * share + base * (1 - share))
