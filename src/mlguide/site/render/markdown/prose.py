"""Prose blocks beyond CommonMark: footnotes, task lists and definition lists
(mdit-py-plugins), and quotes with an attribution.

A quote whose last paragraph starts with a dash (`— Ada Lovelace`, or `-- ` before the
typographer turns it into one) is a `<figure class="quote">`: the quote, then the
attribution as its `<figcaption>`, the markup HTML gives a quote's source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from mlguide.site.render.markdown.page import matching_close

_DASHES = ("—", "–", "-- ", "―")


def extend(md: MarkdownIt) -> None:
    md.use(footnote_plugin)
    md.use(tasklists_plugin, label=True)
    md.use(deflist_plugin)
    md.core.ruler.push("quote_attribution", _attributions)
    md.add_render_rule("blockquote_open", _render_quote_open)
    md.add_render_rule("attribution_open", _render_attribution_open)
    md.add_render_rule("attribution_close", _render_attribution_close)


def _attributions(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type == "blockquote_open":
            _attribute(tokens, i)
        i += 1


def _attribute(tokens: list[Token], i: int) -> None:
    """Moves a quote's closing `— Name` line after the quote, as its caption: a last
    paragraph of its own, or the last line of the quote's only paragraph."""
    end = matching_close(tokens, i)
    last = end - 3  # paragraph_open, inline, paragraph_close, blockquote_close
    if last <= i or tokens[last].type != "paragraph_open":
        return
    if tokens[last].level != tokens[i].level + 1:
        return
    kids = tokens[last + 1].children or []
    breaks = [k for k, c in enumerate(kids) if c.type in ("softbreak", "hardbreak")]
    first = breaks[-1] + 1 if breaks and last == i + 1 else 0  # the one paragraph's last line
    if last == i + 1 and not breaks:
        return  # a quote of one line is not its own attribution
    if first >= len(kids) or kids[first].type != "text":
        return
    if not kids[first].content.startswith(_DASHES):
        return
    kids[first].content = "— " + kids[first].content.lstrip("—–―- ")
    level = tokens[i].level
    caption_open = Token("attribution_open", "figcaption", 1, level=level)
    caption_close = Token("attribution_close", "figcaption", -1, level=level)
    inline = Token("inline", "", 0, level=level + 1, children=kids[first:])
    if first:  # split the paragraph: the lines above stay in the quote
        tokens[last + 1].children = kids[: first - 1]
        tokens[i].meta["attributed"] = True
        tokens[end + 1 : end + 1] = [caption_open, inline, caption_close]
        return
    tokens[i].meta["attributed"] = True
    tokens[last : end + 1] = [tokens[end], caption_open, inline, caption_close]


def _render_quote_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    quote = str(self.renderToken(tokens, idx, options, env))
    return f'<figure class="quote">\n{quote}' if tokens[idx].meta.get("attributed") else quote


def _render_attribution_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "<figcaption>"


def _render_attribution_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</figcaption>\n</figure>\n"
