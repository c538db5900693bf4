"""Other generators' syntax in a post: translated where it has a meaning here, reported
where it has none, never printed as if it were text the author meant.

One module per source dialect says what its generator's syntax means: `liquid` and
`kramdown` (Jekyll), `hugo` and `zola` (their shortcode syntax; `shortcodes` says what each
name means), `pelican` (codehilite and the liquid_tags plugin), `mkdocs` (Material's
extensions); `common` holds what any post may carry and the last word on what nobody
translated. A post in mlguide's own dialect gets every rule, as a post mixing them expects.

`translate` returns the text (same lines, same line numbers), the warnings, a record of every
construct and what became of it (`mlguide import-report` lists them), and the attribute lists
the renderer applies to blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlguide.site.content.foreign import (
    common,
    hugo,
    jemoji,
    kramdown,
    liquid,
    mkdocs,
    pelican,
    quotes,
    zola,
)
from mlguide.site.content.foreign.records import (
    CANNOT,
    CONVERTED,
    DROPPED,
    SHOWN,
    BlockAttrs,
    Change,
    Ctx,
    Links,
    PostLink,
    ReadFile,
    SiteUrl,
    Translated,
)
from mlguide.site.content.foreign.walk import Rules, SpanRule, in_code_spans, walk

__all__ = [
    "CANNOT",
    "CONVERTED",
    "DROPPED",
    "SHOWN",
    "BlockAttrs",
    "Change",
    "Links",
    "Translated",
    "translate",
]

_LAST: tuple[SpanRule, ...] = (common.comments, common.wikilinks, common.report_leftovers)
_COMMON = (common.markers, common.github_alert, common.wordpress_caption)


def _prose_unescape(unescape: SpanRule) -> SpanRule:
    """An escaped shortcode outside code is shown as text by its generator: its braces are
    written as entities, so nothing here takes it for a shortcode again."""

    def rule(ctx: Ctx, part: str, line: int) -> str:
        if "/*" not in part:
            return part
        return unescape(ctx, part, line)

    return rule


def _hugo_prose(ctx: Ctx, part: str, line: int) -> str:
    out = hugo.unescape(part)
    return out.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;") if out != part else out


def _zola_prose(ctx: Ctx, part: str, line: int) -> str:
    out = zola.unescape(part)
    if out == part:
        return out
    return out.replace("{", "&#123;").replace("}", "&#125;")


_JEKYLL = Rules(
    indented=(common.indented_list,),
    trigger=re.compile(r"\{|<!--|\[!|\[caption|^ {4}|^\t|:[a-z0-9_+-]+:", re.M | re.I),
    blocks=(liquid.highlight, liquid.comment, quotes.quote_attributes, kramdown.block, *_COMMON),
    spans=(liquid.links, kramdown.spans, jemoji.shortcodes, *_LAST),
    in_code=(liquid.strip_raw,),
    fence_info=mkdocs.fence_info,
    liquid_raw=True,
)
_HUGO = Rules(
    indented=(common.indented_list,),
    trigger=re.compile(r"\{|<!--|\[!|\[caption|\[TOC\]|^ {4}|^\t", re.M | re.I),
    blocks=(in_code_spans(hugo.unescape), hugo.wrapped_math, hugo.joined, hugo.block, *_COMMON),
    spans=(_prose_unescape(_hugo_prose), hugo.spans, *_LAST),
    in_code=(hugo.unescape,),
    fence_info=mkdocs.fence_info,
)
_ZOLA = Rules(
    indented=(common.indented_list,),
    trigger=re.compile(r"\{|<!--|\[!|\[caption|^ {4}|^\t", re.M | re.I),
    blocks=(in_code_spans(zola.unescape), zola.block, *_COMMON),
    spans=(_prose_unescape(_zola_prose), zola.spans, *_LAST),
    in_code=(zola.unescape,),
    fence_info=mkdocs.fence_info,
)
_PELICAN = Rules(
    indented=(pelican.codehilite, common.indented_list),
    trigger=re.compile(r"\{|<!--|\[TOC\]|\[!|:::|^ {4}|^\t", re.M | re.I),
    blocks=(pelican.tags, *_COMMON),
    spans=_LAST,
    in_code=(pelican.literal,),
    fence_info=mkdocs.fence_info,
)
_MKDOCS = Rules(
    indented=(common.indented_list,),
    trigger=re.compile(r"\{|<!--|\[TOC\]|\[!|--8<|===|<figure|:[a-z]|^ {4}|^\t", re.M | re.I),
    blocks=(mkdocs.tabs, mkdocs.snippet, mkdocs.figure, kramdown.block, *_COMMON),
    spans=(mkdocs.icons, kramdown.spans, *_LAST),
    fence_info=mkdocs.fence_info,
    code_blocks=(mkdocs.snippet,),
)
_MLGUIDE = Rules(
    trigger=re.compile(r"\{|--8<|\[TOC\]|\[\[|<!--\s*more|:::|^\s*===|\[!|\[caption", re.M | re.I),
    blocks=(
        liquid.highlight,
        liquid.comment,
        hugo.joined,
        hugo.block,
        zola.block,
        mkdocs.tabs,
        mkdocs.snippet,
        quotes.quote_attributes,
        kramdown.block,
        *_COMMON,
    ),
    spans=(liquid.links, hugo.spans, zola.spans, kramdown.spans, *_LAST),
    in_code=(liquid.strip_raw,),
    liquid_raw=True,
    indented=(pelican.codehilite,),
)
RULES = {
    "mlguide": _MLGUIDE,
    "jekyll": _JEKYLL,
    "hugo": _HUGO,
    "zola": _ZOLA,
    "pelican": _PELICAN,
    "mkdocs": _MKDOCS,
}


def translate(
    text: str,
    source: Path,
    post_link: PostLink | Links,
    site_url: SiteUrl | None = None,
    *,
    dialect: str = "mlguide",
    read_file: ReadFile | None = None,
    plugins: tuple[str, ...] | None = None,
) -> Translated:
    """`text` (a post's body) with its `dialect`'s syntax translated or reported.
    `plugins`: those the old blog's config says it ran (None: no config was read)."""
    links = post_link if isinstance(post_link, Links) else Links(post_link, site_url, read_file)
    rules = RULES.get(dialect, _MLGUIDE)
    if not rules.trigger.search(text):  # nearly every mlguide post: nothing to do
        return Translated(text, ())
    ctx = Ctx(source, links, dialect, text.split("\n"), plugins=plugins)

    def spans(ctx: Ctx, part: str, line: int) -> str:
        for rule in rules.spans:
            part = rule(ctx, part, line)
        return part

    walk(ctx, rules, spans)
    return Translated(
        "\n".join(ctx.lines), tuple(ctx.findings), tuple(ctx.changes), tuple(ctx.attributes)
    )


__all__ += ["BlockAttrs", "ReadFile"]
