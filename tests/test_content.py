import datetime as dt
from pathlib import Path

import pytest

from mlguide.content import load_post
from mlguide.errors import MlguideError

from .conftest import write

GOOD = """
---
title: Hello
description: A post.
date: 2026-03-04
tags: [a, b]
---

Body.
"""


def test_front_matter_is_read(tmp_path: Path) -> None:
    post = load_post(write(tmp_path / "hello-world.md", GOOD))
    assert (post.title, post.description, post.date) == ("Hello", "A post.", dt.date(2026, 3, 4))
    assert post.slug == "hello-world"
    assert post.updated == post.date
    assert post.tags == ("a", "b")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x\n", "post.md:1: missing front matter: start the file with a `---` line"),
        ("---\ntitle: x\n", "post.md:1: front matter is not closed"),
        (
            "---\ntitle: x\ndescription: d\ndate: 2026-01-01\ntitel: y\n---\n",
            "post.md:5: unknown front matter key `titel` (did you mean `title`?)",
        ),
        (
            "---\ntitle: x\ndescription: d\ndate: tomorrow\n---\n",
            "post.md:4: `date` must be a date such as 2026-11-26",
        ),
        (
            "---\ntitle: x\ndescription: d\ndate: 2026-01-01\ntags: [1, 2]\n---\n",
            "post.md:5: `tags` must be a list of strings",
        ),
        ("---\ndescription: d\ndate: 2026-01-01\n---\n", "post.md:2: missing `title`"),
        (
            "---\ntitle: x\ndescription: d\ndate: 2026-01-01\nslug: Bad Slug\n---\n",
            "post.md:5: `slug` must be lower-case letters",
        ),
        ("---\ntitle: x\n  bad: [\n---\n", "post.md:3: invalid YAML"),
        ("---\ntitle: x\ndescription: [\n\n---\n", "post.md:3: invalid YAML"),
    ],
    ids=[
        "no-front-matter",
        "unclosed",
        "unknown-key",
        "bad-date",
        "bad-tags",
        "no-title",
        "bad-slug",
        "broken-yaml",
        "bracket-left-open",
    ],
)
def test_front_matter_errors_name_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "post.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MlguideError) as info:
        load_post(path)
    assert str(info.value).startswith(expected)


def test_missing_date_uses_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "p.md", "---\ntitle: x\ndescription: d\n---\n")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(MlguideError, match="missing `date`"):
        load_post(path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert load_post(path).date == dt.date(2023, 11, 14)


def test_undecodable_file_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"---\ntitle: \xff\n---\n")
    with pytest.raises(MlguideError, match="not UTF-8"):
        load_post(path)


def test_a_datetime_is_read_as_its_date(tmp_path: Path) -> None:
    post = load_post(
        write(tmp_path / "p.md", "---\ntitle: x\ndescription: d\ndate: 2026-01-02 10:30:00\n---\n")
    )
    assert post.date == dt.date(2026, 1, 2)
