"""Fenced code: highlighted by Pygments at build time, so pages ship no highlighting script.

A block can have a title, line numbers and highlighted lines (in any dialect `fenceinfo`
reads), and a diff shows its added and removed lines as `<ins>` and `<del>` (`diff`, or
`diff-python` to highlight the code too). Line numbers are CSS counters, never text: they
are not copied with the code, nor read out. Shell and Python sessions (`$ `, `>>> `) mark
their prompts and output, which the copy button (templates/copy.js) leaves out.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.site.render.markdown.fenceinfo import FenceInfo, parse_info
from mlguide.site.render.markdown.page import PageEnv, line_of, page_of

# Languages that mean "no highlighting": no warning for these.
PLAIN = frozenset({"", "text", "txt", "plain", "plaintext", "output", "none", "nohighlight"})
DIFF = frozenset({"diff", "patch", "udiff"})
_SHELLS = frozenset({"bash", "sh", "shell", "zsh", "console", "terminal"})
_PYTHONS = frozenset({"python", "py", "python3", "py3"})


def extend(md: MarkdownIt) -> None:
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("code_block", _render_code_block)


def _render_fence(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page = page_of(env)
    line = line_of(token)
    info = parse_info(token.info)
    for option in info.unknown:
        page.warn("code-option", f"code block option `{option}` is not supported", line)
    for problem in info.problems:
        page.warn("code-option", f"code block: {problem}", line)
    return code_html(token.content, info, page, line)


def _render_code_block(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    return code_html(token.content, FenceInfo(), page_of(env), line_of(token))


def code_html(code: str, info: FenceInfo, page: PageEnv, line: int | None) -> str:
    """One code block: its title, then the highlighted code in a focusable, scrolling <pre>."""
    page.uses.add("code")
    if info.executable:  # Quarto's `#| echo: false` cell options are not part of the code
        rows = code.splitlines(keepends=True)
        while rows and rows[0].startswith("#|"):
            rows.pop(0)
        code = "".join(rows)
    lang = info.lang
    diff_of = lang[5:] if lang.startswith("diff-") else ""
    markers: list[str] = []
    if diff_of:  # `diff-python`: the first column is the diff's, the rest is Python
        rows = code.splitlines()
        markers = [r[:1] if r[:1] in ("+", "-", " ") else "" for r in rows]
        code = "".join(r[len(m) :] + "\n" for r, m in zip(rows, markers, strict=True))
        lang = diff_of
    lexer_name = _session(lang, code)
    if _lexer(lexer_name) is None:
        if lang not in PLAIN:
            page.warn(
                "code-language",
                f"no highlighting for the language `{lang}`: shown as plain text",
                line,
            )
        lexer_name = "text"
    body = highlighted(code, lexer_name)
    rows = body.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    count = len(rows)
    outside = sorted(n for n in info.highlighted if n > count)
    if outside:
        page.warn(
            "code-option",
            f"code block: highlighted line {outside[0]} is past its last line ({count})",
            line,
        )
    plain_lines = code.splitlines()
    lined = info.numbered or bool(info.highlighted) or lang in DIFF or bool(diff_of)
    if lined:
        body = "\n".join(
            _line(row, n, info, plain_lines[n - 1] if n <= len(plain_lines) else "", lang, markers)
            for n, row in enumerate(rows, 1)
        )
    classes = "hl" + (" lines" if lined else "") + (" numbered" if info.numbered else "")
    style = _numbering_style(info, count)
    copy = ""
    if 'class="gp"' in body:
        copy = ' data-copy="commands"'
    elif diff_of:
        copy = ' data-copy="after"'
    cls = f' class="language-{html.escape(info.lang)}"' if info.lang else ""
    # Focusable so keyboard users can scroll long lines (axe: scrollable-region-focusable).
    pre = f'<pre class="{classes}" tabindex="0"{style}{copy}><code{cls}>{body}</code></pre>'
    ident = f' id="{html.escape(page.ids.claim(info.ident))}"' if info.ident else ""
    if info.title:
        title = html.escape(info.title)
        return (
            f'<figure class="code"{ident}>\n<figcaption class="code-title">{title}</figcaption>\n'
            f"{pre}\n</figure>\n"
        )
    return f'<div class="code"{ident}>\n{pre}\n</div>\n'


def _line(row: str, n: int, info: FenceInfo, plain: str, lang: str, markers: list[str]) -> str:
    """One line in its own element: <ins>/<del> in a diff, <mark> when highlighted."""
    tag = "span"
    marker = markers[n - 1] if n <= len(markers) else ""
    if markers:
        row = f'<span class="dm">{html.escape(marker)}</span>{row}' if marker else row
        tag = {"+": "ins", "-": "del"}.get(marker, "span")
    elif lang in DIFF and not plain.startswith(("+++ ", "--- ")):
        tag = {"+": "ins", "-": "del"}.get(plain[:1], "span")
    highlighted = n in info.highlighted
    if highlighted and tag == "span":
        tag = "mark"
    cls = "line hll" if highlighted else "line"
    return f'<{tag} class="{cls}">{row}</{tag}>'


def _numbering_style(info: FenceInfo, count: int) -> str:
    """The first number (a CSS counter) and the gutter's width, when not the defaults."""
    if not info.numbered:
        return ""
    rules = []
    if info.start != 1:
        rules.append(f"counter-reset:line {info.start - 1}")
    digits = len(str(info.start + count - 1))
    if digits > 2:
        rules.append(f"--digits:{digits}")
    return f' style="{";".join(rules)}"' if rules else ""


def _session(lang: str, code: str) -> str:
    """A shell or Python block written as a session (`$ ls`, `>>> x`) is lexed as one, so
    its prompts and output are marked (and left out when copied)."""
    first = next((r for r in code.splitlines() if r.strip()), "")
    if lang in _SHELLS and first.startswith("$ "):
        return "console"
    if lang in _PYTHONS and first.startswith(">>> "):
        return "pycon"
    return lang or "text"


@lru_cache(maxsize=4096)
def highlighted(code: str, lexer_name: str) -> str:
    """The code as Pygments colours it, once per process for each (code, language): a
    rebuild in `serve` re-renders the edited post, whose other blocks are unchanged, and
    posts repeat their snippets (`pip install …`). Pygments is the one input besides the
    arguments, and a process has one version of it."""
    from pygments import highlight as pyg_highlight

    return str(pyg_highlight(code, _lexer(lexer_name), _formatter()))


@cache
def _lexer(lang: str) -> Any:
    """Looking a lexer up by name scans every plugin: once per language per process. Blank
    lines at the start and end are kept, so line numbers count the lines as written."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(lang, stripnl=False)
    except ClassNotFound:
        return None


@cache
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(nowrap=True)
