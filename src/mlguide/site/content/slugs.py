"""Slugs for URLs and heading ids: ASCII, lower-case, dash-separated, locale-independent.

Letters are transliterated (`café` → `cafe`, `Ünïcode` → `unicode`, `机器` → `jiqi`) by a
table, never by the locale, so a post gets the same URL on every machine. Punctuation is
dropped, as GitHub does for heading ids (`Step 1 — Define` → `step-1-define`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    ascii_text = "".join(_ascii(c) for c in unicodedata.normalize("NFC", text))
    ascii_text = re.sub(r"[^a-z0-9\s_-]", " ", ascii_text.lower())
    return re.sub(r"[\s_-]+", "-", ascii_text).strip("-") or "section"


def _ascii(char: str) -> str:
    if char < "\x80":
        return char
    if unicodedata.category(char)[0] in "PSZ":  # punctuation, symbols, spaces
        return " " if unicodedata.category(char)[0] == "Z" else ""
    return anyascii(char)
