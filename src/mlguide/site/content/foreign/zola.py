"""Zola's shortcodes (Tera): `{{ name(key="v") }}` in a line, `{% name(…) %}` … `{% end %}`
around a body, and the escaped `{{/* … */}}` and `{%/* … */%}` a post writes to show one as
text. What each name means is `shortcodes`'s to say."""

from __future__ import annotations

import re

from mlguide.site.content.foreign import shortcodes
from mlguide.site.content.foreign.records import Ctx
from mlguide.site.content.foreign.shortcodes import Call
from mlguide.site.content.foreign.walk import closing_line

_INLINE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\((.*?)\)\s*\}\}")
_BODY_OPEN = re.compile(r"\{%\s*([A-Za-z_]\w*)\s*\((.*?)\)\s*%\}")
_BODY_END = re.compile(r"\{%\s*end\s*%\}")
_BODY_ONE_LINE = re.compile(r"\{%\s*([A-Za-z_]\w*)\s*\((.*?)\)\s*%\}(.*?)\{%\s*end\s*%\}")
_ARG = re.compile(
    r"""([A-Za-z_]\w*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`|([^,\s)]+))"""
)
_ESCAPED = re.compile(r"\{([{%])/\*\s?(.*?)\s?\*/([}%])\}")


def unescape(line: str) -> str:
    """`{{/* image(src="x") */}}` is how a post shows a shortcode as text."""
    return _ESCAPED.sub(lambda m: f"{{{m.group(1)} {m.group(2)} {m.group(3)}}}", line)


def parse(name: str, args: str, text: str) -> Call:
    kwargs = {}
    for m in _ARG.finditer(args):
        value = next(v for v in m.groups()[1:] if v is not None)
        kwargs[m.group(1)] = value.replace('\\"', '"')
    return Call(name, (), kwargs, text)


def block(ctx: Ctx, i: int) -> int | None:
    """`{% name(…) %}` alone on its line, its body up to `{% end %}`; or a call alone on
    its line that stands for a block (a figure, a box)."""
    lines = ctx.lines
    stripped = lines[i].strip()
    if m := _BODY_OPEN.fullmatch(stripped):
        end = closing_line(lines, i, _BODY_OPEN, _BODY_END)
        if end < 0:
            return None
        call = parse(m.group(1), m.group(2), stripped)
        if shortcodes.block(ctx, call, i, end):
            skip_body = call.name in shortcodes.MATH_NAMES | shortcodes.CODE_NAMES | {
                *shortcodes.DIAGRAM_NAMES
            }
            return end + 1 if skip_body else i + 1
        shortcodes.unknown_block(ctx, call, i, end, "Zola shortcode")
        return i + 1
    caption = _BODY_ONE_LINE.fullmatch(stripped)
    if (
        caption is not None
        and caption.group(1) in shortcodes.CAPTION_NAMES
        and shortcodes.caption_above(ctx, i, caption.group(3).strip(), stripped)
    ):
        return i + 1
    m = _INLINE.fullmatch(stripped)
    if m is None:
        return None
    call = parse(m.group(1), m.group(2), stripped)
    text = call.get("text", "body", "content")
    box = call.name in shortcodes.BOX_NAMES and call.name != "aside" and text
    if box and (i + 1 == len(lines) or not lines[i + 1].strip()):
        # A box alone on its line, with room below it for its body.
        lines[i] = shortcodes.box_line(call)
        if i + 1 == len(lines):
            lines.append("")
        lines[i + 1] = "    " + " ".join(text.split())
        ctx.converted(i + 1, stripped, f"a `{shortcodes.box_kind(call)}` box")
        return i + 2
    if call.name in shortcodes.IMAGE_NAMES:
        out = shortcodes.inline(ctx, call, None, i + 1)
        if out is not None:
            lines[i] = out
            return i + 1
    return None


def spans(ctx: Ctx, part: str, line: int) -> str:
    if "{" not in part:
        return part

    def body(m: re.Match[str]) -> str:
        call = parse(m.group(1), m.group(2), m.group(0))
        out = shortcodes.inline(ctx, call, m.group(3), line)
        return m.group(0) if out is None else out

    def one(m: re.Match[str]) -> str:
        call = parse(m.group(1), m.group(2), m.group(0))
        out = shortcodes.inline(ctx, call, None, line)
        if out is None and call.name == "iine":
            ctx.dropped(
                line, "Zola shortcode", m.group(0), "a like button needs the theme's server"
            )
            return ""
        if out is None:
            return m.group(0)
        shortcodes.in_text(ctx, call, line)
        return out

    part = _BODY_ONE_LINE.sub(body, part)
    return _INLINE.sub(one, part)
