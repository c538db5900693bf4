"""Posts read as their generator meant them: front matter styles, metadata, every error's line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlguide.errors import ErrorGroup, MlguideError
from mlguide.site.content.meta import shorten
from mlguide.site.content.sources import find_sources, post_body, scan_posts
from mlguide.site.render.markdown import first_paragraph

from .conftest import read_post, write

UTC = dt.UTC


def post(tmp_path: Path, text: str, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_front_matter_is_read(tmp_path: Path) -> None:
    source = read_post(
        post(
            tmp_path,
            "---\ntitle: Hello\ndescription: A post.\ndate: 2026-03-04\ntags: [a, b]\n---\n\nBody.\n",
            "hello-world.md",
        )
    )
    meta = source.meta
    assert (meta.title, meta.description, meta.date) == (
        "Hello",
        "A post.",
        dt.datetime(2026, 3, 4, tzinfo=UTC),
    )
    assert (meta.slug, meta.updated, meta.tags) == ("hello-world", meta.date, ("a", "b"))
    body = post_body(source)  # read again from the file, as the page that renders it does
    assert body.split("\n")[:7] == ["", "", "", "", "", "", ""]
    assert body.split("\n")[7] == "Body."  # line 8 stays line 8


def test_toml_front_matter_is_read(tmp_path: Path) -> None:
    meta = read_post(
        post(
            tmp_path,
            '+++\ntitle = "Boosting"\ndate = 2024-01-15T09:30:00+01:00\ndraft = false\n'
            'tags = ["ml", "boosting"]\ncategories = ["ML"]\nsummary = "A summary."\n\n'
            '[taxonomies]\ntags = ["trees"]\n\n[params]\nmath = true\n+++\n\nText.\n',
        )
    ).meta
    assert meta.title == "Boosting"
    assert meta.date.isoformat() == "2024-01-15T09:30:00+01:00"
    assert meta.date.date() == dt.date(2024, 1, 15)  # the date as written, not in UTC
    assert meta.tags == ("trees", "ml", "boosting") and meta.categories == ("ML",)
    assert (meta.description, meta.description_from) == ("A summary.", "summary")
    assert meta.params == {"math": True}


def test_pelican_header_is_read(tmp_path: Path) -> None:
    meta = read_post(
        post(
            tmp_path,
            "Title: Ünïcode at the Café\nDate: 2022-06-01 10:20\nCategory: Data Engineering\n"
            "Tags: csv, encoding\nAuthors: Alice Smith, Bob Jones\nStatus: draft\n\nBody text.\n",
        )
    ).meta
    assert meta.title == "Ünïcode at the Café"
    assert meta.slug == "unicode-at-the-cafe"  # Pelican makes the URL from the title
    assert meta.categories == ("Data Engineering",) and meta.tags == ("csv", "encoding")
    assert meta.authors == ("Alice Smith", "Bob Jones") and meta.draft


def test_title_from_the_first_heading(tmp_path: Path) -> None:
    source = read_post(
        post(
            tmp_path,
            "---\ndate: 2024-02-03\n---\n\n# Metrics, written out\n\nFirst *paragraph* here.\n",
        )
    )
    meta = source.meta
    assert (meta.title, meta.title_line, meta.slug) == (
        "Metrics, written out",
        5,
        "metrics-written-out",
    )
    assert (meta.description, meta.description_from) == ("First paragraph here.", "first paragraph")
    assert source.findings[0].notice and "no `description`" in source.findings[0].message


@pytest.mark.parametrize(
    ("front", "date", "updated"),
    [
        ("date: {created: 2024-02-03, updated: 2024-03-01}", "2024-02-03", "2024-03-01"),
        ("date: 2023-05-10 21:45:00 -07:00", "2023-05-10", "2023-05-10"),
        ("date: 2026-01-02\nlastmod: 2026-02-02", "2026-01-02", "2026-02-02"),
    ],
)
def test_dates_in_every_style(tmp_path: Path, front: str, date: str, updated: str) -> None:
    meta = read_post(post(tmp_path, f"---\ntitle: x\ndescription: d\n{front}\n---\n")).meta
    assert (meta.date.date().isoformat(), meta.updated.date().isoformat()) == (date, updated)


def test_date_and_slug_from_the_file_name(tmp_path: Path) -> None:
    meta = read_post(
        post(tmp_path, "---\ntitle: x\n---\nText.\n", "2023-04-02-some-slug.markdown")
    ).meta
    assert (meta.date.date(), meta.slug) == (dt.date(2023, 4, 2), "some-slug")
    bundle = read_post(
        post(tmp_path, "---\ntitle: x\ndate: 2024-01-01\n---\n", "my-bundle/index.md")
    ).meta
    assert bundle.slug == "my-bundle"


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("[a, b]", ("a", "b")),
        ('"feature store, mlops"', ("feature store", "mlops")),
        ("ml data", ("ml", "data")),
    ],
)
def test_tags_as_list_or_string(tmp_path: Path, value: str, tags: tuple[str, ...]) -> None:
    meta = read_post(post(tmp_path, f"---\ntitle: x\ndate: 2024-01-01\ntags: {value}\n---\n")).meta
    assert meta.tags == tags


def test_unknown_keys_are_kept_and_only_near_misses_are_flagged(tmp_path: Path) -> None:
    source = read_post(
        post(
            tmp_path,
            "---\ntitle: x\ndate: 2024-01-01\nlayout: post\ncomments: true\nmath: true\ntitel: y\n---\n",
        )
    )
    assert source.meta.params == {"layout": "post", "comments": True, "math": True, "titel": "y"}
    typos = [f for f in source.findings if f.rule == "front-matter-typo"]
    assert [(f.line, f.message.split(":")[0]) for f in typos] == [(7, "unknown key `titel`")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: x\n", "post.md:1: front matter is not closed"),
        ("+++\ntitle = 'x'\n", "post.md:1: TOML front matter is not closed"),
        ("+++\ntitle = 'x'\ndate = \n+++\n", "post.md:3: invalid TOML"),
        ("Title: x\nDate 2024\n\nBody\n", "post.md:2: expected a `Key: value` line"),
        ("---\ntitle: x\ndate: tomorrow\n---\n", "post.md:3: `date` `tomorrow` is not a date"),
        ("---\ntitle: x\ndate: 2026-02-30\n---\n", "post.md:3: `date`: `2026-02-30` is not a valid value"),
        ("---\ntitle: x\ndate: 0000-01-01\n---\n", "post.md:3: `date`: `0000-01-01` is not a valid value"),
        ("---\ntitle: x\ndate: 2026-01-01 25:00:00\n---\n", "post.md:3: `date`: `2026-01-01 25:00:00` is not a valid value"),
        ("---\ntitle: x\ndate: 2026-01-01T10:00:00+25:00\n---\n", "post.md:3: `date`: `2026-01-01T10:00:00+25:00` is not a valid value"),
        ("+++\ntitle = 'x'\ndate = 2026-02-30\n+++\n", "post.md:3: invalid TOML"),
        ("---\ntitle: x\ndate: 2026-01-01\ntags: [1, [2]]\n---\n", "post.md:4: `tags` must be text, not a list"),
        ("---\ndescription: d\ndate: 2026-01-01\n---\nText\n", "post.md:2: missing `title`"),
        ("---\ntitle: x\ndate: 2026-01-01\nslug: Bad Slug\n---\n", "post.md:4: `slug` must be letters, digits and dashes"),
        ("---\ntitle: x\ntitle: y\ndate: 2026-01-01\n---\n", "post.md:3: `title` is given twice, on lines 2 and 3"),
        ('---\ntitle: "a\\x07b"\ndate: 2026-01-01\n---\n', "post.md:2: `title` contains the control character U+0007"),
        ('---\ntitle: x\ndate: 2026-01-01\ntags: "ml \\b"\n---\n', "post.md:4: `tags` contains the control character U+0008"),
        ('---\ntitle: "a\\uFFFEb"\ndate: 2026-01-01\n---\n', "post.md:2: `title` contains the non-character U+FFFE"),
        ("---\ntitle: x\n  bad: [\n---\n", "post.md:3: invalid YAML"),
        ("---\ntitle: x\ndescription: [\n\n---\n", "post.md:3: invalid YAML"),
    ],
    ids=[
        "unclosed", "unclosed-toml", "bad-toml", "bad-pelican", "bad-date", "impossible-day",
        "year-zero", "hour-25", "offset-25h", "toml-impossible-day", "bad-tags", "no-title",
        "bad-slug", "duplicate-key", "control-character", "control-character-in-tag-text",
        "non-character",
        "broken-yaml", "bracket-left-open",
    ],
)  # fmt: skip
def test_front_matter_errors_name_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MlguideError) as info:
        read_post(post(tmp_path, text))
    assert str(info.value).startswith(expected)


def test_every_problem_of_every_post_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = post(
        tmp_path, "---\ntitle: [x]\ndate: 2026-13-01\nslug: No Good\ndraft: maybe\n---\n", "a.md"
    )
    b = post(tmp_path, "---\ntitle: fine\n---\n", "b.md")
    with pytest.raises(ErrorGroup) as info:
        scan_posts([a, b], tmp_path, first_paragraph)
    lines = str(info.value).splitlines()
    assert lines[-1] == "5 errors"
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "a.md:2",
        "a.md:3",
        "a.md:4",
        "a.md:5",
        "b.md:2",
    ]


def test_missing_date_uses_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = post(tmp_path, "---\ntitle: x\ndescription: d\n---\n")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(MlguideError, match="missing `date`"):
        read_post(path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert read_post(path).meta.date.date() == dt.date(2023, 11, 14)


def test_undecodable_file_names_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.md"
    path.write_bytes(b"---\ntitle: ok\ndescription: \xff\n---\n")
    with pytest.raises(MlguideError, match=r"^p\.md:3: not UTF-8 text \(byte 0xff\)"):
        read_post(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_bytes("\ufeff---\ntitle: Bom\ndate: 2026-01-01\n---\n".encode())
    assert read_post(path).meta.title == "Bom"


def test_shorten_cuts_on_a_word() -> None:
    text = "word " * 50
    short = shorten(text)
    assert len(short) <= 160 and short.endswith("word…")
    assert shorten("short enough") == "short enough"


def test_slugs_do_not_depend_on_the_locale(tmp_path: Path) -> None:
    post(tmp_path, "---\ntitle: x\ndate: 2026-01-01\n---\n", "café-post.md")
    code = "import sys; from mlguide.site.content.sources import scan_post; from mlguide.site.render.markdown import first_paragraph; from pathlib import Path; print(scan_post(Path(sys.argv[1]), first_paragraph).meta.slug)"
    for env in ({"LC_ALL": "C"}, {"LC_ALL": "C.UTF-8"}, {"LANG": "tr_TR.UTF-8"}):
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "café-post.md")],
            capture_output=True, text=True, env={**os.environ, **env}, check=True,
        )  # fmt: skip
        assert out.stdout.strip() == "cafe-post", env


def test_sources_markdown_kinds_and_what_is_skipped(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in (
        "a.md",
        "b.markdown",
        "blog/_index.md",
        "index.md",
        ".hidden/x.md",
        "sub/index.md",
    ):
        write(content / name, "x\n")
    os.mkfifo(content / "pipe.md")
    found, skipped = find_sources(content)
    assert [p.relative_to(content).as_posix() for p in found] == [
        "a.md",
        "b.markdown",
        "sub/index.md",
    ]
    assert [(f.path, f.message.split(":")[0]) for f in skipped] == [
        (content / "pipe.md", "not a regular file (a pipe or device?)")
    ]


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("notes.txt", "---\ntitle: Notes\n---\nHi.\n", "rename it `notes.md`"),
        ("page.html", "---\ntitle: A page\n---\n<p>Hi.</p>\n", "rename it `page.md`"),
        ("old.rst", "Old post\n########\n\n:date: 2020-01-01\n\nText.\n", "pandoc old.rst"),
        ("talk.qmd", "---\ntitle: A talk\n---\nText.\n", "Quarto is not read"),
        ("data.txt", "1,2,3\n4,5,6\n", None),  # a data file beside a post: nothing to say
        ("table.rst", "a table\n=======\n", None),  # no post fields
    ],
)
def test_a_file_that_looks_like_a_post_but_is_not_read_says_so(
    tmp_path: Path, name: str, text: str, said: str | None
) -> None:
    """A post written as `.txt` or in another generator's format vanished without a word."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_text(text, encoding="utf-8")
    found, skipped = find_sources(tmp_path / "content")
    assert found == []
    if said is None:
        assert skipped == []
    else:
        (finding,) = skipped
        assert (finding.path, finding.line, finding.notice) == (
            tmp_path / "content" / name,
            1,
            False,
        )
        assert said in finding.message and "not published" in finding.message


