"""Attribute lists, as kramdown and Python-Markdown's attr_list wrote them: `{#id .class
key="v"}` right after an image, a link or code (read by mdit-py-plugins' attrs rule), and on a
line of their own (found by the foreign-syntax pass, which blanked the line and handed the
attributes over as `PageEnv.block_attrs`): they go on the block above, or below after a
blank line. On a paragraph holding only an image, they are the image's (it becomes a
figure). An event handler never gets through (the plugin drops `on…` names)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin

from mlguide.site.content.foreign.records import BlockAttrs
from mlguide.site.render.markdown.page import PageEnv, page_of

_TARGETS = frozenset(
    {"paragraph_open", "heading_open", "table_open", "bullet_list_open", "ordered_list_open",
     "blockquote_open", "fence", "code_block", "hr", "html_block"}
)  # fmt: skip


def extend(md: MarkdownIt) -> None:
    attrs_plugin(md, after=("image", "code_inline", "link_close"))
    md.core.ruler.push("block_attrs", _block_attrs)


def _block_attrs(state: StateCore) -> None:
    page = page_of(state.env)
    if not page.block_attrs:
        return
    tokens = state.tokens
    for attrs in page.block_attrs:
        target = _target(tokens, attrs)
        if target is not None:
            _apply(tokens, target, attrs, page)


def _target(tokens: list[Token], attrs: BlockAttrs) -> int | None:
    """The outermost block ending just above the list's line (or starting just below it)."""
    index = attrs.line - 1  # the list's own line, 0-based
    best: int | None = None
    for i, token in enumerate(tokens):
        if token.type not in _TARGETS or token.map is None:
            continue
        start, end = token.map
        hit = end == index if attrs.after else start == index + 1
        if hit and (best is None or token.level < tokens[best].level):
            best = i
    return best


def _apply(tokens: list[Token], i: int, attrs: BlockAttrs, page: PageEnv) -> None:
    token = tokens[i]
    if token.type == "paragraph_open" and i + 1 < len(tokens):
        kids = [
            c
            for c in tokens[i + 1].children or []
            if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"
        ]
        if len(kids) == 1 and kids[0].type == "image":
            token = kids[0]  # an image alone: the figure it becomes gets the attributes
    for name, value in attrs.attrs:
        if name == "class":
            token.attrJoin("class", value)
        elif name == "id" and token.type != "image":  # a figure claims its id as it is drawn
            token.attrSet("id", page.ids.claim(value))
        else:
            token.attrSet(name, value)
