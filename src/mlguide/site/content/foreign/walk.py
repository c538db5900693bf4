"""The one pass over a post's lines that every dialect's rules run in.

Code is left alone (fenced blocks at any depth, code spans), and so is math (`$…$`, `$$`
blocks, `\\(…\\)`, `\\begin{…}` environments: TeX braces are not template code). Block
rules see a line and may rewrite it and the lines after it (a `{% highlight %}` block, a
shortcode's body); span rules see the text of a line outside code and math. Lines are
rewritten in place, so every line number stays the author's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mlguide.site.content.foreign.records import Ctx

BlockRule = Callable[[Ctx, int], int | None]  # handles line i: the next line to look at
SpanRule = Callable[[Ctx, str, int], str]  # (ctx, text outside code, line) -> text
LineRule = Callable[[str], str]  # a line of fenced code -> the line

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_PROTECTED = re.compile(
    r"(`+)(?:.+?)\1"  # a code span
    r"|\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]+?(?<=\S)\$(?![\w$])"  # inline math
    r"|\\\\?\(.+?\\\\?\)"  # \( … \), or \\( … \\) as goldmark and kramdown need it
)
# A shortcode call on one line (Hugo's `{{< x >}}`/`{{% x %}}`, Zola's `{{ x() }}`/`{% x() %}`):
# its arguments are the rules' to read, a caption's `$…$` included, never cut in two by it.
_CALL = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}"  # Hugo
    r"|\{\{-?\s*[A-Za-z_]\w*\(.*?\)\s*-?\}\}|\{%-?\s*[A-Za-z_]\w*\(.*?\)\s*-?%\}"  # Zola
)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_DISPLAY_OPEN = re.compile(r"^\s*(\$\$|\\\\?\[|\\begin\{([a-zA-Z*]+)\})\s*$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
# Lines after which an indented line belongs to them (a list item, a box, a tab, a note),
# not to a code block.
_OWNER = re.compile(r"^\s*(?:[*+-]\s|\d{1,9}[.)]\s|!!!|\?\?\?|===|\[\^[^\]]+\]:|<)")


@dataclass(frozen=True)
class Rules:
    """One dialect's rules, in the order they are tried."""

    trigger: re.Pattern[str]  # no match anywhere in the post: nothing to do
    blocks: tuple[BlockRule, ...] = ()
    spans: tuple[SpanRule, ...] = ()
    in_code: tuple[LineRule, ...] = ()  # applied to fenced code lines (escaped shortcodes)
    fence_info: Callable[[str], str] | None = None  # the info string as mlguide reads it
    liquid_raw: bool = False  # `{% raw %}` … `{% endraw %}` is Liquid's: shown as written
    indented: tuple[BlockRule, ...] = ()  # tried where an indented code block starts
    # Tried on each line of fenced code: a preprocessor's syntax, which the old generator
    # expanded before it saw any fence (MkDocs' `--8<-- "file"` inside a code block).
    code_blocks: tuple[BlockRule, ...] = ()


def walk(ctx: Ctx, rules: Rules, spans: Callable[[Ctx, str, int], str]) -> None:
    lines = ctx.lines
    fence = ""
    fence_indent = 0
    math = ""
    raw = False
    code = False  # inside an indented code block
    i = 0
    while i < len(lines):
        line = lines[i]
        if code:
            if line.strip() and not _INDENTED.match(line):
                code = False
            else:
                for code_rule in rules.in_code:
                    line = code_rule(line)
                lines[i] = line
                i += 1
                continue
        if fence:
            if closes(fence, line, fence_indent):
                fence = ""
            elif n := next((n for r in rules.code_blocks if (n := r(ctx, i)) is not None), None):
                i = max(n, i + 1)
                continue
            else:
                for code_rule in rules.in_code:
                    line = code_rule(line)
                lines[i] = line
            i += 1
            continue
        if not raw and (m := FENCE.match(line)):
            fence, fence_indent = m.group(2), _width(m.group(1))
            if rules.fence_info is not None and m.group(3).strip():
                lines[i] = m.group(1) + m.group(2) + rules.fence_info(m.group(3))
            i += 1
            continue
        if math:
            if _closes_math(math, line):
                math = ""
            i += 1
            continue
        if not raw and (m := _DISPLAY_OPEN.match(line)):
            math = m.group(2) or m.group(1)
            i += 1
            continue
        if not raw and _starts_code(lines, i):
            handled = next((n for r in rules.indented if (n := r(ctx, i)) is not None), None)
            if handled is not None:
                i = max(handled, i + 1)
                continue
            code = True
            continue
        handled = None
        if not raw:
            for block_rule in rules.blocks:
                handled = block_rule(ctx, i)
                if handled is not None:
                    break
        if handled is not None:
            i = max(handled, i + 1)
            continue

        def rewrite(part: str, number: int = i + 1) -> str:
            return outside_protected(part, lambda p: spans(ctx, p, number))

        if rules.liquid_raw:
            lines[i], raw = liquid_raw(lines[i], raw, rewrite)
        else:
            lines[i] = rewrite(lines[i])
        i += 1


