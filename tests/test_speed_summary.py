"""The build's summary line counts the files of the built site, whatever the build wrote and
whatever it kept from the last one: a rebuild that reuses search shards used to say 66 files
for a site of 78."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands.build import BuildOptions, build
from mlguide.site.write import search

from .conftest import write


def blog(root: Path, posts: int) -> Path:
    write(root / "mlguide.yml", "title: Counted\nbase_url: https://counted.mlguide.dev/\n")
    for i in range(posts):
        write(
            root / "content" / f"post-{i}.md",
            f"---\ntitle: Post {i}\ndescription: Post number {i} of a blog whose files are "
            f"counted.\ndate: 2026-01-{i + 1:02}\n---\n\nWords of post {i}.\n",
        )
    return root


def on_disk(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def test_every_build_counts_the_files_the_site_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # three shards: an edit reuses two
    root = blog(tmp_path / "blog", 5)
    cold = build(BuildOptions(root))
    total = on_disk(root / "build")
    assert cold.files == total
    assert cold.written == total  # nothing to keep: there was no build before

    with (root / "content" / "post-4.md").open("a") as fh:  # the newest: the last shard
        fh.write("\nOne more word.\n")
    edited = build(BuildOptions(root))
    assert on_disk(root / "build") == total
    assert edited.files == total  # the two reused shards' files counted too
    assert edited.written is not None and 0 < edited.written < total

    same = build(BuildOptions(root))
    assert same.unchanged
    assert (same.files, same.written) == (total, 0)


def test_the_summary_line_says_how_many_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    root = blog(tmp_path / "blog", 5)
    runner = CliRunner()
    first = runner.invoke(main, ["-C", str(root), "build"])
    total = on_disk(root / "build")
    assert first.exit_code == 0, first.output
    assert f"built 5 page(s), {total} files into" in first.output
    assert "written" not in first.output

    with (root / "content" / "post-4.md").open("a") as fh:
        fh.write("\nOne more word.\n")
    again = runner.invoke(main, ["-C", str(root), "build"])
    assert again.exit_code == 0, again.output
    line = next(x for x in again.output.splitlines() if x.startswith("built "))
    assert f"built 5 page(s), {total} files into" in line
    written = int(line.split("s (")[1].split(" written")[0])
    assert 0 < written < total
    assert line.endswith(f"({written} written, {total - written} unchanged)")
