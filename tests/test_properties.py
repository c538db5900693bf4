"""Generated front matter, config and Markdown thrown at the build (Hypothesis).

Whatever comes in, the build ends one of two ways: exit 0, or exit 1 with every error line
naming a file (and a line wherever one exists), never a traceback; and after a failure the
previous build is byte for byte what it was.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mlguide.cli import main

from .conftest import tree_digest

GOOD = "---\ntitle: Good\ndescription: A good post.\ndate: 2026-01-01\n---\n\nText.\n"
ERROR_LINE = re.compile(r"^error: \S[^:]*(:\d+)?: .+")
KEYS = [
    "title", "description", "date", "updated", "slug", "author", "authors", "tags",
    "categories", "draft", "hero", "hero_alt", "og_image", "share_hook", "excerpt",
    "summary", "lastmod", "taxonomies", "params", "status", "layout", "titel",
]  # fmt: skip
CONFIG_KEYS = [
    "title", "description", "base_url", "author", "author_url", "language", "social",
    "per_page", "search", "share", "analytics",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2026-02-30", "0000-01-01", "2026-01-01 25:00:00", "2026-01-01T10:00:00+25:00",
            "2026-11-26", "javascript:alert(1)", "<!--<script>", "a\x01b", "../../etc/passwd",
            "https://exa mple.com/", "C++", "café", "{{ site.baseurl }}", "$x$",
        ]
    ),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
markdown_bits = st.lists(
    st.sampled_from(
        [
            "# Title\n", "## Part\n", "#### deep\n", "text *em* **strong** `code`\n",
            "![alt](missing.png)\n", "![](x.gif \"cap\")\n", "[link](#nowhere)\n",
            "[post](other.md)\n", "[js](javascript:alert(1))\n", "$$\n\\frac{a}{\n$$\n",
            "$a_i$ and \\(b\\)\n", "{% include x.html %}\n", "{{< ref \"a.md\" >}}\n",
            "{: .note}\n", "```python\nx = 1\n```\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "<script>alert(1)</script>\n", "!!! note\n    body\n", "\x00\n", "\n",
            "---\n", "+++\n", "Title: x\n",
        ]
    ),
    max_size=12,
).map("".join)  # fmt: skip


def yaml_text(mapping: dict[str, Any]) -> str:
    try:
        return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "title: x\n"


# Each key also gets values of the kinds it is meant to hold, most of them slightly wrong.
dates = st.one_of(
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2026-02-30", "yesterday", "2026-13-01T00:00:00", "26/11/2026"]),
)
texts = st.text(max_size=200)
typed = {
    "date": st.one_of(
        dates, st.dictionaries(st.sampled_from(["created", "updated", "x"]), dates, max_size=2)
    ),
    "updated": dates,
    "tags": st.one_of(texts, st.lists(st.one_of(texts, st.integers()), max_size=4)),
    "slug": texts,
    "title": st.one_of(texts, st.integers()),
    "hero": st.sampled_from(
        ["../../../../etc/hostname", "/etc/passwd", "x.svg", "https://e.com/x.png", ""]
    ),
}
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=8) | st.fixed_dictionaries(
    {}, optional={k: v | values for k, v in typed.items()}
)


@pytest.fixture(scope="module")
def good_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project with one good post, built once: each example starts from a copy of it (a
    first build per example was half of this test's time)."""
    root = tmp_path_factory.mktemp("good")
    (root / "content").mkdir()
    (root / "content" / "good.md").write_text(GOOD, encoding="utf-8")
    first = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert first.exit_code == 0, first.output
    return root, tree_digest(root / "build")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    front=front_matter,
    raw_front=st.booleans(),
    body=markdown_bits,
    config=st.dictionaries(st.sampled_from(CONFIG_KEYS), values, max_size=5),
    file_name=st.sampled_from(
        ["post.md", "2026-01-02-dated.markdown", "bundle/index.md", "café.md"]
    ),
)
@example(
    front={"date": "<!--<script> not a date"},
    raw_front=False,
    body="",
    config={},
    file_name="post.md",
)
@example(
    front={"title": "<!--<script>", "date": "2026-01-01"},
    raw_front=False,
    body="",
    config={"title": "</script><!--"},
    file_name="post.md",
)
@example(
    front={"date": {"created": "2026-02-30"}},
    raw_front=False,
    body="",
    config={},
    file_name="post.md",
)
@example(
    front={},
    raw_front=False,
    body="$$\n\\frac{a}{\n$$\n",
    config={"base_url": "https://exa mple.com/"},
    file_name="café.md",
)
def test_any_input_ends_in_a_build_or_located_errors(
    good_project: tuple[Path, str],
    front: dict[str, Any],
    raw_front: bool,
    body: str,
    config: dict[str, Any],
    file_name: str,
) -> None:
    good, before = good_project
    root = Path(tempfile.mkdtemp(prefix="mlguide-prop-")) / "blog"
    try:
        shutil.copytree(good, root, symlinks=True)
        assert tree_digest(root / "build") == before
        runner = CliRunner()

        (root / "mlguide.yml").write_text(yaml_text(config), encoding="utf-8")
        post = root / "content" / file_name
        post.parent.mkdir(parents=True, exist_ok=True)
        header = yaml_text(front) if not raw_front else body[:60]
        post.write_text(f"---\n{header}---\n\n{body}", encoding="utf-8")

        result = runner.invoke(main, ["-C", str(root), "build"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            for feed in (root / "build").rglob("*.xml"):
                ElementTree.parse(feed)  # feeds and the sitemap always parse
            return
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        errors = [line for line in lines if line.startswith("error: ")]
        assert errors, lines
        for line in errors:
            assert ERROR_LINE.match(line), line
        if len(errors) > 1:
            assert lines[-1] == f"{len(errors)} errors"
        assert tree_digest(root / "build") == before
        assert not [p for p in root.iterdir() if p.name.startswith(".build.")]
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)
