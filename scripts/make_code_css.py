"""Regenerate templates/code.css from two Pygments styles (run by hand when changing them).

Light: 'vs'; dark: 'github-dark'. Backgrounds are dropped (the page's code block has its own)
and selectors that share a declaration are grouped, so the CSS inlined into pages with code
stays small.

    .venv/bin/python scripts/make_code_css.py
"""

from __future__ import annotations

import re
from pathlib import Path

from pygments.formatters import HtmlFormatter

from mlguide.tokens import DARK, LIGHT, RGB, Palette, contrast_ratio, hex_to_rgb

RULE = re.compile(r"^\.hl (\.[\w-]+) \{ (.*) \}")
COLOR = re.compile(r"color:#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b")
AA = 4.5


def readable(color: str, palette: Palette) -> str:
    """The colour, moved toward black (light page) or white (dark page) just enough to reach
    WCAG AA on the code background."""
    value = color.lstrip("#")
    rgb: RGB = hex_to_rgb(value if len(value) == 6 else "".join(c * 2 for c in value))
    background = hex_to_rgb(palette.code_bg)
    target = (0, 0, 0) if palette is LIGHT else (255, 255, 255)
    step = 0
    while contrast_ratio(rgb, background) < AA + 0.05 and step < 100:
        step += 1
        rgb = tuple(round(c + (t - c) * 0.04) for c, t in zip(rgb, target, strict=True))  # type: ignore[assignment]
    return "#%02x%02x%02x" % rgb if step else f"#{value}"


def rules(style: str, palette: Palette) -> str:
    selectors: dict[str, list[str]] = {}
    for line in HtmlFormatter(style=style).get_style_defs(".hl").splitlines():
        match = RULE.match(re.sub(r"/\*.*?\*/", "", line).strip())
        if match is None or match.group(1) == ".hll":
            continue
        declarations = [
            COLOR.sub(
                lambda m: "color:" + readable(m.group(1), palette), d.strip().replace(": ", ":")
            )
            for d in match.group(2).split(";")
            if d.strip() and not d.strip().startswith(("background", "border"))
        ]
        if declarations:
            selectors.setdefault(";".join(declarations), []).append(f".hl {match.group(1)}")
    return "\n".join(f"{','.join(names)}{{{decl}}}" for decl, names in selectors.items())


HEADER = (
    "/* Pygments 'vs' (light) and 'github-dark' (dark): backgrounds removed, colours raised to\n"
    "   WCAG AA on the code background, selectors grouped. scripts/make_code_css.py */\n"
)

if __name__ == "__main__":
    light, dark = rules("vs", LIGHT), rules("github-dark", DARK)
    # `dark_media` is the site's: the reader's setting, or always/never for a fixed scheme.
    text = f"{HEADER}{light}\n@media {{{{ dark_media }}}}{{\n{dark}\n}}\n"
    out = Path(__file__).resolve().parent.parent / "templates" / "code.css"
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {len(text.encode())} bytes")
