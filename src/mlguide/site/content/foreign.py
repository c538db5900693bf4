"""Other generators' syntax in a post: translated where it has a meaning here, reported
where it has none, never printed as if it were text the author meant.

Jekyll's `{% highlight %}` becomes a fenced block, `{% post_url %}`, Hugo's `ref`/`relref`
and `[[wikilinks]]` become links to the post, `{{ site.baseurl }}/x` becomes the project file
`/x` or else the site's page `x` (relative, so a subpath works), `{% raw %}` is honoured and
Hugo's `figure` becomes an image. Pelican's `:::lang` blocks become fenced code, MkDocs tabs
become labelled blocks, `[TOC]` and `<!-- more -->` markers go (mlguide writes its own
contents and descriptions), and so do one-line template comments (`{# … #}`, `{{/* … */}}`),
which their generator never shows either. Everything else — template tags and expressions,
shortcodes, kramdown and heading attributes, snippet includes, wikilinks to no post — stays
visible as text with a warning naming the file, line and construct (a block's closing tag is
not reported again). Lines are rewritten in place, so line numbers do not move; code is left
alone.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import Finding
from mlguide.site import urls

# A post named the way its generator names it (`2023-04-02-slug`, `other.md`) -> URL or None.
PostLink = Callable[[str], str | None]
# A site path written after `{{ site.baseurl }}` (`/tags/`) -> the URL to write instead, or
# None to keep the path (it names a project file, which links and images resolve).
SiteUrl = Callable[[str], str | None]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HIGHLIGHT_FENCE = "{% highlight %}"  # inside one: only `{% endhighlight %}` ends it
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_HIGHLIGHT = re.compile(r"^\s*\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}\s*$")
_END_HIGHLIGHT = re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK_TAG = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_BASEURL = re.compile(r"(?:\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\})+(/[^\s)\"'<>]*)?")
_URL_FILTER = re.compile(
    r"""\{\{-?\s*["']([^"']+)["']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}"""
)
# Jekyll's default post URL, `/category/2023/04/02/slug.html`: the post `2023-04-02-slug`.
_PERMALINK = re.compile(r"(?:/[^/#?]+)*/(\d{4})/(\d\d)/(\d\d)/([^/#?]+?)(?:\.html)?/?(#.*)?")
_REF = re.compile(r"""\{\{<\s*(?:rel)?ref\s+["']?([^"'>\s]+)["']?\s*>\}\}""")
_FIGURE = re.compile(r"^\s*\{\{<\s*figure\s+(.*?)\s*/?>\}\}\s*$")
_COMMENT = re.compile(r"\{#.*?#\}|\{\{-?\s*/\*.*?\*/\s*-?\}\}")
_COMMENT_OPEN = re.compile(r"\{#[\s-]|\{\{-?\s*/\*")  # one that ends on a later line
_LIQUID = re.compile(
    r"\{%-?.*?-?%\}|\{\{-?\s*[A-Za-z_][^}]*?-?\}\}"
    r"|\{\{-?\s+[^\s{}<%/*][^{}]*?\s-?\}\}"  # an expression: `{{ 1 + 1 }}`, `{{ "a" | x }}`
)
_HEADING_ATTRIBUTES = re.compile(r"^ {0,3}#{1,6}\s.*?(\{[#.][^}\n]*\})\s*$")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\](?![(\[:])")
_SHORTCODE = re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}")
_KRAMDOWN = re.compile(r"\{:[^}\n]*\}")
_CLOSING = re.compile(r"^\{(?:%-?\s*end\w*\s*-?%|\{%\s*/[^%]*%\}|\{<\s*/[^>]*>\})\}?$")
_MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.I)
_TOC = re.compile(r"^\s*\[TOC\]\s*$")
_SNIPPET = re.compile(r"^\s*-{2,}8<-{2,}")
_TAB = re.compile(r'^(\s*)===\+?\s+"([^"]*)"\s*$')
_ANY = re.compile(r"\{|--8<|\[TOC\]|\[\[|<!--\s*more|:::|^\s*===", re.M | re.I)
_CODEHILITE = re.compile(r"^( {4}|\t)\s*:::([\w+#.-]+)\s*$")


@dataclass(frozen=True)
class Links:
    """How a post finds the others: by their generator's names, and by site path."""

    post: PostLink
    site: SiteUrl | None


@dataclass(frozen=True)
class Translated:
    text: str
    findings: tuple[Finding, ...]


def translate(
    text: str, source: Path, post_link: PostLink, site_url: SiteUrl | None = None
) -> Translated:
    if not _ANY.search(text):  # nearly every mlguide post: nothing to do
        return Translated(text, ())
    findings: list[Finding] = []
    lines = text.split("\n")
    fence = ""
    raw = False
    for i, line in enumerate(lines):
        number = i + 1
        if fence == _HIGHLIGHT_FENCE:
            if _END_HIGHLIGHT.match(line):
                lines[i], fence = "```", ""
            else:  # Jekyll runs Liquid before Markdown: `raw` tags go even inside code
                lines[i], raw = _raw(line, raw, lambda part: part)
            continue
        if not raw and (m := _FENCE.match(line)):
            fence = _toggle(fence, m.group(1))
            continue
        if fence:
            continue
        if highlight := _HIGHLIGHT.match(line):
            lines[i], fence = "```" + highlight.group(1), _HIGHLIGHT_FENCE
            continue
        if figure := _FIGURE.match(line):
            lines[i] = _figure(figure.group(1))
            continue
        if _MORE.match(line) or _TOC.match(line):
            lines[i] = ""
            continue
        if _SNIPPET.match(line):
            findings.append(
                Finding(
                    "foreign-syntax",
                    f"snippet include `{line.strip()}` is not supported: paste the text in",
                    source,
                    number,
                )
            )
            continue
        if tab := _TAB.match(line):
            lines[i] = f"{tab.group(1)}**{tab.group(2)}**"
            _dedent_block(lines, i + 1, len(tab.group(1)))
            continue
        if (code := _CODEHILITE.match(line)) and (i == 0 or not lines[i - 1].strip()):
            _codehilite(lines, i, code.group(2))
            fence = "```"
            continue

        def rewrite(part: str, number: int = number) -> str:
            return _outside_code(
                part, lambda p: _rewrite(p, Links(post_link, site_url), source, number, findings)
            )

        lines[i], raw = _raw(line, raw, rewrite)
    return Translated("\n".join(lines), tuple(findings))


def _indented(line: str, width: int) -> bool:
    return line.startswith(" " * width) or line.startswith("\t")


def _dedent_block(lines: list[str], start: int, outer: int) -> None:
    """A tab's body is indented four more than its `===` line: bring it back to Markdown."""
    inner = outer + 4
    for j in range(start, len(lines)):
        if lines[j].strip() and not _indented(lines[j], inner):
            return
        if lines[j].startswith("\t"):
            lines[j] = " " * outer + lines[j][1:]
        else:
            lines[j] = lines[j][:outer] + lines[j][inner:]


def _codehilite(lines: list[str], start: int, lang: str) -> None:
    """Pelican's indented block that starts with `:::lang` as a fenced block: the marker line
    opens the fence, the blank line after the block closes it."""
    lines[start] = "```" + lang
    j = start + 1
    while j < len(lines) and (not lines[j].strip() or _indented(lines[j], 4)):
        j += 1
    end = j
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    for k in range(start + 1, end):
        lines[k] = lines[k][1:] if lines[k].startswith("\t") else lines[k][4:]
    if end < len(lines) and not lines[end].strip():
        lines[end] = "```"
    else:
        lines[end - 1] += "\n```"  # no blank line to reuse: one line more, at the very end


def _toggle(fence: str, marker: str) -> str:
    if not fence:
        return marker
    return "" if marker[0] == fence[0] and len(marker) >= len(fence) else fence


def _raw(line: str, raw: bool, rewrite: Callable[[str], str]) -> tuple[str, bool]:
    """Drop the `{% raw %}` tags; what is between them is shown exactly as written, the rest
    is rewritten. Returns the line and whether a raw block is still open at its end."""
    out = []
    while True:
        match = (_RAW_CLOSE if raw else _RAW_OPEN).search(line)
        piece = line if match is None else line[: match.start()]
        out.append(piece if raw else rewrite(piece))
        if match is None:
            return "".join(out), raw
        line, raw = line[match.end() :], not raw


def _outside_code(line: str, rewrite: Callable[[str], str]) -> str:
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [rewrite(line[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join([*parts, rewrite(line[last:])])


def _rewrite(part: str, links: Links, source: Path, line: int, findings: list[Finding]) -> str:
    if "{" not in part and "[[" not in part:
        return part

    def report(what: str, text: str, why: str = "has no meaning here") -> None:
        message = f"{what} `{text}` {why} and is shown as text"
        findings.append(Finding("foreign-syntax", message, source, line))

    def linked(match: re.Match[str]) -> str:
        url = _post_url(match.group(1), links.post)
        if url is None:
            findings.append(
                Finding("broken-link", f"`{match.group(0)}`: no such post", source, line)
            )
            return match.group(0)
        return url

    def wikilink(match: re.Match[str]) -> str:
        embed, name, label = match.groups()
        url = None if embed else _post_url(name.strip(), links.post)
        if url is None:
            report("wikilink embed" if embed else "wikilink", match.group(0))
            return match.group(0)
        return f"[{(label or name).strip()}]({url})"

    part = _POST_URL.sub(linked, part)
    part = _REF.sub(linked, part)
    part = _LINK_TAG.sub(lambda m: "/" + m.group(1).lstrip("/"), part)
    part = _URL_FILTER.sub(lambda m: _filtered(m.group(1), links), part)
    part = _BASEURL.sub(lambda m: _baseurl(m, links), part)
    part = _COMMENT.sub("", part)
    part = _WIKILINK.sub(wikilink, part)
    if heading := _HEADING_ATTRIBUTES.match(part):
        report("heading attribute", heading.group(1))
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
                part = part.replace(text, "", 1)  # the opening tag's warning covers the block
                continue
            if _REF.fullmatch(text) or _POST_URL.fullmatch(text):
                continue  # an unknown post: reported as a broken link
            if pattern is _COMMENT_OPEN:
                opening = part[match.start() :].strip()
                report(what, opening if len(opening) <= 40 else opening[:40] + "…", _ONE_LINE)
                continue
            report(what, text)
    return part


_ONE_LINE = "does not end on its line (put it on one line to leave it out)"


def _post_url(name: str, post_link: PostLink) -> str | None:
    """`name#part` -> the post's URL with its fragment."""
    name, _, fragment = name.partition("#")
    url = post_link(name)
    return url + "#" + fragment if url is not None and fragment else url


def _filtered(url: str, links: Links) -> str:
    """`{{ "x" | relative_url }}` is the site's `/x`; a full URL stays as it is."""
    return url if urls.is_external(url) else _site_path("/" + url.lstrip("/"), links)


def _baseurl(match: re.Match[str], links: Links) -> str:
    path = match.group(1)
    if path is None:  # `[home]({{ site.baseurl }})` is the home page; glued to more, nothing
        ends_url = match.string[match.end() : match.end() + 1] in (")", '"', "'")
        return _site_path("/", links) if ends_url else ""
    return _site_path(path, links)


def _site_path(path: str, links: Links) -> str:
    """A path on the old site: a post's old URL leads to the post; otherwise the project file
    or the site's page that `links.site` makes of it."""
    if permalink := _PERMALINK.fullmatch(path):
        year, month, day, slug, fragment = permalink.groups()
        url = links.post(f"{year}-{month}-{day}-{slug}")
        if url is not None:
            return url + (fragment or "")
    if links.site is not None and (url := links.site(path)) is not None:
        return url
    return path


def _figure(attributes: str) -> str:
    """Hugo's `{{< figure src=… alt=… caption=… >}}` as the image line mlguide makes a figure of."""
    try:
        words = shlex.split(attributes)
    except ValueError:
        words = []
    attrs = dict(w.split("=", 1) for w in words if "=" in w)
    alt = attrs.get("alt") or attrs.get("title") or ""
    caption = attrs.get("caption") or attrs.get("title") or ""
    title = f' "{caption}"' if caption else ""
    return f"![{alt}]({attrs.get('src', '')}{title})"
