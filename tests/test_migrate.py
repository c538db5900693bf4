"""Blogs brought from Jekyll, Hugo, Zola, Pelican and MkDocs build as they are.

Each fixture under tests/fixtures/migrate/<style>/ is an exported blog copied into content/,
with `expected.yaml` written from the source generator's conventions (see that folder's
README). Every post is checked against it: metadata, warnings at their lines, links, images,
code, math and what must (not) reach the page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlguide.commands.build import BuildOptions, BuildResult, build
from mlguide.paths import project_paths
from mlguide.site.content.meta import PostMeta
from mlguide.site.pipeline import prepare

FIXTURES = Path(__file__).parent / "fixtures" / "migrate"
STYLES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.yaml").is_file())
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def expected(style: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / style / "expected.yaml").read_text(encoding="utf-8"))


def cases() -> list[tuple[str, str]]:
    return [(style, post) for style in STYLES for post in expected(style)["posts"]]


def visible(markup: str) -> str:
    """The text a reader sees: tags removed (Pygments splits code into spans), unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


class Built:
    """One fixture built once per test session: metadata of every post, the findings, pages."""

    def __init__(self, root: Path, result: BuildResult):
        self.root = root
        self.result = result
        prepared = prepare(project_paths(root), None, drafts=True)
        self.author = prepared.site.config.author
        self.metas: dict[str, PostMeta] = {
            s.meta.source.relative_to(root / "content").as_posix(): s.meta for s in prepared.sources
        }

    def page(self, meta: PostMeta) -> str:
        return (self.root / "build" / meta.url_path / "index.html").read_text(encoding="utf-8")

    def prose(self, meta: PostMeta) -> str:
        page = self.page(meta)
        return page.split('<div class="prose">', 1)[1].split('<footer class="post-footer"', 1)[0]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    out = {}
    for style in STYLES:
        root = tmp_path_factory.mktemp(style) / style
        shutil.copytree(FIXTURES / style, root)
        out[style] = Built(root, build(BuildOptions(root)))
    return out


@pytest.mark.parametrize("style", STYLES)
def test_the_blog_builds_with_every_published_post(built: dict[str, Built], style: str) -> None:
    site = expected(style)["site"]
    pages = sorted((built[style].root / "build").glob("*/index.html"))
    posts = [p for p in pages if p.parent.name not in ("tags", "archive", "page")]
    assert len(posts) == site["posts"] - site["drafts"]
    assert sum(m.draft for m in built[style].metas.values()) == site["drafts"]


@pytest.mark.parametrize(("style", "post"), cases(), ids=[f"{s}:{p}" for s, p in cases()])
def test_each_post_reads_as_its_generator_meant(
    built: dict[str, Built], style: str, post: str
) -> None:
    want = expected(style)["posts"][post]
    meta = built[style].metas[post]
    assert meta.title == want["title"]
    assert meta.date.date().isoformat() == want["date"]
    if "datetime" in want:
        written = dt.datetime.fromisoformat(want["datetime"])
        # A time without an offset is kept as written (and read as UTC).
        assert meta.date == (written if written.tzinfo else written.replace(tzinfo=dt.UTC))
    if "updated" in want:
        assert meta.updated.date().isoformat() == want["updated"]
    assert (meta.slug, meta.url_path) == (want["slug"], want["url"])
    assert list(meta.tags) == want["tags"]
    assert list(meta.categories) == want["categories"]
    assert list(meta.authors or [built[style].author]) == want["authors"]
    assert meta.draft == want["draft"]
    assert meta.description.translate(_QUOTES) == want["description"].translate(_QUOTES)
    assert meta.description_from == want["description_from"].split(" (")[0].lower()


@pytest.mark.parametrize(("style", "post"), cases(), ids=[f"{s}:{p}" for s, p in cases()])
def test_what_cannot_be_rendered_is_reported_at_its_line(
    built: dict[str, Built], style: str, post: str
) -> None:
    want = expected(style)["posts"][post]
    source = built[style].root / "content" / post
    found = [
        f for f in built[style].result.findings if f.path == source and f.rule == "foreign-syntax"
    ]
    assert sorted(f.line for f in found) == sorted(w["line"] for w in want["warnings"])
    for warning in want["warnings"]:
        assert any(warning["construct"] in f.message for f in found), warning
    broken = [
        f
        for f in built[style].result.findings
        if f.path == source and f.rule != "foreign-syntax" and not f.notice
    ]
    assert broken == []


@pytest.mark.parametrize(("style", "post"), cases(), ids=[f"{s}:{p}" for s, p in cases()])
def test_links_images_code_and_math_reach_the_page(
    built: dict[str, Built], style: str, post: str
) -> None:
    want = expected(style)["posts"][post]
    meta = built[style].metas[post]
    if meta.draft:
        return  # not built without --drafts; its metadata is checked above
    prose = built[style].prose(meta)
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', prose)]
    for link in want["links"]:
        target = link["url"]
        assert any(h.split("#")[0].endswith("../" + target.split("#")[0]) for h in hrefs), link
    for image in want["images"]:
        width, height = image["size"]
        assert f'width="{width}" height="{height}"' in prose, image
        name = Path(image["file"]).stem
        # The file itself (SVG, GIF) or its variants (`name-320w.…`, site/render/pictures.py)
        assert re.search(
            rf'src="[^"]*assets/{re.escape(name)}(?:-\d+w)?\.[0-9a-f]{{10}}\.', prose
        ), image
    for lang in want.get("code", []):
        assert f'class="language-{lang}"' in prose, lang
    if "tables" in want:
        assert prose.count("<table>") == want["tables"]
    if "math" in want:
        displays = prose.count('display="block"')
        assert (prose.count("<math") - displays, displays) == (
            want["math"]["inline"],
            want["math"]["display"],
        )
    for tex in want.get("tex", []):
        assert tex in html.unescape(prose), tex
    for admonition in want.get("admonitions", []):
        folds = admonition.get("collapsible")  # `???` and `???+`: a <details>
        tag, title = ("details", "summary") if folds else ("div", "p")
        opened = " open" if folds == "open" else ""
        assert f'<{tag} class="admonition {admonition["kind"]}"{opened}' in prose
        assert f'<{title} class="admonition-title">{admonition["title"]}</{title}>' in prose
    for tab in want.get("tabs", []):
        assert f"<strong>{tab['label']}</strong>" in prose
    for needle in want.get("html_contains", []):
        assert needle in visible(built[style].page(meta)), needle
    # Issue #11: what cannot be rendered stays visible as text, with a warning.
    shown_as_text = [w["construct"] for w in want["warnings"]]
    for needle in want.get("html_not_contains", []):
        if any(needle in construct for construct in shown_as_text):
            continue
        assert needle not in (prose if needle.startswith("<") else visible(prose)), needle
