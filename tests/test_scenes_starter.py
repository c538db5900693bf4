"""The starter scene authors copy: it renders within the budgets, and docs/pictures.md shows
it verbatim. (The engine tests in test_engine.py check its seam, bounds and contrast.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import mlguide
from mlguide.commands import render_assets as ra
from mlguide.paths import project_paths

REPO = Path(__file__).resolve().parent.parent
STARTER = Path(mlguide.__file__).resolve().parent / "starter" / "assets" / "scenes"
SECTION = "## Add an animated figure to your post"


def test_the_starter_renders_every_file_within_budget(tmp_path: Path) -> None:
    shutil.copytree(STARTER, tmp_path / "assets" / "scenes")
    (result,) = ra.render_assets(project_paths(tmp_path))
    assert result.name == "hello" and result.rendered and result.error is None
    ends = (".gif", ".webp", "-still.png", "-dark.webp", "-dark-still.png")
    files = [f"hello{end}" for end in ends]
    gif, webp, _, dark_webp, _ = (tmp_path / "assets" / f for f in files)
    assert all((tmp_path / "assets" / f).is_file() for f in files)
    assert gif.stat().st_size <= 250 * 1024
    assert webp.stat().st_size <= 0.75 * gif.stat().st_size
    assert dark_webp.stat().st_size <= 0.75 * gif.stat().st_size


def test_the_docs_show_the_starter_verbatim() -> None:
    readme = (REPO / "docs" / "pictures.md").read_text(encoding="utf-8")
    section = readme[readme.index(SECTION) :]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert block.group(1) == (STARTER / "hello.py").read_text(encoding="utf-8")
