"""`theme:` in mlguide.yml: accent colours, the font, the colour scheme, a logo and a favicon.

    theme:
      accent: "#0f766e"        # links, buttons, the cards' band, the scenes' accent
      accent_dark: "#5eead4"   # optional: worked out from `accent` when left out
      font: inter              # inter (self-hosted), system or serif
      scheme: auto             # auto (the reader's setting), light or dark
      logo: assets/logo.svg    # shown before the site's name
      favicon: assets/icon.png # default: drawn from the accent and the site's initials

The colours become the design tokens (mlguide.tokens.make_tokens) that the CSS, the cards
and the scenes are drawn with; contrast is checked there.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from mlguide.site.config.settings import EntryProblems, Kind, describe, text_value
from mlguide.tokens import FONTS, SCHEMES, Theme, Tokens, make_tokens

_KEYS = ("accent", "accent_dark", "font", "scheme", "logo", "favicon")
_PICTURES = (".svg", ".png", ".webp", ".jpg", ".jpeg", ".gif")


@dataclass(frozen=True)
class ThemeSettings:
    colors: Theme = Theme()
    logo: str = ""  # a project file, as written (`assets/logo.svg`)
    favicon: str = ""  # a project file; "" to draw one
    tokens: Tokens = field(default_factory=make_tokens, compare=False, repr=False)


def read_theme(value: Any) -> ThemeSettings:
    if not isinstance(value, Mapping):
        raise ValueError(f'must be a mapping such as {{accent: "#0f766e"}}, not {describe(value)}')
    problems: list[tuple[Hashable, str]] = []
    values: dict[str, str] = {}
    for key, raw in value.items():
        if key not in _KEYS:
            problems.append((key, f"has an unknown key `{key}` (use {', '.join(_KEYS)})"))
            continue
        try:
            values[key] = _read(key, raw)
        except ValueError as exc:
            problems.append((key, f"`{key}` {exc}"))
    colors = Theme(
        values.get("accent", ""),
        values.get("accent_dark", ""),
        values.get("font", "inter"),
        values.get("scheme", "auto"),
    )
    if problems:
        raise EntryProblems(problems)
    return ThemeSettings(
        colors, values.get("logo", ""), values.get("favicon", ""), make_tokens(colors)
    )


def _read(key: str, raw: Any) -> str:
    text = text_value(raw).strip()
    if key in ("accent", "accent_dark"):
        make_tokens(Theme(accent=text))  # a colour, or ValueError saying how to write one
        return text
    if key == "font" and text.lower() not in FONTS:
        raise ValueError(f"must be {', '.join(FONTS)}, not `{text}`")
    if key == "scheme" and text.lower() not in SCHEMES:
        raise ValueError(f"must be {', '.join(SCHEMES)}, not `{text}`")
    if key in ("logo", "favicon"):
        if not text.lower().endswith(_PICTURES):
            raise ValueError(f"must be a picture ({', '.join(_PICTURES)}), not `{text}`")
        return text
    return text.lower()


THEME = Kind("mapping", read_theme)
