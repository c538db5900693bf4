"""Callouts (note, tip, warning, danger, example…) in every syntax writers bring:

- Python-Markdown and MkDocs Material: `!!! note "Title"`, and `??? tip` / `???+ tip`, which
  fold (a `<details>`, closed or open);
- GitHub alerts and Obsidian callouts: `> [!NOTE]`, `> [!tip] A title`, `> [!faq]-` (folded);
- `:::` divs (see `divs`): `::: callout-note` (Quarto), `:::note[Title]` (Docusaurus),
  `::: warning Title` (VitePress), `::: {.callout-tip title="T" collapse="true"}`.

Each becomes the same markup: `<div class="admonition KIND" role="note">` with a
`<p class="admonition-title">`, or `<details class="admonition KIND">` with a `<summary>`.
The kinds and aliases are Material's (which covers GitHub's and Quarto's); an unknown kind is
a warning at its line and is shown as a note under the writer's own title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.admon import admon_plugin

from mlguide.site.render.markdown.divs import DivHeader
from mlguide.site.render.markdown.page import PageEnv, line_of, matching_close, page_of

# Alias -> the kind it is styled as. Each kind is also its own alias.
KINDS: dict[str, str] = {
    **{k: k for k in ("note", "abstract", "info", "tip", "important", "success", "question")},
    **{k: k for k in ("warning", "caution", "danger", "failure", "bug", "example", "quote")},
    "seealso": "note",
    "summary": "abstract",
    "tldr": "abstract",
    "todo": "info",
    "hint": "tip",
    "check": "success",
    "done": "success",
    "help": "question",
    "faq": "question",
    "attention": "warning",
    "error": "danger",
    "fail": "failure",
    "missing": "failure",
    "cite": "quote",
    "details": "details",  # VitePress: a plain folded block
}
_TITLES = {"seealso": "See also", "tldr": "TL;DR", "faq": "FAQ", "todo": "To do"}
_ALERT = re.compile(r"\[!([A-Za-z][\w-]*)\]([+-]?)[ \t]*")
OPEN, CLOSE = "callout_open", "callout_close"


def extend(md: MarkdownIt) -> None:
    md.use(admon_plugin)
    md.core.ruler.push("callouts", _callouts)
    md.add_render_rule(OPEN, _render_open)
    md.add_render_rule(CLOSE, _render_close)


def default_title(alias: str) -> str:
    return _TITLES.get(alias, alias.replace("-", " ").capitalize())


def _kind(alias: str, page: PageEnv, line: int | None) -> str:
    kind = KINDS.get(alias)
    if kind is None:
        page.warn("unknown-block", f"unknown callout type `{alias}`: shown as a note", line)
        return "note"
    return kind


def _callouts(state: StateCore) -> None:
    """Admonitions and `> [!KIND]` blockquotes become callout tokens (`:::` divs arrive by
    `from_div`, called by `divs`)."""
    page = page_of(state.env)
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "admonition_open":
            _from_admonition(tokens, i, page)
        elif token.type == "blockquote_open":
            _from_blockquote(state, i, page)


def _become(
    tokens: Sequence[Token], i: int, kind: str, title: list[Token] | None, fold: str
) -> None:
    """tokens[i] and its closing token become a callout: `fold` is "", "open" or "closed"."""
    j = matching_close(tokens, i)
    opener, closer = tokens[i], tokens[j]
    opener.type, closer.type = OPEN, CLOSE
    opener.tag = closer.tag = "details" if fold else "div"
    opener.attrs = {"class": f"admonition {kind}"}
    opener.meta = {"title": title, "fold": fold}


def _from_admonition(tokens: list[Token], i: int, page: PageEnv) -> None:
    token = tokens[i]
    alias = str(token.meta.get("tag", "note"))
    kind = _kind(alias, page, line_of(token))
    markup = token.markup
    fold = "open" if markup == "???+" else "closed" if markup == "???" else ""
    title: list[Token] | None = None
    if tokens[i + 1].type == "admonition_title_open":
        title = tokens[i + 2].children or []
        for t in tokens[i + 1 : i + 4]:
            t.hidden = True
        tokens[i + 2].children = []
        tokens[i + 2].content = ""
    elif fold:  # `??? note ""`: a fold still needs a summary
        title = _text(default_title(alias))
    _become(tokens, i, kind, title, fold)


def _from_blockquote(state: StateCore, i: int, page: PageEnv) -> None:
    """`> [!NOTE]` (GitHub) or `> [!tip]- Custom *title*` (Obsidian): the first line of the
    quote names the kind, folding and title; the rest is the body."""
    tokens = state.tokens
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return
    inline = tokens[i + 2]
    kids = inline.children or []
    if not kids or kids[0].type != "text" or not (marker := _ALERT.match(kids[0].content)):
        return
    alias, sign = marker.group(1).lower(), marker.group(2)
    kind = _kind(alias, page, line_of(tokens[i]))
    end = next((k for k, c in enumerate(kids) if c.type in ("softbreak", "hardbreak")), len(kids))
    first = Token("text", "", 0)
    first.content = kids[0].content[marker.end() :]
    title = [t for t in [first, *kids[1:end]] if t.type != "text" or t.content.strip()]
    inline.children = kids[end + 1 :]
    if not inline.children:  # the marker line was the whole paragraph
        tokens[i + 1].hidden = tokens[i + 3].hidden = True
    fold = {"-": "closed", "+": "open"}.get(sign, "")
    _become(tokens, i, kind, title or _text(default_title(alias)), fold)


def claims(header: DivHeader) -> bool:
    name = header.name.removeprefix("callout-")
    return header.name.startswith("callout-") or name in KINDS


def from_div(state: StateCore, i: int, header: DivHeader) -> None:
    """`::: callout-tip`, `:::tip[Title]`, `::: warning Title`, `::: {.callout-note
    title="T" collapse="true"}`; Quarto's title may also be the div's first heading."""
    page = page_of(state.env)
    tokens = state.tokens
    alias = header.name.removeprefix("callout-")
    kind = _kind(alias, page, line_of(tokens[i]))
    collapse = header.attr("collapse").lower()
    fold = "closed" if collapse == "true" else "open" if collapse == "false" else ""
    if alias == "details":
        fold = fold or "closed"
    text = header.attr("title") or header.text
    title = _inline(state, text) if text else None
    if title is None and tokens[i + 1].type == "heading_open":  # Quarto: `## Title` inside
        title = tokens[i + 2].children or []
        for t in tokens[i + 1 : i + 4]:
            t.hidden = True
        tokens[i + 2].children = []
    _become(tokens, i, kind, title or _text(default_title(alias)), fold)


def _inline(state: StateCore, text: str) -> list[Token]:
    parsed = state.md.parseInline(text, state.env)
    return (parsed[0].children or []) if parsed else []


def _text(words: str) -> list[Token]:
    token = Token("text", "", 0)
    token.content = words
    return [token]


def _render_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page_of(env).uses.add("callouts")
    cls = html.escape(str(token.attrGet("class")))
    title = token.meta.get("title")
    inner = self.renderInline(title, options, env) if title else ""
    fold = token.meta.get("fold", "")
    if fold:
        opened = " open" if fold == "open" else ""
        summary = f'<summary class="admonition-title">{inner}</summary>'
        return f'<details class="{cls}"{opened}>\n{summary}\n'
    heading = f'<p class="admonition-title">{inner}</p>\n' if inner else ""
    return f'<div class="{cls}" role="note">\n{heading}'


def _render_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f"</{tokens[idx].tag}>\n"
