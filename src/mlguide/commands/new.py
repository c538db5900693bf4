"""`mlguide new "Title"`: a draft post with every front matter key in place.

The date is today's (authoring may read the clock; builds never do). The post is a draft, so
it shows in `serve --drafts` and stays off the published site until `draft: true` goes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from mlguide import limits
from mlguide.errors import MlguideError, display_path
from mlguide.fileio import write_file_atomically
from mlguide.paths import ProjectPaths
from mlguide.site.config.settings import TEXT
from mlguide.site.content.index import site_owner
from mlguide.site.content.slugs import is_plain, slug_problem, slugify
from mlguide.site.content.sources import POST_SUFFIXES
from mlguide.site.permalinks import DEFAULT_PATTERN, RESERVED_SLUGS, UrlParts, expand

SLUG_FROM_TITLE = 60  # characters of a slug made from the title
MAX_SLUG = limits.SLUG_CHARS  # a file name may have 255 bytes, with `.md`

TEMPLATE = """---
title: {title}
date: {date}
{slug}# One or two sentences for search results and social cards, 50-160 characters.
# Until you write one, the first paragraph is used.
# description: ""
tags: []
draft: true
# A picture for the top of the post and for social networks; without one, mlguide
# draws a card with the title.
# hero: ../assets/picture.png
# hero_alt: "What the picture shows"
---

Write the first paragraph here: it introduces the post, and until a `description` is set, it
is also what search engines and social networks show.

## A first section

"""


def new_post(paths: ProjectPaths, title: str, slug: str | None, today: dt.date) -> Path:
    _check_encoding("the title", title)
    if slug is not None:
        _check_encoding("--slug", slug)
    try:
        TEXT.read(title)
    except ValueError as exc:
        raise MlguideError(f"the title {exc}") from exc
    if not title.strip():
        raise MlguideError('give the post a title: mlguide new "A title"')
    if len(title) > limits.TITLE_CHARS:
        raise MlguideError(
            f"the title is {len(title):,} characters long: keep it to {limits.TITLE_CHARS}"
        )
    if slug is None and not _has_name(title):
        raise MlguideError(
            f"the title {json.dumps(title.strip(), ensure_ascii=False)} has no letter or digit "
            "to name the post's file and URL after: give them with --slug, as in "
            f"mlguide new {json.dumps(title.strip(), ensure_ascii=False)} --slug my-post"
        )
    name = slug if slug is not None else short_slug(slugify(title))
    if len(name) > MAX_SLUG:
        raise MlguideError(f"--slug is {len(name)} characters long: keep it to {MAX_SLUG}")
    if problem := slug_problem(name):  # the front matter's own check: one rule for both
        raise MlguideError(f"--slug {problem}")
    if name in RESERVED_SLUGS:
        given = "--slug" if slug is not None else "the slug made from the title"
        raise MlguideError(
            f"{given} `{name}` is the name of the site's own pages "
            f"({', '.join(sorted(RESERVED_SLUGS))} are taken): choose another --slug"
        )
    # The build's own check, said before it: at the default URL (`/:slug/`), as the names
    # above are refused whatever `permalink:` says (`new` reads no config; a slug named like
    # a root file is one no pattern change should rescue).
    url = expand(DEFAULT_PATTERN, UrlParts(name, dt.datetime.combine(today, dt.time())))
    if (where := site_owner(url)) is not None:
        raise MlguideError(
            f"the URL `{url}` belongs to the site's own {where}: give the post another --slug"
        )
    path = paths.content / f"{name}.md"
    text = TEMPLATE.format(
        title=json.dumps(title.strip(), ensure_ascii=False),
        date=today.isoformat(),
        slug=_slug_line(name),
    )
    try:
        taken = path if path.exists() else _taken(paths.content, name)
        if taken is not None:
            raise MlguideError(
                f"the slug `{name}` is taken: `{display_path(taken)}` has it, and two posts "
                "cannot share one URL; choose another --slug",
                path,
            )
        write_file_atomically(path, text.encode())
    except OSError as exc:
        raise MlguideError(f"cannot write the post: {exc.strerror}", path) from exc
    return path


def _taken(content: Path, name: str) -> Path | None:
    """A post that already has the slug `name`: a file of that name in any format mlguide
    reads (`name.markdown`, `name.ipynb`), a bundle (`name/index.md`), or a post that says
    `slug: name`, in any case: the next build would refuse both posts for their shared URL
    (a URL differing only in case is refused too: one page would replace the other on a
    case-insensitive disk)."""
    said = re.compile(rf"^slug\s*[:=]\s*[\"']?{re.escape(name)}[\"']?\s*$", re.M | re.I)
    folded = name.casefold()
    for path in sorted(content.rglob("*")) if content.is_dir() else ():
        rel = path.relative_to(content)
        if (
            any(part.startswith(".") for part in rel.parts)
            or path.suffix.lower() not in POST_SUFFIXES
        ):
            continue
        stem, parent = path.stem.casefold(), path.parent.name.casefold()
        if stem == folded or (stem == "index" and parent == folded):
            return path
        try:
            with path.open("rb") as fh:
                start = fh.read(4096).decode("utf-8", "replace")
        except OSError:
            continue
        fence = start[:3]
        if fence in ("---", "+++") and said.search(start.split(f"\n{fence}", 1)[0]):
            return path
    return None


def _slug_line(name: str) -> str:
    """`slug: My-Post` when the file name alone would not give that URL: a file's slug is
    made from its name (`My-Post.md` is `my-post/`), and `--slug My-Post` asked for
    `My-Post/`, as a migrated post's `slug:` keeps it."""
    return "" if is_plain(name) else f"slug: {json.dumps(name)}\n"


def _has_name(title: str) -> bool:
    """The title holds something a slug keeps (a letter or digit, in any script). `slugify`
    falls back to `section` for one that does not (`???`, an emoji): a post would be
    `content/section.md`, named after nothing the writer wrote."""
    return slugify(f"{title} a") != "a"


def short_slug(slug: str) -> str:
    """A long title's slug, cut at a dash: a URL (and a file name) people can read and type."""
    if len(slug) <= SLUG_FROM_TITLE:
        return slug
    head = slug[: SLUG_FROM_TITLE + 1]
    cut = head.rsplit("-", 1)[0] if "-" in head else ""
    return cut if len(cut) >= SLUG_FROM_TITLE // 2 else slug[:SLUG_FROM_TITLE].rstrip("-")


def _check_encoding(what: str, text: str) -> None:
    """A terminal in another encoding (Latin-1) hands Python bytes that are not UTF-8; they
    arrive as lone surrogates (U+DC80-U+DCFF stand for the bytes 0x80-0xFF), which no file
    can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(text[exc.start])
        shown = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"U+{code:04X}"
        raise MlguideError(
            f"{what} is not UTF-8 text ({shown}): set the terminal to UTF-8, or write the "
            "title in the post"
        ) from None
