"""Did-you-mean for a link to a post a slip away (`welcom.md`, `Welcome.md`, `welcom`) and
for a picture named in raw HTML, as a Markdown image gets one."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from mlguide.commands.build import BuildOptions, build


def test_links_and_raw_pictures_a_slip_away_name_what_was_meant(tmp_path: Path) -> None:
    (tmp_path / "mlguide.yml").write_text("title: Blog\nbase_url: https://blog.test/\n")
    content = tmp_path / "content"
    (content / "img").mkdir(parents=True)
    Image.new("RGB", (40, 20), "red").save(content / "img" / "chart.png")
    (content / "2026-01-01-welcome.md").write_text("---\ntitle: Welcome\n---\nHi.\n")
    (content / "2026-01-02-slips.md").write_text(
        "---\ntitle: Slips\n---\n"
        "[a](2026-01-01-welcom.md) [b](2026-01-01-welcom) [c](2026-01-01-Welcome.md#x)\n\n"
        '<div>\n<img src="img/chrat.png" alt="z">\n</div>\n'
    )
    result = build(BuildOptions(tmp_path))
    said = sorted((f.line, f.message) for f in result.findings if f.path and "slips" in f.path.name)
    assert said == [
        (4, "link `2026-01-01-Welcome.md#x` points to a post that does not exist; did you mean `2026-01-01-welcome.md#x`?"),
        (4, "link `2026-01-01-welcom.md` points to a post that does not exist; did you mean `2026-01-01-welcome.md`?"),
        (4, "link `2026-01-01-welcom` points to a missing file; did you mean `2026-01-01-welcome.md`?"),
        (7, "image `img/chrat.png` not found; did you mean `img/chart.png`?"),
    ]  # fmt: skip
