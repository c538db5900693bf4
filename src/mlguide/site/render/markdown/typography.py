"""The typographer, as kramdown, goldmark and Pandoc do it: `...` is an ellipsis, `..` is
not. markdown-it's replacements turn any run of two dots or more into `…`, which breaks
the relative paths, ranges and URLs prose is full of (`../data/train.csv`, `1..10`).

A template tag shown as text (`{{< myshortcode foo="bar" >}}`, `{% include x.html
src="x.png" %}`, reported where it is found) keeps its straight quotes: it is code as
written, and curly quotes would make it wrong to copy.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import replacements as upstream
from markdown_it.token import Token

_TWO_DOTS = re.compile(r"(?<!\.)\.\.(?!\.)")
# Two dots kept through upstream's rule, which would make them an ellipsis.
_KEPT_DOTS = "\ue000\ue000"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# Quotes inside a template tag, hidden from the smart quotes and put back after them.
_HIDE = str.maketrans({'"': "\ue001", "'": "\ue002"})
_RESTORE = str.maketrans({"\ue001": '"', "\ue002": "'"})


def extend(md: MarkdownIt) -> None:
    md.core.ruler.at("replacements", _replacements)
    md.core.ruler.before("smartquotes", "tag_quotes_hide", _hide_tag_quotes)
    md.core.ruler.after("smartquotes", "tag_quotes_restore", _restore_tag_quotes)


def _texts(state: StateCore) -> list[Token]:
    return [
        child
        for token in state.tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "text"
    ]


def _replacements(state: StateCore) -> None:
    """Upstream's replacements, with two dots alone left as they are."""
    if not state.md.options.typographer:
        return
    texts = [t for t in _texts(state) if ".." in t.content]
    for text in texts:
        text.content = _TWO_DOTS.sub(_KEPT_DOTS, text.content)
    upstream.replace(state)
    for text in texts:
        text.content = text.content.replace(_KEPT_DOTS, "..")


def _hide_tag_quotes(state: StateCore) -> None:
    if not state.md.options.typographer:
        return
    for text in _texts(state):
        if "{" in text.content and ('"' in text.content or "'" in text.content):
            text.content = _TAG.sub(_hidden, text.content)


def _hidden(match: re.Match[str]) -> str:
    return match.group(0).translate(_HIDE)


def _restore_tag_quotes(state: StateCore) -> None:
    for text in _texts(state):
        if "\ue001" in text.content or "\ue002" in text.content:
            text.content = text.content.translate(_RESTORE)
