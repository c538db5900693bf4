"""Attribute lists (kramdown's IALs, Python-Markdown's attr_list): `{: #id .class key="v"}`.

On a line of its own, the list belongs to the block above it (or below it, after a blank
line): the line goes and the renderer, which sees the blocks, applies it. Right after an
image, a link or code, it belongs to that element and is rewritten in the `{…}` form the
renderer reads. `{:toc}` under a one-item list is the table of contents, which every page
has already; `{::options}` and `{::comment}` go.

What an attribute does is kept: an id (links point at it), a style, a title, a width, a link's
target. A class no style of mlguide knows is kept too, but a warning says so: the look it
gave on the old site is lost unless the project's templates style it.
"""

from __future__ import annotations

import re

from mlguide.site.content.foreign.records import BlockAttrs, Ctx
from mlguide.site.content.foreign.shortcodes import IMAGE_LINE as _IMAGE_LINE

_BLOCK = re.compile(r"^\s*\{:\s*(.*?)\s*\}\s*$")
_SPAN = re.compile(r"(?<=[)\]`>])\{:?\s*([#.][^{}\n]*?|[A-Za-z][\w:-]*=[^{}\n]*?)\s*\}")
_TOC_ITEM = re.compile(r"^\s*(?:[*+-]|1\.)\s+\S+\s*$")
_EXTENSION = re.compile(r"^\s*\{::(options|comment|nomarkdown)\b")
_ATTR = re.compile(r"""#([\w:.-]+)|\.([\w-]+)|([A-Za-z_][\w:.-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
# Classes whose look mlguide gives anyway (figures are centred), or that mean something it
# does (`no_toc` leaves a heading out of the contents).
KNOWN_CLASSES = frozenset(
    {"center", "centered", "text-center", "align-center", "no_toc", "table-of-content", "toc"}
)
SAFE_NAMES = frozenset(
    {"id", "class", "style", "title", "width", "height", "align", "alt", "target", "rel",
     "lang", "dir", "loading", "role"}
)  # fmt: skip


def parse(text: str) -> list[tuple[str, str]]:
    """`#a .b c="d"` -> [("id", "a"), ("class", "b"), ("c", "d")]; classes joined."""
    attrs: list[tuple[str, str]] = []
    classes: list[str] = []
    for m in _ATTR.finditer(text):
        ident, cls, key, dq, sq, bare = m.groups()
        if ident:
            attrs.append(("id", ident))
        elif cls:
            classes.append(cls)
        elif key:
            value = next(v for v in (dq, sq, bare) if v is not None)
            if key == "class":
                classes += value.split()
            else:
                attrs.append((key.lower(), value))
    if classes:
        attrs.append(("class", " ".join(dict.fromkeys(classes))))
    return attrs


def judged(
    ctx: Ctx, line: int, construct: str, attrs: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], bool]:
    """The attributes kept, and whether something they did is lost (reported here)."""
    kept = []
    lost = False
    for name, value in attrs:
        if name.startswith("on"):
            ctx.dropped(line, "attribute", f"{name}=…", "an event handler runs script")
            lost = True
            continue
        if name not in SAFE_NAMES and not name.startswith(("data-", "aria-")):
            ctx.dropped(line, "attribute", f'{name}="{value}"', "it has no meaning on this element")
            lost = True
            continue
        kept.append((name, value))
        if name == "class":
            unknown = [c for c in value.split() if c not in KNOWN_CLASSES]
            if unknown:
                lost = True
                names = " ".join(f".{c}" for c in unknown)
                ctx.lost(
                    line,
                    "kramdown attribute",
                    construct,
                    f"the class `{names}` is kept, but no mlguide style defines it, so the "
                    "look it gave is lost (style it in templates/ to keep it)",
                )
    return kept, lost


def block(ctx: Ctx, i: int) -> int | None:
    """A line that is only an attribute list, or a kramdown extension."""
    lines = ctx.lines
    line = lines[i]
    if "{:" not in line:
        return None
    if m := _EXTENSION.match(line):
        end = i
        if m.group(1) == "comment":
            end = next((j for j in range(i, len(lines)) if "{:/comment}" in lines[j]), i)
        for j in range(i, end + 1):
            lines[j] = ""
        ctx.converted(i + 1, line.strip(), "a kramdown extension: nothing to show")
        return end + 1
    m = _BLOCK.match(line)
    if m is None:
        return None
    inner = m.group(1)
    if inner.replace(" ", "") in ("toc", ":toc"):
        return _toc(ctx, i)
    after = i > 0 and bool(lines[i - 1].strip())
    parsed = parse(inner)
    classes = set(dict(parsed).get("class", "").split())
    if after and classes & CAPTION_CLASSES and _caption(ctx, i):
        return i + 1
    attrs, lost = judged(ctx, i + 1, line.strip(), parsed)
    lines[i] = ""
    if attrs:
        ctx.attributes.append(BlockAttrs(i + 1, tuple(attrs), after))
    if attrs and not lost:
        where = "above" if after else "below"
        ctx.converted(i + 1, line.strip(), f"attributes of the block {where}")
    return i + 1


CAPTION_CLASSES = frozenset({"image-caption", "img-caption", "caption", "figcaption"})
_EMPHASIS = re.compile(r"^([*_])(.*)\1$", re.S)


def _caption(ctx: Ctx, i: int) -> bool:
    """`![x](y)` then `*Fig. 1. Text*` then `{:.image-caption}`: the picture's caption."""
    lines = ctx.lines
    start = i - 1
    while start > 0 and lines[start - 1].strip() and not _IMAGE_LINE.match(lines[start - 1]):
        start -= 1
    above = start - 1
    while above >= 0 and not lines[above].strip() and above >= start - 2:
        above -= 1
    image = _IMAGE_LINE.match(lines[above]) if above >= 0 else None
    if image is None or image.group(2) or start >= i:
        return False
    text = " ".join(lines[j].strip() for j in range(start, i))
    if m := _EMPHASIS.match(text):
        text = m.group(2).strip()
    title = text.replace("\\", "\\\\").replace('"', '\\"')
    construct = lines[i].strip()
    lines[above] = f'{image.group(1)} "{title}"{image.group(3)}'
    for j in range(start, i + 1):
        lines[j] = ""
    ctx.converted(i + 1, construct, "the caption of the picture above")
    return True


def _toc(ctx: Ctx, i: int) -> int:
    """`* TOC` + `{:toc}` (and a class line above it): the page's contents, already shown."""
    lines = ctx.lines
    start = i
    while start > 0 and (_TOC_ITEM.match(lines[start - 1]) or _BLOCK.match(lines[start - 1])):
        start -= 1
    for j in range(start, i + 1):
        lines[j] = ""
    ctx.converted(i + 1, "{:toc}", "the table of contents, which every page has")
    return i + 1


def spans(ctx: Ctx, part: str, line: int) -> str:
    """`![x](y){: .right}`, `[a](b){:target="_blank"}`: attributes of the element before."""
    if "{" not in part:
        return part

    def rewrite(m: re.Match[str]) -> str:
        attrs, lost = judged(ctx, line, m.group(0), parse(m.group(1)))
        if not attrs:
            return ""
        if not lost:
            ctx.converted(line, m.group(0), "attributes of the element before it")
        written = " ".join(f'{name}="{value.replace(chr(34), "&quot;")}"' for name, value in attrs)
        return "{" + written + "}"

    return _SPAN.sub(rewrite, part)
