"""`mlguide check` and `mlguide share`: the publish checklist on a built site."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..checklist import PostFacts, RuleResult, check_site
from ..config import Config
from ..content import find_sources, load_post
from ..errors import Finding, MlguideError


def post_facts(config: Config, drafts: bool = False) -> list[PostFacts]:
    posts = [load_post(p) for p in find_sources(config.content_dir)]
    return [
        PostFacts(p.url_path, p.description, p.share_hook, config.base_url + p.url_path)
        for p in posts
        if drafts or not p.draft
    ]


def run_checks(build_dir: Path, config: Config) -> list[RuleResult]:
    if not build_dir.is_dir():
        raise MlguideError("no built site here: run `mlguide build` first", build_dir)
    return check_site(build_dir, post_facts(config))


def strict_checks(build_dir: Path, config: Config) -> Iterable[Finding]:
    """For `build --strict`: every failed rule becomes a finding, checked before the swap."""
    for result in run_checks(build_dir, config):
        for problem in result.problems:
            yield Finding(result.rule, problem)


def format_results(results: list[RuleResult]) -> str:
    lines = []
    for r in results:
        lines.append(f"{'✓' if r.ok else '✗'} {r.title}")
        lines += [f"    - {p}" for p in r.problems]
    failed = sum(not r.ok for r in results)
    lines.append(f"checklist: {len(results) - failed} of {len(results)} rules pass")
    return "\n".join(lines)


def results_json(results: list[RuleResult]) -> str:
    return json.dumps(
        {
            "ok": all(r.ok for r in results),
            "rules": [
                {"rule": r.rule, "title": r.title, "ok": r.ok, "problems": list(r.problems)}
                for r in results
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def share_text(config: Config, slug: str | None) -> tuple[str, str]:
    """The LinkedIn post (hook only) and, separately, the URL for the first comment."""
    posts = [p for p in (load_post(s) for s in find_sources(config.content_dir)) if not p.draft]
    if slug is not None:
        posts = [p for p in posts if p.slug == slug]
        if not posts:
            raise MlguideError(f"no post with slug `{slug}`")
    if not posts:
        raise MlguideError("no published post to share", config.content_dir)
    post = max(posts, key=lambda p: (p.date, p.slug))
    if not post.share_hook:
        raise MlguideError("no `share_hook` in the front matter", post.source, 1)
    return post.share_hook, config.base_url + post.url_path
