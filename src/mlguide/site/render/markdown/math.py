"""`$…$`, `$$…$$`, `\\(…\\)` and `\\[…\\]` formulas, rendered to MathML at build time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from mlguide.site.render.markdown.mathml import math_html
from mlguide.site.render.markdown.page import line_of, page_of

# Token type -> displayed as a block.
MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_block": True,
    "math_block_label": True,
    "math_block_eqno": True,
}


def extend(md: MarkdownIt) -> None:
    # `$5 and $10` stays text: a formula needs no space inside its dollars and no digit after.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    for name in MATH_TOKENS:
        md.add_render_rule(name, _render_math)


def _render_math(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page = page_of(env)
    out, converted = math_html(token.content, MATH_TOKENS[token.type])
    page.math += 1
    if not converted:
        line = line_of(token) or next((line_of(t) for t in reversed(tokens[:idx]) if t.map), None)
        page.warn(
            "math",
            f"formula `{' '.join(token.content.split())[:60]}` could not be converted: "
            "shown as TeX",
            line,
        )
    return out
