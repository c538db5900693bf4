"""Fenced code: highlighted by Pygments at build time, so pages ship no highlighting script."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from markdown_it import MarkdownIt


def extend(md: MarkdownIt) -> None:
    md.options["highlight"] = highlight


def highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments for fenced code; plain escaped text for unknown languages."""
    from pygments import highlight as pyg_highlight

    body = pyg_highlight(code, _lexer(lang or "text"), _formatter())
    cls = f' class="language-{html.escape(lang)}"' if lang else ""
    # Focusable so keyboard users can scroll long lines (axe: scrollable-region-focusable).
    return f'<pre class="hl" tabindex="0"><code{cls}>{body}</code></pre>\n'


@cache
def _lexer(lang: str) -> Any:
    # Looking a lexer up by name scans every plugin: once per language per process.
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(lang)
    except ClassNotFound:
        return get_lexer_by_name("text")


@cache
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)
