"""A post's title as its page's `<h1>` shows it: its formulas typeset, as a heading's are.

`title: 'The $\\alpha$ single'`, or a first line `# The $\\beta$-VAE objective`: the `<h1>`
shows MathML, while `<title>`, the meta tags, feeds and cards keep the title as written
(plain text, where TeX reads better than a hole). Only the formulas are read: the rest of a
title is text, shown exactly as `<title>` shows it (no emphasis, no typographer, no HTML),
since a front-matter title was never Markdown. A formula that cannot be rendered stays TeX
and is reported at the title's line, as in the body.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from typing import Any

from mlguide.site.render.markdown.page import Ids, PageEnv
from mlguide.site.render.markdown.parser import markdown_parser

_CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\\\(": "\\\\)"}
_MATH = ("math_inline", "math_inline_double")
_DISPLAY = re.compile(r"(?<!\\)\$\$([^$]+)\$\$")


def title_html(title: str, page: PageEnv | None = None, line: int | None = None) -> str:
    """The title as HTML: escaped text, its formulas as MathML. `page` is the post's (its
    dialect and macros read the formulas; what they warn of is reported on it at `line`,
    the title's line in the front matter or the `# Title` line)."""
    if "$" not in title and "\\(" not in title:
        return html.escape(title, quote=False)
    plain = _text(title)
    # A title is one line wherever it is shown (a list, a link): `$$x$$` is inline in it.
    title = _DISPLAY.sub(r"$\1$", title)
    inner = PageEnv(Path(), Ids())
    if page is not None:
        inner = PageEnv(page.source, Ids(), dialect=page.dialect, macros=page.macros)
    env: dict[str, Any] = {"page": inner}
    md = markdown_parser()
    parsed = md.parseInline(title, env)
    kids = parsed[0].children or [] if parsed else []
    out: list[str] = []
    at = 0
    for kid in kids:
        if kid.type not in _MATH or kid.markup not in _CLOSING:
            continue
        written = kid.markup + kid.content + _CLOSING[kid.markup]
        found = title.find(written, at)
        if found < 0:  # the TeX was read from escapes: no place for it in the text
            return plain
        out.append(_text(title[at:found]))
        out.append(str(md.renderer.render([kid], md.options, env)))
        at = found + len(written)
    if not out:
        return plain
    out.append(_text(title[at:]))
    if page is not None:
        page.findings += [dataclasses.replace(f, line=line) for f in inner.findings]
        page.math += inner.math
        page.uses |= inner.uses
    return "".join(out)


def _text(text: str) -> str:
    """Text of a title with formulas, as HTML: `\\$`, the dollar its writer escaped so
    that it is no formula, is the dollar they meant."""
    return html.escape(text.replace("\\$", "$"), quote=False)
