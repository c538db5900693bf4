"""What one page's Markdown rendering needs and finds out, shared by every extension.

Everything page-specific (where images live, how links resolve, which ids are taken) arrives
through markdown-it's `env` as a `PageEnv`, so one `MarkdownIt` instance serves every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from markdown_it.utils import EnvType

from mlguide.errors import Finding
from mlguide.site.content.foreign.records import BlockAttrs
from mlguide.site.render.markdown.bibliography import Entry
from mlguide.site.render.markdown.sanitize import Published


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class ImageUse:
    """An image the Markdown asks for; `figure` when it stands alone in its paragraph."""

    src: str
    alt: str
    title: str
    line: int
    figure: bool
    # What only some syntaxes give, by name only (two branches once added fields in
    # different orders, and a positional call put media options into `attrs`).
    _: KW_ONLY
    attrs: tuple[tuple[str, str], ...] = ()  # from an attribute list: id, class, style, width
    dark_src: str = ""  # the same picture for dark mode (`#gh-dark-mode-only` twin)
    # A `:::` media block's options (`poster`, `width`, `height`, `start`), as written.
    options: tuple[tuple[str, str], ...] = ()

    def option(self, key: str) -> str:
        return next((v for k, v in self.options if k == key), "")


@dataclass(frozen=True)
class Label:
    """Something numbered on the page that the text can refer to: an equation, a figure, a
    table."""

    kind: str  # "eq", "fig", "tbl"
    number: str
    id: str  # the element's id on the page


@dataclass(frozen=True)
class Citations:
    """The bibliography a post cites from, and how citations show."""

    entries: Mapping[str, Entry]
    style: str  # "author-year" or "numbered"


@dataclass
class NotebookPage:
    """The notebook a page is made from: its cells with their outputs (as saved, or as run
    at build time), and the files its outputs publish beside the page."""

    cells: Sequence[Any]  # nbformat cells
    stem: str  # names the published files: `<stem>-cell3-1.png`
    files: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass
class Ids:
    """Every id on one page, the template's own included, so none is used twice."""

    taken: set[str] = field(default_factory=set)

    def claim(self, wanted: str) -> str:
        ident, n = wanted, 0
        while ident in self.taken:
            n += 1
            ident = f"{wanted}-{n}"
        self.taken.add(ident)
        return ident


@dataclass
class PageEnv:
    """What one page's rendering needs and what it finds out (passed to markdown-it as env)."""

    source: Path
    ids: Ids
    render_image: Callable[[ImageUse, PageEnv], str] | None = None
    resolve_link: Callable[[str, int], str] | None = None  # (href, line) -> href
    title_line: int | None = None  # a `# Title` heading that is the page title, not body
    # The generator the post was written for: kramdown and Python-Markdown start a paragraph
    # at a line of inline HTML (`<br />`), and each made its own heading ids.
    dialect: str = "mlguide"
    block_attrs: tuple[BlockAttrs, ...] = ()  # attribute lists on lines of their own
    references: dict[str, Any] = field(default_factory=dict)  # the page's link definitions
    html_body: bool = False  # a post written in HTML (Jekyll's `.html` posts): only fences parse
    # (src, line) -> where a file a raw HTML tag names is published (its URL, a picture's
    # size), or None
    resolve_src: Callable[[str, int], Published | None] | None = None
    # A missing file's URL -> `; did you mean `x`?` naming a file a slip away, or ""
    did_you_mean: Callable[[str], str] | None = None
    findings: list[Finding] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    images: list[ImageUse] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # every link with its line
    reported: set[str] = field(default_factory=set)  # URLs already warned about: not twice
    math: int = 0
    # What the page's HTML needs beyond the basics ("code", "callouts", "media", "embeds"):
    # the template includes only those stylesheets and scripts.
    uses: set[str] = field(default_factory=set)
    macros: Mapping[str, str] = field(default_factory=dict)  # the site's and the post's
    labels: dict[str, Label] = field(default_factory=dict)  # numbered things, by label
    citations: Citations | None = None  # the post's bibliography, if it has one
    notebook: NotebookPage | None = None  # a notebook post's cells and outputs

    def warn(self, rule: str, message: str, line: int | None, url: str | None = None) -> None:
        self.findings.append(Finding(rule, message, self.source, line))
        if url is not None:
            self.reported.add(url)


def page_of(env: EnvType) -> PageEnv:
    page = env.get("page")
    assert isinstance(page, PageEnv), "render with markdown.render(tokens, PageEnv)"
    return page


def line_of(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def children(token: Token) -> Iterator[tuple[Token, int | None]]:
    """Each child of an inline token with its own source line: a paragraph spans lines."""
    line = line_of(token)
    for child in token.children or []:
        yield child, line
        if line is not None:  # a tag or a formula may span lines too
            line += child.content.count("\n") + (child.type in ("softbreak", "hardbreak"))


def matching_close(tokens: Sequence[Token], i: int) -> int:
    """The index of the token that closes tokens[i]: the next closing one on its level."""
    opener = tokens[i]
    closing = opener.type.removesuffix("_open") + "_close"
    for j in range(i + 1, len(tokens)):
        if tokens[j].type == closing and tokens[j].level == opener.level:
            return j
    return len(tokens) - 1
