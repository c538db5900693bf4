"""Hugo's shortcodes: `{{< name args >}}` and `{{% name args %}}`, with a body up to
`{{< /name >}}`, a call that spans lines, `{{</* escaped */>}}` examples; `ref`/`relref`
links. What each name means is `shortcodes`'s to say."""

from __future__ import annotations

import re
import shlex

from mlguide.site.content.foreign import shortcodes
from mlguide.site.content.foreign.common import post_url
from mlguide.site.content.foreign.records import Ctx
from mlguide.site.content.foreign.shortcodes import Call
from mlguide.site.content.foreign.walk import closing_line

_CALL = re.compile(r"\{\{([<%])-?\s*(/?)\s*([\w.-]+)(.*?)\s*/?-?\s*[>%]\}\}", re.S)
_OPEN_ONLY = re.compile(r"\{\{[<%](?!.*[>%]\}\}).*$")
# A math shortcode around a formula that has its own delimiters, on one line.
_WRAPPED_MATH = re.compile(
    r"\{\{[<%]\s*(math|katex|latex|tex|mathjax)\s*[>%]\}\}"
    r"(\s*(?:\$\$[^$]+\$\$|\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\])\s*)"
    r"\{\{[<%]\s*/\1\s*[>%]\}\}"
)
# A Markdown link whose destination is a `ref` (its title, if any, kept).
_REF_LINK = re.compile(
    r"""\[([^\]\n]*)\]\(\s*(\{\{[<%]\s*(?:rel)?ref\s+[^}]*?[>%]\}\})(\s+"[^"]*")?\s*\)"""
)
# `{{< ref "x.md" >}}`, or named: `{{< ref path="x.md" lang="en" >}}`.
_REF = re.compile(
    r"""\{\{[<%]\s*(?:rel)?ref\s+(?:path=)?["']?([^"'>%\s]+)["']?"""
    r"""(?:\s+\w+=(?:"[^"]*"|'[^']*'|[^\s>%]+))*\s*[>%]\}\}"""
)
_ESCAPED = re.compile(r"\{\{([<%])/\*\s*(.*?)\s*\*/([>%])\}\}")


def unescape(line: str) -> str:
    """`{{</* figure */>}}` is how a post shows a shortcode as text: `{{< figure >}}`."""
    return _ESCAPED.sub(lambda m: f"{{{{{m.group(1)} {m.group(2)} {m.group(3)}}}}}", line)


def parse(text: str) -> Call | None:
    m = _CALL.fullmatch(text.strip())
    if m is None or m.group(2):
        return None
    try:
        words = shlex.split(m.group(4).replace("\\", "\\\\"), posix=True)
    except ValueError:
        words = m.group(4).split()
    args = tuple(w for w in words if "=" not in w)
    kwargs = {k: _go_string(v) for k, _, v in (w.partition("=") for w in words if "=" in w)}
    return Call(m.group(3), tuple(_go_string(a) for a in args), kwargs, text.strip())


def _go_string(value: str) -> str:
    """A Go template string as Hugo reads it: `\\\\(` is `\\(`."""
    return value.replace("\\\\", "\\")


def joined(ctx: Ctx, i: int) -> int | None:
    """A call written over several lines (`{{< img\\n src=… >}}`) is put on its first line
    (the others are blanked), so the rules below see it whole."""
    lines = ctx.lines
    if not _OPEN_ONLY.search(lines[i]):
        return None
    for j in range(i + 1, min(len(lines), i + 20)):
        if re.search(r"[>%]\}\}", lines[j]):
            lines[i] = " ".join(part.strip() for part in lines[i : j + 1])
            for k in range(i + 1, j + 1):
                lines[k] = ""
            return None  # not handled: the line is now whole, for the next rules
    return None


def block(ctx: Ctx, i: int) -> int | None:
    """A shortcode alone on its line: with a body (boxes, code, math), or standing alone
    (a figure, a video, the contents)."""
    lines = ctx.lines
    stripped = lines[i].strip()
    if not stripped.startswith("{{") or not stripped.endswith("}}"):
        return None
    call = parse(stripped)
    if call is None or call.name in ("ref", "relref"):
        return None
    close = re.compile(r"\{\{[<%]-?\s*/\s*" + re.escape(call.name) + r"\s*-?[>%]\}\}")
    opens = re.compile(r"\{\{[<%]-?\s*" + re.escape(call.name) + r"\b")
    end = -1 if stripped.endswith("/>}}") else closing_line(lines, i, opens, close)
    if end >= 0:
        if shortcodes.block(ctx, call, i, end):
            skip_body = call.name in shortcodes.MATH_NAMES | shortcodes.CODE_NAMES | {
                *shortcodes.DIAGRAM_NAMES
            }
            return end + 1 if skip_body else i + 1
        shortcodes.unknown_block(ctx, call, i, end, "Hugo shortcode")
        return i + 1
    out = shortcodes.inline(ctx, call, None, i + 1)
    if out is None:
        return None  # the common last word reports it
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = indent + out
    return i + 1


def wrapped_math(ctx: Ctx, i: int) -> int | None:
    """Hugo Blox's `{{< math >}}$x${{< /math >}}` inside a sentence: the shortcode only
    guards the formula from Markdown, so the formula stays and the tags go (left to the
    span rules, the formula between them is protected and the tags lose each other). Code
    spans are left alone. Never handles the line: the other rules see it next."""
    line = ctx.lines[i]
    if "{{" not in line or "math" not in line:
        return None
    parts = re.split(r"(`+[^`]*?`+)", line)

    def strip(m: re.Match[str]) -> str:
        ctx.converted(i + 1, m.group(0), "its formula (already between delimiters)")
        return m.group(2)

    for n in range(0, len(parts), 2):
        parts[n] = _WRAPPED_MATH.sub(strip, parts[n])
    ctx.lines[i] = "".join(parts)
    return None


def spans(ctx: Ctx, part: str, line: int) -> str:
    """`{{< ref "x.md" >}}` links, and shortcodes inside a line of text."""
    if "{{" not in part:
        return part

    def ref(match: re.Match[str]) -> str:
        url = post_url(match.group(1), ctx)
        if url is None:
            ctx.broken(line, match.group(0))
            return match.group(0)
        ctx.converted(line, match.group(0), "a link to the post")
        return url

    def linked(match: re.Match[str]) -> str:
        shortcode = _REF.fullmatch(match.group(2))
        if shortcode is None:  # a form `ref` takes that is not a path: left to `call`
            return match.group(0)
        url = post_url(shortcode.group(1), ctx)
        if url is None:
            # Left in the link, the shortcode breaks it and the reader sees the Markdown
            # (`[samples]({{< ref "samples" >}})`): the words stay, the warning says why.
            ctx.broken(line, shortcode.group(0))
            return match.group(1)
        ctx.converted(line, shortcode.group(0), "a link to the post")
        return f"[{match.group(1)}]({url}{match.group(3) or ''})"

    part = _REF_LINK.sub(linked, part)
    part = _REF.sub(ref, part)

    def call(match: re.Match[str]) -> str:
        found = parse(match.group(0))
        if found is None:
            return match.group(0)
        out = shortcodes.inline(ctx, found, None, line)
        if out is None:
            return match.group(0)
        shortcodes.in_text(ctx, found, line)
        return out

    return _CALL.sub(call, part)
