"""Markdown to HTML: markdown-it-py and its extensions (code, math, callouts, `:::` divs,
media, prose blocks, inline marks, tables, headings, images, links, raw HTML), one module
each; `parser` puts them together."""

from mlguide.site.render.markdown.images import plain_image
from mlguide.site.render.markdown.page import Ids, ImageUse, PageEnv, TocEntry
from mlguide.site.render.markdown.parser import (
    first_paragraph,
    markdown_parser,
    parse,
    render,
    render_inline,
)
from mlguide.site.render.markdown.titles import title_html

__all__ = [
    "Ids",
    "ImageUse",
    "PageEnv",
    "TocEntry",
    "first_paragraph",
    "markdown_parser",
    "parse",
    "plain_image",
    "render",
    "render_inline",
    "title_html",
]
