"""Markdown to HTML: markdown-it-py plus plugins, Pygments, math, permalinks, TOC and figures.

Everything page-specific (where images live, how links resolve, which ids are taken) arrives
through `env` as a `PageEnv`, so one `MarkdownIt` instance serves every page and is built once
per process.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from mdit_py_plugins.texmath import texmath_plugin

from mlguide.errors import Finding
from mlguide.site.content.slugs import slugify
from mlguide.site.render import rawhtml
from mlguide.site.render.mathml import math_html

ID_LEVELS = (2, 3, 4)  # headings that get an id and a permalink
TOC_LEVELS = (2, 3)
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data):", re.I)
_MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_block": True,
    "math_block_label": True,
    "math_block_eqno": True,
}


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


@dataclass
class Ids:
    """Every id on one page, the template's own included, so none is used twice."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str) -> str:
        ident, n = wanted, 0
        while ident in self.taken:
            n += 1
            ident = f"{wanted}-{n}"
        self.taken.add(ident)
        return ident


@dataclass
class PageEnv:
    """What one page's rendering needs and what it finds out (passed to markdown-it as env)."""

    source: Path
    ids: Ids
    render_image: Callable[[ImageUse, PageEnv], str] | None = None
    resolve_link: Callable[[str, int], str] | None = None  # (href, line) -> href
    title_line: int | None = None  # a `# Title` heading that is the page title, not body
    findings: list[Finding] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # every link with its line
    reported: set[str] = field(default_factory=set)  # URLs already warned about: not twice
    math: int = 0

    def warn(self, rule: str, message: str, line: int | None, url: str | None = None) -> None:
        self.findings.append(Finding(rule, message, self.source, line))
        if url is not None:
            self.reported.add(url)


def _env(env: EnvType) -> PageEnv:
    page = env.get("page")
    assert isinstance(page, PageEnv), "render with markdown.render(tokens, PageEnv)"
    return page


@cache
def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "highlight": highlight})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    # `$5 and $10` stays text: a formula needs no space inside its dollars and no digit after.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    md.use(footnote_plugin)
    md.use(tasklists_plugin, label=True)
    md.use(admon_plugin)
    md.core.ruler.push("page_title", _hide_title)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("figures", _mark_figures)
    md.core.ruler.push("links", _links)
    md.core.ruler.push("raw_html", _raw_html)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    for name in _MATH_TOKENS:
        md.add_render_rule(name, _render_math)
    # URL normalisation (punycode, percent-encoding) is a tenth of the parse time, and sites
    # link to the same few URLs again and again: remember the answers.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=4096)(md.normalizeLinkText)  # type: ignore[method-assign]
    return md


def parse(text: str, page: PageEnv) -> list[Token]:
    env: dict[str, Any] = {"page": page}
    return markdown_parser().parse(text, env)


def render(tokens: Sequence[Token], page: PageEnv) -> str:
    md = markdown_parser()
    return str(md.renderer.render(tokens, md.options, {"page": page}))


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


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _children(token: Token) -> Iterator[tuple[Token, int | None]]:
    """Each child of an inline token with its own source line: a paragraph spans lines."""
    line = _line(token)
    for child in token.children or []:
        yield child, line
        if line is not None:  # a tag or a formula may span lines too
            line += child.content.count("\n") + (child.type in ("softbreak", "hardbreak"))


def _hide_title(state: StateCore) -> None:
    """A post whose title is its first `# Heading` shows that heading once, as the page h1."""
    wanted = _env(state.env).title_line
    if wanted is None:
        return
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and _line(token) == wanted:
            for t in tokens[i : i + 3]:
                t.hidden = True
            tokens[i + 1].children = []
            return


def _heading_ids(state: StateCore) -> None:
    page = _env(state.env)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.hidden or int(token.tag[1]) not in ID_LEVELS:
            continue
        inline = tokens[i + 1]
        text = "".join(
            c.content
            for c in inline.children or []
            if c.type in ("text", "code_inline", "math_inline")
        )
        ident = page.ids.claim(slugify(text))
        token.attrSet("id", ident)
        level = int(token.tag[1])
        if level in TOC_LEVELS:
            page.toc.append(TocEntry(level, ident, text))
        link = Token("html_inline", "", 0)
        link.content = (  # not indexed for search: its words are the same on every heading
            f' <a class="anchor" href="#{ident}" data-pagefind-ignore>#'
            '<span class="visually-hidden"> Link to this section</span></a>'
        )
        inline.children = [*(inline.children or []), link]


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
    page = _env(state.env)
    for token in tokens:
        if "![" not in token.content:  # the source of an inline token: no image in it
            continue
        for child, line in _children(token):
            if child.type == "image":
                child.meta["line"] = line or 0
                page.images.append(_image_use(child))


def _links(state: StateCore) -> None:
    """Record each link with its source line, and let the site resolve `other.md` links."""
    page = _env(state.env)
    for token in state.tokens:
        if token.type != "inline" or ("[" not in token.content and "<" not in token.content):
            continue  # no link here: the hot path of a long page
        for child, line in _children(token):
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


def _raw_html(state: StateCore) -> None:
    """Raw HTML is the author's and stays, but not a URL in it that runs code (see rawhtml)."""
    page = _env(state.env)
    line: int | None = None
    for token in state.tokens:
        line = _line(token) or line
        if token.type == "html_block":
            token.content = _reviewed(token.content, line, page)
        elif token.type == "inline" and "<" in token.content:
            for child, at in _children(token):
                if child.type == "html_inline":
                    child.content = _reviewed(child.content, at, page)


def _reviewed(markup: str, line: int | None, page: PageEnv) -> str:
    out, issues = rawhtml.review(markup)
    for issue in issues:
        where = None if line is None else line + issue.line - 1
        page.findings.append(Finding(issue.rule, issue.message, page.source, where, issue.notice))
    return out


def _image_use(token: Token) -> ImageUse:
    return ImageUse(
        src=str(token.attrGet("src") or ""),
        alt="".join(c.content for c in token.children or []),
        title=str(token.attrGet("title") or ""),
        line=int(token.meta.get("line", 0)),
        figure=bool(token.meta.get("figure")),
    )


def plain_image(src: str, alt: str) -> str:
    """The one fallback `<img>`: for images mlguide cannot inspect (missing, external)."""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'


def _render_image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page = _env(env)
    use = _image_use(tokens[idx])
    if page.render_image is not None:
        return page.render_image(use, page)
    return plain_image(use.src, use.alt)


def _render_math(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page = _env(env)
    out, converted = math_html(token.content, _MATH_TOKENS[token.type])
    page.math += 1
    if not converted:
        line = _line(token) or next((_line(t) for t in reversed(tokens[:idx]) if t.map), None)
        page.warn(
            "math",
            f"formula `{' '.join(token.content.split())[:60]}` could not be converted: "
            "shown as TeX",
            line,
        )
    return out


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
    return str(markdown_parser().renderInline(text, {"page": PageEnv(Path(), Ids())}))


def first_paragraph(text: str) -> str:
    """The first paragraph's words, markup removed: a description of last resort."""
    page = PageEnv(Path(), Ids())
    tokens = markdown_parser().parse(text, {"page": page})
    for i, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            words = "".join(
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in tokens[i + 1].children or []
                if c.type in ("text", "code_inline", "softbreak", "hardbreak", "math_inline")
            )
            if words.strip():
                return " ".join(words.split())
    return ""
