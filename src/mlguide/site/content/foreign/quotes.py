"""Attribute lists that belong to a blockquote (kramdown): `{: .class}` on the line after
the quote, or `> {: .class}` as its last line.

Chirpy, the most used Jekyll theme, styles four such classes as its callouts ("prompts"):
`> Text.` then `{: .prompt-tip }` (`-info`, `-warning`, `-danger`). They become mlguide's
callouts of the same kind. Any other list on a quote's last line goes on the block above it
inside the quote, as kramdown puts it there (the one after the quote is `kramdown.block`'s).

The rule runs when the walk reaches the attribute line, so the quote's lines above have had
every span rule already; it rewrites them in place. The callout's `!!! kind` line takes the
blank line above the quote when there is one (every line keeps its number), else the
quote's text moves down one line into the attribute line's place.
"""

from __future__ import annotations

import re

from mlguide.site.content.foreign import kramdown
from mlguide.site.content.foreign.records import BlockAttrs, Ctx

_AFTER = re.compile(r"^\s*\{:\s*(.*?)\s*\}\s*$")  # `{: .prompt-tip }` under the quote
_INSIDE = re.compile(r"^(\s*(?:>\s*)+)\{:\s*(.*?)\s*\}\s*$")  # `> {: .prompt-tip }`
_QUOTE = re.compile(r"^( {0,3})>")
_MARKER = re.compile(r"^ {0,3}> ?")
PROMPTS = {"prompt-tip": "tip", "prompt-info": "info", "prompt-warning": "warning",
           "prompt-danger": "danger"}  # fmt: skip


def quote_attributes(ctx: Ctx, i: int) -> int | None:
    lines = ctx.lines
    line = lines[i]
    if "{:" not in line:
        return None
    inside = _INSIDE.match(line)
    after = None if inside else _AFTER.match(line)
    if inside is None and after is None:
        return None
    start = _quote_start(lines, i, inside is not None)
    if start is None:
        return None
    text = inside.group(2) if inside else after.group(1) if after else ""
    attrs = kramdown.parse(text)
    classes = dict(attrs).get("class", "").split()
    kind = next((PROMPTS[c] for c in classes if c in PROMPTS), None)
    if kind is not None:
        _callout(ctx, start, i, kind)
        ctx.converted(i + 1, line.strip(), f"a `{kind}` callout (Chirpy's prompt)")
        return i + 1
    if inside is None:
        return None  # a list under the quote is the quote's: kramdown.block applies it
    kept, lost = kramdown.judged(ctx, i + 1, line.strip(), attrs)
    lines[i] = inside.group(1).rstrip()
    if kept:
        ctx.attributes.append(BlockAttrs(i + 1, tuple(kept), True))
        if not lost:
            ctx.converted(i + 1, line.strip(), "attributes of the block above, in the quote")
    return i + 1


def _quote_start(lines: list[str], i: int, inside: bool) -> int | None:
    """The quote's first line: the first `>` line of the run of text lines ending at the
    attribute line (or just above it). None when the run holds no quote."""
    top = i
    while top > 0 and lines[top - 1].strip():
        top -= 1
    first = next((k for k in range(top, i + inside) if _QUOTE.match(lines[k])), None)
    if first is None or (not inside and not lines[i - 1].strip()):
        return None
    return first


def _callout(ctx: Ctx, start: int, end: int, kind: str) -> None:
    """Lines start..end-1 (the quote) and `end` (its attribute line) as a callout."""
    lines = ctx.lines
    indent = _QUOTE.match(lines[start]).group(1)  # type: ignore[union-attr]
    body = [_MARKER.sub("", lines[k]) for k in range(start, end)]
    body = [f"{indent}    {b}" if b.strip() else "" for b in body]
    if start > 0 and not lines[start - 1].strip():  # a callout may follow a paragraph
        lines[start - 1] = f"{indent}!!! {kind}"
        lines[start:end] = body
        lines[end] = ""
    else:
        lines[start] = f"{indent}!!! {kind}"
        lines[start + 1 : end + 1] = body
