"""Posts in scripts the cards' bundled fonts cannot draw (Chinese, Arabic, Devanagari...):
they always publish. What cannot be drawn is left off the card with a notice; a title that
cannot be drawn means no card, with a warning at its line (a notice for a draft left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.errors import Finding
from mlguide.paths import project_paths
from mlguide.site import pipeline

from .conftest import write

CARDS = Path("assets") / "generated" / "cards"


def post(project: Path, name: str, title: str, description: str, extra: str = "") -> None:
    write(
        project / "content" / f"{name}.md",
        f"---\ntitle: {title}\ndescription: {description}\ndate: 2026-01-04\n{extra}---\n\n"
        "注意力机制是一种让模型关注输入中重要部分的方法。\n",
    )


def cards(project: Path) -> list[str]:
    return sorted(p.name for p in (project / CARDS).glob("*.png"))


def test_a_title_the_fonts_cannot_draw_publishes_the_post_without_a_card(
    tmp_path: Path,
) -> None:
    post(tmp_path, "attention", "注意力机制", "What attention does, in a few sentences of text.")
    post(tmp_path, "latin", "A post in Latin letters", "Its card is drawn as usual, as ever.")
    result = build(BuildOptions(tmp_path))
    (finding,) = [f for f in result.findings if f.rule == "card"]
    assert not finding.notice and (finding.path, finding.line) == (
        tmp_path / "content" / "attention.md",
        2,
    )
    assert finding.message.startswith("no generated card for this post: the bundled fonts")
    assert "注 (U+6CE8)" in finding.message and "`og_image`" in finding.message
    page = (tmp_path / "build" / "attention" / "index.html").read_text(encoding="utf-8")
    assert "注意力机制" in page and 'property="og:image"' not in page
    assert cards(tmp_path) == [
        "latin-1200x600-dark.png",
        "latin-1200x600.png",
        "latin-1200x630.png",
    ]
    with pytest.raises(StrictBuildError, match="no generated card"):
        build(BuildOptions(tmp_path, strict=True))


def card_findings(project: Path, drafts: bool = False) -> list[Finding]:
    """What the cards stage says, notices included (a plain build shows only warnings)."""
    prepared = pipeline.with_cards(pipeline.prepare(project_paths(project), None, drafts))
    return [f for f in prepared.findings if f.rule == "card"]


def test_a_description_and_tags_the_fonts_cannot_draw_are_left_off_the_card(
    tmp_path: Path,
) -> None:
    post(
        tmp_path,
        "mixed",
        "Attention, explained",
        "一种让模型关注重要部分的方法",
        "tags: [nlp, 机器学习]\n",
    )
    result = build(BuildOptions(tmp_path))
    assert [f for f in result.findings if f.rule == "card"] == []  # notices: not a warning
    assert cards(tmp_path) == [
        "mixed-1200x600-dark.png",
        "mixed-1200x600.png",
        "mixed-1200x630.png",
    ]
    said = {(f.line, f.message.split(":")[0], f.notice) for f in card_findings(tmp_path)}
    assert said == {
        (3, "the generated card leaves out the description", True),
        (5, "the generated card leaves out a tag", True),
    }


def test_a_site_name_the_fonts_cannot_draw_is_left_off_every_card_said_once(
    tmp_path: Path,
) -> None:
    write(tmp_path / "mlguide.yml", "title: 机器学习笔记\n")
    post(tmp_path, "one", "First post", "The first of two posts on this blog, in English.")
    post(tmp_path, "two", "Second post", "The second of two posts on this blog, in English.")
    build(BuildOptions(tmp_path))
    assert len(cards(tmp_path)) == 6
    (said,) = card_findings(tmp_path)
    assert (said.path, said.line, said.notice) == (tmp_path / "mlguide.yml", 1, True)
    assert said.message.startswith("the generated cards leave out the site's name")


def test_a_draft_whose_title_cannot_be_drawn_is_a_notice(tmp_path: Path) -> None:
    post(
        tmp_path,
        "draft",
        "日本語のタイトル",
        "A draft whose title the fonts lack.",
        "draft: true\n",
    )
    result = build(BuildOptions(tmp_path))
    assert [f for f in result.findings if f.rule == "card"] == []  # a notice: not shown here
    assert cards(tmp_path) == []
    (notice,) = card_findings(tmp_path)
    assert notice.notice and notice.line == 2
    published = build(BuildOptions(tmp_path, drafts=True))
    (finding,) = [f for f in published.findings if f.rule == "card"]
    assert not finding.notice and finding.line == 2  # published now: a warning
