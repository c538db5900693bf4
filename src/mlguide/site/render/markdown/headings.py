"""Headings: the title heading hidden (the template shows it), ids, permalinks and the TOC.

A heading may name its own id (`## Setup {#setup}`, as kramdown, Python-Markdown, Hugo and
Pandoc allow), and a post brought from another generator keeps the ids that generator made
(GitHub's and kramdown's keep `--` for ` & `, Python-Markdown's keep `_`): each becomes an
extra anchor on the heading, so the blog's existing `#links` still land.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlguide.site.content.foreign.kramdown import parse as parse_attrs
from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown.page import PageEnv, TocEntry, line_of, page_of

ID_LEVELS = (2, 3, 4)  # headings that get an id and a permalink
TOC_LEVELS = (2, 3)
_TRAILING_ATTRS = re.compile(
    r"\s*\{:?\s*((?:[#.][\w:.-]+|[\w-]+=\S+)(?:\s+(?:[#.][\w:.-]+|[\w-]+=\S+))*)\s*\}\s*$"
)
_NO_TOC = frozenset({"no_toc", "notoc", "no-toc"})


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("page_title", _hide_title)
    md.core.ruler.push("heading_ids", _heading_ids)


def _hide_title(state: StateCore) -> None:
    """A post whose title is its first `# Heading` shows that heading once, as the page h1."""
    wanted = page_of(state.env).title_line
    if wanted is None:
        return
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and line_of(token) == wanted:
            for t in tokens[i : i + 3]:
                t.hidden = True
            tokens[i + 1].children = []
            return


def _heading_ids(state: StateCore) -> None:
    page = page_of(state.env)
    tokens = state.tokens
    schemes = OLD_SCHEMES.get(page.dialect, ())
    seen: dict[str, dict[str, int]] = {name: {} for name, _ in schemes}
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.hidden:
            continue
        inline = tokens[i + 1]
        own = _own_attributes(inline)
        for name, value in own:
            if name == "class":
                token.attrJoin("class", value)
            elif name != "id":
                token.attrSet(name, value)
        if int(token.tag[1]) not in ID_LEVELS and page.dialect == "mlguide":
            continue  # an imported post's old generator gave every heading an id
        text = heading_text(inline)
        given = dict(own).get("id") or token.attrGet("id")
        ident = str(given) if given else page.ids.claim(slugify(text))
        if given:
            page.ids.taken.add(ident)
        token.attrSet("id", ident)
        level = int(token.tag[1])
        classes = set(str(token.attrGet("class") or "").split())
        if level in TOC_LEVELS and not classes & _NO_TOC:
            page.toc.append(TocEntry(level, ident, text))
        aliases = _old_ids(text, schemes, seen, page, ident)
        link = Token("html_inline", "", 0)
        link.content = (  # not indexed for search: its words are the same on every heading
            f' <a class="anchor" href="#{ident}" data-pagefind-ignore>#'
            '<span class="visually-hidden"> Link to this section</span></a>'
        )
        before = []
        for alias in aliases:
            anchor = Token("html_inline", "", 0)
            anchor.content = f'<span id="{alias}"></span>'
            before.append(anchor)
        inline.children = [*before, *(inline.children or []), link]


def _own_attributes(inline: Token) -> list[tuple[str, str]]:
    """`## Title {#id .class}`: the list is taken off the heading's text."""
    kids = inline.children or []
    if not kids or kids[-1].type != "text" or "{" not in kids[-1].content:
        return []
    m = _TRAILING_ATTRS.search(kids[-1].content)
    if m is None:
        return []
    kids[-1].content = kids[-1].content[: m.start()]
    return parse_attrs(m.group(1))


def _old_ids(
    text: str,
    schemes: tuple[tuple[str, Callable[[str], str]], ...],
    seen: dict[str, dict[str, int]],
    page: PageEnv,
    ident: str,
) -> list[str]:
    """The ids the old generator gave this heading, where they differ from mlguide's."""
    out = []
    for name, scheme in schemes:
        base = scheme(text)
        if not base:
            continue
        count = seen[name].get(base, 0)
        seen[name][base] = count + 1
        alias = base if count == 0 else f"{base}-{count}"
        if alias != ident and alias not in page.ids.taken:
            page.ids.taken.add(alias)
            out.append(alias)
    return out


def github_id(text: str) -> str:
    """GitHub's and Hugo's (goldmark, `autoHeadingIDType = "github"`) and Jekyll's kramdown
    with GFM input: lower-case, punctuation gone, each space a dash (` & ` leaves `--`)."""
    text = text.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def kramdown_id(text: str) -> str:
    """kramdown's own (`auto_ids`): leading non-letters gone, ASCII letters, digits, spaces
    and dashes kept, each space a dash."""
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text)
    return text.replace(" ", "-").lower() or "section"


def python_markdown_id(text: str) -> str:
    """Python-Markdown's `toc` slugify (MkDocs, Pelican): accents dropped, `_` kept, runs of
    spaces and dashes one dash."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


OLD_SCHEMES: dict[str, tuple[tuple[str, Callable[[str], str]], ...]] = {
    "jekyll": (("gfm", github_id), ("kramdown", kramdown_id)),
    "hugo": (("github", github_id),),
    "mkdocs": (("python-markdown", python_markdown_id),),
    "pelican": (("python-markdown", python_markdown_id),),
    "zola": (),
}


def heading_text(inline: Token) -> str:
    """A heading's words; a formula counts as the text it shows (`ℒ ELBO`), not its TeX."""
    return "".join(
        (c.meta or {}).get("text", c.content) if c.type.startswith("math") else c.content
        for c in inline.children or []
        if c.type in ("text", "code_inline", "math_inline", "math_inline_double")
    )
