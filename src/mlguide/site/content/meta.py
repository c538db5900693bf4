"""A post's metadata, read the way its generator meant it.

Posts come from mlguide, Jekyll, Hugo, Zola, Pelican or the MkDocs blog plugin. Each names the
same facts differently (`tags: "a, b"`, `authors: [x]`, `date: {created: …}`, the date in the
file name, the title as the first `#` heading); this module turns all of them into one
`PostMeta`. Keys mlguide does not know are kept as `params` for templates, as Hugo does; only
a near-miss of a known key (`titel`) is reported, as a likely typo.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide import limits
from mlguide.errors import Finding, MlguideError, raise_all
from mlguide.site.config.settings import (
    BOOL,
    TEXT,
    Kind,
    Setting,
    check_settings,
    describe,
    likely_typos,
    text_value,
)
from mlguide.site.config.yamlio import Doc, impossible_date
from mlguide.site.content.frontmatter import Split
from mlguide.site.content.slugs import slugify
from mlguide.site.permalinks import file_of, post_path, read_site_path, read_url

DESCRIPTION_LIMIT = 160  # what search engines show; longer fallbacks are cut on a word
_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[-_](.+)$")
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def read_stamp(value: Any) -> dt.datetime:
    """A date or a date and time; without an offset it is taken as UTC (builds never guess
    the machine's time zone)."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError as exc:
            raise ValueError(
                f"`{value}` is not a date: write it as 2026-11-26 or 2026-11-26T09:30:00+01:00"
            ) from exc
    else:
        raise ValueError(f"must be a date such as 2026-11-26, not {describe(value)}")
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def read_dates(value: Any) -> tuple[dt.datetime, dt.datetime | None]:
    """`date: 2026-01-02`, or the MkDocs blog plugin's `date: {created: …, updated: …}`."""
    if isinstance(value, Mapping):
        if "created" not in value:
            raise ValueError("as a mapping needs a `created:` date")
        unknown = set(value) - {"created", "updated"}
        if unknown:
            raise ValueError(f"has unknown key `{sorted(unknown)[0]}` (use created and updated)")
        updated = value.get("updated")
        return read_stamp(value["created"]), read_stamp(updated) if updated else None
    return read_stamp(value), None


def read_words(value: Any, names: bool = False) -> tuple[str, ...]:
    """A list, or one string separated by commas (or by spaces when it has no comma, except
    for names, which have spaces in them)."""
    if isinstance(value, str):
        value = text_value(value)  # no control characters, as in a list
        parts = value.split(",") if "," in value or names else value.split()
    elif isinstance(value, list | tuple):
        parts = [text_value(v) for v in value]
    else:
        raise ValueError(f"must be a list or a comma-separated string, not {describe(value)}")
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def read_status(value: Any) -> str:
    status = text_value(value).strip().lower()
    if status not in ("draft", "published", "hidden"):
        raise ValueError("must be draft, published or hidden")
    return status


def read_mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping, not {describe(value)}")
    return dict(value)


def read_paths(value: Any) -> tuple[str, ...]:
    """Old URLs (`aliases: [/old/]`, `redirect_from: /2019/old.html`): every bad one named."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ValueError(f"must be a list of paths such as [/old-post/], not {describe(value)}")
    paths = []
    for item in items:
        try:
            paths.append(read_site_path(item))
        except ValueError as exc:
            raise ValueError(f"entry `{item}` {exc}") from None
    return tuple(dict.fromkeys(paths))


def read_taxonomies(value: Any) -> dict[str, tuple[str, ...]]:
    """Zola's `[taxonomies]`: its tags and categories; other taxonomies are not shown."""
    return {k: read_words(v) for k, v in read_mapping(value).items() if k in ("tags", "categories")}


STAMP = Kind("date", read_stamp)
DATES = Kind("date, or {created, updated}", read_dates)
WORDS = Kind("list or comma-separated text", read_words)
NAMES = Kind("name, or a list of names", lambda value: read_words(value, names=True))
STATUS = Kind("draft/published/hidden", read_status)
MAPPING = Kind("mapping", read_mapping)
TAXONOMIES = Kind("mapping of lists", read_taxonomies)
URL = Kind("path on this site", read_url)
PATHS = Kind("list of paths on this site", read_paths)

FRONT_MATTER: tuple[Setting, ...] = (
    Setting("title", TEXT, None, "The post's title; default: its first `#` heading."),
    Setting(
        "description",
        TEXT,
        None,
        "Meta description, 50–160 characters; default: `excerpt`, `summary`, then the first "
        "paragraph.",
    ),
    Setting(
        "date",
        DATES,
        None,
        "Publication date (`2026-11-26`, with a time and offset, or `{created: …, updated: …}`); "
        "default: a `YYYY-MM-DD-` file-name prefix, then `SOURCE_DATE_EPOCH`.",
    ),
    Setting("updated", STAMP, None, "Last change; also read as `lastmod`, `modified`."),
    Setting("slug", TEXT, None, "The URL: default the file name (folder name for `index.md`)."),
    Setting(
        "url",
        URL,
        None,
        "The post's own URL (`/about/`, `/2019/old-post.html`, or a pattern such as "
        "`/:year/:slug/`) instead of the site's `permalink`; also read as `path` (Zola) and "
        "`permalink` (Jekyll).",
    ),
    Setting(
        "aliases",
        PATHS,
        None,
        "Old URLs of the post (`[/old-slug/]`): each gets a page that redirects here; also "
        "read as `redirect_from` (Jekyll).",
    ),
    Setting(
        "layout",
        TEXT,
        None,
        "`page` makes a standalone page (About, CV): no date needed, not in lists or feeds. "
        "Files in content/pages/ are pages anyway; also read as `type` (Hugo).",
    ),
    Setting("author", NAMES, None, "Author, or a list; also read as `authors`."),
    Setting("tags", WORDS, None, "List or comma-separated text; each tag gets a page."),
    Setting("draft", BOOL, False, "Left out of the site unless `--drafts`."),
    Setting(
        "hero",
        TEXT,
        None,
        "Image at the top of the post and beside it in lists; `card`: the generated card.",
    ),
    Setting("hero_alt", TEXT, None, "Alt text of the hero image."),
    Setting("og_image", TEXT, None, "Image for social cards; default: the hero."),
    Setting("share_hook", TEXT, None, "The LinkedIn post text, without the URL (`share: true`)."),
    # Other generators' names for the same facts.
    Setting("excerpt", TEXT, None, "Jekyll: fallback for `description`."),
    Setting("summary", TEXT, None, "Hugo, Pelican: fallback for `description`."),
    Setting("authors", NAMES, None, "Same as `author`."),
    Setting("categories", WORDS, None, "Kept apart from tags, listed on the tag pages too."),
    Setting("category", NAMES, None, "Pelican: one category (commas separate several)."),
    Setting("lastmod", STAMP, None, "Hugo: same as `updated`."),
    Setting("modified", STAMP, None, "Pelican: same as `updated`."),
    Setting("last_modified_at", STAMP, None, "Jekyll: same as `updated`."),
    Setting("published", BOOL, True, "Jekyll: `false` is a draft."),
    Setting(
        "status",
        STATUS,
        None,
        "Pelican: `draft` is a draft; `hidden` a page (built, listed nowhere).",
    ),
    Setting("taxonomies", TAXONOMIES, None, "Zola: its `tags` and `categories` become tags."),
    Setting("params", MAPPING, None, "Hugo: extra values for templates (`post.params`)."),
    Setting("extra", MAPPING, None, "Zola: extra values for templates (`post.params`)."),
    Setting("path", URL, None, "Zola: same as `url`."),
    Setting("permalink", URL, None, "Jekyll: same as `url`."),
    Setting("redirect_from", PATHS, None, "Jekyll: same as `aliases`."),
    Setting("type", TEXT, None, "Hugo: same as `layout`."),
)
_NAMES = [s.name for s in FRONT_MATTER]
# Keys of other generators that mean nothing here: kept as params, never flagged as typos.
FOREIGN_KEYS = frozenset(
    [
        "comments",
        "math",
        "image",
        "toc",
        "weight",
        "excerpt_separator",
        "keywords",
        "series",
        "cover",
        "thumbnail",
        "featured",
        "sitemap",
        "template",
        "save_as",
        "lang",
        "translation",
        "subtitle",
        "katex",
        "mathjax",
        "share",
        "hidden",
        "pin",
        "readtime",
    ]
)


@dataclass(frozen=True)
class PostMeta:
    """Everything known about a post before its body is rendered (picklable)."""

    source: Path
    title: str
    description: str
    description_from: str  # "description", "excerpt", "summary" or "first paragraph"
    date: dt.datetime
    updated: dt.datetime
    slug: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    draft: bool
    hero: str | None  # the author's picture (`hero: card` is `hero_card`, not a file)
    hero_alt: str
    og_image: str | None
    share_hook: str
    title_line: int | None  # the `#` heading the title came from, hidden in the body
    kind: str  # "post", or "page": standalone (About, CV), in no list, feed or tag
    dated: bool  # the date was given (a page may have none; then `date` means nothing)
    url: str | None  # its own URL from the front matter: a site path, or a pattern
    aliases: tuple[str, ...]  # old site paths that redirect to it
    lines: dict[str, int] = field(compare=False)
    params: dict[str, Any] = field(compare=False)
    hero_card: bool = False  # `hero: card`: the generated card at the top of the post
    # Where the site's index placed it (the `permalink` pattern filled in); "" until then.
    site_path: str = ""

    @property
    def url_path(self) -> str:
        """The URL relative to the site root: `slug/`, `2024/05/slug/`, `about.html`."""
        if self.site_path:
            return self.site_path
        if self.url and ":" not in self.url:
            return self.url
        return post_path(self.slug)

    @property
    def out_path(self) -> str:
        """The file the page is written to: `slug/index.html`, `about.html`."""
        return file_of(self.url_path)

    @property
    def is_page(self) -> bool:
        return self.kind == "page"

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    @property
    def topics(self) -> tuple[str, ...]:
        """Categories and tags: what tag pages and related posts are made of."""
        return tuple(dict.fromkeys((*self.categories, *self.tags)))


@dataclass(frozen=True)
class ReadMeta:
    meta: PostMeta
    findings: tuple[Finding, ...]


def read_meta(
    split: Split,
    source: Path,
    first_paragraph: Callable[[str], str],
    author_names: Mapping[str, str] | None = None,
    in_pages: bool = False,
) -> ReadMeta:
    """All problems of one post's metadata at once. `first_paragraph(body)` gives the
    description of last resort; it is called only when nothing better exists (it parses).
    `author_names` maps author ids to names (the MkDocs blog's `.authors.yml`). `in_pages`:
    the file is in content/pages/, so it is a page whatever its front matter says."""
    doc = split.doc
    checked = check_settings(doc, FRONT_MATTER)
    errors = list(checked.errors)
    bad = {e.message.split("`")[1] for e in checked.errors if e.message.startswith("`")}
    values = checked.values
    findings = [
        f
        for f in likely_typos(doc, checked.unknown, _NAMES)
        if f.message.split("`")[1] not in FOREIGN_KEYS
    ]
    title, title_line = _title(values, split.body)
    if title is None and "title" not in bad:
        where = (
            # A notebook has no front matter of its own: say where it goes in one.
            "start the notebook with a Raw cell holding YAML front matter between `---` "
            "lines (`title: …`), or with a Markdown cell whose first line is `# Title`"
            if source.suffix.lower() == ".ipynb"
            else "add it to the front matter, or start the post with a `# Title` line"
        )
        errors.append(MlguideError(f"missing `title`: {where}", source, doc.first_line))
    kind = _kind(values, in_pages)
    if title is not None:
        line = doc.line_of("title") if title_line is None else title_line
        _check_length("the title", title, limits.TITLE_CHARS, source, line, errors)
    if "description" in values:
        description_line = doc.line_of("description")
        text = values["description"]
        _check_length(
            "`description`", text, limits.DESCRIPTION_CHARS, source, description_line, errors
        )
    _check_topics(values, doc, source, errors)
    date, updated = _dates(values, source, doc.line_of("date"), errors, "date" in bad, kind)
    if date is not None and updated is not None and updated < date:
        findings += _updated_too_early(values, source, doc, date, updated)
    # Pelican and the MkDocs blog make the URL from the title; the others from the file name.
    by_title = title if (split.style == "pelican" or title_line is not None) else None
    slug = _slug(values, source, doc.line_of("slug"), errors, by_title)
    url = _own_url(values, source, doc, errors)
    if len(slug) > limits.SLUG_CHARS and "slug" not in values:
        made_from = "title" if by_title is not None else "file name"
        line = (doc.line_of("title") if title_line is None else title_line) if by_title else 1
        errors.append(
            MlguideError(
                f"the URL made from the {made_from} is {len(slug)} characters long: set a "
                f"`slug` of at most {limits.SLUG_CHARS}",
                source,
                line,
            )
        )
    raise_all(errors)
    assert title is not None and date is not None
    names = author_names or {}
    description, described_by = _description(values, lambda: first_paragraph(split.body))
    # `layout` and `type` also name other generators' templates: templates may still ask.
    kept = {k: values[k] for k in ("layout", "type") if k in values}
    params = {**kept, **checked.unknown, **values.get("extra", {}), **values.get("params", {})}
    meta = PostMeta(
        source=source,
        title=title.strip(),
        description=description,
        description_from=described_by,
        date=date,
        updated=max(updated or date, date),
        slug=slug,
        authors=tuple(names.get(a, a) for a in _words(values, "author", "authors")),
        tags=tuple(
            dict.fromkeys((*values.get("taxonomies", {}).get("tags", ()), *_words(values, "tags")))
        ),
        categories=_categories(values),
        draft=_draft(values),
        hero=None if _is_card(values.get("hero")) else values.get("hero"),
        hero_card=_is_card(values.get("hero")),
        hero_alt=values.get("hero_alt", ""),
        og_image=values.get("og_image"),
        share_hook=values.get("share_hook", "").strip(),
        title_line=title_line,
        kind=kind,
        dated=date is not UNDATED,
        url=url,
        aliases=_words(values, "aliases", "redirect_from"),
        lines=dict(doc.lines),
        params=params,
    )
    return ReadMeta(meta, tuple(findings))


def _is_card(hero: str | None) -> bool:
    return hero is not None and hero.strip().lower() == "card"


def _check_length(
    name: str, text: str, limit: int, source: Path, line: int | None, errors: list[MlguideError]
) -> None:
    """Checked before anything sets the text in lines (a card, a page's title)."""
    if len(text) > limit:
        errors.append(
            MlguideError(
                f"{name} is {len(text):,} characters long: keep it to {limit:,}", source, line
            )
        )


def _check_topics(
    values: dict[str, Any], doc: Doc, source: Path, errors: list[MlguideError]
) -> None:
    """Each tag and category gets a page and a folder named after it: their number and
    length are bounded, as the site's size and a file name's are."""
    topics: list[tuple[str, str]] = [
        (key, t) for key in ("tags", "categories") for t in values.get(key, ())
    ]
    topics += [(key, t) for key in ("category",) for t in values.get(key, ())]
    topics += [("taxonomies", t) for group in values.get("taxonomies", {}).values() for t in group]
    if len(topics) > limits.TAGS:
        key = topics[limits.TAGS][0]
        errors.append(
            MlguideError(
                f"{len(topics)} tags and categories: a post may have {limits.TAGS}",
                source,
                doc.line_of(key),
            )
        )
    for key, topic in topics:
        if len(topic) > limits.TAG_CHARS:
            errors.append(
                MlguideError(
                    f"the tag `{topic[:40]}…` is {len(topic):,} characters long: keep it to "
                    f"{limits.TAG_CHARS}",
                    source,
                    doc.line_of(key),
                )
            )
            break


def _title(values: dict[str, Any], body: str) -> tuple[str | None, int | None]:
    if values.get("title", "").strip():
        return values["title"], None
    return first_heading(body)


def first_heading(body: str) -> tuple[str | None, int | None]:
    """The first `# Heading` outside fenced code, and its line."""
    fence = ""
    for number, line in enumerate(body.split("\n"), 1):
        if m := _FENCE.match(line):
            marker = m.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            continue
        if fence:
            continue
        if h1 := _ATX_H1.match(line):
            return h1.group(1), number
        if line.strip():
            return None, None  # the title heading must come before the text
    return None, None


def _kind(values: dict[str, Any], in_pages: bool) -> str:
    """A page: in content/pages/, or `layout: page` (Jekyll), or `type: page` (Hugo), or
    Pelican's `status: hidden` (published, listed nowhere: what a page is here)."""
    said = {str(values.get(k, "")).strip().lower() for k in ("layout", "type")}
    hidden = values.get("status") == "hidden"
    return "page" if in_pages or hidden or "page" in said else "post"


def _own_url(
    values: dict[str, Any], source: Path, doc: Doc, errors: list[MlguideError]
) -> str | None:
    """`url`, `path` or `permalink`: one URL, however many of them say it."""
    given = {k: values[k] for k in ("url", "path", "permalink") if k in values}
    if len(set(given.values())) > 1:
        first, second = list(given)[:2]
        errors.append(
            MlguideError(
                f"`{first}` and `{second}` give two different URLs: keep one",
                source,
                doc.line_of(second),
            )
        )
    return next(iter(given.values()), None)


def _dates(
    values: dict[str, Any],
    source: Path,
    line: int,
    errors: list[MlguideError],
    bad: bool,
    kind: str = "post",
) -> tuple[dt.datetime | None, dt.datetime | None]:
    updated = next((values[k] for k in _UPDATED_KEYS if k in values), None)
    if "date" in values:
        date, also_updated = values["date"]
        return date, updated or also_updated
    if match := _FILE_DATE.match(_stem(source)):
        try:
            year, month, day = (int(g) for g in match.groups()[:3])
            return dt.datetime(year, month, day, tzinfo=dt.UTC), updated
        except ValueError:
            named = "-".join(match.groups()[:3])
            why = impossible_date(named) or "it does not exist"
            errors.append(
                MlguideError(f"the date in the file name, {named}, is impossible: {why}", source)
            )
            return None, None
    if bad:
        return None, None  # the date is there, and already reported as wrong
    if kind == "page":
        return UNDATED, updated
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC), updated
    errors.append(
        MlguideError(
            "missing `date`: add it to the front matter or start the file name with "
            "YYYY-MM-DD- (or set SOURCE_DATE_EPOCH)",
            source,
            line,
        )
    )
    return None, None


