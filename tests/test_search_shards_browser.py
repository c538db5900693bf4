"""The sharded search index in real Chromium: the page's script merges the shards
(pagefind/shards.json), and a search finds what one Pagefind index of the whole site finds,
whichever shard a post is in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.site.write import search

from .conftest import serving, write
from .test_browser import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
POSTS = 7
QUERIES = (
    "beta",
    "alpha3",
    "alpha6",
    "gamma delta",
    "delta beta",
    "beta zzzqx",
    "nothing-matches-this",
)


@pytest.fixture
def sharded_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Seven posts in shards of two (four indexes), and beside them, in `whole/`, the index
    Pagefind's own command line makes of the whole site in one go."""
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Shards\nbase_url: https://shards.mlguide.dev/\n")
    for i in range(POSTS):
        words = "gamma delta" if i % 3 == 0 else "gamma"
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: Post number {i} of a blog with a sharded index.\n"
            f"date: 2026-01-{i + 1:02}\n---\n\nWords of post {i}: alpha{i} beta {words}.\n",
        )
    build(BuildOptions(root))
    site = root / "build"
    whole = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "whole"],
        capture_output=True,
        text=True,
    )
    if whole.returncode != 0:
        pytest.skip(f"Pagefind's command line did not run: {whole.stderr.strip()[-200:]}")
    with serving(site) as url:
        yield url


FIND = """async ([index, query]) => {
    const pf = await import(index + "pagefind.js");
    await pf.options({ baseUrl: "/" });
    const found = await pf.search(query);
    return (await Promise.all(found.results.map(r => r.data()))).map(d => d.url).sort();
}"""


def test_the_merged_shards_find_what_a_whole_site_index_finds(
    browser: Any,
    sharded_site: str,
) -> None:
    shards = sharded_site + "pagefind/"
    ctx, page, seen = open_page(browser, sharded_site, 1280)
    listed = page.evaluate(f"fetch('{shards}shards.json').then(r => r.json())")
    assert listed == {"shards": ["0/", "1/", "2/", "3/"]}
    page.click("[data-search-open]")  # the search field lives in a dialog the icon opens
    for query in QUERIES:
        page.fill("#search-input", "")
        page.focus("#search-input")
        page.keyboard.type(query)
        page.wait_for_function(
            "q => document.getElementById('search-status').textContent.includes(q)", arg=query
        )
        shown = sorted(
            page.eval_on_selector_all(
                "#search-results li a", "links => links.map(a => new URL(a.href).pathname)"
            )
        )
        whole = page.evaluate(FIND, [sharded_site + "whole/", query])
        assert shown == whole, query
    assert len(page.evaluate(FIND, [sharded_site + "whole/", "beta"])) == POSTS
    assert page.evaluate(FIND, [sharded_site + "whole/", "alpha6"]) == ["/post-6/"]
    assert seen["console"] == []
    ctx.close()
