"""`mlguide check`: passes on the real site; each broken fixture fails exactly its rule."""

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.commands.check import strict_checks

from .conftest import POST_SLUG, copy_repo_project

POST = Path("content") / f"{POST_SLUG}.md"


def run_check(site: Path) -> tuple[int, dict[str, list[str]]]:
    result = CliRunner().invoke(main, ["-C", str(site), "check", "--json"])
    data = json.loads(result.output)
    return result.exit_code, {r["rule"]: r["problems"] for r in data["rules"] if not r["ok"]}


def edit(site: Path, old: str, new: str, count: int = 1) -> None:
    path = site / POST
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def gif_line(site: Path, number: int) -> str:
    text = (site / POST).read_text()
    return next(line for line in text.splitlines() if f"gif-{number:02d}" in line)


def move_gif_3_into_step_2(site: Path) -> None:
    line = gif_line(site, 3)
    edit(site, line + "\n\n", "")
    edit(site, "**Deliverable:** go / no-go note", line + "\n\n**Deliverable:** go / no-go note")


def hero_saved_as_gif(site: Path) -> None:
    shutil.copy(
        site / "assets" / "ml-model-gif-06-evaluate.gif",
        site / "assets" / "blog-poster-1200x600.png",
    )


def hero_1200x630(site: Path) -> None:
    shutil.copy(
        site / "assets" / "blog-poster-1200x630.png", site / "assets" / "blog-poster-1200x600.png"
    )


def missing_alt(site: Path) -> None:
    line = gif_line(site, 4)
    edit(site, line, re.sub(r"^!\[[^\]]*\]", "![]", line))


def gif_used_twice(site: Path) -> None:
    edit(site, "## Step 9", gif_line(site, 5) + "\n\n## Step 9")


def dead_anchor(site: Path) -> None:
    edit(
        site,
        "Not every idea needs machine learning.",
        "Not every idea needs machine learning ([see](#no-such-section)).",
    )


def url_in_hook(site: Path) -> None:
    edit(site, 'share_hook: "Most ML', 'share_hook: "https://example.com Most ML')


def short_description(site: Path) -> None:
    edit(
        site,
        'description: "Ten steps to build a machine learning model — from KPIs and data '
        'prep to training, evaluation, deployment, and monitoring."',
        'description: "Ten steps."',
    )


CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    (
        "gif-3-in-step-2",
        move_gif_3_into_step_2,
        "gif-placement",
        "GIF 3 is in “Step 2 — Run a feasibility check”, not under Step 3, 4, 5, 6",
    ),
    ("hero-gif-named-png", hero_saved_as_gif, "hero", "is GIF, not PNG (magic bytes)"),
    ("hero-1200x630", hero_1200x630, "hero", "hero is 1200x630, not 1200x600"),
    ("missing-alt", missing_alt, "images", "has no alt text"),
    ("gif-used-twice", gif_used_twice, "gif-placement", "GIF 5 is used 2 times"),
    ("dead-anchor", dead_anchor, "links", "link `#no-such-section` points to a missing anchor"),
    ("url-in-hook", url_in_hook, "linkedin", "`share_hook` contains a URL"),
    ("short-description", short_description, "description", "is 10 characters, not 50–160"),
]


def test_real_site_passes(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    build(BuildOptions(site, site / "build"))
    code, failed = run_check(site)
    assert (code, failed) == (0, {})
    text = CliRunner().invoke(main, ["-C", str(site), "check"]).output
    assert text.count("✓") == 8 and "checklist: 8 of 8 rules pass" in text


@pytest.mark.parametrize(
    ("breakage", "rule", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_broken_fixture_fails_its_rule(
    tmp_path: Path, breakage: Callable[[Path], None], rule: str, message: str
) -> None:
    site = copy_repo_project(tmp_path)
    breakage(site)
    build(BuildOptions(site, site / "build"))
    code, failed = run_check(site)
    assert code == 1
    assert rule in failed, failed
    where = f"{POST_SLUG}/index.html: "
    assert any(p.startswith(where) and message in p for p in failed[rule]), failed[rule]


def test_missing_meta_description_in_the_built_page(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    build(BuildOptions(site, site / "build"))
    page = site / "build" / POST_SLUG / "index.html"
    page.write_text(re.sub(r'<meta name="description"[^>]*>\n', "", page.read_text()))
    code, failed = run_check(site)
    assert code == 1 and failed["description"] == [f"{POST_SLUG}/index.html: no meta description"]


def test_text_output_marks_the_failed_rule(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    url_in_hook(site)
    build(BuildOptions(site, site / "build"))
    result = CliRunner().invoke(main, ["-C", str(site), "check"])
    assert result.exit_code == 1
    assert "✗ LinkedIn: a short share hook without the URL" in result.output
    assert "checklist: 7 of 8 rules pass" in result.output


def test_strict_build_runs_the_checklist_and_keeps_the_old_build(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    build(BuildOptions(site, site / "build", strict=True), verify=strict_checks)
    before = (site / "build" / POST_SLUG / "index.html").read_bytes()
    gif_used_twice(site)
    with pytest.raises(StrictBuildError) as info:
        build(BuildOptions(site, site / "build", strict=True), verify=strict_checks)
    assert any(f.rule == "gif-placement" for f in info.value.findings)
    assert (site / "build" / POST_SLUG / "index.html").read_bytes() == before


def test_cli_build_strict_fails_on_the_checklist(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    url_in_hook(site)
    result = CliRunner().invoke(main, ["-C", str(site), "build", "--strict"])
    assert result.exit_code == 1
    assert "`share_hook` contains a URL" in result.output
    assert not (site / "build").exists()


def test_share_prints_hook_and_url_separately(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    out = CliRunner().invoke(main, ["-C", str(site), "share"]).output
    post, comment = out.split("First comment:")
    assert "Most ML projects fail" in post and "http" not in post
    assert comment.strip() == f"https://example.github.io/mlguide/{POST_SLUG}/"


def test_check_without_a_build_is_a_clean_error(tmp_path: Path) -> None:
    site = copy_repo_project(tmp_path)
    result = CliRunner().invoke(main, ["-C", str(site), "check"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "run `mlguide build` first" in result.output
