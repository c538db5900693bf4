"""`mlguide check`: the publish checklist on a built site.

The site says how it was built (its marker records the base URL and whether drafts were
included), so `check` judges it against that, not against today's config; and a build
with drafts, or for a preview's address, is never ready to publish.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.paths import BUILD_MARKER, ProjectPaths
from mlguide.site.check.checklist import RULES, RuleResult, check_site, publishable
from mlguide.site.check.project_rules import project_rules
from mlguide.site.config.loader import load_config
from mlguide.site.config.settings import BASE_URL
from mlguide.site.pipeline import read_content


def built_with(build_dir: Path) -> dict[str, object]:
    marker = build_dir / BUILD_MARKER
    if not build_dir.is_dir():
        raise MlguideError("no built site here: run `mlguide build` first", build_dir)
    if not marker.is_file():
        raise MlguideError(
            f"not an mlguide build (no {BUILD_MARKER}): run `mlguide build` first", build_dir
        )
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MlguideError(f"the build marker is damaged: build again ({exc})", marker) from exc
    return data if isinstance(data, dict) else {}


def run_checks(paths: ProjectPaths, base_url: str | None = None) -> list[RuleResult]:
    marker = built_with(paths.output)
    config = load_config(paths.config, base_url)
    if base_url is None and isinstance(marker.get("base_url"), str):
        config = replace(config, base_url=BASE_URL.read(marker["base_url"]))
    # The posts the build published: its clock held some back, by name (see build_marker).
    index = read_content(paths, bool(marker.get("drafts")), config, future=True).index
    held = marker.get("held_back")
    held = held if isinstance(held, list) else []
    posts = [p for p in index.posts if index.relative_name(p.source) not in held]
    rules = (*RULES, *project_rules(config.checks))
    # A build with drafts or for a preview's address fails however good its pages are.
    first = publishable(paths.output, marker)
    pages = [*posts, *index.pages]
    return [first, *check_site(paths.output, pages, config, rules=rules, root=paths.root)]


def format_results(results: list[RuleResult]) -> str:
    marks = {"pass": "✓", "fail": "✗", "n/a": "–"}
    lines = []
    for r in results:
        suffix = "  (n/a: nothing to check)" if r.status == "n/a" else ""
        lines.append(f"{marks[r.status]} {r.title}{suffix}")
        lines += [f"    - {p}" for p in r.problems]
    failed = sum(r.status == "fail" for r in results)
    passed = sum(r.status == "pass" for r in results)
    na = sum(r.status == "n/a" for r in results)
    lines.append(
        f"checklist: {passed} of {len(results) - na} rules pass" + (f", {na} n/a" if na else "")
    )
    if failed:
        lines.append(f"{failed} rule(s) fail")
    return "\n".join(lines)


def results_json(results: list[RuleResult]) -> str:
    return json.dumps(
        {
            "ok": all(r.ok for r in results),
            "rules": [
                {
                    "rule": r.rule,
                    "title": r.title,
                    "status": r.status,
                    "ok": r.ok,
                    "problems": list(r.problems),
                }
                for r in results
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
