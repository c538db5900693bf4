"""GFM tables, each in a box that scrolls on phones instead of widening the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def extend(md: MarkdownIt) -> None:
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)


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
