"""Every input has a bound, checked before the step it protects: a file too large, YAML
whose aliases expand without end, front matter nested past any use, a title no card can set
in reasonable time, more tags than a post can mean. Each is one line at the file (and line)
that passes it; the previous build stays as it was."""

from __future__ import annotations

import time

import pytest

from .harness import POST, Project, fails_cleanly, write

BOMB = "\n".join(
    ["  a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"  {chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]"
        for i in range(1, 9)
    ]
)  # nine lines standing for 9^9 = 387 million values


def post(extra: str, title: str = "A post") -> str:
    return f"---\ntitle: {title}\ndate: 2026-01-03\n{extra}---\n\nText.\n"


def test_a_post_larger_than_any_post_is_refused_before_it_is_parsed(project: Project) -> None:
    write(project.root / "content" / "huge.md", POST + ("word " * 199 + "\n\n") * 11_000)
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/huge.md", "larger than 10 MB")
    kept.unchanged()


def test_a_config_larger_than_any_config_is_refused(project: Project) -> None:
    write(project.root / "mlguide.yml", "title: Big\n" + "# a comment line\n" * 80_000)
    kept = project.freeze()
    fails_cleanly(project.run("build"), "mlguide.yml", "larger than 1 MB")
    kept.unchanged()


def test_yaml_aliases_that_expand_without_end_are_refused_at_their_key(
    project: Project,
) -> None:
    # An unknown key is kept for templates (`params`): the page's cache key walked all
    # 387 million values, and the build never ended.
    write(project.root / "content" / "bomb.md", post(f"lol:\n{BOMB}\n"))
    kept = project.freeze()
    fails_cleanly(project.run("build", timeout=30), "content/bomb.md:4", "`lol` stands for more")
    kept.unchanged()


def test_yaml_nested_deeper_than_any_use_is_refused(project: Project) -> None:
    write(project.root / "content" / "deep.md", post("x: " + "[" * 900 + "]" * 900 + "\n"))
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/deep.md:4", "nested more than 64 levels")
    kept.unchanged()


def test_toml_nested_3000_deep_is_refused_without_a_recursion_error(project: Project) -> None:
    deep = "[" * 3000 + "]" * 3000
    write(
        project.root / "content" / "deep.md",
        f'+++\ntitle = "T"\ndate = 2026-01-03\nx = {deep}\n+++\n\nText.\n',
    )
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/deep.md:4", "nested more than 64 levels")
    kept.unchanged()


def test_toml_dotted_keys_3000_deep_are_refused(project: Project) -> None:
    key = ".".join(["x"] * 3000)
    write(
        project.root / "content" / "deep.md",
        f'+++\ntitle = "T"\ndate = 2026-01-03\n{key} = 1\n+++\n\nText.\n',
    )
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/deep.md:4", "nested more than 64 levels")
    kept.unchanged()


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_card_text_of_200000_characters_is_refused_at_its_line(
    project: Project, field: str
) -> None:
    # Without a space, setting it on a card took hours (line breaking was quadratic).
    long = "x" * 200_000
    extra = f"description: {long}\n" if field == "description" else ""
    write(project.root / "content" / "long.md", post(extra, long if field == "title" else "T"))
    kept = project.freeze()
    line = 2 if field == "title" else 4
    fails_cleanly(project.run("build", timeout=30), f"content/long.md:{line}", "200,000 characters")
    kept.unchanged()


def test_card_line_breaking_is_linear_in_the_text() -> None:
    """The layout itself, for text that reaches it some other way (`mlguide cards`, a
    template): ten times the text takes about ten times as long, not a hundred."""
    from mlguide.cards.layout import card_layout
    from mlguide.cards.text import CardText

    def seconds(n: int) -> float:
        start = time.perf_counter()
        card_layout(CardText("Site", "x" * n, "y" * n), (1200, 600))
        return time.perf_counter() - start

    seconds(100)  # fonts loaded
    small, large = min(seconds(2_000) for _ in range(3)), min(seconds(20_000) for _ in range(3))
    assert large < 25 * small, (small, large)


def test_more_tags_than_a_post_can_mean_are_refused(project: Project) -> None:
    tags = ", ".join(f"t{i}" for i in range(5_000))
    write(project.root / "content" / "tags.md", post(f"tags: [{tags}]\n"))
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/tags.md:4", "5000 tags and categories")
    kept.unchanged()


def test_a_tag_longer_than_a_file_name_is_refused(project: Project) -> None:
    write(project.root / "content" / "tag.md", post(f"tags: [{'t' * 5_000}]\n"))
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/tag.md:4", "5,000 characters long")
    kept.unchanged()


def test_a_240_character_slug_names_the_post_and_line(project: Project) -> None:
    # It failed naming `assets/generated/cards/.aaaa…-1200x600.png.x1y2z3.tmp`.
    write(project.root / "content" / "long.md", post(f"slug: {'a' * 240}\n"))
    kept = project.freeze()
    fails_cleanly(project.run("build"), "content/long.md:4", "`slug` is 240 characters long")
    kept.unchanged()


def test_a_file_name_too_long_for_a_url_names_the_post(project: Project) -> None:
    name = "b" * 240 + ".md"
    write(project.root / "content" / name, post(""))
    kept = project.freeze()
    fails_cleanly(project.run("build"), f"content/{name}", "the URL made from the file name")
    kept.unchanged()
