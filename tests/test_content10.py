"""Edges a tester found in what a build reads and says: posts that are links out of the
project, URLs that differ only by case, links that leave the site, and messages that did not
name the file or said the wrong thing about it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main

from .conftest import write


def cli(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


def post(title: str, extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: {title}\ndescription: d\ndate: 2026-01-01\n{extra}---\n\n{body}\n"


def test_a_post_that_links_out_of_the_project_is_an_error(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = write(tmp_path_factory.mktemp("elsewhere") / "secret.md", post("Secret"))
    (project / "content" / "outside.md").symlink_to(outside)
    code, out = cli(project, "build")
    assert code == 1, out
    line = f"outside.md: is a link to {outside.resolve()}, outside the project"
    assert [x for x in out.splitlines() if x.startswith("error:")] == [
        x for x in out.splitlines() if line in x
    ], out
    assert not (project / "build").exists()


def test_a_post_that_links_inside_the_project_is_published(project: Path) -> None:
    write(project / "notes" / "kept.md", post("Kept elsewhere in the project"))
    (project / "content" / "kept.md").symlink_to(project / "notes" / "kept.md")
    code, out = cli(project, "build")
    assert code == 0, out
    assert "Kept elsewhere" in (project / "build" / "kept" / "index.html").read_text()


def test_a_content_folder_that_is_a_link_keeps_its_own_links(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # content/ -> a folder kept elsewhere (a synced folder): its posts, and links between
    # them, are the project's.
    elsewhere = tmp_path_factory.mktemp("synced")
    write(elsewhere / "a.md", post("First"))
    (elsewhere / "b.md").symlink_to(elsewhere / "a.md")
    project = tmp_path_factory.mktemp("project")
    (project / "content").symlink_to(elsewhere, target_is_directory=True)
    code, out = cli(project, "build")
    assert code == 0, out
    assert (project / "build" / "b" / "index.html").is_file()


def test_a_post_that_links_to_itself_is_called_a_loop(project: Path) -> None:
    (project / "content" / "loop.md").symlink_to("loop.md")
    code, out = cli(project, "build")
    assert code == 0, out
    assert "loop.md: a link that loops" in out, out
    assert "link to nothing" not in out


def test_two_urls_that_differ_only_in_case_are_an_error_naming_both_files(
    project: Path,
) -> None:
    # `Welcome/` and `welcome/` are one folder on macOS and Windows: one page silently
    # replaced the other in a build made there.
    write(project / "content" / "welcome.md", post("Welcome"))
    write(project / "content" / "hello.md", post("Hello", "slug: Welcome\n"))
    code, out = cli(project, "build")
    assert code == 1, out
    errors = [x for x in out.splitlines() if x.startswith("error:")]
    assert len(errors) == 1, out
    assert "hello.md:5: the URL `Welcome/` differs only in case from `welcome/`" in errors[0]
    assert "content/welcome.md" in errors[0] and "case-insensitive disk" in errors[0]
    assert not (project / "build").exists()


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ("slug: Tags\n", "the URL `Tags/` differs only in case from the site's own `tags/`"),
        ("aliases: [Small-Post/]\n", "the old URL `Small-Post/` differs only in case from "),
    ],
)
def test_a_url_that_differs_only_in_case_from_the_sites_own_or_the_posts_own(
    project: Path, extra: str, says: str
) -> None:
    write(project / "content" / "small-post.md", post("Small post", extra))
    code, out = cli(project, "build")
    assert code == 1 and says in out, out


def test_urls_that_differ_in_more_than_case_are_published(project: Path) -> None:
    write(project / "content" / "welcome.md", post("Welcome"))
    write(project / "content" / "hello.md", post("Hello", "slug: Welcome-2\n"))
    code, out = cli(project, "build")
    assert code == 0, out
    assert (project / "build" / "Welcome-2" / "index.html").is_file()


def test_a_link_that_leads_out_of_the_site_is_an_error_at_its_line(project: Path) -> None:
    # A published page must not link to a path on the author's disk.
    write(
        project / "content" / "small-post.md",
        post("Small", body="[anchor](#nowhere)\n\n[out](../../../etc/passwd)"),
    )
    code, out = cli(project, "build")
    assert code == 1, out
    errors = [x for x in out.splitlines() if x.startswith("error:")]
    assert len(errors) == 1, out
    assert "small-post.md:9: link `../../../etc/passwd` leads out of the site" in errors[0]
    # The link check's warnings are still said, first.
    assert out.index("small-post.md:7: link `#nowhere`") < out.index("error:"), out
    assert not (project / "build").exists()


def test_a_link_out_of_a_subpath_site_through_its_root_is_a_warning(project: Path) -> None:
    # `/blog/` on a site published at https://x.dev/notes/ is another site of that host.
    write(project / "mlguide.yml", "title: T\nbase_url: https://x.dev/notes/\n")
    write(project / "content" / "small-post.md", post("Small", body="[blog](/blog/)"))
    code, out = cli(project, "build")
    assert code == 0, out
    assert "link `/blog/` points outside the site (rule: broken-link)" in out, out


def _notebook(cells: object = (), metadata: object = None, **top: object) -> str:
    import json

    cells = list(cells) if isinstance(cells, tuple) else cells
    data = {"cells": cells, "metadata": {} if metadata is None else metadata}
    return json.dumps({**data, "nbformat": 4, "nbformat_minor": 5, **top})


def _code(**parts: object) -> dict[str, object]:
    cell = {"cell_type": "code", "source": "1", "metadata": {}, "outputs": []}
    return {**cell, "execution_count": None, **parts}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_notebook(["x", "y"]), 'a damaged notebook: cell 1 is the text "x", not a cell'),
        (
            _notebook(metadata="m"),
            '`metadata` must be a mapping (an object, `{…}`), not the text "m"',
        ),
        (_notebook(cells="x"), '`cells` must be a list of cells, not the text "x"'),
        (_notebook(metadata={"kernelspec": "python3"}), "`metadata.kernelspec` must be a mapping"),
        (_notebook(metadata={"language_info": 3}), "`metadata.language_info` must be a mapping"),
        (_notebook([_code(metadata="m")]), "cell 1: `metadata` must be a mapping"),
        (_notebook([_code(outputs=["o"])]), 'cell 1, output 1 is the text "o", not an output'),
        (
            _notebook([_code(outputs=[{"output_type": "stream", "text": 5}])]),
            "cell 1, output 1: `text` must be text or a list of lines, not the number 5",
        ),
        (_notebook([_code(source=["a", 3])]), "a list holding the number 3"),
        (_notebook([_code(metadata={"tags": "hide"})]), "`metadata.tags` must be a list"),
        (_notebook(nbformat="4"), '`nbformat` must be a number (4), not the text "4"'),
        ("[1, 2]", "nb.ipynb: not a Jupyter notebook: the file holds a list, not a notebook"),
    ],
)
def test_a_malformed_notebook_says_what_is_wrong_in_the_file(
    project: Path, text: str, says: str
) -> None:
    write(project / "content" / "nb.ipynb", text)
    result = CliRunner().invoke(main, ["-C", str(project), "build"])
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    errors = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and "nb.ipynb: " in errors[0], result.output
    assert says in errors[0] and "attribute" not in errors[0], errors[0]


def test_a_notebook_of_broken_json_is_an_error_at_its_line(project: Path) -> None:
    write(project / "content" / "nb.ipynb", '{\n  "cells": [\n    oops\n  ]\n}\n')
    code, out = cli(project, "build")
    assert code == 1 and "nb.ipynb:3: not a Jupyter notebook: its JSON is broken" in out, out


def test_a_notebook_without_cell_ids_is_read_without_a_printed_warning() -> None:
    import warnings

    from mlguide.site.content.notebook import parse_notebook

    text = _notebook([{"cell_type": "markdown", "source": "# Hi", "metadata": {}}])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_notebook(text, Path("nb.ipynb"))
    assert [str(w.message) for w in caught] == []


def test_build_in_a_folder_that_is_no_project_says_so_and_how_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {tmp_path} is not an mlguide project (it has no mlguide.yml and no content/ "
        "folder): start one there with `mlguide init`, or give the project's folder with "
        "`-C DIR`"
    ]


def test_a_project_without_its_content_folder_is_asked_for_one(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "title: T\n")
    code, out = cli(tmp_path, "build")
    assert code == 1 and "content: no content folder: create it" in out, out


def _interrupted(project: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> str:
    def stop(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(where, stop)
        result = CliRunner().invoke(main, ["-C", str(project), "build", "-j", "1"])
    assert result.exit_code == 130, result.output
    return result.output


def test_an_interrupt_is_worded_the_same_before_and_during_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While the posts are read (before the build's own handling), and while pages are
    # assembled (within it): the same line, naming the output folder.
    early = _interrupted(project, monkeypatch, "mlguide.site.pipeline.prepare")
    late = _interrupted(project, monkeypatch, "mlguide.site.pipeline.assemble")
    assert early == late, (early, late)
    assert early.strip().endswith("build: interrupted: the previous build is untouched"), early


def test_a_url_that_differs_only_in_case_is_reported_at_the_url_line_that_made_it(
    project: Path,
) -> None:
    write(project / "content" / "about.md", post("About"))
    write(project / "content" / "a-first.md", post("First", "url: /About/\n"))
    code, out = cli(project, "build")
    assert code == 1, out
    assert "a-first.md:5: the URL `About/` differs only in case from `about/`" in out, out
    assert "give one of them another `url`" in out, out


def test_a_link_out_of_the_site_still_says_the_pages_own_warnings(project: Path) -> None:
    # The error comes from the site-wide link check, after every page is rendered: what the
    # pages found while rendering (a missing picture) is said with it, in one run.
    write(
        project / "content" / "small-post.md",
        post("Small", body="![a chart](chrat.png)\n\n[out](../../../etc/passwd)"),
    )
    code, out = cli(project, "build")
    assert code == 1, out
    assert "image `chrat.png` not found" in out, out
    assert "leads out of the site" in out


def test_serve_in_a_folder_that_is_no_project_says_so_and_writes_nothing(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "serve", "-p", "0"])
    assert result.exit_code == 1
    assert "is not an mlguide project" in result.output
    assert list(tmp_path.iterdir()) == []  # no preview cache made there
