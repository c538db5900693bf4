"""BibTeX files read into entries a page can cite.

Read with bibtexparser 2 (MIT): it keeps going past a broken entry and says on which line it
started (so a typo in one entry is one warning at `refs.bib:line`, not a lost bibliography),
splits names the BibTeX way (`van der Maaten, Laurens`: von part, last, first, jr) and, with
pylatexenc, turns `Sch{\\"o}lkopf` and `{\\L}ukasz` into Unicode. pybtex was the other
candidate: it parses as well and also formats references, but a syntax error either stops
it (strict mode) or is printed to stderr and silently swallows the following entry, and its
LaTeX decoding leaves braces (`Sch{ö}lkopf`); mlguide formats the two styles it offers
itself (`citations.py`), so bibtexparser's strengths are the ones that matter.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide import limits
from mlguide.errors import Finding, MlguideError
from mlguide.site.config.yamlio import read_text

_BRACES = re.compile(r"[{}]")
_SPACE = re.compile(r"\s+")
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
_URL_COMMAND = re.compile(r"\\url\{([^{}]*)\}")


@dataclass(frozen=True)
class Person:
    first: str
    von: str
    last: str
    jr: str = ""

    @property
    def family(self) -> str:
        """What an author-year citation shows: `van der Maaten`."""
        return " ".join(p for p in (self.von, self.last) if p)

    @property
    def full(self) -> str:
        name = " ".join(p for p in (self.first, self.von, self.last) if p)
        return f"{name}, {self.jr}" if self.jr else name


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str  # article, inproceedings, book, misc, …
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    fields: tuple[tuple[str, str], ...]  # every other field, LaTeX decoded
    source: Path
    line: int

    def get(self, name: str) -> str:
        return next((v for k, v in self.fields if k == name), "")

    @property
    def year(self) -> str:
        return self.get("year") or self.get("date")[:4]

    @property
    def doi(self) -> str:
        return _DOI.sub("", _BRACES.sub("", self.get("doi:raw")).strip())

    @property
    def url(self) -> str:
        """The entry's web address: its `url`, else an arXiv `eprint`, else a `\\url{}` in
        its note or howpublished."""
        if url := _BRACES.sub("", self.get("url:raw")).strip():
            return url
        eprint = self.get("eprint").strip()
        if eprint and (self.get("archiveprefix") or self.get("eprinttype")).lower() == "arxiv":
            return f"https://arxiv.org/abs/{eprint}"
        for name in ("howpublished", "note"):
            if m := _URL_COMMAND.search(self.get(name + ":raw")):
                return m.group(1)
        return ""


def load_bibliographies(
    files: Sequence[tuple[Path, Path, int | None]],
) -> tuple[dict[str, Entry], list[Finding]]:
    """Every entry of every file, by key (a later file's entry wins), and the problems:
    a missing file is reported where it was named (`(bib, named_in, line)`), a broken
    entry at its own line in the .bib file."""
    entries: dict[str, Entry] = {}
    findings: list[Finding] = []
    for path, named_in, line in files:
        try:
            text = read_text(path, limits.BIBLIOGRAPHY_BYTES)
        except MlguideError as exc:
            # Said where the file is named: a wrong name is the usual cause; a file that is
            # there but unreadable (not UTF-8, too big) names its own line when it has one.
            at, at_line = (path, exc.line) if exc.line else (named_in, line)
            message = f"bibliography `{path.name}` cannot be read: {exc.message}"
            findings.append(Finding("citation", message, at, at_line))
            continue
        found, problems = parse_bibtex(text, path)
        entries.update(found)
        findings += problems
    return entries, findings


def parse_bibtex(text: str, path: Path) -> tuple[dict[str, Entry], list[Finding]]:
    from bibtexparser.entrypoint import parse_string  # here: only posts with a bibliography need it
    from bibtexparser.middlewares import (
        LatexDecodingMiddleware,
        SeparateCoAuthors,
        SplitNameParts,
    )

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # reported below instead
    raw = parse_string(text)
    decoded = parse_string(
        text,
        append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
    )
    raw_fields = {e.key: {f.key.lower(): str(f.value) for f in e.fields} for e in raw.entries}
    findings = [
        Finding(
            "citation",
            "this BibTeX entry cannot be read: "
            + _first_line(str(getattr(block.error, "abort_reason", "") or block.error)),
            path,
            (block.start_line or 0) + 1,
        )
        for block in decoded.failed_blocks
    ]
    entries: dict[str, Entry] = {}
    for e in decoded.entries:
        fields: list[tuple[str, str]] = []
        people: dict[str, tuple[Person, ...]] = {"author": (), "editor": ()}
        for field in e.fields:
            name = field.key.lower()
            if name in people and isinstance(field.value, list):
                people[name] = tuple(_person(p) for p in field.value)
            else:
                fields.append((name, _clean(str(field.value))))
        fields += [(f"{k}:raw", v) for k, v in raw_fields.get(e.key, {}).items()]
        if e.key in entries:
            message = f"BibTeX key `{e.key}` is used twice: the later entry is used"
            findings.append(Finding("citation", message, path, (e.start_line or 0) + 1))
        entries[e.key] = Entry(
            e.key,
            e.entry_type.lower(),
            people["author"],
            people["editor"],
            tuple(fields),
            path,
            (e.start_line or 0) + 1,
        )
    return entries, findings


def _person(parts: object) -> Person:
    def joined(name: str) -> str:
        return _clean(" ".join(getattr(parts, name, []) or []))

    return Person(joined("first"), joined("von"), joined("last"), joined("jr"))


def _clean(value: str) -> str:
    """Protective braces gone, whitespace and line breaks made single spaces."""
    return _SPACE.sub(" ", _BRACES.sub("", value)).strip()


def _first_line(text: str) -> str:
    return " ".join(text.strip().split("\n", 1)[0].split()) or "a syntax error"
