"""Jekyll's Liquid in a post: `{% highlight %}` becomes a fenced block, `{% post_url %}`,
`{% link %}`, `{{ site.baseurl }}/x` and `{{ 'x' | relative_url }}` become links to the post
or file they name, `{% raw %}` shows what it holds as written, `{% comment %}` goes. Anything
else (`{% include %}` of a theme file) is reported by the common last word."""

from __future__ import annotations

import re

from mlguide.site import urls
from mlguide.site.content.foreign.codeopts import word_options
from mlguide.site.content.foreign.common import post_url
from mlguide.site.content.foreign.records import Ctx
from mlguide.site.content.foreign.walk import closing_line, liquid_raw
from mlguide.site.content.slugs import slugify

HIGHLIGHT = re.compile(r"^(\s*)\{%-?\s*highlight\s+([\w+#.-]+)([^%]*?)-?%\}\s*(.*)$")
_HIGHLIGHT_OPEN = re.compile(r"\{%-?\s*highlight\s")
_END_HIGHLIGHT = re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")
_COMMENT_OPEN = re.compile(r"^\s*\{%-?\s*comment\s*-?%\}")
_COMMENT_CLOSE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK_TAG = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_BASEURL = re.compile(r"(?:\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\})+(/[^\s)\"'<>]*)?")
_URL_FILTER = re.compile(
    r"""\{\{-?\s*["']([^"']+)["']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}"""
)
# Jekyll's default post URL, `/category/2023/04/02/slug.html`: the post `2023-04-02-slug`.
_PERMALINK = re.compile(r"(?:/[^/#?]+)*/(\d{4})/(\d\d)/(\d\d)/([^/#?]+?)(?:\.html)?/?(#.*)?")


def highlight(ctx: Ctx, i: int) -> int | None:
    """`{% highlight python linenos %}` … `{% endhighlight %}` as a fenced block, its options
    kept (line numbers, `mark_lines`). Jekyll runs Liquid before Markdown: `raw` tags go
    even inside the code."""
    lines = ctx.lines
    m = HIGHLIGHT.match(lines[i])
    if m is None:
        return None
    end = closing_line(lines, i, _HIGHLIGHT_OPEN, _END_HIGHLIGHT)
    if end < 0:
        return None  # never closed: the common last word reports it
    indent, lang, options, rest = m.groups()
    info = f"{lang} {word_options(options)}".strip()  # `linenos`, `mark_lines="1 2"`
    lines[i] = f"{indent}```{info}" + (f"\n{rest}" if rest.strip() else "")
    raw = False
    for j in range(i + 1, end):
        lines[j], raw = liquid_raw(lines[j], raw, lambda part: part)
    lines[end] = f"{indent}```"
    ctx.converted(i + 1, f"{{% highlight {lang} %}}", "a fenced code block")
    return end + 1


def comment(ctx: Ctx, i: int) -> int | None:
    """`{% comment %}` … `{% endcomment %}`: never shown by Jekyll either."""
    lines = ctx.lines
    if not _COMMENT_OPEN.match(lines[i]):
        return None
    end = next((j for j in range(i, len(lines)) if _COMMENT_CLOSE.search(lines[j])), -1)
    if end < 0:
        return None
    for j in range(i, end + 1):
        lines[j] = ""
    ctx.converted(i + 1, "{% comment %}", "a comment: left out, as Jekyll leaves it out")
    return end + 1


def strip_raw(line: str) -> str:
    """Inside fenced code too, Liquid's `raw` tags are Jekyll's, not the author's text."""
    return _RAW_TAG.sub("", line) if "raw" in line else line


def links(ctx: Ctx, part: str, line: int) -> str:
    """`{% post_url %}`, `{% link %}`, `relative_url` and `site.baseurl` as URLs."""
    if "{" not in part:
        return part

    def linked(match: re.Match[str]) -> str:
        url = post_url(match.group(1), ctx)
        if url is None:
            ctx.broken(line, match.group(0))
            return _missing_post(match.group(1), ctx) or match.group(0)
        ctx.converted(line, match.group(0), "a link to the post")
        return url

    def link_tag(match: re.Match[str]) -> str:
        """`{% link _posts/2019-04-01-x.md %}` names the source file: a post's is its URL
        (the post now in `content/`), as `post_url`'s is; another file keeps its path."""
        path = match.group(1).lstrip("/")
        posts = re.search(r"(?:^|/)_(?:posts|drafts)/(.+)$", path)
        url = post_url(posts.group(1) if posts else path, ctx)
        if url is not None:
            ctx.converted(line, match.group(0), "a link to the post")
            return url
        if posts is None:
            return "/" + path
        ctx.broken(line, match.group(0))
        return _missing_post(posts.group(1), ctx) or "/" + path

    part = _POST_URL.sub(linked, part)
    part = _LINK_TAG.sub(link_tag, part)
    part = _URL_FILTER.sub(lambda m: _filtered(m.group(1), ctx), part)
    return _BASEURL.sub(lambda m: _baseurl(m, ctx), part)


def _missing_post(name: str, ctx: Ctx) -> str | None:
    """Where a post that is not (yet) in the blog would be: the link stays a link, never
    Liquid printed on the page, and the link check names it."""
    stem, _, fragment = name.partition("#")
    match = re.match(r"^(?:\d{4}-\d{1,2}-\d{1,2}-)?(.+?)(?:\.\w+)?$", stem.rsplit("/", 1)[-1])
    if match is None or ctx.links.site is None:
        return None
    url = ctx.links.site("/" + slugify(match.group(1)) + "/")
    return None if url is None else url + (f"#{fragment}" if fragment else "")


def _filtered(url: str, ctx: Ctx) -> str:
    """`{{ "x" | relative_url }}` is the site's `/x`; a full URL stays as it is."""
    return url if urls.is_external(url) else site_path("/" + url.lstrip("/"), ctx)


def _baseurl(match: re.Match[str], ctx: Ctx) -> str:
    path = match.group(1)
    if path is None:  # `[home]({{ site.baseurl }})` is the home page; glued to more, nothing
        ends_url = match.string[match.end() : match.end() + 1] in (")", '"', "'")
        return site_path("/", ctx) if ends_url else ""
    return site_path(path, ctx)


def site_path(path: str, ctx: Ctx) -> str:
    """A path on the old site: a post's old URL leads to the post; otherwise the project file
    or the site's page that `links.site` makes of it."""
    if permalink := _PERMALINK.fullmatch(path):
        year, month, day, slug, fragment = permalink.groups()
        url = ctx.links.post(f"{year}-{month}-{day}-{slug}")
        if url is not None:
            return url + (fragment or "")
    if ctx.links.site is not None and (url := ctx.links.site(path)) is not None:
        return url
    return path
