"""Images: a paragraph holding only an image becomes a figure; each image is recorded with
its line and drawn by the page's `render_image` (which knows where the files are).

A YouTube or Vimeo video inside a sentence (`Text ![](https://vimeo.com/ID) here`, a Hugo
`{{< vimeo ID >}}` in a line) is a player, a block: the paragraph is split around it, so the
page stays valid HTML (a `<div>` inside a `<p>` is not), and the player a figure of its own.

Two images marked for each colour scheme (`x.png#gh-light-mode-only` beside
`x-dark.png#gh-dark-mode-only`, as GitHub and MkDocs Material write them, or `#only-light`
and `#only-dark`) are one picture: the light one, with the dark one shown in dark mode."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.site.render.markdown.page import ImageUse, PageEnv, children, page_of
from mlguide.site.render.media import embed_of


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("figures", _mark_figures)
    md.add_render_rule("image", _render_image)


_LIGHT = ("#gh-light-mode-only", "#only-light", "#light-mode-only")
_DARK = ("#gh-dark-mode-only", "#only-dark", "#dark-mode-only")


def _pair_twins(inline: Token) -> None:
    """A light image and its dark twin side by side (or a line apart): one image token."""
    kids = inline.children or []
    images = [k for k in kids if k.type == "image"]
    if len(images) < 2 or not any(str(k.attrGet("src") or "").endswith(_DARK) for k in images):
        return
    keep: list[Token] = []
    for kid in kids:
        src = str(kid.attrGet("src") or "")
        if kid.type == "image" and src.endswith(_DARK):
            light = next((k for k in reversed(keep) if k.type == "image"), None)
            if light is not None and str(light.attrGet("src") or "").endswith(_LIGHT):
                light.meta["dark_src"] = src.rsplit("#", 1)[0]
                while (
                    keep and keep[-1].type in ("softbreak", "text") and not keep[-1].content.strip()
                ):
                    keep.pop()  # the line break between the twins
                continue
        keep.append(kid)
    for kid in keep:
        src = str(kid.attrGet("src") or "")
        if kid.type == "image" and src.endswith(_LIGHT):
            kid.attrSet("src", src.rsplit("#", 1)[0])
    inline.children = keep


def _is_embed(token: Token) -> bool:
    return token.type == "image" and embed_of(str(token.attrGet("src") or "")) is not None


def _cuts(kids: list[Token]) -> list[bool]:
    """For each child, whether the paragraph is cut there: an embed outside any link or
    emphasis (one inside a link stays where it is, or the link would be cut in two)."""
    out, depth = [], 0
    for kid in kids:
        out.append(depth == 0 and _is_embed(kid))
        depth += kid.nesting
    return out


def _split_embeds(state: StateCore) -> None:
    """Each paragraph with a video player among its words becomes the paragraphs before and
    after it, and the player alone between them (a figure, below)."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        inline = tokens[i]
        if (
            inline.type != "inline"
            or "](" not in inline.content
            or i == 0
            or tokens[i - 1].type != "paragraph_open"
            or not any(_cuts(inline.children or []))
        ):
            out.append(inline)
            i += 1
            continue
        opener, closer = out.pop(), tokens[i + 1]
        for part, line in _parts(inline):
            out += _paragraph(opener, inline, closer, part, line)
        i += 2
    state.tokens = out


def _parts(inline: Token) -> list[tuple[list[Token], int | None]]:
    """The inline's children cut at each embed, with the line each part starts at; the
    spaces and line breaks at a cut are dropped."""
    parts: list[tuple[list[Token], int | None]] = []
    current: list[Token] = []
    start: int | None = None
    cuts = _cuts(inline.children or [])
    for (child, line), cut in zip(children(inline), cuts, strict=True):
        if cut:
            parts += [(current, start), ([child], line)]
            current, start = [], None
        elif current or child.type not in ("softbreak", "hardbreak"):
            start = line if not current else start
            current.append(child)
    parts.append((current, start))
    kept = []
    for part, line in parts:
        while part and part[-1].type in ("softbreak", "hardbreak"):
            part.pop()
        if part and part[0].type == "text":
            part[0].content = part[0].content.lstrip()
        if part and part[-1].type == "text":
            part[-1].content = part[-1].content.rstrip()
        if any(k.content.strip() or k.type not in ("text", "softbreak") for k in part):
            kept.append((part, line))
    return kept


def _paragraph(
    opener: Token, inline: Token, closer: Token, part: list[Token], line: int | None
) -> list[Token]:
    first = opener.copy(attrs=dict(opener.attrs), meta=dict(opener.meta))
    last = closer.copy(attrs=dict(closer.attrs), meta=dict(closer.meta))
    body = inline.copy(children=part, meta=dict(inline.meta))
    if line is not None:
        first.map = body.map = [line - 1, line]
    return [first, body, last]


def _mark_figures(state: StateCore) -> None:
    """A paragraph holding only an image becomes a figure (the paragraph tags are hidden)."""
    _split_embeds(state)
    tokens = state.tokens
    for token in tokens:
        if token.type == "inline" and ("mode-only" in token.content or "#only-" in token.content):
            _pair_twins(token)
    for i in range(1, len(tokens) - 1):
        inline = tokens[i]
        if inline.type != "inline" or tokens[i - 1].type != "paragraph_open":
            continue
        kids = [
            c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if len(kids) == 1 and kids[0].type == "image":
            kids[0].meta["figure"] = True
            tokens[i - 1].hidden = tokens[i + 1].hidden = True
        elif _figures_one_per_line(kids, page_of(state.env)):
            for kid in kids:
                kid.meta["figure"] = kid.type == "image"
            inline.children = [k for k in kids if k.type == "image"]
            tokens[i - 1].hidden = tokens[i + 1].hidden = True
    page = page_of(state.env)
    for token in tokens:
        if "![" not in token.content:  # the source of an inline token: no image in it
            continue
        for child, line in children(token):
            if child.type == "image":
                child.meta["line"] = line or 0
                page.images.append(_image_use(child))


def _figures_one_per_line(kids: list[Token], page: PageEnv) -> bool:
    """Pictures one per line with nothing else (consecutive `figure` shortcodes, a caption
    each): a figure each, as their generator made them. In mlguide's own posts only when
    they have captions: two bare images side by side may be meant side by side."""
    images = [k for k in kids if k.type == "image"]
    if len(images) < 2 or any(k.type not in ("image", "softbreak") for k in kids):
        return False
    return page.dialect != "mlguide" or all(k.attrGet("title") for k in images)


_OWN = frozenset({"src", "alt", "title"})


def _image_use(token: Token) -> ImageUse:
    return ImageUse(
        src=str(token.attrGet("src") or ""),
        alt="".join(c.content for c in token.children or []),
        title=str(token.attrGet("title") or ""),
        line=int(token.meta.get("line", 0)),
        figure=bool(token.meta.get("figure")),
        attrs=tuple((str(k), str(v)) for k, v in token.attrs.items() if k not in _OWN),
        dark_src=str(token.meta.get("dark_src", "")),
    )


def plain_image(src: str, alt: str) -> str:
    """The one fallback `<img>`: for images mlguide cannot inspect (missing, external)."""
    return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'


def _render_image(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page = page_of(env)
    use = _image_use(tokens[idx])
    if page.render_image is not None:
        return page.render_image(use, page)
    return plain_image(use.src, use.alt)
