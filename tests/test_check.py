"""`mlguide check`: a small fixture project passes; each broken case fails exactly its rule.

The fixtures live in tests/fixtures/check/: `base/` is a passing project, each `cases/<case>/`
holds only what differs (files laid over the base, edits of its post) and the rule and message
it must produce. Counts of rules come from the checklist's own table.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.site.check.checklist import RULES
from mlguide.site.check.project_rules import project_rules

from .conftest import REPO, write

FIXTURES = Path(__file__).parent / "fixtures" / "check"
CASES = sorted(p.name for p in (FIXTURES / "cases").iterdir())
POST = Path("content") / "guide.md"
# Rules every checklist reports besides the table: built to publish (no drafts, no preview
# address), built pages, the GIF budget, and links.
ALWAYS = 4
# The guide's house rules (the repository's checks/guide.py), which the fixture declares.
HOUSE = project_rules([REPO / "checks" / "guide.py"])


def project(tmp_path: Path, case: str | None = None) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "base", site)
    shutil.copytree(REPO / "checks", site / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    if case is None:
        return site
    folder = FIXTURES / "cases" / case
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "case.yaml":
            target = site / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    post = site / POST
    text = post.read_text(encoding="utf-8")
    for old, new in spec.get("edits", []):
        assert old in text, (case, old)
        text = text.replace(old, new, 1)
    post.write_text(text, encoding="utf-8")
    return site


def case_spec(case: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / "cases" / case / "case.yaml").read_text(encoding="utf-8"))


def run_check(site: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["-C", str(site), "check", "--json", *args])
    data = json.loads(result.output)
    return result.exit_code, {r["rule"]: r for r in data["rules"]}


def test_the_fixture_project_passes_every_rule(tmp_path: Path) -> None:
    site = project(tmp_path)
    build(BuildOptions(site, strict=True))
    code, rules = run_check(site)
    assert code == 0
    names = ["publishable", "pages", *(r.name for r in (*RULES, *HOUSE)), "gif-budget", "links"]
    assert {name: r["status"] for name, r in rules.items()} == dict.fromkeys(names, "pass")
    text = CliRunner().invoke(main, ["-C", str(site), "check"]).output
    total = len(RULES) + len(HOUSE) + ALWAYS
    assert text.count("✓") == total and f"checklist: {total} of {total} rules pass" in text


@pytest.mark.parametrize("case", CASES)
def test_each_broken_case_fails_its_rule(tmp_path: Path, case: str) -> None:
    spec = case_spec(case)
    site = project(tmp_path, case)
    build(BuildOptions(site))
    code, rules = run_check(site)
    assert code == 1
    failed = {name for name, r in rules.items() if r["status"] == "fail"}
    assert spec["rule"] in failed, rules
    problems = rules[spec["rule"]]["problems"]
    # The file to open first, then the page it became.
    assert any(p.startswith("content/guide.md (guide/index.html): ") for p in problems), problems
    assert any(spec["message"] in p for p in problems), problems


def test_a_new_blog_gets_no_house_rule_and_n_a_for_what_it_lacks(tmp_path: Path) -> None:
    site = tmp_path / "plain"
    write(site / "mlguide.yml", "title: Plain\nbase_url: https://plain.mlguide.dev/\n")
    write(
        site / "content" / "plain.md",
        "---\ntitle: Plain\ndescription: A post without a single picture, to see which rules "
        "do not apply.\ndate: 2026-01-01\n---\n\nJust text.\n",
    )
    build(BuildOptions(site))
    _, rules = run_check(site)
    assert set(rules) == {"publishable", "pages", *(r.name for r in RULES), "gif-budget", "links"}
    assert rules["gif-budget"]["status"] == "n/a"
    text = CliRunner().invoke(main, ["-C", str(site), "check"]).output
    assert "– Every GIF of the site fits the 250 KB budget  (n/a" in text
    for house in ("GIF 1", "at-a-glance", "LinkedIn", "share", "Step"):
        assert house not in text, house
    page = site / "build" / "plain" / "index.html"
    page.write_text(re.sub(r'<meta property="og:image[^>]*>\n', "", page.read_text()))
    text = CliRunner().invoke(main, ["-C", str(site), "check"]).output
    assert "``" not in text  # never an empty value in a message
    assert "no og:image: social networks will show the post without a picture" in text


def test_check_reads_the_base_url_the_site_was_built_with(tmp_path: Path) -> None:
    site = project(tmp_path)
    build(BuildOptions(site, base_url="https://other.mlguide.dev/sub/"))
    code, rules = run_check(site)
    assert code == 0, {k: v["problems"] for k, v in rules.items() if v["problems"]}


def test_strict_drafts_checks_the_drafts_too(tmp_path: Path) -> None:
    site = project(tmp_path)
    write(
        site / "content" / "draft.md",
        "---\ntitle: Draft\ndescription: Short.\ndate: 2026-01-01\ndraft: true\n---\n\nText.\n",
    )
    build(BuildOptions(site, strict=True))  # the draft is not published: not checked
    with pytest.raises(StrictBuildError, match=r"draft.md:3: meta description is 6 characters"):
        build(BuildOptions(site, strict=True, drafts=True))


def test_strict_build_runs_the_checklist_and_keeps_the_old_build(tmp_path: Path) -> None:
    site = project(tmp_path)
    build(BuildOptions(site, strict=True))
    before = (site / "build" / "guide" / "index.html").read_bytes()
    shutil.rmtree(site)
    site = project(tmp_path, "gif-used-twice")
    shutil.copytree(tmp_path / "site", tmp_path / "unused", dirs_exist_ok=True)
    build(BuildOptions(site))  # a good build first
    good = (site / "build" / "guide" / "index.html").read_bytes()
    with pytest.raises(StrictBuildError) as info:
        build(BuildOptions(site, strict=True))
    assert any("(rule: gif-placement)" in e.message for e in info.value.errors)
    assert (site / "build" / "guide" / "index.html").read_bytes() == good
    assert before != good


def test_check_on_a_damaged_site_reports_instead_of_crashing(tmp_path: Path) -> None:
    site = project(tmp_path)
    build(BuildOptions(site))
    page = site / "build" / "guide" / "index.html"
    for hero in (site / "build" / "assets").glob("hero-1200x600*.png"):  # and its variants
        hero.write_bytes(b"not an image at all")
    code, rules = run_check(site)
    assert code == 1 and any("is not an image" in p for p in rules["hero"]["problems"])
    page.write_bytes(b"\xff\xfe broken bytes")
    code, rules = run_check(site)
    assert code == 1
    assert rules["pages"]["problems"] == ["guide/index.html: cannot be read as UTF-8 HTML"]


def test_check_without_a_build_is_a_clean_error(tmp_path: Path) -> None:
    site = project(tmp_path)
    result = CliRunner().invoke(main, ["-C", str(site), "check"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "run `mlguide build` first" in result.output


def test_share_prints_hook_and_url_separately(tmp_path: Path) -> None:
    site = project(tmp_path)
    out = CliRunner().invoke(main, ["-C", str(site), "share"]).output
    post, comment = out.split("First comment:")
    assert "Three steps, three pictures" in post and "http" not in post
    assert comment.strip() == "https://checks.mlguide.dev/guide/"


def test_every_gif_of_the_site_counts_against_the_budget_whatever_its_name(
    tmp_path: Path,
) -> None:
    from PIL import Image

    site = project(tmp_path)
    frames = [Image.effect_noise((400, 300), 80 + i).convert("P") for i in range(12)]
    frames[0].save(site / "assets" / "big.gif", save_all=True, append_images=frames[1:], loop=1)
    assert (site / "assets" / "big.gif").stat().st_size > 250 * 1024
    post = site / POST
    post.write_text(
        post.read_text().replace("Ship it,", "![Noise.](../assets/big.gif)\n\nShip it,")
    )
    build(BuildOptions(site))
    code, rules = run_check(site)
    assert code == 1
    (problem,) = rules["gif-budget"]["problems"]
    assert problem.startswith("assets/big.") and "KB, over the 250 KB budget" in problem


def test_pages_are_checked_like_posts_but_need_no_hero(tmp_path: Path) -> None:
    site = project(tmp_path)
    write(
        site / "content" / "pages" / "about.md",
        "---\ntitle: About\ndescription: Short.\n---\nMe.\n",
    )
    build(BuildOptions(site))
    code, rules = run_check(site)
    assert code == 1
    assert rules["description"]["problems"] == [
        "content/pages/about.md (about/index.html): meta description is 6 characters, not 50–160"
    ]
    assert rules["hero"]["status"] == "pass" and rules["linkedin"]["status"] == "pass"


def test_a_project_rule_that_fails_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = project(tmp_path)
    write(
        site / "checks" / "mine.py",
        """
        from mlguide.checklist import PostPage, Rule


        def broken(page: PostPage) -> list[str]:
            return [page.meta.params["missing"]]


        RULES = [Rule("mine", "A rule of mine", broken)]
        """,
    )
    config = site / "mlguide.yml"
    config.write_text(
        config.read_text().replace("[checks/guide.py]", "[checks/guide.py, checks/mine.py]")
    )
    build(BuildOptions(site))
    result = CliRunner().invoke(main, ["-C", str(site), "check"])
    assert result.exit_code == 1
    assert "mine.py:5: rule `mine` failed on guide/index.html: KeyError: 'missing'" in result.output


def test_a_rule_file_without_rules_says_how_to_write_one(tmp_path: Path) -> None:
    site = project(tmp_path)
    write(site / "checks" / "guide.py", "X = 1\n")
    build(BuildOptions(site))
    result = CliRunner().invoke(main, ["-C", str(site), "check"])
    assert result.exit_code == 1
    assert "guide.py:1: a rule file sets RULES = [Rule(name, title, check), ...]" in result.output


@pytest.mark.parametrize(
    ("declared", "ok"),
    [
        (("1438", "978"), True),  # the file's own size
        (("300", "204"), True),  # scaled in its proportions (a raw <img width="300">)
        (("300", "205"), True),  # within a pixel of rounding
        (("300", "300"), False),  # squashed
        ((None, None), False),  # no size: the page jumps when it loads
        (("50%", "204"), False),
    ],
)
def test_image_sizes_accept_a_size_in_the_pictures_proportions(
    declared: tuple[str | None, str | None], ok: bool
) -> None:
    from mlguide.site.check.checklist import _in_proportion

    assert _in_proportion(declared, (1438, 978)) is ok


def test_a_description_in_chinese_counts_its_characters_as_wide() -> None:
    from mlguide.site.check.checklist import description_width

    chinese = "一篇关于注意力机制的短文，用中文写成，介绍缩放点积注意力的直觉和它为什么有效。"
    assert len(chinese) == 39 and description_width(chinese) == 78  # within 50–160
    assert description_width("Plain words, café.") == 18