def _starts_code(lines: list[str], i: int) -> bool:
    """An indented code block starts here: an indented line after a blank one, below a
    paragraph (not below a list item, a box or a tab, whose content is indented)."""
    if not _INDENTED.match(lines[i]) or not lines[i].strip():
        return False
    if i > 0 and lines[i - 1].strip():
        return False
    before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), None)
    return before is None or not (before[0].isspace() or _OWNER.match(before))


def closes(fence: str, line: str, indent: int | None = None) -> bool:
    """Whether `line` closes the code block `fence` opened. `indent`: the opening line's
    indentation; a fence indented four more than it is the code's own text (a Markdown
    example inside a mindmap or a list item of the code), as CommonMark reads it."""
    m = FENCE.match(line)
    return (
        m is not None
        and not m.group(3).strip()
        and m.group(2)[0] == fence[0]
        and len(m.group(2)) >= len(fence)
        and (indent is None or _width(m.group(1)) <= indent + 3)
    )


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _closes_math(opened: str, line: str) -> bool:
    text = line.strip()
    if opened == "$$":
        return text.endswith("$$")
    if opened.lstrip("\\") == "[":
        return text.endswith("\\]")
    return f"\\end{{{opened}}}" in text


def liquid_raw(line: str, raw: bool, rewrite: Callable[[str], str]) -> tuple[str, bool]:
    """Drop the `{% raw %}` tags; what is between them is shown exactly as written, the rest
    is rewritten. Returns the line and whether a raw block is still open at its end."""
    out = []
    while True:
        match = (_RAW_CLOSE if raw else _RAW_OPEN).search(line)
        piece = line if match is None else line[: match.start()]
        out.append(piece if raw else rewrite(piece))
        if match is None:
            return "".join(out), raw
        line, raw = line[match.end() :], not raw


def outside_protected(line: str, rewrite: Callable[[str], str]) -> str:
    """`rewrite` applied to the text outside code spans and formulas."""
    if "{" not in line and "[" not in line and ":" not in line:
        return line
    parts, last = [], 0
    for span in _PROTECTED.finditer(line):
        if span.start() < last:
            continue  # inside a shortcode call
        calls = _CALL.finditer(line, last)
        call = next((c for c in calls if c.start() < span.start() < c.end()), None)
        if call is not None:  # the call and all in it are one piece of text
            parts.append(rewrite(line[last : call.end()]))
            last = call.end()
            continue
        parts += [rewrite(line[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join([*parts, rewrite(line[last:])])


def in_code_spans(unescape: LineRule) -> BlockRule:
    """A rule that shows an escaped shortcode inside a code span as its generator did: Hugo
    and Zola read shortcodes before Markdown, code spans included, so
    `` `{{</* math */>}}` `` showed `{{< math >}}`. It never handles the line."""

    def rule(ctx: Ctx, i: int) -> int | None:
        line = ctx.lines[i]
        if "/*" in line and "`" in line:
            ctx.lines[i] = _CODE_SPAN.sub(
                lambda m: m.group(1) + unescape(m.group(2)) + m.group(1), line
            )
        return None

    return rule


def closing_line(
    lines: list[str], start: int, opens: re.Pattern[str], ends: re.Pattern[str]
) -> int:
    """The line that closes the block opened on `start` (nested ones counted), or -1."""
    depth = 0
    fence = ""
    fence_indent = 0
    for j in range(start + 1, len(lines)):
        if fence:
            if closes(fence, lines[j], fence_indent):
                fence = ""
            continue
        if m := FENCE.match(lines[j]):
            fence, fence_indent = m.group(2), _width(m.group(1))
            continue
        if ends.search(lines[j]):
            if depth == 0:
                return j
            depth -= 1
        elif opens.search(lines[j]):
            depth += 1
    return -1


def indent_block(lines: list[str], start: int, end: int, by: int = 4) -> None:
    """Lines start..end-1 indented, as an admonition's or a tab's body must be."""
    for j in range(start, end):
        if lines[j].strip():
            lines[j] = " " * by + lines[j]
