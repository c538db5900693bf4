"""Markdown to HTML: markdown-it-py plus plugins, Pygments, permalinks, TOC and figures.

Everything page-specific (where images live, how big they are) arrives through `env`, so one
`MarkdownIt` instance serves every page and can be built once per process.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class ImageUse:
    """An image the Markdown asks for; `figure` when it stands alone in its paragraph."""

    src: str
    alt: str
    title: str
    line: int
    figure: bool


# The renderer for one image, supplied by the site layer: (use, env) -> HTML.
ImageRenderer = Callable[[ImageUse, EnvType], str]


def slugify(text: str) -> str:
    """GitHub-like ids, but with runs of separators collapsed: `step-1-define-the-problem`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", " ", text.lower())
    return re.sub(r"[\s_-]+", "-", text).strip("-") or "section"


@cache
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "highlight": highlight})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(front_matter_plugin)
    md.use(footnote_plugin)
    md.use(tasklists_plugin, label=True)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    md.core.ruler.push("permalinks_and_toc", _permalinks_and_toc)
    md.core.ruler.push("figures", _mark_figures)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    # URL normalisation (punycode, percent-encoding) is a tenth of the parse time, and sites
    # link to the same few URLs again and again: remember the answers.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=4096)(md.normalizeLinkText)  # type: ignore[method-assign]
    return md


def parse(text: str, env: dict[str, Any]) -> list[Token]:
    return markdown_parser().parse(text, env)


def render(tokens: Sequence[Token], env: dict[str, Any]) -> str:
    md = markdown_parser()
    return str(md.renderer.render(tokens, md.options, env))


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


def _permalinks_and_toc(state: StateCore) -> None:
    toc: list[TocEntry] = []
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or not token.attrGet("id"):
            continue
        ident = str(token.attrGet("id"))
        inline = tokens[i + 1]
        text = "".join(
            c.content for c in inline.children or [] if c.type in ("text", "code_inline")
        )
        toc.append(TocEntry(int(token.tag[1]), ident, text))
        link = Token("html_inline", "", 0)
        link.content = (
            f' <a class="anchor" href="#{ident}">#<span class="visually-hidden">'
            f" Link to this section</span></a>"
        )
        inline.children = [*(inline.children or []), link]
    state.env["toc"] = toc


def _mark_figures(state: StateCore) -> None:
    """A paragraph holding only an image becomes a figure (the paragraph tags are hidden)."""
    tokens = state.tokens
    for i in range(1, len(tokens) - 1):
        inline = tokens[i]
        if inline.type != "inline" or tokens[i - 1].type != "paragraph_open":
            continue
        kids = [
            c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if len(kids) == 1 and kids[0].type == "image":
            kids[0].meta["figure"] = True
            tokens[i - 1].hidden = tokens[i + 1].hidden = True
    uses: list[ImageUse] = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                line = (token.map[0] if token.map else 0) + 1 + state.env.get("line_offset", 0)
                child.meta["line"] = line
                uses.append(_image_use(child))
    state.env["images"] = uses


def _image_use(token: Token) -> ImageUse:
    return ImageUse(
        src=str(token.attrGet("src") or ""),
        alt="".join(c.content for c in token.children or []),
        title=str(token.attrGet("title") or ""),
        line=int(token.meta.get("line", 0)),
        figure=bool(token.meta.get("figure")),
    )


def _render_image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    renderer: ImageRenderer | None = env.get("render_image")
    use = _image_use(tokens[idx])
    if renderer is not None:
        return renderer(use, env)
    alt = html.escape(use.alt)
    return f'<img src="{html.escape(use.src)}" alt="{alt}">'


def _render_table_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Wide tables scroll inside their own box on phones instead of widening the page; the
    # box is a region named by the section heading so keyboard users can reach it.
    heading = next(
        (t.attrGet("id") for t in reversed(tokens[:idx]) if t.type == "heading_open"), None
    )
    if heading is None:
        return '<div class="table-wrap">\n<table>\n'
    return (
        f'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="{heading}">'
        "\n<table>\n"
    )


def _render_table_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</table>\n</div>\n"


def render_inline(text: str) -> str:
    """Inline Markdown (captions, share hooks) without a wrapping paragraph."""
    return str(markdown_parser().renderInline(text))
