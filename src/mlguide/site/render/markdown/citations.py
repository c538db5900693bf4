"""Citations as Pandoc and Quarto write them, from the post's BibTeX bibliography:
`[@vaswani2017]`, `[see @he2016, p. 3; @kingma2014]`, `[-@he2016]` (the year alone), and
`@vaswani2017` in the text (the authors named in the sentence). A References section with
every cited entry (DOIs and URLs linked) closes the post.

Two styles: `author-year`, "(Vaswani et al., 2017)" and "Vaswani et al. (2017)", with
2017a/2017b when two cited works share both; `numbered`, "[1]" in the order of first
citation. A bracketed citation of a key the bibliography does not have is a warning at its
line (shown as `key?`, as Pandoc does); a bare `@word` that names no entry is left as text
(it is more often a handle than a typo).

Written by hand (the entries are read by bibtexparser, `bibliography.py`): the two styles
are a page of code, where a CSL processor would bring a style language and its files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown.bibliography import Entry, Person
from mlguide.site.render.markdown.page import Citations, PageEnv, TocEntry, children, page_of

_KEY = r"[\w][\w:.#$%&+?<>~/-]*[\w]|\w"
_BRACKETED = re.compile(r"\[((?:[^\[\]]*?)(?<![\w.])-?@(?:" + _KEY + r")[^\[\]]*)\]")
_ITEM = re.compile(r"^\s*(.*?)(-?)@(" + _KEY + r")(.*?)\s*$", re.S)
_IN_TEXT = re.compile(r"(?<![\w.@\[])@(" + _KEY + r")(?:\s\[([^\[\]@]+)\])?")
_CROSSREF = re.compile(r"^(?:fig|tbl|eq|sec)-", re.I)
_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class Cited:
    key: str
    prefix: str
    locator: str
    suppress_author: bool


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("citations", _citations)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("references", _render_references)


def _citations(state: StateCore) -> None:
    page = page_of(state.env)
    if not any(t.type == "inline" and "@" in t.content for t in state.tokens):
        return
    order: dict[str, int] = {}  # key -> number, in order of first citation
    for token in state.tokens:
        if token.type == "inline" and token.children and "@" in token.content:
            token.children = _split(token, page, order)
    if not order or page.citations is None:
        return
    labels = _labels(page.citations, list(order))
    for token in state.tokens:
        for child in token.children or []:
            if child.type == "citation":
                child.meta["labels"] = labels
    references = Token("references", "", 0)
    references.meta = {"keys": list(order), "labels": labels, "id": page.ids.claim("references")}
    references.block = True
    state.tokens.append(references)
    page.toc.append(TocEntry(2, references.meta["id"], "References"))


def _split(inline: Token, page: PageEnv, order: dict[str, int]) -> list[Token]:
    out: list[Token] = []
    for child, line in children(inline):
        if child.type != "text" or "@" not in child.content:
            out.append(child)
            continue
        text, last = child.content, 0
        for m in _matches(text, page):
            citation = _citation(m, page, order, line)
            if citation is None:
                continue
            if m.start() > last:
                out.append(_text(text[last : m.start()]))
            out.append(citation)
            last = m.end()
        out.append(child if last == 0 else _text(text[last:]))
    return [t for t in out if t.type != "text" or t.content]


def _matches(text: str, page: PageEnv) -> list[re.Match[str]]:
    found = list(_BRACKETED.finditer(text))
    taken = [(m.start(), m.end()) for m in found]
    for m in _IN_TEXT.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append(m)
    return sorted(found, key=lambda m: m.start())


def _citation(
    m: re.Match[str], page: PageEnv, order: dict[str, int], line: int | None
) -> Token | None:
    bracketed = m.re is _BRACKETED
    if bracketed:
        items = [_ITEM.match(part) for part in m.group(1).split(";")]
        if any(i is None for i in items):
            return None
        cited = [
            Cited(i.group(3), i.group(1).strip(), i.group(4).strip(" ,"), bool(i.group(2)))
            for i in items
            if i is not None
        ]
        if all(_CROSSREF.match(c.key) for c in cited):
            return None  # `[-@fig-x]`: a cross-reference
    else:
        key = m.group(1)
        if page.citations is None or key not in page.citations.entries:
            return None  # a handle or an address, not a citation
        cited = [Cited(key, "", (m.group(2) or "").strip(), False)]
    if page.citations is None:
        page.warn(
            "citation",
            f"citation `{m.group(0)}` but the post has no bibliography: set `bibliography:` "
            "in its front matter or in mlguide.yml",
            line,
        )
        return None
    for c in cited:
        if c.key in page.citations.entries:
            order.setdefault(c.key, len(order) + 1)
        else:
            page.warn("citation", f"citation `@{c.key}`: no such entry in the bibliography", line)
    token = Token("citation", "", 0)
    token.content = m.group(0)
    token.meta = {"cited": cited, "in_text": not bracketed, "labels": {}}
    return token


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


# --- labels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefLabel:
    number: int
    names: str  # "Vaswani et al."
    year: str  # "2017a"
    id: str


def _labels(citations: Citations, keys: list[str]) -> dict[str, RefLabel]:
    """Each cited entry's number, names and year, with 2017a/b where author and year meet."""
    entries = [citations.entries[k] for k in keys]
    names = [_names(e) for e in entries]
    years = [e.year or "n.d." for e in entries]
    seen: dict[tuple[str, str], list[int]] = {}
    for i, pair in enumerate(zip(names, years, strict=True)):
        seen.setdefault(pair, []).append(i)
    for group in seen.values():
        if len(group) > 1:
            for n, i in enumerate(group):
                years[i] += chr(ord("a") + n)
    return {k: RefLabel(n + 1, names[n], years[n], "ref-" + slugify(k)) for n, k in enumerate(keys)}


