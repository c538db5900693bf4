"""Posts from Markdown files with YAML front matter, validated with file and line numbers."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from .errors import MlguideError
from .markdown import markdown_parser, slugify
from .yamlio import YamlDoc, load_yaml_mapping, read_text


@dataclass(frozen=True)
class Post:
    source: Path
    title: str
    description: str
    date: dt.date
    updated: dt.date
    slug: str
    author: str | None
    tags: tuple[str, ...]
    draft: bool
    hero: str | None
    hero_alt: str
    og_image: str | None
    share_hook: str
    tokens: list[Token] = field(repr=False, compare=False)
    env: dict[str, Any] = field(repr=False, compare=False)
    lines: dict[str, int] = field(repr=False, compare=False)

    @property
    def url_path(self) -> str:
        """Folder-style URL relative to the site root: `slug/`."""
        return f"{self.slug}/"


# key -> (type checker, description for messages)
_FIELDS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (str, "a string"),
    "description": (str, "a string"),
    "date": (dt.date, "a date such as 2026-11-26"),
    "updated": (dt.date, "a date such as 2026-11-26"),
    "slug": (str, "a string"),
    "author": (str, "a string"),
    "tags": (list, "a list of strings"),
    "draft": (bool, "true or false"),
    "hero": (str, "a path to an image"),
    "hero_alt": (str, "a string"),
    "og_image": (str, "a path to an image"),
    "share_hook": (str, "a string"),
}
_REQUIRED = ("title", "description")


def load_post(path: Path) -> Post:
    text = read_text(path)
    if not text.startswith("---"):
        raise MlguideError("missing front matter: start the file with a `---` line", path, 1)
    env: dict[str, Any] = {}
    tokens = markdown_parser().parse(text, env)
    front = next((t for t in tokens if t.type == "front_matter"), None)
    if front is None:
        raise MlguideError(
            "front matter is not closed: did you forget the second `---` line?", path, 1
        )
    doc = load_yaml_mapping(front.content, path, first_line=2)
    meta = _validate(doc)
    date = meta.get("date") or _source_date(path, doc)
    slug = meta.get("slug") or slugify(path.stem)
    if slugify(slug) != slug:
        raise MlguideError(
            f"`slug` must be lower-case letters, digits and dashes, like `{slugify(slug)}`",
            path,
            doc.line_of("slug"),
        )
    return Post(
        source=path,
        title=meta["title"],
        description=meta["description"].strip(),
        date=date,
        updated=meta.get("updated") or date,
        slug=slug,
        author=meta.get("author"),
        tags=tuple(meta.get("tags") or ()),
        draft=bool(meta.get("draft", False)),
        hero=meta.get("hero"),
        hero_alt=meta.get("hero_alt", ""),
        og_image=meta.get("og_image"),
        share_hook=meta.get("share_hook", "").strip(),
        tokens=tokens,
        env=env,
        lines=doc.lines,
    )


def _validate(doc: YamlDoc) -> dict[str, Any]:
    """The checked values (datetimes reduced to dates); the parsed document is not changed."""
    meta: dict[str, Any] = {}
    for key, value in doc.data.items():
        line = doc.line_of(key)
        if key not in _FIELDS:
            hint = difflib.get_close_matches(key, _FIELDS, n=1)
            extra = f" (did you mean `{hint[0]}`?)" if hint else ""
            raise MlguideError(f"unknown front matter key `{key}`{extra}", doc.path, line)
        kind, described = _FIELDS[key]
        if kind is dt.date and isinstance(value, dt.datetime):
            value = value.date()  # YAML reads `2026-01-02 10:00` as a datetime
        ok = isinstance(value, kind)
        if key == "tags":
            ok = ok and all(isinstance(t, str) for t in value)
        if not ok:
            raise MlguideError(f"`{key}` must be {described}", doc.path, line)
        meta[key] = value
    for key in _REQUIRED:
        if not str(meta.get(key) or "").strip():
            raise MlguideError(f"missing `{key}` in front matter", doc.path, doc.first_line)
    return meta


def _source_date(path: Path, doc: YamlDoc) -> dt.date:
    """Reproducible builds never read the clock: no date means SOURCE_DATE_EPOCH or an error."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    raise MlguideError(
        "missing `date` in front matter (or set SOURCE_DATE_EPOCH)", path, doc.first_line
    )


def find_sources(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        raise MlguideError("no content folder: create it and add a Markdown post", content_dir)
    return sorted(content_dir.rglob("*.md"))
