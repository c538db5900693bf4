"""Headings: the title heading hidden (the template shows it), ids, permalinks and the TOC."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown.page import TocEntry, line_of, page_of

ID_LEVELS = (2, 3, 4)  # headings that get an id and a permalink
TOC_LEVELS = (2, 3)


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("page_title", _hide_title)
    md.core.ruler.push("heading_ids", _heading_ids)


def _hide_title(state: StateCore) -> None:
    """A post whose title is its first `# Heading` shows that heading once, as the page h1."""
    wanted = page_of(state.env).title_line
    if wanted is None:
        return
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and line_of(token) == wanted:
            for t in tokens[i : i + 3]:
                t.hidden = True
            tokens[i + 1].children = []
            return


def _heading_ids(state: StateCore) -> None:
    page = page_of(state.env)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.hidden or int(token.tag[1]) not in ID_LEVELS:
            continue
        inline = tokens[i + 1]
        text = heading_text(inline)
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


def heading_text(inline: Token) -> str:
    """A heading's words; a formula counts as the text it shows (`ℒ ELBO`), not its TeX."""
    return "".join(
        (c.meta or {}).get("text", c.content) if c.type.startswith("math") else c.content
        for c in inline.children or []
        if c.type in ("text", "code_inline", "math_inline", "math_inline_double")
    )
