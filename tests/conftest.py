"""Shared fixtures: throwaway projects, the real site built once, a local HTTP server."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

# The store's signing keys go to a folder of the test run, not the user's state folder
# (subprocesses inherit it).
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="mlguide-test-state-")

from mlguide.commands.build import BuildOptions, build
from mlguide.site.content.sources import Source

from .installing import STEM, FreshVenvs, run

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
POST_SLUG = "ten-steps-to-build-a-machine-learning-model"

# Whole-program families: builds and serves through the command line, signals, the hostile
# suite, the cache's guarantees, pictures drawn for real. `make test` runs them; `make
# test-fast` (everyday work, about a minute) leaves them out, with `slow` and `browser`.
# Chosen by measured time (the families whose tests take ~0.5 s or more each).
INTEGRATION = frozenset(
    {
        "hostile",
        "test_assets.py",
        "test_bench_audit_scripts.py",
        "test_build.py",
        "test_cache.py",
        "test_cache_hardening.py",
        "test_cards_sheet.py",
        "test_cards_store.py",
        "test_check.py",
        "test_dark_pictures.py",
        "test_design_pages.py",
        "test_guarantees.py",
        "test_lastbuild.py",
        "test_math_corpus.py",
        "test_packaging.py",
        "test_properties.py",
        "test_root_files.py",
        "test_scenes_project.py",
        "test_scenes_starter.py",
        "test_serve.py",
        "test_serve_hardening.py",
        "test_signals.py",
        "test_workers.py",
    }
)


HEAVY = ("slow", "browser", "integration")


def _card_pool_from() -> int:
    from mlguide.cards import store

    return store.PARALLEL_FROM


CARD_POOL_FROM = _card_pool_from()  # read before the session's fixture changes it


@pytest.fixture(scope="session", autouse=True)
def cards_drawn_once_per_worker() -> Iterator[None]:
    """A card is a pure function of its text, size and palette (tests/test_cards.py holds
    it to that, across processes too), and hundreds of test projects draw the same few
    posts' cards: each test worker draws each card once. Drawing itself is tested where
    `card_png` is called by name."""
    from mlguide.cards import draw, store

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draw, "card_png", functools.lru_cache(maxsize=1024)(draw.card_png))
        # Drawn here, not in a pool of worker processes, whose drawings the cache never sees
        # (the `card_pool` fixture gives a test the pool back).
        patch.setattr(store, "PARALLEL_FROM", sys.maxsize)
        yield


@pytest.fixture
def card_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards drawn by worker processes from as few cards as a real build uses them."""
    from mlguide.cards import store

    monkeypatch.setattr(store, "PARALLEL_FROM", CARD_POOL_FROM)


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist and wheel of the working tree, built as for publishing, outside the repository
    (here, so that every test file shares one build: a fixture imported into a second file
    is a second fixture, built again)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, REPO], cwd=out)
    return out


@pytest.fixture(scope="session")
def wheel(dist: Path) -> Path:
    (path,) = dist.glob(f"{STEM}-*.whl")
    return path


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> FreshVenvs:
    """`fresh_venv(path)` makes a new venv with pip at `path` (see installing.FreshVenvs)."""
    return FreshVenvs(tmp_path_factory.mktemp("pip-seed") / "venv")


def pytest_collection_finish(session: pytest.Session) -> None:
    """`--dist loadgroup` works by a suffix pytest-xdist writes into each node id; a pytest
    that stops honouring it (pytest-dev/pytest-xdist#1386, pytest 9.2) ends the grouping
    without a word, and the wheel is then built on every worker. Say so instead."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if lost:
        raise pytest.UsageError(
            f"pytest-xdist did not group {lost[0]} (and {len(lost) - 1} more): this pytest "
            "and pytest-xdist do not work together; install constraints.txt's versions"
        )


# Files whose tests share a site built once per module or session: one worker runs each,
# or every worker builds the same site (pytest-xdist hands out tests one by one).
ONE_WORKER = frozenset(
    {
        "test_browser_design.py",
        "test_design_pages.py",
        "test_math_corpus.py",
        "test_migrate.py",
        "test_migrate_quirks.py",
        "test_science.py",
        "test_site_browser.py",
        "test_tutorial_site.py",
        "test_whole_site.py",
    }
)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    weight: dict[Path, int] = {}  # 0: has slow tests, 1: browser or integration, 2: neither
    for item in items:
        family = item.path.relative_to(REPO / "tests").parts[0]
        if family in INTEGRATION:
            item.add_marker(pytest.mark.integration)
        if family in ONE_WORKER:
            item.add_marker(pytest.mark.xdist_group(family))
        marks = [i for i, name in enumerate(HEAVY) if item.get_closest_marker(name)]
        weight[item.path] = min([weight.get(item.path, 2), *[min(m, 1) for m in marks]])
    # Files with long tests first, each file's tests together (module fixtures are made once):
    # pytest-xdist hands out work in this order, so the long tests no longer start last and
    # keep one core busy while the other waits.
    items.sort(key=lambda item: weight[item.path])


def forget_last_build(project: Path) -> None:
    """The next build does its work even though nothing changed: for tests of that work
    (the page store after its entries were damaged), not of the build that does nothing."""
    for record in (project / ".mlguide-cache" / "store" / "records").glob("last-build-*"):
        record.unlink()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def tree_digest(root: Path, *, entries: bool = False, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `root` by its bytes' digest and every link by its target: two equal
    results mean nothing under `root` changed. `entries` adds folders and special files (a
    FIFO left behind is a change too); `skip` leaves out top-level names (a build folder
    inside the project). The one such helper of the suite."""
    if not root.exists():
        return {}
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] in skip:
            continue
        if path.is_symlink():
            out[rel.as_posix()] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif entries:
            out[rel.as_posix()] = "folder" if path.is_dir() else "special"
    return out


