"""Cards are named by slug, but a slug is not unique on every site: two posts in two sections
(`/post/template/` and `/project/template/`) each get a card of their own (a real Hugo Blox
site stopped with a traceback: "two cards requested for the slug 'template'")."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mlguide.cli import main

from .conftest import write

POST = "---\ntitle: {title}\ndescription: A post of a site with sections, long enough.\ndate: 2026-01-0{day}\n---\n\nWords.\n"


def test_two_posts_with_one_slug_in_two_sections_get_two_cards(tmp_path: Path) -> None:
    write(
        tmp_path / "mlguide.yml",
        "title: Sections\nbase_url: https://sections.mlguide.dev/\npermalink: /:section/:slug/\n",
    )
    write(tmp_path / "content" / "post" / "template.md", POST.format(title="A post", day=1))
    write(tmp_path / "content" / "project" / "template.md", POST.format(title="A project", day=2))
    write(tmp_path / "content" / "solo.md", POST.format(title="Solo", day=3))
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
    assert result.exit_code == 0, result.output
    cards = tmp_path / "assets" / "generated" / "cards"
    heroes = sorted(p.name for p in cards.glob("*-1200x600.png"))
    assert len(heroes) == 3, heroes
    assert "solo-1200x600.png" in heroes  # a slug no other post has keeps its name
    assert all(h.startswith(("template-", "solo-")) for h in heroes)
    pages = [tmp_path / "build" / s / "template" / "index.html" for s in ("post", "project")]
    shown = {next(ln for ln in p.read_text().splitlines() if "og:image" in ln) for p in pages}
    assert len(shown) == 2  # each page shares its own card


def test_a_slug_that_is_another_posts_card_name_gets_a_card_of_its_own(tmp_path: Path) -> None:
    """The digest suffix is the same on every machine: a slug may be exactly it, in any case."""
    write(
        tmp_path / "mlguide.yml",
        "title: Sections\nbase_url: https://sections.mlguide.dev/\npermalink: /:section/:slug/\n",
    )
    for section, day in (("ml", 1), ("ops", 2)):
        write(tmp_path / "content" / section / "intro.md", POST.format(title=section, day=day))
    ml = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
    assert ml.exit_code == 0, ml.output
    cards = tmp_path / "assets" / "generated" / "cards"
    suffixed = sorted(
        p.name.removesuffix("-1200x600.png") for p in cards.glob("intro-*-1200x600.png")
    )
    assert len(suffixed) == 2
    for n, slug in enumerate((suffixed[0], suffixed[1].upper())):
        write(
            tmp_path / "content" / "zz" / f"x{n}.md",
            POST.format(title=f"Z{n}", day=3 + n).replace("---\n\n", f"slug: {slug}\n---\n\n"),
        )
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "build"])
    assert result.exit_code == 0, result.output
    heroes = [p.name.casefold() for p in cards.glob("*-1200x600.png")]
    assert len(heroes) == 4 and len(set(heroes)) == 4, heroes  # distinct on any disk