@pytest.mark.parametrize("typed", ["titel", "tilte", "Title"])
def test_a_missing_title_names_the_key_that_was_probably_meant_for_it(
    tmp_path: Path, typed: str
) -> None:
    """README: common typos name what you meant. The typo's own warning is lost with the
    post, which cannot be read without a title, so the error says it."""
    path = post(tmp_path, f"---\ndate: 2026-01-01\n{typed}: Hello\n---\n\nText.\n")
    with pytest.raises(MlguideError) as caught:
        read_post(path)
    assert str(caught.value) == (
        f"{path}:3: missing `title` (line 3 has `{typed}`: did you mean `title`?)"
    )


def test_a_stand_in_description_the_checklist_will_refuse_says_so_in_its_notice(
    tmp_path: Path,
) -> None:
    """docs/writing.md: the first paragraph stands in for a missing description, and the
    publish checklist takes it only at 50–160 characters: the notice says which."""
    short = read_post(post(tmp_path, "---\ntitle: x\ndate: 2026-01-01\n---\n\nToo short.\n"))
    (notice,) = [f for f in short.findings if f.rule == "description"]
    assert notice.notice and notice.message == (
        "no `description`: the first paragraph is used, but it is 10 characters and the "
        "publish checklist wants 50–160: add a `description:` line"
    )
    words = "A first paragraph long enough to stand in as this post's description."
    fine = read_post(post(tmp_path, f"---\ntitle: x\ndate: 2026-01-01\n---\n\n{words}\n", "b.md"))
    (notice,) = [f for f in fine.findings if f.rule == "description"]
    assert notice.notice and notice.message == "no `description`: the first paragraph is used"