_UPDATED_KEYS = ("updated", "lastmod", "modified", "last_modified_at")
# The date of a page that gives none: never shown, and never in the future.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _updated_too_early(
    values: dict[str, Any], source: Path, doc: Doc, date: dt.datetime, updated: dt.datetime
) -> list[Finding]:
    """A last change before the publication is a typo, most likely in the year; the page
    shows the publication date as its last change instead. Not when the date is the build's
    `SOURCE_DATE_EPOCH` standing in for a missing one: that is later than any real change."""
    key = next((k for k in _UPDATED_KEYS if k in values), None)
    if key is not None:
        line = doc.line_of(key)
        name = f"`{key}`"
    else:  # `date: {created: …, updated: …}`
        line = doc.line_of_entry("date", "updated")
        name = "`updated`"
    if "date" in values:
        than = "`date`" if key is not None else "`created`"
    elif _FILE_DATE.match(_stem(source)):
        than = "the date in the file name"
    else:
        return []
    return [
        Finding(
            "dates",
            f"{name} {_stamp(updated)} is earlier than {than} {_stamp(date)}: "
            f"{_stamp(date)} is shown as the last change",
            source,
            line,
        )
    ]


def _stamp(stamp: dt.datetime) -> str:
    """As an author writes it: the day alone when there is no time."""
    if stamp.time() == dt.time() and stamp.utcoffset() == dt.timedelta(0):
        return stamp.date().isoformat()
    return stamp.isoformat()


