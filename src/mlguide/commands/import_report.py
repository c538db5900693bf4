"""`mlguide import-report`: what a blog brought from another generator became, post by post.

Every page is rendered (nothing is written) and each post's record is listed: the dialect it
was read in, what was read outside the front matter (a date from the file name, a slug kept
as written), every construct of its old generator that was converted, dropped (and why),
shown as text, or cannot be shown, and the pictures and formulas that will not appear.
`--strict` fails when anything was dropped, shown as text or cannot be shown, so a migration
can be held to "nothing lost" in CI.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide.errors import Finding, MlguideError, display_path
from mlguide.paths import ProjectPaths
from mlguide.site.content.foreign import CANNOT, CONVERTED, DROPPED, SHOWN, Change
from mlguide.site.permalinks import read_site_path
from mlguide.site.pipeline import iter_rendered, plan, prepare
from mlguide.site.render.post import RenderedPost

# Warnings of rendering that mean a part of the post will not appear on the page.
_NOT_SHOWN = {
    "missing-image": "picture not found",
    "external-image": "picture on another site",
    "math": "formula shown as TeX",
    "unsafe-link": "link removed",
    "old-url": "old URL not kept",  # another page owns it: no redirect there
}
# Notices of reading that say how the front matter was understood.
_READ = frozenset({"dates", "slug", "front-matter", "title"})
ACTIONS = (CONVERTED, DROPPED, SHOWN, CANNOT)


@dataclass(frozen=True)
class PostReport:
    source: Path
    dialect: str
    url: str
    old_url: str | None  # where the old generator published it: a redirect answers there
    read: tuple[Finding, ...]  # how its metadata was read, where it was not said outright
    changes: tuple[Change, ...]
    not_shown: tuple[Finding, ...]

    @property
    def lost(self) -> int:
        """Constructs dropped, shown as text or not shown, and parts that will not appear."""
        return sum(c.action != CONVERTED for c in self.changes) + len(self.not_shown)


@dataclass(frozen=True)
class Report:
    posts: tuple[PostReport, ...]
    failed: tuple[MlguideError, ...]  # posts that could not be rendered at all

    @property
    def lost(self) -> int:
        return sum(p.lost for p in self.posts) + len(self.failed)


def import_report(paths: ProjectPaths, jobs: int | None = None) -> Report:
    prepared = prepare(paths, None, drafts=True)
    site = prepared.site
    rendered: list[RenderedPost] = []
    failed: list[MlguideError] = []
    for result in iter_rendered(plan(site, prepared.sources, None), jobs):
        if isinstance(result, MlguideError):
            failed += result.errors
        else:
            rendered.append(result)
    read = {s.meta.source: [f for f in s.findings if f.rule in _READ] for s in prepared.sources}
    clashes = site.index.url_warnings
    posts = [
        PostReport(
            r.meta.source,
            r.meta.dialect,
            r.meta.url_path,
            r.meta.old_url,
            tuple(read.get(r.meta.source, ())),
            r.changes,
            (
                *(f for f in r.findings if f.rule in _NOT_SHOWN),
                *(f for f in clashes if f.path == r.meta.source),
            ),
        )
        for r in rendered
    ]
    return Report(tuple(sorted(posts, key=lambda p: str(p.source))), tuple(failed))


def format_report(report: Report, verbose: bool = False) -> str:
    """Per post: a line of counts, then each construct that was not simply converted (all of
    them with `verbose`), grouped so a construct used forty times is one line."""
    lines = []
    for post in report.posts:
        counts = Counter(c.action for c in post.changes)
        summary = ", ".join(f"{counts[a]} {a}" for a in ACTIONS if counts[a])
        extra = f", {len(post.not_shown)} not shown" if post.not_shown else ""
        was = f" (old URL {post.old_url} redirects here)" if _moved(post) else ""
        lines.append(
            f"{display_path(post.source)} ({post.dialect}) -> /{post.url}{was}: "
            f"{summary or 'nothing to convert'}{extra}"
        )
        for finding in post.read:
            lines.append(f"  read       {_at(finding.line)}{finding.message}")
        for (action, construct, note), where in _grouped(post.changes, verbose):
            lines.append(f"  {action:<10} {where}{construct}: {note}")
        for finding in post.not_shown:
            why = _NOT_SHOWN[finding.rule]
            lines.append(f"  not shown  {_at(finding.line)}{why}: {finding.message}")
    for error in report.failed:
        lines.append(f"{error} (not rendered)")
    totals = Counter(c.action for p in report.posts for c in p.changes)
    not_shown = sum(len(p.not_shown) for p in report.posts)
    lines.append(
        f"{len(report.posts)} post(s): "
        + ", ".join(f"{totals[a]} {a}" for a in ACTIONS)
        + f", {not_shown} part(s) not shown"
        + (f", {len(report.failed)} post(s) not rendered" if report.failed else "")
    )
    return "\n".join(lines)


def _grouped(changes: Sequence[Change], verbose: bool) -> list[tuple[tuple[str, str, str], str]]:
    groups: dict[tuple[str, str, str], list[int]] = {}
    for change in changes:
        if change.action == CONVERTED and not verbose:
            continue
        groups.setdefault((change.action, change.construct, change.note), []).append(change.line)
    out = []
    for key, numbers in groups.items():
        shown = ", ".join(str(n) for n in numbers[:5]) + (" …" if len(numbers) > 5 else "")
        where = f"line {shown}: " if len(numbers) == 1 else f"lines {shown} ({len(numbers)}×): "
        out.append((key, where))
    return out


def _moved(post: PostReport) -> bool:
    """Whether the post left its old address (the build writes a redirect page there)."""
    if not post.old_url or any(f.rule == "old-url" for f in post.not_shown):
        return False
    try:
        return read_site_path(post.old_url) != post.url
    except ValueError:
        return True


def _at(line: int | None) -> str:
    return f"line {line}: " if line else ""


def report_json(report: Report) -> str:
    return json.dumps(
        {
            "posts": [
                {
                    "source": str(p.source),
                    "dialect": p.dialect,
                    "url": p.url,
                    "old_url": p.old_url,
                    "read": [{"line": f.line, "message": f.message} for f in p.read],
                    "changes": [
                        {
                            "line": c.line,
                            "construct": c.construct,
                            "action": c.action,
                            "note": c.note,
                        }
                        for c in p.changes
                    ],
                    "not_shown": [
                        {"line": f.line, "rule": f.rule, "message": f.message} for f in p.not_shown
                    ],
                }
                for p in report.posts
            ],
            "failed": [str(e) for e in report.failed],
        },
        indent=1,
        ensure_ascii=False,
    )
