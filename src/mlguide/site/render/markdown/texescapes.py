"""Formulas written for another generator's Markdown, read as their authors meant them.

Where a generator's Markdown processor read the formula before the browser's MathJax did
(Hugo's goldmark and Zola's pulldown-cmark without a math extension, kramdown outside its
own `$$`), authors escaped for Markdown: `\\_` so that two subscripts do not become italics,
`\\\\\\\\` for a row break (Markdown turns it into `\\\\`), `\\\\(` … `\\\\)` so that MathJax
gets `\\(` … `\\)`. Read raw, those show a visible underscore, rows run together and TeX left as
text. Markdown-it keeps a formula's text as written, so the escapes are undone here, once,
for the dialects that need it.

Conservatively: a formula is unescaped as Markdown would have only when it shows it was
written for a Markdown pass (a doubled `\\\\\\\\` or `\\\\{`, or an escaped `\\_` or `\\*`);
one written for a math extension that passes TeX through (Hugo's `passthrough`) has none
of these and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Generators whose Markdown processed a formula's text before the browser rendered it.
MARKDOWN_FIRST = frozenset({"hugo", "zola", "jekyll"})
# kramdown (Jekyll's Markdown) makes `$$…$$` inside a sentence an inline formula.
INLINE_DOUBLE_DOLLARS = frozenset({"jekyll"})

_PUNCT = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ESCAPE = re.compile(rf"\\([{_PUNCT}])")
_WRITTEN_FOR_MARKDOWN = re.compile(r"\\\\\\\\|\\\\[{}|,;!_]")
_EMPHASIS_ESCAPE = re.compile(r"\\([_*])")
# `\<` kept HTML out of Markdown, `\(` and `\[` a link or a delimiter: in a formula TeX has
# none of them, so each is the Markdown escape of the character (`\\[1em]` is a row break).
_PUNCTUATION_ESCAPE = re.compile(r"(?<!\\)\\([<>()\[\]])")
_TEXT_GROUP = re.compile(r"\\(?:text|texttt|textrm|textit|textbf|mathrm|operatorname)\s*\{[^{}]*\}")
# Groups MathJax sets in text mode, where `_` is an underscore, not a subscript.
_TEXT_MODE = re.compile(
    r"\\(?:text|texttt|textrm|textit|textbf|textsf|textnormal|mbox)\s*\{[^{}]*\}"
)
_BARE_UNDERSCORE = re.compile(r"(?<!\\)_")


def read_escapes(tex: str, dialect: str, markdown_delimited: bool = False) -> str:
    """`tex` as the author's math renderer received it. `markdown_delimited`: the formula
    was found between `\\\\(` … `\\\\)`, written so for a Markdown that runs before MathJax
    (any generator's, Python-Markdown's too), so it went through that Markdown even where
    the generator's own `$$` would not have."""
    if "\\" not in tex:
        return tex
    return _text_underscores(_markdown_escapes(tex, dialect, markdown_delimited))


def _markdown_escapes(tex: str, dialect: str, markdown_delimited: bool) -> str:
    if not (markdown_delimited or dialect in MARKDOWN_FIRST):
        return tex
    if dialect == "jekyll" and not markdown_delimited:
        return tex  # kramdown hands `$$…$$` to MathJax as written
    if _WRITTEN_FOR_MARKDOWN.search(tex):
        return _ESCAPE.sub(r"\1", tex)
    tex = _PUNCTUATION_ESCAPE.sub(r"\1", tex)
    return _outside_text(tex, lambda part: _EMPHASIS_ESCAPE.sub(r"\1", part))


def _text_underscores(tex: str) -> str:
    """`\\texttt{stop_times}`: MathJax shows the underscore (text mode), Temml stops at it;
    escaped, both show it."""
    return _TEXT_MODE.sub(lambda m: _BARE_UNDERSCORE.sub(r"\\_", m.group(0)), tex)


def _outside_text(tex: str, change: Callable[[str], str]) -> str:
    """`change` applied outside `\\text{…}` groups, where `\\_` is a real underscore."""
    out: list[str] = []
    last = 0
    for m in _TEXT_GROUP.finditer(tex):
        out += [change(tex[last : m.start()]), m.group(0)]
        last = m.end()
    out.append(change(tex[last:]))
    return "".join(out)