def _names(entry: Entry) -> str:
    people = entry.authors or entry.editors
    if not people:
        title = entry.get("title") or entry.key
        return title if len(title) <= 40 else title[:39] + "…"
    families = [p.family or p.full for p in people]
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]} et al."


# --- rendering ------------------------------------------------------------------------------


def _render_citation(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    page = page_of(env)
    style = page.citations.style if page.citations else "author-year"
    labels: dict[str, RefLabel] = meta["labels"]
    cited: list[Cited] = meta["cited"]
    parts = [_one(c, labels.get(c.key), style, meta["in_text"]) for c in cited]
    if meta["in_text"]:
        return parts[0]
    if style == "numbered":
        return f'<span class="citation">[{"; ".join(parts)}]</span>'
    return f'<span class="citation">({"; ".join(parts)})</span>'


def _one(c: Cited, label: RefLabel | None, style: str, in_text: bool) -> str:
    esc = html.escape
    if label is None:
        return f'<span class="citation-missing">{esc(c.key)}?</span>'
    locator = f", {esc(c.locator)}" if c.locator else ""
    prefix = f"{esc(c.prefix)} " if c.prefix else ""
    link = f'<a class="cite" href="#{label.id}">'
    if style == "numbered":
        if in_text:
            number = f"{link}{label.number}</a>{locator}"
            return f'{esc(label.names)} <span class="citation">[{number}]</span>'
        return f"{prefix}{link}{label.number}</a>{locator}"
    if in_text:
        return f"{link}{esc(label.names)}</a> ({label.year}{locator})"
    if c.suppress_author:
        return f"{prefix}{link}{label.year}</a>{locator}"
    return f"{prefix}{link}{esc(label.names)}, {label.year}</a>{locator}"


def _render_references(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page = page_of(env)
    if page.citations is None:
        return ""
    meta = tokens[idx].meta
    labels: dict[str, RefLabel] = meta["labels"]
    numbered = page.citations.style == "numbered"
    keys: list[str] = meta["keys"]
    if not numbered:
        keys = sorted(keys, key=lambda k: (labels[k].names.lower(), labels[k].year))
    items = []
    for key in keys:
        entry, label = page.citations.entries[key], labels[key]
        marker = f'<span class="ref-number">[{label.number}]</span> ' if numbered else ""
        items.append(f'<li id="{label.id}">{marker}{reference_html(entry, label.year)}</li>')
    tag = "ol" if numbered else "ul"
    return (
        f'<section class="references" aria-labelledby="{meta["id"]}">\n'
        f'<h2 id="{meta["id"]}">References</h2>\n'
        f'<{tag} class="reference-list">\n' + "\n".join(items) + f"\n</{tag}>\n</section>\n"
    )


def reference_html(entry: Entry, year: str) -> str:
    """One entry: authors, year, title, where it appeared, and its DOI or URL as a link."""
    esc = html.escape
    people = entry.authors or entry.editors
    names = _people(people) + (" (eds.)" if not entry.authors and entry.editors else "")
    title = entry.get("title")
    where = entry.get("journal") or entry.get("booktitle") or entry.get("publisher")
    where = where or entry.get("school") or entry.get("institution") or entry.get("howpublished")
    details = [
        f"vol. {esc(v)}" if (v := entry.get("volume")) else "",
        f"no. {esc(n)}" if (n := entry.get("number")) else "",
        f"pp. {esc(p.replace('--', '–'))}" if (p := entry.get("pages")) else "",
    ]
    parts = [f"{esc(names)} ({esc(year)})." if names else f"({esc(year)})."]
    if title:
        parts.append(f"{esc(title)}.")
    if where and not _URL.match(where):
        extra = ", ".join(d for d in details if d)
        parts.append(f"<em>{esc(where)}</em>{', ' + extra if extra else ''}.")
    if entry.doi:
        url = "https://doi.org/" + entry.doi
        parts.append(f'<a href="{esc(url)}">doi:{esc(entry.doi)}</a>')
    elif entry.url:
        parts.append(f'<a href="{esc(entry.url)}">{esc(_short_url(entry.url))}</a>')
    return " ".join(parts)


def _people(people: tuple[Person, ...]) -> str:
    names = [p.full for p in people]
    if len(names) > 6:
        return ", ".join(names[:6]) + ", et al."
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    if len(names) > 2:
        return ", ".join(names[:-1]) + ", and " + names[-1]
    return names[0] if names else ""


def _short_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
