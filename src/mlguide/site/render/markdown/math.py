"""Formulas: `$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`, `\\\\(…\\\\)` (MathJax's delimiters escaped
for a Markdown that ran first) and amsmath environments without dollars, numbered and
rendered to MathML at build time. `$\\$$`, MathJax's way to print a dollar, is a dollar.

Parsing finds the formulas; a core rule then reads the whole page's formulas at once
(`equations.plan_page`: macros, numbers, labels, references), converts each
(`mathml.convert`) and keeps the result on its token, so that headings can use a formula's
text for their id and table of contents and the text can link to numbered equations
(`crossrefs`). A formula that cannot be rendered is shown as its TeX in red and reported at
its line, quoting the TeX and the converter's reason (an error with `--strict`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown.equations import Formula, plan_page
from mlguide.site.render.markdown.htmlmath import typeset_html_captions
from mlguide.site.render.markdown.mathml import convert, is_wide, visible_text, with_source
from mlguide.site.render.markdown.page import Label, PageEnv, children, line_of, page_of
from mlguide.site.render.markdown.straytex import report_stray_tex
from mlguide.site.render.markdown.texescapes import INLINE_DOUBLE_DOLLARS, read_escapes

# Token type -> shown as a block (unless the token's meta says otherwise).
MATH_TOKENS = {
    "math_inline": False,
    "math_inline_double": True,
    "math_block": True,
    "math_block_label": True,
    "math_block_eqno": True,
}
_QUARTO_LABEL = re.compile(r"^\s*\{#(eq-[^\s{}]+)\}\s*$")
# The environments MathJax typesets without dollars around them (its `processEnvironments`,
# on by default), as far as they make a formula on their own.
ENVIRONMENTS = (
    "equation|align|gather|multline|eqnarray|flalign|alignat|aligned|alignedat|gathered"
    "|split|array|matrix|pmatrix|bmatrix|Bmatrix|vmatrix|Vmatrix|smallmatrix|cases|dcases|CD"
)
_ENVIRONMENT = re.compile(rf"^\\begin\{{({ENVIRONMENTS})(\*?)\}}")
_LABELLED_END = re.compile(r"^(.*?)\$\$\s*\{#(eq-[^\s{}]+)\}\s*$")
_ESCAPED_OPEN = {"\\\\(": ("\\\\)", False), "\\\\[": ("\\\\]", True)}
_DOLLAR_SIGN = "$\\$$"
_DOLLAR_RUN = re.compile(r"\${3,}")


def extend(md: MarkdownIt) -> None:
    # `$5 and $10` stays text: a formula needs no space inside its dollars and no digit after.
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")
    md.inline.ruler.before("math_inline", "math_dollar_sign", _dollar_sign)
    md.inline.ruler.before("escape", "math_escaped_delimiters", _escaped_delimiters)
    md.inline.ruler.before("escape", "math_inline_environment", _inline_environment)
    md.block.ruler.before(
        "paragraph", "math_environment", _environment, {"alt": ["paragraph", "blockquote"]}
    )
    md.block.ruler.before(
        "math_block", "math_block_quarto", _quarto_block, {"alt": ["paragraph", "blockquote"]}
    )
    md.core.ruler.push("math_plan", _plan)
    md.core.ruler.after("math_plan", "math_html_captions", typeset_html_captions)
    md.core.ruler.after("math_html_captions", "math_stray_tex", report_stray_tex)
    for name in MATH_TOKENS:
        md.add_render_rule(name, _render_math)
    md.add_render_rule("text", _render_text)


def _environment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`\\begin{align} … \\end{align}` with no dollars around it, as MathJax reads it."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    m = _ENVIRONMENT.match(first)
    if m is None:
        return False
    closing = f"\\end{{{m.group(1)}{m.group(2)}}}"
    line = start
    while line < end:
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if line > start and not text.strip():
            return False  # a blank line before the end: not a formula
        if closing in text:
            break
        line += 1
    else:
        return False
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = state.getLines(start, line + 1, state.tShift[start], False).strip()
    token.markup = "\\begin"
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def _quarto_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Quarto's labelled display: `$$` … `$$ {#eq-x}` (the label after the closing `$$`)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not first.startswith("$$"):
        return False
    line = start
    while line < end:
        text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
        if line > start and not text.strip():
            return False
        body = text[2:] if line == start else text
        if (m := _LABELLED_END.match(body)) is not None:
            break
        if line > start and "$$" in text:
            return False  # closed without a label: dollarmath's own block
        line += 1
    else:
        return False
    if silent:
        return True
    lines = [
        state.src[state.bMarks[n] + state.tShift[n] : state.eMarks[n]] for n in range(start, line)
    ]
    if lines:
        lines[0] = lines[0][2:]
    content = "\n".join([*lines, m.group(1)]) if line > start else m.group(1)
    token = state.push("math_block_label", "math", 0)
    token.block = True
    token.content = content
    token.info = ""
    token.meta = {"label": m.group(2)}
    token.markup = "$$"
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def _escaped_delimiters(state: StateInline, silent: bool) -> bool:
    """`\\\\( x \\\\)` and `\\\\[ x \\\\]`: MathJax's delimiters escaped for a Markdown that ran
    first (kramdown, goldmark, pulldown-cmark, Python-Markdown alike all hand MathJax `\\(`),
    so a formula in every dialect: no one writes them to show a backslash and a bracket."""
    opener = state.src[state.pos : state.pos + 3]
    if opener not in _ESCAPED_OPEN:
        return False
    closer, display = _ESCAPED_OPEN[opener]
    end = state.src.find(closer, state.pos + 3)
    if end < 0 or not state.src[state.pos + 3 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline_double" if display else "math_inline", "math", 0)
        token.content = state.src[state.pos + 3 : end]
        token.markup = opener
        token.meta = {"display": display, "markdown_delimited": True}
    state.pos = end + 3
    return True


_INLINE_ENVIRONMENT = re.compile(rf"\\begin\{{({ENVIRONMENTS})(\*?)\}}")


def _inline_environment(state: StateInline, silent: bool) -> bool:
    """`\\begin{aligned} … \\end{aligned}` inside a paragraph, as MathJax finds it there: a
    display within the sentence. (One that opens a paragraph is `_environment`'s block.)"""
    m = _INLINE_ENVIRONMENT.match(state.src, state.pos)
    if m is None:
        return False
    closing = f"\\end{{{m.group(1)}{m.group(2)}}}"
    end = state.src.find(closing, m.end())
    if end < 0:
        return False
    end += len(closing)
    if not silent:
        token = state.push("math_inline_double", "math", 0)
        token.content = state.src[state.pos : end]
        token.markup = "\\begin"
        token.meta = {"display": True}
    state.pos = end
    return True


def _dollar_sign(state: StateInline, silent: bool) -> bool:
    """`$\\$$` is how MathJax and KaTeX writers print a dollar where `$` opens a formula
    (`$\\$$40,000`): a dollar sign, not a formula and not three dollars. A run of three or
    more dollars (`$$$`, "expensive") opens no formula either: it is prose."""
    src, pos = state.src, state.pos
    if src.startswith(_DOLLAR_SIGN, pos):
        if not silent:
            state.push("text", "", 0).content = "$"
        state.pos += len(_DOLLAR_SIGN)
        return True
    m = _DOLLAR_RUN.match(src, pos)
    if m is None:
        return False
    if not silent:
        state.push("text", "", 0).content = m.group(0)
    state.pos = m.end()
    return True


def _plan(state: StateCore) -> None:
    page = page_of(state.env)
    found: list[tuple[Token, Formula, int | None]] = []
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type in MATH_TOKENS:
            eqno = token.info.strip() or None if token.type != "math_block" else None
            label = token.meta.get("label") if token.meta else None
            formula = _formula(token, True, page, eqno=eqno, label=label)
            found.append((token, formula, line_of(token)))
        elif token.type == "inline" and token.children:
            _display_paragraph(tokens, i, page)
            for child, line in children(token):
                if child.type in MATH_TOKENS:
                    display = _is_display(child, token, page)
                    label = child.meta.get("label") if child.meta else None
                    found.append((child, _formula(child, display, page, label=label), line))
    if not found:
        return
    plan = plan_page([f for _, f, _ in found], page.macros)
    for (token, formula, line), planned in zip(found, plan.formulas, strict=True):
        for warning in planned.warnings:
            page.warn("math", f"formula `{_short(formula.tex)}`: {warning}", line)
        ids = [page.ids.claim(_label_id(label)) for label in planned.labels]
        for label, ident in zip(planned.labels, ids, strict=True):
            number = plan.labels.get(label)
            if number is not None:
                page.labels.setdefault(label, Label("eq", number, ident))
        token.meta = {
            **(token.meta or {}),
            "display": formula.display,
            "tex": formula.tex,
            "planned": planned,
            "ids": ids,
            "line": line,
        }
        if planned.empty or planned.ref is not None:
            continue
        result = convert(planned.tex, formula.display, plan.macros)
        if result.mathml is None:
            page.warn(
                "math", f"formula `{_short(formula.tex)}` cannot be rendered: {result.error}", line
            )
            continue
        token.meta["mathml"] = with_source(result.mathml, formula.tex)
        token.meta["text"] = visible_text(result.mathml)


def _formula(
    token: Token, display: bool, page: PageEnv, eqno: str | None = None, label: str | None = None
) -> Formula:
    delimited = bool(token.meta and token.meta.get("markdown_delimited"))
    tex = read_escapes(token.content, page.dialect, delimited)
    return Formula(tex, display, eqno, label)


def _is_display(child: Token, inline: Token, page: PageEnv) -> bool:
    if child.meta and "display" in child.meta:
        return bool(child.meta["display"])
    display = MATH_TOKENS[child.type]
    if child.type == "math_inline_double" and page.dialect in INLINE_DOUBLE_DOLLARS:
        # kramdown: `$$x$$` inside a sentence is inline; alone in its paragraph, a display
        return _alone(child, inline)
    return display


def _alone(child: Token, inline: Token) -> bool:
    return all(
        c is child or (c.type == "text" and not c.content.strip()) or c.type == "softbreak"
        for c in inline.children or []
    )


def _display_paragraph(tokens: list[Token], i: int, page: PageEnv) -> None:
    """A paragraph that is only a display formula (`$$…$$` with text on its lines, or
    Quarto's `$$…$$ {#eq-x}`) is that display, without the paragraph around it."""
    inline = tokens[i]
    kids = [
        c
        for c in inline.children or []
        if not (c.type == "text" and not c.content.strip()) and c.type != "softbreak"
    ]
    if not kids or kids[0].type != "math_inline_double":
        return
    if len(kids) == 2 and kids[1].type == "text" and (m := _QUARTO_LABEL.match(kids[1].content)):
        kids[0].meta = {**(kids[0].meta or {}), "label": m.group(1)}
        inline.children = [kids[0]]
    elif len(kids) != 1:
        return
    if page.dialect in INLINE_DOUBLE_DOLLARS or not MATH_TOKENS[kids[0].type]:
        kids[0].meta = {**(kids[0].meta or {}), "display": True}
    kids[0].meta = {**(kids[0].meta or {}), "block": True}
    if i > 0 and tokens[i - 1].type == "paragraph_open" and i + 1 < len(tokens):
        tokens[i - 1].hidden = tokens[i + 1].hidden = True


def _label_id(label: str) -> str:
    """`eq:elbo` and `eq-elbo` are `#eq-elbo`; `langevin` is `#eq-langevin`."""
    slug = slugify(label.replace(":", "-").replace("_", "-")) or "label"
    return slug if slug.startswith("eq-") else f"eq-{slug}"


def _short(tex: str) -> str:
    text = " ".join(tex.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _render_math(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page = page_of(env)
    meta = token.meta or {}
    planned = meta.get("planned")
    if planned is None:  # not planned: rendered outside a page (a caption, a hook)
        return _render_alone(token, page)
    display = bool(meta["display"])
    block = display and (token.type != "math_inline_double" or meta.get("block", False))
    page.math += 1
    if planned.empty:
        return ""
    if planned.ref is not None:
        return _ref_link(planned.ref, page)
    mathml = meta.get("mathml")
    ids: list[str] = meta.get("ids", [])
    if mathml is None:
        code = f'<code class="math-tex">{html.escape(meta["tex"].strip())}</code>'
        return f"<p>{code}</p>\n" if block else code
    # Formulas cannot wrap, so a wide one scrolls in its own box on a phone instead of
    # widening the page; that box takes keyboard focus so it can be scrolled without a mouse.
    focus = ' tabindex="0"' if is_wide(mathml) else ""
    anchors = "".join(f'<span id="{i}"></span>' for i in ids[1:])
    ident = f' id="{ids[0]}"' if ids else ""
    if block:
        return f'<div class="math"{ident}{focus}>{anchors}{mathml}</div>\n'
    if display:  # a display inside a sentence: a block inside the paragraph
        return f'<span class="math math-block"{ident}{focus}>{anchors}{mathml}</span>'
    punctuation = _glued(tokens, idx)
    if focus or ident:
        box = f'<span class="math-wide"{ident}{focus}>{anchors}{mathml}</span>'
        if punctuation:  # the box gives up the room the full stop needs, and scrolls
            return f'<span class="math-glue">{box}{escapeHtml(punctuation)}</span>'
        return box
    if punctuation:  # `$x$.`: the full stop never starts a line of its own
        return f'<span class="math-nobr">{mathml}{escapeHtml(punctuation)}</span>'
    return str(mathml)


# What a browser would otherwise move to the next line on its own, after an inline formula.
_PUNCTUATION = re.compile(r"[.,;:!?)\]}\u2019\u201d'\"\u2026]+")


def _glued(tokens: Sequence[Token], idx: int) -> str:
    """The punctuation right after the inline formula at `idx`, which the formula's render
    takes into a no-wrap span (and the text's render leaves out); "" if there is none.
    Decided from the tokens alone, so both rules agree however often a page renders."""
    token = tokens[idx]
    meta = token.meta or {}
    planned = meta.get("planned")
    mathml = meta.get("mathml")
    if (
        token.type != "math_inline"
        or planned is None
        or planned.empty
        or planned.ref is not None
        or mathml is None
        or meta.get("display")
        or idx + 1 >= len(tokens)
        or tokens[idx + 1].type != "text"
    ):
        return ""
    found = _PUNCTUATION.match(tokens[idx + 1].content)
    return found.group() if found else ""


def _render_text(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    text = tokens[idx].content
    if idx > 0:
        text = text[len(_glued(tokens, idx - 1)) :]
    return escapeHtml(text)  # markdown-it's own text rule, on what is left


def _ref_link(ref: tuple[str, str], page: PageEnv) -> str:
    kind, label = ref
    found = page.labels.get(label)
    number = found.number if found else "??"
    text = f"({number})" if kind == "eqref" else number
    if found is None:
        return f'<span class="eqref">{text}</span>'
    return f'<a class="eqref" href="#{found.id}">{text}</a>'


def _render_alone(token: Token, page: PageEnv) -> str:
    """A formula outside a page's plan (inline Markdown rendered on its own)."""
    plan = plan_page([Formula(token.content, MATH_TOKENS[token.type])], page.macros)
    result = convert(plan.formulas[0].tex, MATH_TOKENS[token.type], plan.macros)
    if result.mathml is None:
        return f'<code class="math-tex">{html.escape(token.content.strip())}</code>'
    return with_source(result.mathml, token.content)
