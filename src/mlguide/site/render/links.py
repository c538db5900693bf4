"""Internal links, anchors and image references of a built site, checked against its files.

Each page's links and ids are extracted once, where the page is rendered (in parallel
workers); the site-wide check is then only set lookups, cheap enough for every serve rebuild.
`mlguide check` runs the same check on a site read back from disk.
"""

from __future__ import annotations

import difflib
import html
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import Finding, MlguideError, raise_all
from mlguide.site import urls

# A pattern that starts with a literal is scanned with a fast substring search, ten times
# quicker than one starting with `\s`; the attribute boundary is checked per match instead.
_HREF = re.compile(rb'href="([^"]*)"')
_ID = re.compile(rb'id="([^"]+)"')
# `<a name="x">`: the anchor HTML had before ids, and that browsers still follow.
_NAME = re.compile(rb"""<a\s[^>]*?\bname=["']?([^"'\s>/]+)""", re.I)
_SRC = re.compile(rb'src="([^"]*)"')
_SRCSET = re.compile(rb'srcset="([^"]*)"')
# More warnings of one kind in one post than anyone reads: the rest are counted, not listed.
FINDINGS_PER_RULE = 20
_PLURALS = {"broken-link": "broken links", "missing-file": "missing files"}


@dataclass(frozen=True)
class PageLinks:
    hrefs: tuple[str, ...]  # local link targets, in page order
    ids: frozenset[str]
    # href -> every source line that links to it, in order
    lines: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    refs: tuple[str, ...] = ()  # local image and media sources
    # (href, line) -> the link as the author wrote it (`x.md#part`), where mlguide rewrote it
    written: dict[tuple[str, int], str] = field(default_factory=dict, compare=False)

    def shared(self) -> PageLinks:
        """The same links, each text the one copy the process holds (`sys.intern`). The
        pages of a site link to the same few hundred places (the home page, the feed, tag
        pages, the fonts), yet each page's links come from a worker as text of their own:
        kept for the site's link check, they took 9 KB a page, 90 MB at 10,000 pages."""
        intern = sys.intern
        return PageLinks(
            tuple(intern(href) for href in self.hrefs),
            frozenset(intern(ident) for ident in self.ids),
            {intern(href): lines for href, lines in self.lines.items()},
            tuple(intern(ref) for ref in self.refs),
            {(intern(href), line): text for (href, line), text in self.written.items()},
        )


def page_links(
    data: bytes,
    lines: Iterable[tuple[str, int]] = (),
    skip: Set[str] = frozenset(),
    written: Mapping[tuple[str, int], str] | None = None,
) -> PageLinks:
    """`lines`: (href, source line) of each link the Markdown wrote. `skip`: URLs the renderer
    has already reported (a missing image is one warning). `written`: what the author wrote
    for each (href, line) the renderer rewrote, which warnings quote."""
    hrefs = tuple(
        u
        for raw in _attribute_values(_HREF, data)
        if (u := html.unescape(raw.decode(errors="replace").strip()))
        and not urls.is_external(u)
        and u not in skip
    )
    refs = [r.decode(errors="replace").strip() for r in _attribute_values(_SRC, data)]
    for srcset in _attribute_values(_SRCSET, data):
        refs += [part.strip().split(" ")[0] for part in srcset.decode(errors="replace").split(",")]
    ids = [m.decode(errors="replace") for m in _attribute_values(_ID, data)]
    ids += [m[1].decode(errors="replace") for m in _NAME.finditer(data)]
    return PageLinks(
        hrefs,
        frozenset(ids),
        _lines_by_href(lines),
        tuple(
            r
            for ref in refs
            if (r := html.unescape(ref))
            and urls.classify(r, image=True) not in _NOT_FILES
            and r not in skip
        ),
        dict(written or {}),
    )


_NOT_FILES = (urls.UrlKind.EXTERNAL, urls.UrlKind.UNSAFE, urls.UrlKind.EMPTY)


