"""The one markdown-it parser, built once per process from its extensions, in order.

Each extension is a module with `extend(md)`: the syntax it adds, its core rules and its
render rules. Core rules run in the order the extensions are listed (callouts take their
titles before headings get their ids, headings get theirs before figures and links are
recorded, raw HTML is reviewed last).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlguide.site.render.markdown import (
    attributes,
    callouts,
    citations,
    code,
    crossrefs,
    divs,
    headings,
    images,
    links,
    marks,
    math,
    media,
    notebook,
    prose,
    rawhtml,
    tables,
    typography,
)
from mlguide.site.render.markdown.page import Ids, PageEnv

# Callouts and `:::` divs come before headings: a heading a callout takes as its title gets
# no id and no place in the table of contents. Cross-references read a figure's `{#fig-…}`
# label before images decide what is a figure, and number a notebook cell's figure once its
# outputs are known.
EXTENSIONS = (
    code,
    math,
    callouts,
    divs,
    media,
    prose,
    typography,
    marks,
    tables,
    attributes,
    headings,
    notebook,
    crossrefs,
    citations,
    images,
    links,
    rawhtml,
)


@cache
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    for extension in EXTENSIONS:
        extension.extend(md)
    # URL normalisation (punycode, percent-encoding) is a tenth of the parse time, and sites
    # link to the same few URLs again and again: remember the answers.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=4096)(md.normalizeLinkText)  # type: ignore[method-assign]
    return md


def parse(text: str, page: PageEnv) -> list[Token]:
    env: dict[str, Any] = {"page": page}
    tokens = markdown_parser().parse(text, env)
    page.references = env.get("references") or {}  # `[x][ref]` in a caption resolves too
    return tokens


def render(tokens: Sequence[Token], page: PageEnv) -> str:
    md = markdown_parser()
    return str(md.renderer.render(tokens, md.options, {"page": page}))


def render_inline(
    text: str,
    references: dict[str, Any] | None = None,
    page: PageEnv | None = None,
    line: int | None = None,
) -> str:
    """Inline Markdown (captions, share hooks) without a wrapping paragraph; `references`
    are the page's link definitions, for a caption that uses `[text][ref]`. Given the `page`
    it belongs to (a figure's caption), the text is read in the page's dialect and macros,
    and what it warns of (stray TeX, a formula that cannot be rendered) is reported on the
    page at `line`, the figure's: a caption is as visible as the prose around it."""
    inner = PageEnv(Path(), Ids())
    if page is not None:
        inner = PageEnv(page.source, Ids(), dialect=page.dialect, macros=page.macros)
    env: dict[str, Any] = {"page": inner}
    if references:
        env["references"] = references
    out = str(markdown_parser().renderInline(text, env))
    if page is not None:
        page.findings += [dataclasses.replace(f, line=line) for f in inner.findings]
        page.math += inner.math
        page.uses |= inner.uses
    return out


_DESCRIBED = frozenset(
    {"text", "code_inline", "softbreak", "hardbreak", "math_inline", "math_inline_double"}
)
# Not a description: an editor's note ("[Updated on 2021-09-19: …]", "Update: …"), or a
# paragraph that is template code (`{% notebook x.ipynb %}`) to be translated later.
_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_NOT_A_DESCRIPTION = re.compile(
    r"^\W*(?:updated?|edit(?:ed)?|last (?:updated|edited)|note|disclaimer)\b|^\s*\{[{%]", re.I
)


def first_paragraph(text: str) -> str:
    """The first paragraph's words, markup removed: a description of last resort. Notes
    about an update and template code are passed over. A formula keeps its TeX, without
    its delimiters, whichever way it was written (`$x$`, kramdown's inline `$$x$$`, `\\(x\\)`):
    a description is plain text in meta tags and feeds, and a hole in its sentence would
    read worse than the TeX."""
    page = PageEnv(Path(), Ids())
    tokens = markdown_parser().parse(text, {"page": page})
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            words = "".join(
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in tokens[i + 1].children or []
                if c.type in _DESCRIBED
            )
            if words.strip() and not _NOT_A_DESCRIPTION.match(words):
                return " ".join(words.split())
    for token in tokens:  # a post written in HTML: its first <p>
        if token.type == "html_block" and (p := _HTML_PARAGRAPH.search(token.content)):
            words = html.unescape(re.sub(r"<[^>]+>", " ", p.group(1)))
            if words.strip() and not _NOT_A_DESCRIPTION.match(words):
                return " ".join(words.split())
    return ""
