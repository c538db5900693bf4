"""Internal links and anchors of a built site, checked against the files it will contain."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Finding
from .output import OutputFile

# Only links: images are checked where they are rendered, with their Markdown line.
_ATTR = re.compile(rb'\shref="([^"]*)"')
_ID = re.compile(rb'\sid="([^"]+)"')


def page_ids(data: bytes) -> set[str]:
    return {m.decode() for m in _ID.findall(data)}


def internal_targets(data: bytes) -> list[str]:
    """Every local URL a page refers to (external and special schemes skipped)."""
    found = []
    for raw in _ATTR.findall(data):
        url = raw.decode().strip()
        if url and not re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I):
            found.append(url)
    return found


def resolve(page: str, url: str) -> tuple[str, str]:
    """(target file, fragment) for `url` on page `page`, both relative to the site root."""
    parts = urlsplit(url)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if parts.path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, fragment


def check_links(files: Sequence[OutputFile], sources: Mapping[str, Path]) -> list[Finding]:
    """Broken internal links and anchors in every HTML page, reported at their source line."""
    by_path = {f.path: f for f in files}
    ids: dict[str, set[str]] = {}
    findings: list[Finding] = []
    for page in sorted(p for p in by_path if p.endswith(".html") and p != "404.html"):
        for url in internal_targets(by_path[page].data):
            target, fragment = resolve(page, url)
            if target.startswith("../"):
                problem = f"link `{url}` points outside the site"
            elif target not in by_path and f"{target}/index.html" not in by_path:
                problem = f"link `{url}` points to a missing file"
            elif fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = page_ids(by_path[target].data)
                if fragment in ids[target]:
                    continue
                problem = f"link `{url}` points to a missing anchor"
            else:
                continue
            source = sources.get(page)
            findings.append(Finding("broken-link", problem, source, _line_of(source, url)))
    return findings


def _line_of(source: Path | None, needle: str) -> int | None:
    if source is None:
        return None
    try:
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            if needle.split("#")[-1] in line:
                return number
    except OSError:
        return None
    return None