def _lines_by_href(links: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    found: dict[str, dict[int, None]] = {}  # a dict keeps the order and drops repeats
    for href, line in links:
        found.setdefault(href, {})[line] = None
    return {href: tuple(lines) for href, lines in found.items()}


def _attribute_values(pattern: re.Pattern[bytes], data: bytes) -> list[bytes]:
    """Values of one attribute, skipping look-alikes such as `data-href` or `aria-id`, but
    keeping `data-src`/`data-srcset`, the lazily swapped-in animations. Only inside a tag:
    a code block showing `<a href="x">` holds it as text (`&lt;a href="x"`, the quotes left
    as they are), which is not a link."""
    out = []
    for m in pattern.finditer(data):
        before = data[m.start() - 1 : m.start()]
        lazy = pattern in (_SRC, _SRCSET) and data[m.start() - 5 : m.start()] == b"data-"
        if (before.isspace() or lazy) and _in_tag(data, m.start()):
            out.append(m[1])
    return out


def _in_tag(data: bytes, at: int) -> bool:
    """Whether `at` is inside a tag's `<...>`: no `>` since the nearest `<` before it, other
    than one inside a quoted attribute value (`<img alt="a > b" src=...>` is legal HTML)."""
    lt = data.rfind(b"<", 0, at)
    if lt < 0:
        return False
    if data.find(b">", lt, at) < 0:
        return True  # the usual case, decided without looking at quotes
    return _TAG_START.fullmatch(data, lt, at) is not None


# A tag's opening up to some point: names, spaces, `=` and quoted values, no bare `>`.
_TAG_START = re.compile(rb"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*""")


def site_path(page: str, url: str, base_path: str) -> tuple[str, str]:
    """(file, fragment) relative to the site root; a file outside the site starts with `../`."""
    fast = _simple_relative(page, url)
    if fast is not None:
        return fast
    if urls.classify(url) is urls.UrlKind.SITE_ROOT:
        path, fragment = urls.split(url)
        if not path.startswith(base_path):
            return "../" + path.lstrip("/"), fragment
        return urls.resolve_built("index.html", path[len(base_path) :] or "./")[0], fragment
    return urls.resolve_built(page, url)


def _simple_relative(page: str, url: str) -> tuple[str, str] | None:
    """The common shapes (`#part`, `../slug/`, `../tags/x/feed.xml` from `slug/index.html`)
    without URL parsing: a site of 1,000 posts has tens of thousands of such links."""
    if "%" in url or "?" in url or ":" in url or "//" in url or "/./" in url:
        return None
    path, _, fragment = url.partition("#")
    if not path:
        return page, fragment
    folder = page.rpartition("/")[0]
    if not path.startswith("../") or "/" in folder or "../" in path[3:] or not folder:
        return None
    target = path[3:]
    return (target + "index.html" if not target or target.endswith("/") else target), fragment


def check_links(
    pages: Mapping[str, PageLinks],
    files: Set[str],
    sources: Mapping[str, Path],
    base_path: str = "/",
) -> list[Finding]:
    """Broken internal links, anchors and image references in every page, reported at each
    source line that writes them when the page came from Markdown (once per page otherwise).
    `files` is every path the site contains.

    A post's relative link that climbs out of the site (`../../../etc/passwd`) is an error
    at its line, raised with the other findings as its warnings: it is a path on the
    author's disk, which no reader of the published page has (a link to a file outside the
    project that exists is already refused where the page is rendered). Out of the site
    through the root (`/other/` on a site published at `/repo/`) is another site of the same
    host, a warning."""
    findings: list[Finding] = []
    errors: list[MlguideError] = []
    for page in sorted(p for p in pages if p != "404.html"):
        links = pages[page]
        source = sources.get(page) or Path(page)  # the Markdown file, else the built page
        broken: list[Finding] = []
        for url in dict.fromkeys(links.hrefs):
            problem = _link_problem(page, url, pages, files, base_path)
            if problem is None:
                continue
            refused = problem == _OUT_OF_SITE and page in sources and _relative(url)
            for line in links.lines.get(url) or (None,):
                written = links.written.get((url, line or 0))
                if refused:
                    errors.append(
                        MlguideError(_as_written(_OUT_OF_DISK, url, written), source, line)
                    )
                else:
                    broken.append(
                        Finding("broken-link", _as_written(problem, url, written), source, line)
                    )
        findings += sorted(broken, key=lambda f: f.line or 0)  # down the post
        for ref in dict.fromkeys(links.refs):
            target, _ = site_path(page, ref, base_path)
            if target not in files:
                findings.append(
                    Finding("missing-file", f"`{ref}` is missing from the site", source)
                )
    findings = condense(findings)
    raise_all(errors, findings)
    return findings


_OUT_OF_SITE = "link `{link}` points outside the site"
_OUT_OF_DISK = (
    "link `{link}` leads out of the site, to a path on this computer that readers do not "
    "have: link to a file of the project, or give a full URL (https://…)"
)


def _relative(url: str) -> bool:
    return urls.classify(url) is urls.UrlKind.RELATIVE


def condense(findings: Sequence[Finding], limit: int = FINDINGS_PER_RULE) -> list[Finding]:
    """Each warning once, and at most `limit` of one rule per file, then one line, at the
    first one left out, that counts the rest: a post with 80,000 copies of one broken link
    must not print 80,000 lines."""
    out: list[Finding] = []
    left_out: dict[tuple[Path | None, str, bool], list[Finding]] = {}
    shown: Counter[tuple[Path | None, str, bool]] = Counter()
    for finding in dict.fromkeys(findings):
        kind = (finding.path, finding.rule, finding.notice)
        if shown[kind] < limit:
            shown[kind] += 1
            out.append(finding)
        else:
            left_out.setdefault(kind, []).append(finding)
    for (path, rule, notice), rest in left_out.items():
        what = _PLURALS.get(rule, f"`{rule}` {'notices' if notice else 'warnings'}")
        where = "page" if path is not None and path.suffix == ".html" else "post"
        more = f"… and {len(rest)} more {what} in this {where}"
        out.append(Finding(rule, more, path, rest[0].line, notice))
    return out


def _link_problem(
    page: str, url: str, pages: Mapping[str, PageLinks], files: Set[str], base_path: str
) -> str | None:
    """What is wrong with `url`, as a message with `{link}` where the link is to be quoted."""
    target, fragment = site_path(page, url, base_path)
    if target.startswith("../"):
        return _OUT_OF_SITE
    if target not in files and f"{target}/index.html" not in files:
        return "link `{link}` points to a missing file"
    if fragment and target in pages and fragment not in pages[target].ids:
        close = difflib.get_close_matches(fragment, sorted(pages[target].ids), n=1)
        guess = f"; did you mean `#{close[0]}`?" if close else ""
        return f"link `{{link}}` points to a missing anchor{guess}"
    return None


def _as_written(problem: str, url: str, written: str | None) -> str:
    """The message quoting the link as the author wrote it (`welcome.md#part`), with where
    mlguide sent it as a hint; the built URL alone when the page was not Markdown."""
    if written is None or written == url:
        return problem.replace("{link}", url, 1)
    written = _NON_ASCII_ESCAPES.sub(_unescaped, written)
    return f"{problem.replace('{link}', written, 1)} (it leads to `{url}`)"


# Markdown percent-encodes what is not ASCII in a link (`#café` becomes `#caf%C3%A9`); the
# author wrote the letters, so a message quotes them. `%20` and other ASCII escapes the
# author may have typed are left as they are.
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")


def _unescaped(match: re.Match[str]) -> str:
    try:
        return bytes.fromhex(match.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return match.group()
