"""The real guide, built from this repository: structure, metadata, feeds, validity."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build

from .conftest import POST_SLUG, REPO

DESCRIPTION = (
    "Ten steps to build a machine learning model — from KPIs and data prep to "
    "training, evaluation, deployment, and monitoring."
)
STEPS = [
    "Step 1 — Define the problem and success metrics",
    "Step 2 — Run a feasibility check",
    "Step 3 — Collect raw data",
    "Step 4 — Clean and explore (EDA)",
    "Step 5 — Engineer features",
    "Step 6 — Split data and kill leakage",
    "Step 7 — Choose a modeling approach",
    "Step 8 — Train and tune",
    "Step 9 — Evaluate on the held-out test set",
    "Step 10 — Deploy, monitor, and retrain",
]


def h2_texts(html: str) -> list[str]:
    html = html.split('<div class="prose">', 1)[1]  # the article body, not the TOC
    return [
        re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor".*?</a>', "", h)).strip()
        for h in re.findall(r"<h2 id=[^>]*>(.*?)</h2>", html, re.S)
    ]


def test_ten_steps_in_order_between_overview_and_faq(real_post: str) -> None:
    heads = h2_texts(real_post)
    assert heads[0] == "Overview"
    assert heads[1:11] == STEPS
    assert heads[11:] == ["The ten steps at a glance", "Where the time actually goes", "FAQ"]


def test_scrape_damage_is_repaired(real_post: str) -> None:
    for code in ("v2.4.pkl", "/predict", "future_spend"):
        assert f"<code>{code}</code>" in real_post
    assert "Publish checklist" not in real_post and "Regenerate assets" not in real_post
    assert real_post.count("Models rot. User behavior shifts.") == 1


def test_all_four_tables_render_as_tables(real_post: str) -> None:
    tables = re.findall(r"<table>.*?</table>", real_post, re.S)
    assert len(tables) == 4
    glance = next(t for t in tables if "Macro stage" in t)
    assert glance.count("<tr>") == 11 and "Define problem &amp; KPIs" in glance
    time_share = next(t for t in tables if "Typical calendar share" in t)
    assert "10–20% (ongoing)" in time_share


def test_title_and_meta_description(real_post: str) -> None:
    title = re.search(r"<title>(.*?)</title>", real_post).group(1)  # type: ignore[union-attr]
    assert "10 steps" in title and "complete ML pipeline" in title
    assert f'<meta name="description" content="{DESCRIPTION}">' in real_post


def test_social_tags_and_json_ld(real_post: str) -> None:
    og = dict(re.findall(r'<meta property="(og:[^"]+)" content="([^"]*)">', real_post))
    assert og["og:image"].startswith("https://") and og["og:image"].endswith(".png")
    assert "blog-poster-1200x630" in og["og:image"]
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    assert og["og:image:alt"]
    assert '<meta name="twitter:card" content="summary_large_image">' in real_post
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', real_post, re.S)
    data = json.loads(raw.group(1))  # type: ignore[union-attr]
    assert data["@type"] == "BlogPosting"
    assert data["description"] == DESCRIPTION
    assert data["image"]["url"] == og["og:image"] and data["image"]["height"] == 630
    assert data["datePublished"] == "2026-11-26" and data["dateModified"] == "2026-11-26"
    assert [a["name"] for a in data["author"]] == ["The ML Guide authors"]
    assert data["keywords"] == "machine-learning, mlops, guide"


def test_feed_sitemap_and_robots(real_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(real_site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{atom}summary").text == DESCRIPTION  # type: ignore[union-attr]
    sitemap = ET.parse(real_site / "sitemap.xml").getroot()
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    base = "https://example.github.io/mlguide/"
    tags = [f"{base}tags/{t}/" for t in ("guide", "machine-learning", "mlops")]
    pages = [f"{base}about/", f"{base}{POST_SLUG}/"]  # the About page too; its old URL not
    assert locs == sorted([base, f"{base}archive/", f"{base}tags/", *tags, *pages])
    for tag in tags:  # each tag has its own feed
        tag_feed = ET.parse(real_site / tag[len(base) :] / "feed.xml").getroot()
        assert len(tag_feed.findall(f"{atom}entry")) == 1
    robots = (real_site / "robots.txt").read_text()
    assert "Sitemap: https://example.github.io/mlguide/sitemap.xml" in robots


def test_home_lists_the_post_with_description_and_hero(real_site: Path) -> None:
    home = (real_site / "index.html").read_text()
    assert f'href="{POST_SLUG}/"' in home
    assert DESCRIPTION in home
    # its own hero, as a thumbnail from 40rem up (phones download nothing)
    assert re.search(
        r'<source srcset="assets/blog-poster-1200x600\.[0-9a-f]{10}\.png" media="\(min-width: 40rem\)"',
        home,
    )


def test_no_external_resources(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        html = page.read_text()
        loaded = re.findall(r'<(?:script|img|source)[^>]+(?:src|srcset)="([^"]+)"', html)
        loaded += re.findall(r'<link rel="(?:stylesheet|preload|icon)"[^>]+href="([^"]+)"', html)
        assert [u for u in loaded if re.match(r"(https?:)?//", u)] == [], page


VNU = REPO / ".cache" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: list[str]) -> list[str]:
    """The Nu HTML checker's errors on `pages` (it checks the CSS in <style> too)."""
    if not VNU.exists() or shutil.which("java") is None:
        pytest.skip("Nu checker or Java missing: run `make test-tools`")
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout"]
        + ["--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(proc.stdout)["messages"]
    return [
        f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]


@pytest.mark.slow
def test_nu_html_checker_reports_no_errors(real_site: Path) -> None:
    pages = sorted(str(p) for p in real_site.rglob("*.html"))
    assert nu_errors(pages) == []
    kinds = {Path(p).relative_to(real_site).parts[0] for p in pages}
    assert {"404.html", "index.html", "archive", "tags", POST_SLUG} <= kinds


SCIENCE_POST = """---
title: 'Numbered $\\beta$ equations'
description: A post of an ML writer, with the parts the guide has none of, for the checker.
date: 2026-01-01
---

$$
\\mathcal{L}(\\theta) = \\mathbb{E}_{q}[\\log p(x \\mid z)] - \\beta\\,\\mathrm{KL}(q \\,\\|\\, p)
$$ {#eq-elbo}

As @eq-elbo says, with $\\beta > 1$ the prior weighs more.[^1]

::: note
A callout with $x^2$ in it.
:::

| model | params |
|---|---:|
| ResNet-50 | 25.6M |

: Sizes {#tbl-sizes}

```python title="train.py"
loss = recon + beta * kl
```

[^1]: A footnote.
"""


@pytest.mark.slow
def test_nu_html_checker_reports_no_errors_on_a_math_post(tmp_path: Path) -> None:
    """Math, a numbered equation, a callout, a captioned table, a footnote and a titled
    code block: the guide has none of these, and their CSS is only on such pages."""
    root = tmp_path / "blog"
    (root / "content").mkdir(parents=True)
    (root / "mlguide.yml").write_text("title: Science\nbase_url: https://science.mlguide.dev/\n")
    (root / "content" / "math.md").write_text(SCIENCE_POST)
    build(BuildOptions(root))
    page = root / "build" / "math" / "index.html"
    assert "<math" in page.read_text()
    assert nu_errors([str(page)]) == []
