"""Formulas in a raw HTML figure caption (`<figcaption>The loss $L(\\theta)$</figcaption>`),
typeset as the old blog showed them.

Raw HTML is not Markdown, so the parser finds no formula there. But the blog it came from
ran KaTeX's or MathJax's auto-render over the whole page, captions included, and a reader
saw a formula. Only the text of a `<figcaption>` is read (not its tags, not `<code>`), with
the delimiters prose uses and the same caution: `$x$` with no space just inside its dollars
and no digit after the closing one (`$5 and $10` stays text), `$$…$$`, `\\(…\\)`, `\\[…\\]`.
Elsewhere in raw HTML a formula stays as written and `straytex` reports it.
"""

from __future__ import annotations

import html
import re

from markdown_it.rules_core import StateCore

from mlguide.site.render.markdown.equations import Formula, plan_page
from mlguide.site.render.markdown.mathml import convert, with_source
from mlguide.site.render.markdown.page import PageEnv, page_of

_CAPTION = re.compile(r"(<figcaption\b[^>]*>)(.*?)(</figcaption\s*>)", re.S | re.I)
# Tags and code inside the caption: kept as they are, never read for formulas.
_NOT_TEXT = re.compile(r"<(code|kbd|samp|pre|script|style|math)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_FORMULA = re.compile(
    r"\$\$(?P<display>.+?)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<![$\\])\$(?=[^\s$])(?P<inline>[^$]{1,400}?)(?<=[^\s\\])\$(?![$\d])",
    re.S,
)
_SHOWN = 80


def typeset_html_captions(state: StateCore) -> None:
    page = page_of(state.env)
    for token in state.tokens:
        if token.type != "html_block" or "figcaption" not in token.content.lower():
            continue
        first = token.map[0] + 1 if token.map else None
        content = token.content

        def caption(m: re.Match[str], content: str = content, first: int | None = first) -> str:
            line = None if first is None else first + content.count("\n", 0, m.start(2))
            return m.group(1) + _typeset(m.group(2), page, line) + m.group(3)

        token.content = _CAPTION.sub(caption, content)


def _typeset(inner: str, page: PageEnv, line: int | None) -> str:
    """The caption's markup with each formula in its text as MathML."""
    out: list[str] = []
    last = 0
    for m in _NOT_TEXT.finditer(inner):
        out += [_text(inner[last : m.start()], page, line, inner, last), m.group(0)]
        last = m.end()
    out.append(_text(inner[last:], page, line, inner, last))
    return "".join(out)


def _text(text: str, page: PageEnv, line: int | None, inner: str, offset: int) -> str:
    if "$" not in text and "\\" not in text:
        return text

    def formula(m: re.Match[str]) -> str:
        display = m.group("display") is not None or m.group("bracket") is not None
        tex = html.unescape(next(g for g in m.group("display", "bracket", "paren", "inline") if g))
        where = None if line is None else line + inner.count("\n", 0, offset + m.start())
        plan = plan_page([Formula(tex, display)], page.macros)
        planned = plan.formulas[0]
        for warning in planned.warnings:
            page.warn("math", f"formula `{_short(tex)}`: {warning}", where)
        if planned.empty or planned.ref is not None:
            return m.group(0)
        result = convert(planned.tex, display, plan.macros)
        if result.mathml is None:
            page.warn("math", f"formula `{_short(tex)}` cannot be rendered: {result.error}", where)
            return f'<code class="math-tex">{html.escape(tex.strip())}</code>'
        page.math += 1
        # One line, as the raw HTML was: later reviews count lines in this block.
        return with_source(result.mathml, tex).replace("\n", " ")

    return _FORMULA.sub(formula, text)


def _short(tex: str) -> str:
    text = " ".join(tex.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
