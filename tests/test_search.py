"""Search: indexed inside the build, off with `search: false`, nothing loaded until wanted."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.site.write import search

from .conftest import write


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_build_writes_a_search_index_of_the_posts(project: Path) -> None:
    build(BuildOptions(project))
    index = project / "build" / "pagefind"
    assert (index / "pagefind.js").is_file() and list((index / "fragment").iterdir())
    assert not (index / "pagefind-ui.js").exists()  # only the API is published
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert '<form class="site-search" role="search" action="../archive/"' in page
    assert 'class="search-open" href="../archive/" data-search-open' in page  # no JS: archive
    assert "data-pagefind-body" in page


def test_search_false_leaves_no_index_and_no_form(project: Path) -> None:
    write(project / "mlguide.yml", "search: false\n")
    build(BuildOptions(project))
    assert not (project / "build" / "pagefind").exists()
    page = (project / "build" / "small-post" / "index.html").read_text()
    assert "site-search" not in page and "data-search-open" not in page


def test_a_failed_index_fails_the_build_and_keeps_the_old_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(project))
    before = digest(project / "build")

    def broken(*args: Any, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 1, "", "Error: the index could not be written\n")

    monkeypatch.setattr(search.subprocess, "run", broken)
    with pytest.raises(MlguideError, match="search: Pagefind failed: Error: the index could not"):
        build(BuildOptions(project, cache=False))  # nothing to reuse: the index must be made
    assert digest(project / "build") == before


def test_the_glance_table_links_each_gif_to_its_figure(real_post: str) -> None:
    table = real_post.split('id="the-ten-steps-at-a-glance"', 1)[1].split("</table>", 1)[0]
    for number, name in ((3, "data-prep"), (7, "deploy-monitor")):
        figure = f"figure-ml-model-gif-0{number}-{name}"
        assert f'<a href="#{figure}">GIF {number}</a>' in table
        assert f'id="{figure}"' in real_post
