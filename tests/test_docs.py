"""The documentation a reader can follow: a short README, a page per topic under docs/ that
docs/index.md lists, links and anchors that lead somewhere, the configuration reference as the
code declares it, and install instructions that name what the package really is."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = sorted([README, *DOCS.glob("*.md")])
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\(([^)\s]+)")


def project() -> dict[str, object]:
    data: dict[str, object] = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return data


def test_the_readme_is_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines: move detail to docs/"


def test_the_readme_installs_the_package_by_its_index_name() -> None:
    readme = README.read_text(encoding="utf-8")
    name = project()["name"]
    assert f"pipx install {name}" in readme
    repository = project()["urls"]["Repository"]  # type: ignore[index]
    # Until the first release: a release tag, or a wheel.
    assert f'pipx install "git+{repository}@v' in readme
    assert "pipx install dist/mlguide_blog-" in readme


def test_every_docs_page_is_listed_in_the_index() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = {m.group(1) or m.group(2) for m in LINK.finditer(index)}
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert pages - listed == set(), "add these pages to docs/index.md"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(REPO).as_posix() for p in PAGES])
def test_links_lead_to_files_and_headings_that_exist(page: Path) -> None:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans show links, they are not links
    broken = []
    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"[a-z]+:", target):
            continue  # https:, mailto:
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor} in {dest.name}")
    assert broken == []


def test_the_configuration_reference_is_what_the_script_writes() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import reference_docs
    finally:
        sys.path.pop(0)
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert reference_docs.with_tables(page) == page, "run python scripts/reference_docs.py"
    stale = page.replace("| Site name: the header", "| The site's name: the header")
    assert reference_docs.with_tables(stale) == page  # the script puts it back


def test_the_repository_address_is_the_packages() -> None:
    """README and docs name the repository the package's metadata names, and no other."""
    repository = project()["urls"]["Repository"]  # type: ignore[index]
    for page in PAGES:
        for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", page.read_text()):
            if "mlguide" in url.split("/")[3]:
                assert url == repository or url.startswith(repository), (page.name, url)


def test_the_readmes_start_a_blog_commands_work_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shell block under "Start a blog", run in order in an empty folder (serve left out:
    it runs until Ctrl-C; git as it is, if installed)."""
    import shlex
    import shutil
    import subprocess

    from click.testing import CliRunner

    from mlguide.cli import main

    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Start a blog") :]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [
        shlex.split(c, comments=True) for c in block.group(1).replace("\\\n", "").splitlines()
    ]
    monkeypatch.chdir(tmp_path)
    ran = []
    for args in commands:
        if args[0] == "cd":
            monkeypatch.chdir(args[1])
        elif args[:2] == ["mlguide", "serve"]:
            continue
        elif args[0] == "mlguide":
            result = CliRunner().invoke(main, args[1:])
            assert result.exit_code == 0, f"{shlex.join(args)}\n{result.output}"
        elif args[0] == "git" and shutil.which("git"):
            env = {"GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@ada.dev"}
            env |= {"GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@ada.dev"}
            part: list[str] = []
            for word in [*args, "&&"]:  # `a && b`: one command after the other
                if word != "&&":
                    part.append(word)
                    continue
                subprocess.run(part, check=True, capture_output=True, env={**os.environ, **env})
                part = []
        ran.append(args[:2])
    assert ["mlguide", "init"] in ran and ["mlguide", "build"] in ran
    assert (tmp_path / "my-blog" / "build" / "welcome" / "index.html").is_file()
    assert (tmp_path / "my-blog" / "content" / "how-we-ship-models.md").is_file()
    if shutil.which("git"):  # committed, on the branch the workflow publishes
        head = subprocess.run(
            ["git", "rev-parse", "--abbrev-ref", "HEAD"],
            cwd=tmp_path / "my-blog",
            capture_output=True,
            text=True,
            check=True,
        )
        assert head.stdout.strip() == "main"
