"""TeX that reaches the page as text: found once the formulas are read, reported at its line.

`math.py` typesets every formula whose author's intent is clear. What is left is TeX whose
delimiters do not make a formula here: a blank line inside `$$ … $$` or an environment
(MathJax did not read that as one formula either), `$ x $` with spaces just inside its
dollars (KaTeX's auto-render reads it, Python-Markdown's arithmatex does not, and prose with
prices looks the same), a TeX command with no delimiters at all. Guessing would turn prose
into formulas, so it stays as written; but a reader would see broken TeX, so each piece is a
`math` warning at its line (an error with `--strict`), never silent. Only text is looked at:
code spans and code blocks show TeX on purpose.
"""

from __future__ import annotations

import re

from markdown_it.rules_core import StateCore

from mlguide.site.render.markdown.page import PageEnv, children, page_of

# Command names that are TeX wherever they appear: prose has no `\frac` or `\alpha`.
_COMMANDS = (
    "frac|dfrac|tfrac|sqrt|sum|prod|int|oint|lim|infty|partial|nabla|cdot|cdots|ldots|times"
    "|leq|geq|neq|approx|equiv|sim|propto|mathbf|mathbb|mathcal|mathrm|mathit|boldsymbol"
    "|operatorname|text|left|right|hat|bar|tilde|vec|dot|overline|underline|alpha|beta"
    "|gamma|delta|epsilon|varepsilon|zeta|eta|theta|lambda|mu|nu|xi|pi|rho|sigma|tau|phi"
    "|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Sigma|Phi|Psi|Omega|log|exp|argmax|argmin"
)
# (pattern, why it is not a formula here, what to write instead); first match wins per piece.
_STRAY = (
    (
        re.compile(r"\\(?:begin|end)\{[A-Za-z]+\*?\}"),
        "its `\\begin` and `\\end` are not in one paragraph (a blank line inside?)",
        "remove the blank line, or put the environment between `$$` lines",
    ),
    (
        re.compile(r"\\[(\[].{0,200}?\\[)\]]|\\[(\[]", re.S),
        "these MathJax delimiters make no formula in this paragraph",
        "close the formula in the same paragraph, or write `$…$` / `$$…$$`",
    ),
    (
        re.compile(r"(?<!\$)\$\$(?!\$)"),
        "this `$$` closes no formula in this paragraph (a blank line inside?)",
        "close it with `$$` in the same paragraph",
    ),
    (
        re.compile(r"\$[^$\n]{0,200}?\\[A-Za-z]+[^$\n]{0,200}?\$"),
        "dollars with a space just inside, or a digit right after the closing one, are prose "
        "here (so that `$5 and $10` stays text)",
        "write the formula with no space inside its dollars",
    ),
    (
        # `\ref{…}` and `\eqref{…}` in prose are cross-references (`crossrefs`).
        # Any other command only with an argument: `C:\Users\john_doe` is a path.
        re.compile(rf"\\(?:{_COMMANDS})(?![A-Za-z])|\\(?!(?:eq)?ref\{{)[A-Za-z]+\{{"),
        "a TeX command outside any formula",
        "put the formula between `$…$`",
    ),
)
_SHOWN = 60


# A formula in a raw HTML block (a `<figcaption>`, a table cell) is never typeset: the block
# is not Markdown. Its text, without tags and without what is code or script on purpose.
_NOT_TEXT = re.compile(r"<(script|style|pre|code|math)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
# `$x$` with no space just inside and no digit after (`$5 and $10` is prose), no `\\`
# (those are found by `_STRAY`).
_TIGHT_DOLLARS = re.compile(r"(?<![$\\])\$(?=[^\s$\d])[^$\n\\]{1,200}?(?<=\S)\$(?![$\d])")
_IN_HTML = (
    "formulas inside raw HTML are not typeset",
    'write it in Markdown (a figure\'s caption: `![alt](src "caption")`), or leave a blank '
    "line after the HTML tag so the text inside is Markdown",
)


def report_stray_tex(state: StateCore) -> None:
    page = page_of(state.env)
    for token in state.tokens:
        if token.type == "html_block" and ("\\" in token.content or "$" in token.content):
            _report_in_html(token.content, token.map[0] + 1 if token.map else None, page)
            continue
        if token.type != "inline":
            continue
        for child, line in children(token):
            if child.type != "text" or ("\\" not in child.content and "$" not in child.content):
                continue
            for piece, why, fix in stray_tex(child.content):
                page.warn("math", f"TeX shown as text: `{piece}`: {why}; {fix}", line)


def _report_in_html(markup: str, first_line: int | None, page: PageEnv) -> None:
    # Tags and code out, each replaced by its line breaks: lines keep their numbers.
    visible = _NOT_TEXT.sub(lambda m: " " + "\n" * m.group(0).count("\n"), markup)
    for offset, text in enumerate(visible.split("\n")):
        if "\\" not in text and "$" not in text:
            continue
        where = None if first_line is None else first_line + offset
        pieces = [piece for piece, _, _ in stray_tex(text)]
        # `$f_1$` is a formula here too: the page the HTML came from typeset the whole page.
        pieces += [_short(m.group(0)) for m in _TIGHT_DOLLARS.finditer(text)]
        for piece in dict.fromkeys(pieces):
            page.warn("math", f"TeX shown as text: `{piece}`: {_IN_HTML[0]}; {_IN_HTML[1]}", where)


def stray_tex(text: str) -> list[tuple[str, str, str]]:
    """Each piece of TeX in `text` (prose as the reader sees it) with why it is no formula
    and what to write instead; overlapping matches are one piece."""
    found: list[tuple[int, int, str, str]] = []
    for pattern, why, fix in _STRAY:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end, _, _ in found):
                continue
            found.append((m.start(), m.end(), why, fix))
    return [(_short(text[s:e]), why, fix) for s, e, why, fix in sorted(found)]


def _short(piece: str) -> str:
    piece = " ".join(piece.split())
    return piece if len(piece) <= _SHOWN else piece[: _SHOWN - 1] + "…"
