"""Slugs for URLs and heading ids: ASCII, lower-case, dash-separated, locale-independent.

Letters are transliterated (`café` → `cafe`, `Ünïcode` → `unicode`, `机器` → `jiqi`) by a
table, never by the locale, so a post gets the same URL on every machine. Punctuation is
dropped, as GitHub does for heading ids (`Step 1 — Define` → `step-1-define`).

A slug written by hand (`slug:` in front matter, `mlguide new --slug`) is one check,
`slug_problem`: mlguide's own slugs are `slugify`'s, but a slug a URL carries as written is
kept (`My-Post`, `tool-2.0`, `foreword_bayesian`), so a blog moved from Jekyll or Hugo keeps
the URLs people linked to. URLs are case-sensitive on the hosts blogs use (GitHub Pages,
Netlify), so lower-casing an old slug would break its links; refusing it would make the
author break them by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# What a URL's path segment carries as written (RFC 3986's unreserved characters), starting
# with a letter or digit (no hidden `.name`); `..` never.
_URL_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


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


def slug_problem(slug: str) -> str | None:
    """Why `slug`, written by hand, cannot be a post's URL as it is ("must be …, like
    `clean`"), or None. Front matter and `mlguide new --slug` both ask here, so a slug one
    accepts the other does too."""
    if _URL_SAFE.fullmatch(slug) and ".." not in slug:
        return None
    return f"must be letters, digits and dashes (or `.`, `_`, `~`), like `{slugify(slug)}`"


def is_plain(slug: str) -> bool:
    """The slug is one mlguide would make itself (lower-case, dashes): no notice needed."""
    return slugify(slug) == slug
