"""Links: each recorded with its source line, and resolved by the page (`other.md` leads to
the built post); a `javascript:` link markdown-it refused is reported, not silently lost."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from mlguide.site.render.markdown.page import children, page_of

_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data):", re.I)


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("links", _links)


def _links(state: StateCore) -> None:
    page = page_of(state.env)
    for token in state.tokens:
        if token.type != "inline" or ("[" not in token.content and "<" not in token.content):
            continue  # no link here: the hot path of a long page
        for child, line in children(token):
            if child.type == "text" and _UNSAFE_LINK.search(child.content):
                page.warn(  # markdown-it left it as text: code spans are not text
                    "unsafe-link",
                    "a `javascript:`, `vbscript:` or `data:` link was dropped",
                    line,
                )
            if child.type != "link_open":
                continue
            href = str(child.attrGet("href") or "")
            if page.resolve_link is not None:
                href = page.resolve_link(href, line or 0)
                child.attrSet("href", href)
            page.links.append((href, line or 0))