POST = """
---
title: A small post
description: A description long enough to be a real description of a small post.
date: 2026-01-02
---

## First section

Some text with a [link to the second](#second-section).

## Second section

More text.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal project: one post, no config, no templates (built-in defaults)."""
    write(tmp_path / "content" / "small-post.md", POST)
    return tmp_path


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real guide, built once from this repository's content, assets and templates."""
    out = tmp_path_factory.mktemp("site") / "build"
    build(BuildOptions(root=REPO, out_dir=out))
    return out


@pytest.fixture(scope="session")
def real_post(real_site: Path) -> str:
    return (real_site / POST_SLUG / "index.html").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Picture variants with the types hosts give them (Python's table may lack AVIF).
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".avif": "image/avif",
        ".webp": "image/webp",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 at a free port while the block runs: its URL. The one
    such server of the suite (five test files had their own)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(real_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port)."""
    with serving(real_site) as url:
        yield url


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# One call for the whole scroll: a call per step waited about 0.4 s each for a main thread
# busy decoding seven animations (7 s a page, most of the browser tests' time).
_SCROLL = """async (step) => {
  for (let y = 0; y < document.body.scrollHeight + innerHeight; y += step) {
    window.scrollTo({top: y, behavior: "instant"});  // the site scrolls smoothly
    // A frame, so that the figures' observer sees this place; a hidden page has none.
    await new Promise(r => { requestAnimationFrame(() => setTimeout(r, 30)); setTimeout(r, 500); });
  }
}"""


def scroll_through(page: Any, step: int = 700, scripts: bool = True) -> None:
    """Scroll to the bottom in steps, so every lazy image and animation is requested, then
    wait until each one is in. Without JavaScript, the page's timers never fire: a step
    per call."""
    if scripts:
        page.evaluate(_SCROLL, step)
    else:
        for y in range(0, page.evaluate("document.body.scrollHeight") + 900, step):
            page.evaluate(f"window.scrollTo({{top: {y}, behavior: 'instant'}})")
            page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one per test module."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium missing: run `make test-tools` (scripts/install-test-tools.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


def copy_repo_project(dest: Path) -> Path:
    """A copy of the real project (content, templates, assets, config) to break on purpose."""
    for name in ("content", "templates", "assets"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mlguide.yml", dest / "mlguide.yml")
    return dest


def fail_writing(monkeypatch: pytest.MonkeyPatch, name_end: str, err: int) -> None:
    """Make writing a page into the staging folder fail with `err` (ENOSPC, EACCES...) for
    every file whose path ends with `name_end` ("" for all): a disk that fills up midway."""
    from mlguide.site.write import staging

    real = staging.write_bytes

    def failing(target: Path, data: bytes) -> os.stat_result:
        if target.as_posix().endswith(name_end):
            raise OSError(err, os.strerror(err), str(target))
        return real(target, data)

    monkeypatch.setattr(staging, "write_bytes", failing)


def read_post(path: Path) -> Source:
    """One post read as a build reads it."""
    from mlguide.site.content.sources import scan_post
    from mlguide.site.render.markdown import first_paragraph

    return scan_post(path, first_paragraph)


def open_at(
    browser: Any, url: str, width: int, scheme: str = "light", measure_all: bool = False
) -> tuple[Any, Any]:
    """A new browser context and page at `url`, `width` px wide, light or dark. With
    `measure_all`, `content-visibility` is lifted so every part can be measured."""
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = ctx.new_page()
    page.goto(url, wait_until="load")
    if measure_all:
        page.add_style_tag(content="*{content-visibility:visible!important}")
    return ctx, page


def write_notebook(path: Path, cells: list[Any]) -> None:
    """A Python notebook of `cells` (nbformat's), as Jupyter saves one."""
    import nbformat
    from nbformat.v4 import new_notebook

    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
