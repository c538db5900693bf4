"""The blog the "whole site" features are tested on: two pages, a five-entry menu, a renamed
post that keeps its old URL, a permalink pattern, a scheduled post and a recoloured theme.
Tests, the browser check and the audit build it from here, so all of them see one site."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

CONFIG = """
title: Gradient Notes
description: Notes on training models that behave, from the first dataset to the last alert.
base_url: https://gradient-notes.github.io/
author: Ada Example
permalink: /:year/:month/:slug/
feed: full
menu:
  - page: about
  - page: projects
  - archive
  - tag: evaluation
  - {name: GitHub, url: "https://github.com/"}
theme:
  accent: "#0f766e"
"""

PAGES = {
    "pages/about.md": """
        ---
        title: About
        description: Who writes Gradient Notes, why, and how to reach the author about models.
        ---

        I write about training models that behave. Start with
        [the first post](../posts/2026-03-01-first-steps.md).

        ## Contact

        Write to me at the address on GitHub.
        """,
    "pages/projects.md": """
        ---
        title: Projects
        description: Open-source projects around evaluation, data validation and monitoring.
        ---

        Tools I maintain for checking data and models before they ship.
        """,
}

POSTS = {
    "posts/2026-03-01-first-steps.md": """
        ---
        title: First steps
        description: Where to start when the first model you train looks too good to be true.
        tags: [evaluation, basics]
        ---

        Start with a baseline, and keep a test set nobody looks at.
        """,
    # Renamed: it was `leakage`, at /2026/04/leakage/. One line keeps the old URL working.
    "posts/2026-04-10-leakage-found-and-fixed.md": """
        ---
        title: Leakage, found and fixed
        description: How a leaking feature made a model look great, and what the fix looked like.
        aliases: [/2026/04/leakage/]
        tags: [evaluation]
        ---

        A feature computed after the label leaked it. See [first steps](2026-03-01-first-steps.md).
        """,
    "posts/2027-01-15-coming-later.md": """
        ---
        title: Coming later
        description: A post that waits for its date before it shows on the site and in the feeds.
        tags: [basics]
        ---

        Written ahead of time.
        """,
}

# When the scheduled post goes live: the clock of a build that publishes it.
LIVE_EPOCH = "1800000000"  # 2027-01-15T08:00:00Z
SCHEDULED = "2027/01/coming-later/"
RENAMED = "2026/04/leakage-found-and-fixed/"
OLD_URL = "2026/04/leakage/"


def write_blog(root: Path) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "mlguide.yml").write_text(dedent(CONFIG).lstrip(), encoding="utf-8")
    for name, text in {**PAGES, **POSTS}.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return root
