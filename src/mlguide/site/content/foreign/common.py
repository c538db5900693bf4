"""What every dialect's posts may hold: `<!-- more -->` and contents markers, GitHub alerts,
WordPress captions left by an export, a list indented as code, template comments, links
written as `[[name]]`, and the last word on anything template-like nobody translated: it is
shown as text with a warning naming it, never silently."""

from __future__ import annotations

import re

from mlguide.site.content.foreign.records import Ctx
from mlguide.site.content.foreign.walk import FENCE

_MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.I)
_TOC = re.compile(r"^\s*(?:\[TOC\]|\{\{<\s*toc\s*>\}\}|\{\{\s*toc\(\)\s*\}\}|<!--\s*toc\s*-->)\s*$")
_ALERT = re.compile(r"^(\s*)>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*(.*)$", re.I)
_ALERT_KINDS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning"}
_CAPTION = re.compile(r"\[caption\b([^\]]*)\](.*?)\[/caption\]", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,9}[.)])\s+\S")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_COMMENT = re.compile(r"\{#.*?#\}|\{\{-?\s*/\*.*?\*/\s*-?\}\}")
_COMMENT_OPEN = re.compile(r"\{#[\s-]|\{\{-?\s*/\*")  # one that ends on a later line
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\](?![(\[:])")
_PAGE_NAME = re.compile(r"^[\w][\w ./#-]{0,80}$")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}")
_LIQUID = re.compile(
    r"\{%-?.*?-?%\}|\{\{-?\s*[A-Za-z_][^}]*?-?\}\}"
    r"|\{\{-?\s+[^\s{}<%/*][^{}]*?\s-?\}\}"  # an expression: `{{ 1 + 1 }}`, `{{ "a" | x }}`
)
_KRAMDOWN = re.compile(r"\{:[^}\n]*\}")
_CLOSING = re.compile(r"^\{(?:%-?\s*end\w*\s*-?%|\{%\s*/[^%]*%\}|\{<\s*/[^>]*>\})\}?$")
_ONE_LINE = "does not end on its line (put it on one line to leave it out)"
# A link to a post that does not exist: reported as a broken link, not again as syntax.
_POST_LINK = re.compile(r"""\{\{[<%]\s*(?:rel)?ref\s|\{%-?\s*post_url\s""")


def markers(ctx: Ctx, i: int) -> int | None:
    """`<!-- more -->` and `[TOC]`-like markers: mlguide writes its own description and
    contents, so the markers go."""
    line = ctx.lines[i]
    if _MORE.match(line):
        ctx.converted(i + 1, line.strip(), "the summary marker: the description is read apart")
    elif _TOC.match(line):
        ctx.converted(i + 1, line.strip(), "the contents marker: the page has its contents")
    else:
        return None
    ctx.lines[i] = ""
    return i + 1


def github_alert(ctx: Ctx, i: int) -> int | None:
    """`> [!NOTE]` blockquotes (GitHub, Hugo, Zola, Obsidian) as admonition boxes."""
    m = _ALERT.match(ctx.lines[i])
    if m is None:
        return None
    indent, kind, rest = m.groups()
    lines = ctx.lines
    ctx.converted(i + 1, lines[i].strip(), f"a `{kind.lower()}` box")
    lines[i] = f"{indent}!!! {_ALERT_KINDS.get(kind.upper(), 'warning')}"
    if rest.strip():
        lines[i] += f' "{rest.strip()}"'
    j = i + 1
    while j < len(lines) and lines[j].lstrip().startswith(">"):
        body = lines[j].lstrip()[1:]
        lines[j] = f"{indent}    {body[1:] if body.startswith(' ') else body}".rstrip()
        j += 1
    return j


def wordpress_caption(ctx: Ctx, i: int) -> int | None:
    """`[caption …]![](x.png) Text[/caption]`, left by a WordPress export, as a figure."""
    lines = ctx.lines
    if "[caption" not in lines[i]:
        return None
    end = next((j for j in range(i, min(len(lines), i + 8)) if "[/caption]" in lines[j]), -1)
    if end < 0:
        return None
    if end > i:  # the caption runs over several lines: one figure, on the first of them
        lines[i] = " ".join(part.strip() for part in lines[i : end + 1])
        for j in range(i + 1, end + 1):
            lines[j] = ""
    line = lines[i]

    def figure(m: re.Match[str]) -> str:
        inner = m.group(2)
        image = _IMAGE.search(inner)
        if image is None:
            return inner
        caption = _IMAGE.sub("", inner)
        caption = re.sub(r"\[\s*\]\([^)]*\)", "", caption)  # a link that held the image
        caption = caption.strip().strip('"').strip()
        caption = " ".join(caption.split())
        alt = image.group(1) or caption
        title = caption.replace("\\", "\\\\").replace('"', '\\"')
        titled = f' "{title}"' if title else ""
        return f"![{alt}]({image.group(2)}{titled})"

    ctx.lines[i] = _CAPTION.sub(figure, line)
    ctx.converted(i + 1, "[caption …]", "a figure with its caption")
    return i + 1


def indented_list(ctx: Ctx, i: int) -> int | None:
    """A list indented by a tab or four spaces after a paragraph: Python-Markdown and Hugo's
    old Blackfriday showed it as a list, CommonMark as code. Every line of the block is a
    list item, so it is the author's list: its indent goes."""
    lines = ctx.lines
    if not _INDENTED.match(lines[i]) or not _LIST_ITEM.match(lines[i]):
        return None
    if i == 0 or lines[i - 1].strip():
        return None
    before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
    if not before or _LIST_ITEM.match(before) or _INDENTED.match(before) or FENCE.match(before):
        return None  # a nested list, or a list item's own content
    end = i
    while end < len(lines) and lines[end].strip():
        if not _INDENTED.match(lines[end]) or (
            not _LIST_ITEM.match(lines[end]) and not lines[end].startswith(("\t ", "     "))
        ):
            return None
        end += 1
    for k in range(i, end):
        lines[k] = lines[k][1:] if lines[k].startswith("\t") else lines[k][4:]
    ctx.converted(i + 1, lines[i].strip(), "a list indented as code: read as the list it is")
    return end


def comments(ctx: Ctx, part: str, line: int) -> str:
    """One-line template comments (`{# … #}`, `{{/* … */}}`): never shown by their generator."""
    if "{" not in part:
        return part
    return _COMMENT.sub("", part)


def wikilinks(ctx: Ctx, part: str, line: int) -> str:
    """`[[name]]` and `[[name|label]]` to a post become links. An unknown name is reported
    only in mlguide's own posts, and only when it reads as a page name (`[[Notes]]`, not
    `[[ see below ]]`): in a blog brought from another generator (which had no wikilinks)
    `[[…]]` is the author's text."""
    if "[[" not in part:
        return part

    def link(match: re.Match[str]) -> str:
        embed, name, label = match.groups()
        url = None if embed else post_url(name.strip(), ctx)
        if url is not None:
            ctx.converted(line, match.group(0), "a link to the post")
            return f"[{(label or name).strip()}]({url})"
        if ctx.dialect == "mlguide" and name == name.strip() and _PAGE_NAME.match(name):
            ctx.shown(line, "wikilink embed" if embed else "wikilink", match.group(0))
        return match.group(0)

    return _WIKILINK.sub(link, part)


def post_url(name: str, ctx: Ctx) -> str | None:
    """`name#part` -> the post's URL with its fragment."""
    name, _, fragment = name.partition("#")
    url = ctx.links.post(name)
    return url + "#" + fragment if url is not None and fragment else url


def report_leftovers(ctx: Ctx, part: str, line: int) -> str:
    """Whatever template syntax is left is shown as text, with a warning naming it; a block's
    closing tag goes (its opening tag's warning covers the block)."""
    if "{" not in part:
        return part
    masked = part  # each construct is reported once, by the most specific pattern
    for pattern, what in (
        (_SHORTCODE, "Hugo shortcode"),
        (_LIQUID, "template tag"),
        (_KRAMDOWN, "kramdown attribute"),
        (_COMMENT_OPEN, "template comment"),
    ):
        for match in pattern.finditer(masked):
            text = match.group(0)
            masked = masked[: match.start()] + " " * len(text) + masked[match.end() :]
            if _CLOSING.match(text):
                part = part.replace(text, "", 1)
                continue
            if _POST_LINK.match(text):
                continue
            if pattern is _COMMENT_OPEN:
                opening = part[match.start() :].strip()
                ctx.shown(
                    line, what, opening if len(opening) <= 40 else opening[:40] + "…", _ONE_LINE
                )
                continue
            ctx.shown(line, what, text)
    return part