def _stem(source: Path) -> str:
    """The name that gives the slug: a page bundle (`post/index.md`) is named by its folder."""
    return source.parent.name if source.stem == "index" else source.stem


def _slug(
    values: dict[str, Any],
    source: Path,
    line: int,
    errors: list[MlguideError],
    title: str | None,
) -> str:
    if "slug" in values:
        slug = str(values["slug"]).strip().strip("/")
        if len(slug) > limits.SLUG_CHARS:
            errors.append(
                MlguideError(
                    f"`slug` is {len(slug)} characters long: keep it to {limits.SLUG_CHARS}",
                    source,
                    line,
                )
            )
        elif slugify(slug) != slug:
            errors.append(
                MlguideError(
                    f"`slug` must be lower-case letters, digits and dashes, like `{slugify(slug)}`",
                    source,
                    line,
                )
            )
        return slug
    if title is not None:
        return slugify(title)
    return file_slug(source)


def file_slug(source: Path) -> str:
    """The slug the file's name gives (`2024-01-02-my-post.md` → `my-post`): `:filename`."""
    stem = _stem(source)
    if match := _FILE_DATE.match(stem):
        stem = match.group(4)
    return slugify(stem)


def _description(values: dict[str, Any], first_paragraph: Callable[[], str]) -> tuple[str, str]:
    for key in ("description", "excerpt", "summary"):
        text = " ".join(str(values.get(key, "")).split())
        if text:
            return (text if key == "description" else shorten(text)), key
    return shorten(first_paragraph()), "first paragraph"


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—–- ")
    return cut + "…"


def _words(values: dict[str, Any], *keys: str) -> tuple[str, ...]:
    """The words of several keys, each once, in order."""
    return tuple(dict.fromkeys(w for key in keys for w in values.get(key, ())))


def _categories(values: dict[str, Any]) -> tuple[str, ...]:
    groups: list[tuple[str, ...]] = [
        values.get("categories", ()),
        values.get("category", ()),
        values.get("taxonomies", {}).get("categories", ()),
    ]
    return tuple(dict.fromkeys(t for group in groups for t in group))


def _draft(values: dict[str, Any]) -> bool:
    return bool(
        values.get("draft", False)
        or values.get("published", True) is False
        or values.get("status") == "draft"
    )
