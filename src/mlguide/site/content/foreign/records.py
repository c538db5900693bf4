"""What translating a post's foreign syntax produced and found out, as data: the text, the
warnings, every construct with what became of it (the import report lists them), and the
attributes a block asked for (applied by the renderer, which sees the blocks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mlguide.errors import Finding

# A post named the way its generator names it (`2023-04-02-slug`, `other.md`) -> URL or None.
PostLink = Callable[[str], str | None]
# A site path written after `{{ site.baseurl }}` (`/tags/`) -> the URL to write instead, or
# None to keep the path (it names a project file, which links and images resolve).
SiteUrl = Callable[[str], str | None]
# A file a tag includes (`{% include_code x.py %}`), by the path written -> its text, or None.
ReadFile = Callable[[str], str | None]

CONVERTED = "converted"  # rendered the way its generator meant
DROPPED = "dropped"  # left out on purpose; a warning says what is lost
SHOWN = "shown as text"  # no meaning here: printed as written, with a warning
CANNOT = "cannot be shown"  # meant something mlguide cannot show; a warning says what


@dataclass(frozen=True)
class Links:
    """How a post finds the others: by their generator's names, by site path, and the
    files its tags include."""

    post: PostLink
    site: SiteUrl | None = None
    read: ReadFile | None = None


@dataclass(frozen=True)
class Change:
    """One construct of another generator and what became of it."""

    line: int
    construct: str  # as written, shortened
    action: str  # CONVERTED, DROPPED, SHOWN or CANNOT
    note: str  # what it became, or why not


@dataclass(frozen=True)
class BlockAttrs:
    """`{: #id .class key="value"}` on a line of its own (kramdown, attr_list): attributes
    of the block just above it (`after`), or just below it when a blank line is above."""

    line: int
    attrs: tuple[tuple[str, str], ...]
    after: bool


@dataclass(frozen=True)
class Translated:
    text: str
    findings: tuple[Finding, ...]
    changes: tuple[Change, ...] = ()
    attributes: tuple[BlockAttrs, ...] = ()


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Ctx:
    """One post's translation under way: its lines (rewritten in place, so line numbers
    never move) and what has been found."""

    source: Path
    links: Links
    dialect: str
    lines: list[str]
    findings: list[Finding] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    attributes: list[BlockAttrs] = field(default_factory=list)
    # The old blog's plugins (`jemoji`); None when no config file says which it ran.
    plugins: tuple[str, ...] | None = None

    def converted(self, line: int, construct: str, note: str) -> None:
        self.changes.append(Change(line, short(construct), CONVERTED, note))

    def dropped(self, line: int, what: str, construct: str, why: str) -> None:
        self.changes.append(Change(line, short(construct), DROPPED, why))
        message = f"{what} `{short(construct)}` is left out: {why}"
        self.findings.append(Finding("foreign-syntax", message, self.source, line))

    def lost(self, line: int, what: str, construct: str, why: str) -> None:
        """Kept, but what it did on the old site is lost (a class no style defines)."""
        self.changes.append(Change(line, short(construct), DROPPED, why))
        message = f"{what} `{construct}`: {why}"
        self.findings.append(Finding("foreign-syntax", message, self.source, line))

    def shown(self, line: int, what: str, construct: str, why: str = "has no meaning here") -> None:
        self.changes.append(Change(line, short(construct), SHOWN, why))
        message = f"{what} `{construct}` {why} and is shown as text"
        self.findings.append(Finding("foreign-syntax", message, self.source, line))

    def unsure(self, line: int, what: str, construct: str, why: str) -> None:
        """Kept as written where the old blog's behaviour cannot be known (`why` says)."""
        self.changes.append(Change(line, short(construct), SHOWN, why))
        message = f"{what} `{construct}` is shown as text: {why}"
        self.findings.append(Finding("foreign-syntax", message, self.source, line))

    def cannot(self, line: int, what: str, construct: str, why: str) -> None:
        self.changes.append(Change(line, short(construct), CANNOT, why))
        message = f"{what} `{short(construct)}` cannot be shown: {why}"
        self.findings.append(Finding("foreign-syntax", message, self.source, line))

    def broken(self, line: int, construct: str) -> None:
        self.changes.append(Change(line, short(construct), SHOWN, "no such post"))
        self.findings.append(
            Finding("broken-link", f"`{construct}`: no such post", self.source, line)
        )
