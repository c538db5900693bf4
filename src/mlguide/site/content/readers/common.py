"""What every dialect's reading shares: mlguide's own keys, and the steps from checked
front matter to one `PostMeta` (title, dates, slug, description, taxonomy, params).

A dialect (`Dialect`) is data: which keys its generator defines and what they mean, where it
finds a date when the front matter has none, how it makes a slug. The steps here ask the
dialect and never test its name, so a sixth generator is one more module of data.

A value that cannot be read fails only its own post (the scan lists every such post at
once); a value with a sensible reading is read, with a warning or a notice that says what was
done: a dotted slug is kept, a theme's value in one of mlguide's keys is kept as a param, a
date missing from the front matter is taken from the URL, the file name or git.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlguide import limits
from mlguide.errors import Finding, MlguideError, raise_all
from mlguide.site.config.settings import (
    BOOL,
    TEXT,
    Setting,
    check_settings,
    close_match,
    describe,
    likely_typos,
)
from mlguide.site.config.yamlio import Doc, impossible_date
from mlguide.site.content.frontmatter import Split
from mlguide.site.content.meta import UNDATED, PostMeta, ReadMeta, first_heading, shorten
from mlguide.site.content.readers.kinds import DATES, NAMES, PATHS, STAMP, URL, WORDS
from mlguide.site.content.slugs import is_plain, slug_problem, slugify

FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[-_](.+)$")
# `/2019/11/07/slug/` in a URL or path: a year, a month, maybe a day.
_URL_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{2})(?:/(\d{2}))?(?:/|$)")
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)

NATIVE: tuple[Setting, ...] = (
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
        "read as `redirect_from` (Jekyll). An imported post's old URL is added by itself.",
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
)
# mlguide's own keys that no other generator defines: a theme of another generator may use
# the name for something else (`hero: {image: …}`), which is kept as a param, not an error.
MLGUIDE_ONLY = frozenset({"hero", "hero_alt", "og_image", "share_hook"})


@dataclass(frozen=True)
class DateHint:
    """A publication date found outside the front matter, and where (for the notice)."""

    stamp: dt.datetime
    origin: str


@dataclass(frozen=True)
class Dialect:
    """How one generator's posts say things: the keys it defines beyond mlguide's own, and
    its conventions where the front matter is silent."""

    name: str  # "mlguide", "jekyll", "hugo", "zola", "pelican", "mkdocs"
    label: str  # as messages name it: "Jekyll"
    keys: tuple[Setting, ...]  # its front matter, beyond NATIVE
    ignored: frozenset[str] = frozenset()  # keys only its themes read: params, never typos
    borrowed: frozenset[str] = MLGUIDE_ONLY  # keys a bad value of is a param, not an error
    without: frozenset[str] = frozenset()  # NATIVE keys it does not have (Pelican: `draft`)
    updated_keys: tuple[str, ...] = ("updated",)
    date_keys: tuple[str, ...] = ()  # fallbacks for `date` it defines (Hugo's publishDate)
    summary_keys: tuple[str, ...] = ()  # fallbacks for `description`, in order
    url_keys: tuple[str, ...] = ()  # keys whose path may hold `/YYYY/MM/DD/`
    file_date_is_its_own: bool = False  # the file name is where it keeps the date (Jekyll)
    slug_from_title: bool = False  # Pelican and the MkDocs blog make the URL from the title
    heading_is_title: bool = False  # the body's `# Heading` is the title shown (MkDocs)
    # A post with no date anywhere is a page, as its generator publishes it (Zola: in a
    # section sorted by weight, or listed by date nowhere); no date is looked for in git.
    undated_is_page: bool = False
    # Keys a theme keeps the post's picture in (Jekyll's `image:`, a path or {path, alt}):
    # the hero and og:image when the post names no `hero` of its own.
    picture_keys: tuple[str, ...] = ()
    draft: Callable[[Mapping[str, Any]], bool] = lambda values: bool(values.get("draft"))
    tags: Callable[[Mapping[str, Any]], tuple[str, ...]] = lambda values: tuple(
        values.get("tags", ())
    )
    categories: Callable[[Mapping[str, Any]], tuple[str, ...]] = lambda values: tuple(
        values.get("categories", ())
    )
    params: Callable[[Mapping[str, Any]], dict[str, Any]] = lambda values: {}
    table: tuple[Setting, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        native = tuple(s for s in NATIVE if s.name not in self.without)
        object.__setattr__(self, "table", (*native, *self.keys))


# (front matter as written, title, date, categories) -> the post's URL on the old site
# front matter, title, date, categories, whether it is a page (not a post)
OldUrl = Callable[[Mapping[str, Any], str, dt.datetime, tuple[str, ...], bool], str | None]


def read_with(
    dialect: Dialect,
    split: Split,
    source: Path,
    first_paragraph: Callable[[str], str],
    author_names: Mapping[str, str] | None = None,
    old_url: OldUrl | None = None,
    in_pages: bool = False,
) -> ReadMeta:
    """All problems of one post's metadata at once. `first_paragraph(body)` gives the
    description of last resort; it is called only when nothing better exists (it parses).
    `author_names` maps author ids to names (the MkDocs blog's `.authors.yml`); `old_url`
    says where the old generator published the post; `in_pages`: the file is in
    content/pages/, so it is a page whatever its front matter says."""
    doc = split.doc
    checked = check_settings(doc, dialect.table)
    values = checked.values
    params = dict(checked.unknown)
    findings: list[Finding] = []
    kept = set()
    for key in checked.bad:
        if key in dialect.borrowed and key in doc.data:
            kept.add(key)
            params[key] = doc.data[key]
            findings.append(_kept_as_param(dialect, key, doc))
    demoted = {id(e) for key in kept for e in checked.bad[key]}
    errors = [e for e in checked.errors if id(e) not in demoted]
    bad = set(checked.bad) - kept
    names = [s.name for s in dialect.table]
    typos = {k: v for k, v in checked.unknown.items() if k not in dialect.ignored}
    findings += likely_typos(doc, typos, names)

    title, title_line, from_heading, title_findings = _title(dialect, values, split.body, source)
    findings += title_findings
    if title is None and "title" not in bad:
        where = (
            # A notebook has no front matter of its own: say where it goes in one.
            "start the notebook with a Raw cell holding YAML front matter between `---` "
            "lines (`title: …`), or with a Markdown cell whose first line is `# Title`"
            if source.suffix.lower() == ".ipynb"
            else "add it to the front matter, or start the post with a `# Title` line"
        )
        # `titel:` is the commonest reason: named, where it is (its own warning is lost
        # with the post, which cannot be read without a title).
        typed = next((k for k in typos if close_match(str(k), ["title"]) == "title"), None)
        if typed is not None:
            line = doc.line_of(typed) or doc.first_line
            errors.append(
                MlguideError(
                    f"missing `title` (line {line} has `{typed}`: did you mean `title`?)",
                    source,
                    line,
                )
            )
        else:
            errors.append(MlguideError(f"missing `title`: {where}", source, doc.first_line))
    if title is not None:
        line = doc.line_of("title") if title_line is None else title_line
        _check_length("the title", title, limits.TITLE_CHARS, source, line, errors)
    if "description" in values:
        _check_length(
            "`description`",
            str(values["description"]),
            limits.DESCRIPTION_CHARS,
            source,
            doc.line_of("description"),
            errors,
        )
    tags = tuple(dict.fromkeys(dialect.tags(values)))
    categories = tuple(dict.fromkeys(dialect.categories(values)))
    _check_topics(categories, tags, doc, source, errors)
    kind = _kind(values, in_pages)
    date, updated, date_findings = _dates(dialect, values, source, doc, errors, "date" in bad, kind)
    findings += date_findings
    if date is UNDATED:
        kind = "page"
    if date is not None and updated is not None and updated < date:
        findings += _updated_too_early(dialect, values, source, doc, date, updated)
    by_title = title if (dialect.slug_from_title or from_heading) else None
    slug, slug_findings = _slug(dialect, values, source, doc.line_of("slug"), errors, by_title)
    findings += slug_findings
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
    names_of = author_names or {}
    picture = None if "hero" in doc.data else _picture(dialect, doc.data)
    description, described_by = _description(dialect, values, lambda: first_paragraph(split.body))
    page = kind == "page"
    was = old_url(doc.data, title.strip(), date, categories, page) if old_url else None
    if from_heading:
        # A `# Heading` is Markdown: `&mdash;` in it was a dash on the old page (its slug
        # and old URL keep the words as written, as the old generator made them).
        title = html.unescape(title)
    meta = PostMeta(
        source=source,
        title=title.strip(),
        description=description,
        description_from=described_by,
        date=date,
        updated=max(updated or date, date),
        slug=slug,
        authors=tuple(names_of.get(a, a) for a in _words(values, "author", "authors")),
        tags=tags,
        categories=categories,
        draft=dialect.draft(values),
        hero=(
            None
            if "hero" in kept or _is_card(values.get("hero"))
            else values.get("hero", picture[0] if picture and picture[2] else None)
        ),
        hero_card="hero" not in kept and _is_card(values.get("hero")),
        hero_alt=values.get("hero_alt", picture[1] if picture else ""),
        og_image=values.get("og_image", picture[0] if picture and not picture[2] else None),
        share_hook=values.get("share_hook", "").strip(),
        title_line=title_line,
        kind=kind,
        dated=date is not UNDATED,
        url=url,
        aliases=_words(values, "aliases", "redirect_from"),
        dialect=dialect.name,
        old_url=was,
        lines=_lines(doc, picture[3] if picture else None),
        # `layout` and `type` also name other generators' templates: templates may still ask.
        params=_math_switch(
            {
                **{k: values[k] for k in ("layout", "type") if k in values},
                **params,
                **dialect.params(values),
            }
        ),
    )
    return ReadMeta(meta, tuple(findings))


# A theme's "this post has formulas" switch: PaperMod's `math: katex`, `math: mathjax`,
# Chirpy's `math: true`. mlguide typesets formulas on every page, so it is only a flag.
_MATH_SWITCH = {"katex": True, "mathjax": True, "true": True, "yes": True, "on": True,
                "false": False, "no": False, "off": False}  # fmt: skip


def _math_switch(params: dict[str, Any]) -> dict[str, Any]:
    """`math: katex` as the flag it is (a mapping under `math` holds the post's macros)."""
    value = params.get("math")
    if isinstance(value, str) and value.strip().lower() in _MATH_SWITCH:
        params["math"] = _MATH_SWITCH[value.strip().lower()]
    return params


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


_TOPIC_KEYS = ("tags", "categories", "category", "taxonomies", "Tags", "Category")


def _check_topics(
    categories: tuple[str, ...],
    tags: tuple[str, ...],
    doc: Doc,
    source: Path,
    errors: list[MlguideError],
) -> None:
    """Each tag and category gets a page and a folder named after it: their number and
    length are bounded, as the site's size and a file name's are. Whichever key a dialect
    keeps them in, the line named is that key's."""
    topics = (*categories, *tags)
    if not topics:
        return
    line = next((doc.lines[k] for k in _TOPIC_KEYS if k in doc.lines), doc.first_line)
    if len(topics) > limits.TAGS:
        errors.append(
            MlguideError(
                f"{len(topics)} tags and categories: a post may have {limits.TAGS}",
                source,
                line,
            )
        )
    for topic in topics:
        if len(topic) > limits.TAG_CHARS:
            errors.append(
                MlguideError(
                    f"the tag `{topic[:40]}…` is {len(topic):,} characters long: keep it to "
                    f"{limits.TAG_CHARS}",
                    source,
                    line,
                )
            )
            break


def _picture(dialect: Dialect, data: Mapping[str, Any]) -> tuple[str, str, bool, str] | None:
    """A theme's picture of the post: its path, its alt text, whether the post showed it
    (Hugo's `cover: {hidden: true}` is for lists and social cards only), and its key. A
    relative path is under Chirpy's `media_subpath` (`img_path` before Chirpy 7) when the
    post gives one."""
    for key in dialect.picture_keys:
        value = data.get(key)
        alt, shown = "", True
        if isinstance(value, Mapping):
            alt = str(value.get("alt") or "")
            shown = value.get("hidden") is not True
            value = next((value[k] for k in ("path", "image", "src", "url") if k in value), None)
        if not isinstance(value, str) or not value.strip():
            continue
        path = value.strip()
        prefix = next((data[k] for k in ("media_subpath", "img_path") if data.get(k)), "")
        if isinstance(prefix, str) and prefix and not path.startswith("/") and ":" not in path:
            path = f"{prefix.rstrip('/')}/{path}"
        return path, alt, shown, key
    return None


def _lines(doc: Doc, picture_key: str | None) -> dict[str, int]:
    """Each key's line; a theme's picture is named at its own key's line, as the hero."""
    lines = dict(doc.lines)
    if picture_key is not None and picture_key in lines:
        lines.setdefault("hero", lines[picture_key])
        lines.setdefault("og_image", lines[picture_key])
    return lines


def _is_card(hero: Any) -> bool:
    return isinstance(hero, str) and hero.strip().lower() == "card"


def _kind(values: Mapping[str, Any], in_pages: bool) -> str:
    """A page: in content/pages/, or `layout: page` (Jekyll), or `type: page` (Hugo), or
    Pelican's `status: hidden` (published, listed nowhere: what a page is here)."""
    said = {str(values.get(k, "")).strip().lower() for k in ("layout", "type")}
    hidden = values.get("status") == "hidden"
    return "page" if in_pages or hidden or "page" in said else "post"


def _own_url(
    values: Mapping[str, Any], source: Path, doc: Doc, errors: list[MlguideError]
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


def _kept_as_param(dialect: Dialect, key: str, doc: Doc) -> Finding:
    value = doc.data[key]
    return Finding(
        "front-matter",
        f"`{key}` holds {describe(value)}, not what mlguide reads it as (a theme of another "
        f"generator uses the name): kept as the template param `post.params.{key}`",
        doc.path,
        doc.line_of(key),
    )


# --- title ---------------------------------------------------------------------------------


def _title(
    dialect: Dialect, values: Mapping[str, Any], body: str, source: Path
) -> tuple[str | None, int | None, bool, list[Finding]]:
    """The title, the line of a `# Heading` to hide (the page shows the title once), whether
    the title is that heading, and notices. The front matter's title comes first; a
    `# Heading` that opens the body and says the same is that title again."""
    heading, line = first_heading(body)
    given = str(values.get("title", "")).strip()
    if not given:
        return heading, line, heading is not None, []
    if heading is None or line is None:
        return given, None, False, []
    if _same_words(heading, given):
        return given, line, False, []
    if dialect.heading_is_title:
        notice = Finding(
            "title",
            f"the `# {heading}` heading opens the post, as {dialect.label} shows it, and the "
            "front matter's `title` is shown in its place",
            source,
            line,
            notice=True,
        )
        return given, line, False, [notice]
    return given, None, False, []


def _same_words(a: str, b: str) -> bool:
    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    return words(a) == words(b)


# --- dates ---------------------------------------------------------------------------------


def _dates(
    dialect: Dialect,
    values: Mapping[str, Any],
    source: Path,
    doc: Doc,
    errors: list[MlguideError],
    bad: bool,
    kind: str = "post",
) -> tuple[dt.datetime | None, dt.datetime | None, list[Finding]]:
    """The front matter's date; else, in order, one in the post's URL (`path`, `url`,
    `permalink`), in its file name, or its first commit in git, with a notice saying which."""
    updated = next((values[k] for k in dialect.updated_keys if k in values), None)
    if "date" in values:
        date, also_updated = values["date"]
        return date, updated or also_updated, []
    for key in dialect.date_keys:
        if key in values:
            return values[key], updated, []
    if bad:
        return None, None, []  # the date is there, and already reported as wrong
    if kind == "page":  # a page needs no date: the file name's, or none
        try:
            named = _file_date(source)
        except ValueError as exc:
            errors.append(MlguideError(str(exc), source))
            return None, None, []
        return (named.stamp if named else UNDATED), updated, []
    line = doc.line_of("date")
    hint = None
    for key in dialect.url_keys:
        if isinstance(values.get(key) or doc.data.get(key), str):
            hint = hint or _url_date(str(values.get(key) or doc.data.get(key)), key)
    if hint is None:
        try:
            hint = _file_date(source)
        except ValueError as exc:
            errors.append(MlguideError(str(exc), source))
            return None, None, []
        if hint is not None and dialect.file_date_is_its_own:
            return hint.stamp, updated, []
    if hint is None and dialect.undated_is_page:
        notice = Finding(
            "dates",
            f"no `date`: published as a page (built, listed nowhere), as {dialect.label} "
            "publishes an undated page; add a `date` to make it a post",
            source,
            line,
            notice=True,
        )
        return UNDATED, updated, [notice]
    if hint is None:
        hint = _git_date(source)
    if hint is not None:
        notice = Finding(
            "dates",
            f"no `date`: {hint.stamp.date().isoformat()} is taken from {hint.origin}",
            source,
            line,
            notice=True,
        )
        return hint.stamp, updated, [notice]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC), updated, []
    errors.append(
        MlguideError(
            "missing `date`: add it to the front matter or start the file name with "
            "YYYY-MM-DD- (or set SOURCE_DATE_EPOCH)",
            source,
            line,
        )
    )
    return None, None, []


def _url_date(url: str, key: str) -> DateHint | None:
    match = _URL_DATE.search(url)
    if match is None:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        stamp = dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:
        return None
    return DateHint(stamp, f"the `{key}` segments {match.group(0).strip('/')}")


def _file_date(source: Path) -> DateHint | None:
    """`2023-04-02-slug.md`, `2014-1-2-Name.md`, a bundle `2023-04-02-slug/index.md`."""
    match = FILE_DATE.match(stem_of(source))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        stamp = dt.datetime(year, month, day, tzinfo=dt.UTC)
    except ValueError:
        named = "-".join(match.groups()[:3])
        why = impossible_date(named) or "it does not exist"
        raise ValueError(f"the date in the file name, {named}, is impossible: {why}") from None
    return DateHint(stamp, "the file name")


def _git_date(source: Path) -> DateHint | None:
    try:
        state = source.stat()
    except OSError:
        return None
    return _first_commit(source.resolve(), state.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _first_commit(path: Path, _mtime: int) -> DateHint | None:
    """When git first saw the file: Hugo's `:git` and the MkDocs revision plugins' date."""
    try:
        out = subprocess.run(
            ["git", "log", "--follow", "--diff-filter=A", "--format=%aI", "--", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.split()
    if out.returncode != 0 or not lines:
        return None
    try:
        stamp = dt.datetime.fromisoformat(lines[-1])
    except ValueError:
        return None
    return DateHint(stamp, "the file's first commit in git")


def _updated_too_early(
    dialect: Dialect,
    values: Mapping[str, Any],
    source: Path,
    doc: Doc,
    date: dt.datetime,
    updated: dt.datetime,
) -> list[Finding]:
    """A last change before the publication is a typo, most likely in the year; the page
    shows the publication date as its last change instead. Not when the date is the build's
    `SOURCE_DATE_EPOCH` standing in for a missing one: that is later than any real change."""
    key = next((k for k in dialect.updated_keys if k in values), None)
    if key is not None:
        line = doc.line_of(key)
        name = f"`{key}`"
    else:  # `date: {created: …, updated: …}`
        line = doc.line_of_entry("date", "updated")
        name = "`updated`"
    if "date" in values:
        than = "`date`" if key is not None else "`created`"
    elif FILE_DATE.match(stem_of(source)):
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


# --- slug ----------------------------------------------------------------------------------


def stem_of(source: Path) -> str:
    """The name that gives the slug: a page bundle (`post/index.md`) is named by its folder,
    and its translation (`post/index.es.md`, Zola's and Hugo's way) by the folder and the
    language (`post-es`)."""
    if source.stem == "index":
        return source.parent.name
    if source.stem.startswith("index.") and len(source.stem) <= 12:
        return f"{source.parent.name}-{source.stem.split('.', 1)[1]}"
    return source.stem


def file_slug(source: Path) -> str:
    """The slug the file's name gives (`2024-01-02-my-post.md` → `my-post`): `:filename`."""
    stem = stem_of(source)
    if match := FILE_DATE.match(stem):
        stem = match.group(4)
    return slugify(stem)


def _slug(
    dialect: Dialect,
    values: Mapping[str, Any],
    source: Path,
    line: int,
    errors: list[MlguideError],
    title: str | None,
) -> tuple[str, list[Finding]]:
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
            return slug, []
        if is_plain(slug):
            return slug, []
        problem = slug_problem(slug)
        if problem is None:
            notice = Finding(
                "slug",
                f"`slug` `{slug}` is kept as written (mlguide would write `{slugify(slug)}`)",
                source,
                line,
                notice=True,
            )
            return slug, [notice]
        errors.append(MlguideError(f"`slug` {problem}", source, line))
        return slug, []
    if title is not None:
        return slugify(title), []
    return file_slug(source), []


# --- description ---------------------------------------------------------------------------


def _description(
    dialect: Dialect, values: Mapping[str, Any], first_paragraph: Callable[[], str]
) -> tuple[str, str]:
    """The front matter's description, else the dialect's summary keys, else the first
    paragraph. Template code (`{{ site.x }}`, `{% include %}`) means nothing in a meta tag
    or a feed: it is left out."""
    for key in ("description", *dialect.summary_keys):
        text = _without_template_code(str(values.get(key, "")))
        if text:
            return (text if key == "description" else shorten(text)), key
    return shorten(_without_template_code(first_paragraph())), "first paragraph"


def _without_template_code(text: str) -> str:
    """`[GAN]({% post_url x %})` as a description is `GAN`."""
    text = _TEMPLATE_CODE.sub(" ", text)
    text = re.sub(r"\[([^\]]*)\]\(\s*\)", r"\1", text)
    return " ".join(text.split())


# --- taxonomy ------------------------------------------------------------------------------


def _words(values: Mapping[str, Any], *keys: str) -> tuple[str, ...]:
    """The words of several keys, each once, in order."""
    return tuple(dict.fromkeys(w for key in keys for w in values.get(key, ())))
