"""A built page read back as data: the article's blocks in order, meta tags, images.

The publish checklist judges what readers get, so it reads the HTML, not the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Block:
    """A top-level element of the article body (h2, p, figure, table wrapper, ...)."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    images: list[dict[str, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Page:
    meta: dict[str, str] = field(default_factory=dict)  # name/property -> content
    images: list[dict[str, str]] = field(default_factory=list)  # every <img>, in order
    blocks: list[Block] = field(default_factory=list)  # children of div.prose
    headings: list[int] = field(default_factory=list)  # every h1-h6 level, in page order

    def sections(self) -> list[tuple[Block | None, list[Block]]]:
        """The body split at each h2: (heading, blocks under it)."""
        out: list[tuple[Block | None, list[Block]]] = [(None, [])]
        for block in self.blocks:
            if block.tag == "h2":
                out.append((block, []))
            else:
                out[-1][1].append(block)
        return out


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.depth = 0
        self.prose_depth: int | None = None
        self.block: Block | None = None
        self.block_depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.noscript = 0  # a <noscript> copy is the same figure again, for no-JS readers

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "noscript":
            self.noscript += 1
        if self.noscript:
            return
        if tag == "meta" and "content" in attrs:
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.page.meta[key] = attrs["content"]
        if tag == "img":
            self.page.images.append(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.page.headings.append(int(tag[1]))
        if tag in ("meta", "img", "source", "link", "br", "hr", "input"):
            self._void(tag, attrs)
            return
        self.depth += 1
        if tag == "div" and "prose" in attrs.get("class", "").split():
            self.prose_depth = self.depth
        elif self.prose_depth is not None and self.depth == self.prose_depth + 1:
            self.block = Block(tag, attrs)
            self.block_depth = self.depth
        elif self.block is not None:
            if tag == "tr":
                self.row = []
            elif tag in ("td", "th"):
                self.cell = []

    def _void(self, tag: str, attrs: dict[str, str]) -> None:
        if self.block is not None:
            if tag == "img":
                self.block.images.append(attrs)
            elif tag == "source":
                self.block.sources.append(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript":
            self.noscript -= 1
            return
        if self.noscript or tag in ("meta", "img", "source", "link", "br", "hr", "input"):
            return
        if self.block is not None:
            if tag in ("td", "th") and self.cell is not None and self.row is not None:
                self.row.append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.block.rows.append(self.row)
                self.row = None
        if self.block is not None and self.depth == self.block_depth:
            self.block.text = " ".join(self.block.text.split())
            self.page.blocks.append(self.block)
            self.block = None
        if self.prose_depth is not None and self.depth == self.prose_depth:
            self.prose_depth = None
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.block is not None and not self.noscript:
            self.block.text += data
            if self.cell is not None:
                self.cell.append(data)


def parse_page(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def heading_text(block: Block) -> str:
    """The heading's words without the permalink's "#" and its hidden label."""
    return re.sub(r"\s*#\s*Link to this section\s*$", "", block.text).strip()