def test_a_post_saved_again_while_the_site_is_built_is_an_error_not_a_mix(tmp_path: Path) -> None:
    """The body is read again when the page is rendered: it must be the text the metadata
    came from, or the page would pair one version's title with another's words."""
    path = post(tmp_path, "---\ntitle: Hello\ndate: 2026-03-04\n---\n\nFirst words.\n", "hello.md")
    source = read_post(path)
    path.write_text("---\ntitle: Goodbye\n---\n\nOther words.\n", encoding="utf-8")
    with pytest.raises(MlguideError, match="changed while the site was being built"):
        post_body(source)


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Y\n---\n\nBody.\n",  # YAML
        "+++\ntitle = 'T'\n+++\nBody.\n",  # TOML (Hugo, Zola)
        "Title: P\nDate: 2020-01-01\n\nBody.\n",  # Pelican's header
        "\n\nNo header at all.\n",  # nothing to blank
        "---\r\ntitle: W\r\n---\r\nBody.\r\n",  # Windows line ends
    ],
)
def test_every_header_style_leaves_the_body_the_file_with_its_header_blanked(
    tmp_path: Path, text: str
) -> None:
    """A post keeps only where its body starts, and `post_body` rebuilds the body from the
    file: every reader must blank its header's lines, never reshape the body."""
    from mlguide.site.content.readers import split_post
    from mlguide.site.content.sources import blanked

    split = split_post(text, tmp_path / "p.md")
    head = len(split.body) - len(split.body.lstrip("\n"))
    assert blanked(text, head) == split.body
