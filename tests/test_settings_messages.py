"""Config and front matter problems in a blog author's words: one line each, at the line they
are on, every one of them in one run, never Python's own wording (hostile QA findings)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.errors import MlguideError
from mlguide.site.config.loader import Config, load_config

from .conftest import read_post, write

DESC = "A description long enough to be a real meta description for these tests."
# What a message must never show: Python's names, yaml's snippet name, a second line.
PYTHON_WORDS = re.compile(r"timedelta|datetime|<unicode string>|Traceback|None\b|\n")


def load(tmp_path: Path, text: str, base_url: str | None = None) -> Config:
    return load_config(write(tmp_path / "mlguide.yml", text), base_url)


def config_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mlguide.yml"
    path.write_bytes(text.encode())
    with pytest.raises(MlguideError) as info:
        load_config(path)
    return [str(e) for e in info.value.errors]


def post_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> str:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "post.md"
    path.write_bytes(data)
    with pytest.raises(MlguideError) as info:
        read_post(path)
    return str(info.value)


def cli(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.output


def blog(root: Path, config: str) -> Path:
    for name, day in (("first", 1), ("about", 2)):
        write(
            root / "content" / f"{name}.md",
            f'---\ntitle: "{name}"\ndescription: "{DESC}"\ndate: 2026-01-0{day}\n---\n\nHi.\n',
        )
    write(root / "mlguide.yml", config)
    return root


# --- 1. relative config URLs --------------------------------------------------------------


def test_a_relative_social_link_works_on_every_page(tmp_path: Path) -> None:
    root = blog(tmp_path, "author: Me\nauthor_url: /about/\nsocial:\n  About: about/\n")
    code, output = cli(root, "build", "--base-url", "https://example.org/blog/")
    assert code == 0, output
    assert "broken-link" not in output
    page = (root / "build" / "first" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/blog/about/" rel="me">About</a>' in page
    assert '"url":"https://example.org/blog/about/"' in page  # the author in JSON-LD


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("about/", "https://b.example/x/about/"),
        ("/about/", "https://b.example/x/about/"),  # the site root, as in Markdown
        ("#me", "https://b.example/x/#me"),
        ("//other.example/me", "https://other.example/me"),
        ("https://z.example/", "https://z.example/"),
        ("mailto:me@z.example", "mailto:me@z.example"),
    ],
)
def test_relative_config_urls_are_resolved_after_the_base_url_override(
    tmp_path: Path, given: str, resolved: str
) -> None:
    config = load(
        tmp_path,
        f"base_url: https://a.example/\nauthor_url: '{given}'\nsocial:\n  L: '{given}'\n",
        "https://b.example/x",
    )
    assert config.social == (("L", resolved),)
    assert config.author_link == resolved


# --- 2. YAML errors: one line, at the file's line ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: ok\nauthor: a\x01b\n",
            "mlguide.yml:2: invalid YAML: the control character U+0001 is not allowed",
        ),
        # libyaml counts bytes, not characters: the line must still be right.
        (
            "title: été à Zürich\nauthor: 日本\nlanguage: e\x7fn\n",
            "mlguide.yml:3: invalid YAML: the control character U+007F is not allowed",
        ),
        ("title: ok\nauthor: !secret x\n", "mlguide.yml:2: invalid YAML: the tag `!secret`"),
        ("title: ok\nauthor: *nowhere\n", "mlguide.yml:2: invalid YAML: found undefined alias"),
        ("title: [a\n", "mlguide.yml:1: invalid YAML"),
    ],
    ids=["control", "control-after-non-ascii", "tag", "alias", "bracket"],
)
def test_yaml_errors_are_one_line_at_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    [error] = config_errors(tmp_path, monkeypatch, text)
    assert error.startswith(expected), error
    assert not PYTHON_WORDS.search(error), error


def test_a_control_character_in_front_matter_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = post_error(
        tmp_path, monkeypatch, f"---\ntitle: x\ndescription: {DESC}\x02\n---\n".encode()
    )
    assert error == (
        "post.md:3: invalid YAML: the control character U+0002 is not allowed: delete it "
        "(most editors hide it)"
    )


def test_a_control_character_in_toml_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = post_error(tmp_path, monkeypatch, b'+++\ntitle = "x"\ndescription = "a\x01"\n+++\n')
    assert error == "post.md:3: invalid TOML: the control character U+0001 is not allowed"


@pytest.mark.parametrize(
    ("key", "shown"),
    [("2026-01-01", "`2026-01-01`"), ("null", "`null`"), ("1", "`1`"), ("[a]", "a list")],
)
def test_keys_that_are_not_names_are_shown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, shown: str
) -> None:
    [error] = config_errors(tmp_path, monkeypatch, f"title: ok\n{key}: x\n")
    assert error == f"mlguide.yml:2: keys must be names, not {shown}"


# --- 3. every bad `social` entry at its own line -----------------------------------------


def test_every_bad_social_entry_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = config_errors(
        tmp_path,
        monkeypatch,
        "title: ok\nsocial:\n  Good: https://ok.example/\n  A: javascript:alert(1)\n"
        "  B: 'vbscript:x'\n  C:\n  D: https://x.example:99999/\n  E: https://one.example/\n"
        "  E: https://two.example/\n",
    )
    assert errors == [
        "mlguide.yml:4: `social` link `A` must be an http(s), mailto or relative URL, not a "
        "`javascript:` URL",
        "mlguide.yml:5: `social` link `B` must be an http(s), mailto or relative URL, not a "
        "`vbscript:` URL",
        "mlguide.yml:6: `social` link `C` needs a URL",
        "mlguide.yml:7: `social` link `D` has an invalid port `99999`: a port is a number from "
        "1 to 65535",
        "mlguide.yml:9: `social`: `E` is given twice, on lines 8 and 9",
    ]


# --- 4. no Python internals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("per_page: 0\n", "mlguide.yml:1: `per_page` must be a whole number of 1 or more, not 0"),
        ("per_page: 2.5\n", "mlguide.yml:1: `per_page` must be a whole number of 1 or more, not 2.5"),
        ("per_page: many\n", "mlguide.yml:1: `per_page` must be a whole number of 1 or more, not text"),
        ("base_url: 'https://[::1]:99999/'\n", "mlguide.yml:1: `base_url` has an invalid port `99999`: a port is a number from 1 to 65535"),
        ("base_url: https://x.example:0/\n", "mlguide.yml:1: `base_url` has an invalid port `0`"),
        ("base_url: https://x.example:web/\n", "mlguide.yml:1: `base_url` has an invalid port `web`"),
        ("base_url: 'https://[::1/'\n", "mlguide.yml:1: `base_url` has a `[` in its host that is never closed"),
        ("base_url: https://:80/\n", "mlguide.yml:1: `base_url` has no host name"),
        ("base_url: https://user:pass@x.org/\n", "mlguide.yml:1: `base_url` must not contain a user name or password: they would be published on every page"),
        ("author_url: https://me:secret@x.org/\n", "mlguide.yml:1: `author_url` must not contain a user name or password"),
        ("title: !!binary aGk=\n", "mlguide.yml:1: `title` must be text, not binary data"),
    ],
    ids=[
        "per-page-0", "per-page-float", "per-page-text", "port-too-big", "port-0", "port-name",
        "ipv6-open", "no-host", "credentials", "credentials-link", "binary",
    ],
)  # fmt: skip
def test_config_messages_use_an_authors_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    [error] = config_errors(tmp_path, monkeypatch, text)
    assert error.startswith(expected), error


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2026-01-01T10:00:00+25:00", "the offset +25:00 is not between -23:59 and +23:59"),
        ("2026-01-01T10:00:00-24:00", "the offset -24:00 is not between -23:59 and +23:59"),
        ("2026-02-30", "February 2026 has no day 30"),
        ("2026-13-01", "there is no month 13"),
        ("2026-01-01 25:00:00", "the hour must be between 0 and 23"),
        ("0000-01-01", "the year must be between 1 and 9999"),
    ],
)
def test_an_impossible_date_says_why_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str, why: str
) -> None:
    error = post_error(tmp_path, monkeypatch, f"---\ntitle: x\ndate: {date}\n---\n".encode())
    assert error == f"post.md:3: `date`: `{date}` is not a valid value: {why}"


def test_an_impossible_date_in_the_file_name_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "2026-02-30-post.md", "---\ntitle: x\n---\n")
    with pytest.raises(MlguideError) as info:
        read_post(path)
    assert str(info.value) == (
        "2026-02-30-post.md: the date in the file name, 2026-02-30, is impossible: "
        "February 2026 has no day 30"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--base-url", "javascript:x"], ["--base-url must be an absolute http(s) URL"]),
        (["--title", "a\x01"], ["--title contains the control character U+0001"]),
        (["--author", "b\x02"], ["--author contains the control character U+0002"]),
        (
            ["--base-url", "https://u:p@x.org/", "--author", "b\x02"],
            ["--base-url must not contain a user name or password", "--author contains"],
        ),
    ],
    ids=["base-url", "title", "author", "two"],
)
def test_init_names_only_the_option_at_fault(
    tmp_path: Path, args: list[str], expected: list[str]
) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "blog"), *args])
    assert result.exit_code == 1
    lines = [line.removeprefix("error: ") for line in result.output.splitlines()]
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith(start), result.output
    options = {"--base-url", "--title", "--author"} - {a for a in args if a.startswith("--")}
    assert not any(option in result.output for option in options), result.output
    assert not (tmp_path / "blog").exists()


# --- 5. old Mac line ends -----------------------------------------------------------------


@pytest.mark.parametrize("end", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_old_mac_and_windows_line_ends_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str
) -> None:
    text = end.join(["---", "title: Mac", "date: 2026-01-02", "---", "", "Body.", ""])
    path = tmp_path / "post.md"
    path.write_bytes(text.encode())
    meta = read_post(path).meta
    assert (meta.title, meta.date.day) == ("Mac", 2)
    # Line numbers stay the file's lines.
    broken = end.join(["---", "title: Mac", "date: 2026-01-02", "tags: [a", "---", ""])
    assert post_error(tmp_path, monkeypatch, broken.encode()).startswith("post.md:4: invalid YAML")


def test_undecodable_bytes_in_a_cr_file_name_their_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = post_error(tmp_path, monkeypatch, b"---\rtitle: x\r---\r\rbad \xff\r")
    assert error.startswith("post.md:5: not UTF-8 text (byte 0xff)")


# --- 6. `updated` before `date` -----------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "expected"),
    [
        (
            "date: 2026-01-05\nupdated: 2026-01-01\n",
            4,
            "`updated` 2026-01-01 is earlier than `date` 2026-01-05: 2026-01-05 is shown as "
            "the last change",
        ),
        (
            "date: 2026-01-05T10:00:00+00:00\nlastmod: 2026-01-05T09:00:00+00:00\n",
            4,
            "`lastmod` 2026-01-05T09:00:00+00:00 is earlier than `date` 2026-01-05T10:00:00+00:00",
        ),
        (
            "date:\n  created: 2026-01-05\n  updated: 2026-01-01\n",
            5,
            "`updated` 2026-01-01 is earlier than `created` 2026-01-05",
        ),
    ],
    ids=["updated", "lastmod-time", "mkdocs-mapping"],
)
def test_updated_before_date_is_a_warning_at_its_line(
    tmp_path: Path, front: str, line: int, expected: str
) -> None:
    path = write(tmp_path / "post.md", f"---\ntitle: x\n{front}---\n\nBody.\n")
    source = read_post(path)
    [finding] = [f for f in source.findings if f.rule == "dates"]
    assert (finding.line, finding.notice) == (line, False)
    assert finding.message.startswith(expected), finding.message
    assert source.meta.updated == source.meta.date


def test_updated_before_the_date_in_the_file_name_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "2026-02-03-post.md", "---\ntitle: x\nmodified: 2026-01-01\n---\n")
    [finding] = [f for f in read_post(path).findings if f.rule == "dates"]
    assert finding.line == 3
    assert "earlier than the date in the file name 2026-02-03" in finding.message


@pytest.mark.parametrize("updated", ["2026-01-05", "2026-02-01"])
def test_updated_on_or_after_date_is_fine(tmp_path: Path, updated: str) -> None:
    path = write(
        tmp_path / "post.md", f"---\ntitle: x\ndate: 2026-01-05\nupdated: {updated}\n---\n"
    )
    source = read_post(path)
    assert not [f for f in source.findings if f.rule == "dates"]
    assert source.meta.updated == dt.datetime.fromisoformat(updated).replace(tzinfo=dt.UTC)


def test_no_warning_when_the_date_comes_from_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a date the build's epoch stands in; an older `updated` is expected then."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    path = write(tmp_path / "post.md", "---\ntitle: x\nupdated: 2026-01-01\n---\n")
    assert not [f for f in read_post(path).findings if f.rule == "dates"]


def test_strict_fails_on_updated_before_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = blog(tmp_path, "base_url: https://mlguide.dev/\n")
    monkeypatch.chdir(root)
    write(
        root / "content" / "late.md",
        f'---\ntitle: Late\ndescription: "{DESC}"\ndate: 2026-01-05\nupdated: 2025-01-05\n'
        "---\n\nHi.\n",
    )
    code, output = cli(root, "build", "--strict")
    assert code == 1
    assert "error: content/late.md:5: `updated` 2025-01-05 is earlier than `date`" in output


# --- 7. NUL bytes -------------------------------------------------------------------------


def test_a_nul_byte_is_an_error_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = f"---\ntitle: x\ndescription: {DESC}\ndate: 2026-01-01\n---\n\nText.\n\na\0b\n"
    error = post_error(tmp_path, monkeypatch, data.encode())
    assert error == "post.md:9: NUL byte (U+0000) in the text: is this a binary file?"


def test_a_nul_byte_fails_the_build_at_its_line_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = blog(tmp_path, "base_url: https://mlguide.dev/\n")
    monkeypatch.chdir(root)
    (root / "content" / "bin.md").write_bytes(b"---\rtitle: Bin\r---\r\rx\0y\r")
    code, output = cli(root, "build")
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: content/bin.md:5: NUL byte (U+0000) in the text: is this a binary file?"
    ]
