"""Posts found and read: the scan every build starts with, before anything is rendered.

Reading every post's metadata first lets each page know about the others (links between
posts, previous/next, related posts, tags) while pages are still rendered in parallel.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mlguide import limits
from mlguide.errors import (
    ChangedWhileBuilding,
    Finding,
    MlguideError,
    collect,
    display_path,
    raise_all,
)
from mlguide.fileio import file_kind
from mlguide.paths import CONFIG_NAME, CONTENT_DIR
from mlguide.site.config.yamlio import load_yaml_mapping, read_text
from mlguide.site.content.filenames import NOT_UTF8, NOT_UTF8_FOLDER, undecodable
from mlguide.site.content.frontmatter import split_front_matter
from mlguide.site.content.meta import DESCRIPTION_RANGE, PostMeta, description_width
from mlguide.site.content.notebook import NOTEBOOK_SUFFIX, read_notebook
from mlguide.site.content.readers import read_meta, split_post
from mlguide.site.content.readers.detect import old_site, project_dialect
from mlguide.site.content.readers.jekyll import copied_as_is
from mlguide.site.content.readers.oldsite import OldSite
from mlguide.site.content.scanstore import scan_context, source_codec, stored_scan
from mlguide.store.store import Store

POST_SUFFIXES = (".md", ".markdown", NOTEBOOK_SUFFIX)
# Jekyll also publishes posts written in HTML (`_posts/2009-04-10-lazy-fib.html`).
HTML_POST_SUFFIXES = (".html", ".htm")
AUTHORS_FILE = ".authors.yml"
# Zola's section pages describe a folder; they are not posts (nor is a blog's `index.md`).
SECTION_FILES = ("_index.",)  # `_index.md`, and its translations `_index.es.md`
PAGES_DIR = "pages"  # content/pages/: standalone pages (About, CV), not posts


@dataclass(frozen=True)
class Source:
    """A post read and split: its metadata, its digest, and where its body starts.

    The body itself (the file with its header's lines blanked) is read again by the page
    that renders it (`post_body`). Held for every post until the site was assembled, the
    bodies were the largest part of a big blog's memory: about 17 KB a post (Python keeps
    text with one typographic quote at two bytes a character), 170 MB at 10,000 posts, and
    the forked workers copied the pages of it they touched."""

    meta: PostMeta
    head: int  # the body is the file with its first `head` lines blanked
    digest: str  # of the file's text: the body read again must come from the same text
    findings: tuple[Finding, ...]


def post_body(source: Source) -> str:
    """The body to render, read from the post's file: the same text the metadata came from,
    or an error (an edit saved while the site was being built is built next time)."""
    path = source.meta.source
    text = read_text(path, limits.POST_BYTES)
    if hashlib.sha256(text.encode()).hexdigest() != source.digest:
        raise ChangedWhileBuilding(path)
    return blanked(text, source.head)


def blanked(text: str, head: int) -> str:
    """`text` with its first `head` lines left empty (a header the body must not show, whose
    lines still count: every finding names the line of the file)."""
    lines = text.split("\n")
    return "\n" * head + "\n".join(lines[head:])


SOURCE_CODEC = source_codec(Source)


def find_sources(content: Path) -> tuple[list[Path], list[Finding]]:
    """Every post under `content/` (Markdown, and Jupyter notebooks), and warnings about what
    was passed over. In a Jekyll blog, an HTML file with front matter is a post too; in an
    MkDocs one, only the blog's `posts/` folders hold posts (the other pages are
    documentation)."""
    dialect = project_dialect(content.parent)
    if not content.is_dir():
        require_project(content.parent)
        raise MlguideError("no content folder: create it and add a Markdown post", content)
    found: list[Path] = []
    skipped: list[Finding] = []
    misnamed: dict[Path, MlguideError] = {}  # by the part not UTF-8: a folder's, once
    outside: list[MlguideError] = []  # posts that are links to files out of the project
    try:
        _readable(content)  # rglob passes over a folder it cannot read without a word
        entries = sorted(content.rglob("*"))
    except OSError as exc:
        raise MlguideError(
            f"cannot read the content folder: {exc.strerror}", exc.filename or content
        ) from exc
    for path in entries:
        rel = path.relative_to(content)
        if any(p.startswith(".") for p in rel.parts):
            continue
        if path.is_dir():
            try:
                _readable(path)
            except OSError as exc:
                skipped.append(Finding("content", f"cannot read this folder: {exc.strerror}", path))
            continue
        if path.suffix.lower() not in POST_SUFFIXES and not (
            dialect == "jekyll"
            and path.suffix.lower() in HTML_POST_SUFFIXES
            and _has_front_matter(path)
        ):
            skipped += _unread_post(path)
            continue
        if (
            dialect == "pelican"
            and path.suffix.lower() == NOTEBOOK_SUFFIX
            and not path.with_name(path.name + "-meta").is_file()
        ):
            continue  # a notebook a post includes (`{% notebook %}`), not a post of its own
        if dialect == "jekyll" and copied_as_is(PurePosixPath(rel.as_posix()), _start(path, 7)):
            skipped.append(
                Finding(
                    "content",
                    "no front matter: Jekyll copied this file as it was, not as a page: skipped",
                    path,
                    notice=True,
                )
            )
            continue
        if path.name.startswith(SECTION_FILES):
            continue  # a section (`_index.md`, `_index.es.md`), not a post
        if path.parent == content and path.stem == "index":
            skipped += _home_page_finding(path)  # a blog's own home page, not a post
            continue
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            skipped.append(Finding("content", f"{_unreadable_link(path, exc)}: skipped", path))
            continue
        if path.is_symlink() and (elsewhere := _outside(path, content)) is not None:
            outside.append(
                MlguideError(
                    f"is a link to {elsewhere}, outside the project: copy the file into content/",
                    path,
                )
            )
            continue
        if not stat.S_ISREG(mode):
            if not stat.S_ISDIR(mode):
                skipped.append(
                    Finding("content", "not a regular file (a pipe or device?): skipped", path)
                )
            continue
        part = undecodable(path, content)
        if part is not None:
            why = NOT_UTF8 if part == path else NOT_UTF8_FOLDER
            misnamed.setdefault(part, MlguideError(why, part))
            continue
        found.append(path)
    raise_all([*misnamed.values(), *outside], skipped)
    if dialect == "mkdocs" and any(_in_posts(p, content) for p in found):
        pages = [p for p in found if not _in_posts(p, content)]
        found = [p for p in found if _in_posts(p, content)]
        if pages:
            names = ", ".join(p.relative_to(content).as_posix() for p in pages[:3])
            more = ", …" if len(pages) > 3 else ""
            skipped.append(
                Finding(
                    "content",
                    f"{len(pages)} MkDocs page(s) outside the blog's posts/ folders are not "
                    f"posts: skipped ({names}{more})",
                    content,
                    notice=True,
                )
            )
    return found, skipped


def _unreadable_link(path: Path, exc: OSError) -> str:
    """Why a post that cannot be looked at is skipped: a link to itself (or round a loop of
    links) is no "link to nothing", which would send the author looking for a missing file."""
    if exc.errno == errno.ELOOP:
        return "a link that loops (it points to itself, or round a circle of links)"
    if path.is_symlink():
        return "a link to nothing"
    return exc.strerror or str(exc)


def _outside(link: Path, content: Path) -> Path | None:
    """Where a post that is a link leads, when that is outside the project (None inside).
    Such a post would publish a file the project does not hold, which the next person to
    build the project (or CI) does not have: `static/` refuses the same link. A content
    folder that is itself a link elsewhere holds its own files wherever it is."""
    target = link.resolve()
    project = content.parent.resolve()
    if target.is_relative_to(project) or target.is_relative_to(content.resolve()):
        return None
    return target


def require_project(root: Path) -> None:
    """Stop a command run in a folder that is no project, before it writes anything there
    (`serve`'s preview cache): see `not_a_project`."""
    if file_kind(root / CONTENT_DIR) == "missing" and file_kind(root / CONFIG_NAME) == "missing":
        raise MlguideError(not_a_project(root))


def not_a_project(root: Path) -> str:
    """A folder with neither mlguide.yml nor content/ is no blog at all (most often, the
    command was run in the wrong folder): say so, and the two ways on, rather than ask for a
    content folder as if the rest of a project were there."""
    shown = display_path(root)
    where = str(root) if shown == "." else shown
    return (
        f"{where} is not an mlguide project (it has no {CONFIG_NAME} and no "
        f"{CONTENT_DIR}/ folder): start one there with `mlguide init`, or give the project's "
        "folder with `-C DIR`"
    )


def _in_posts(path: Path, content: Path) -> bool:
    return "posts" in path.relative_to(content).parts[:-1]


def _has_front_matter(path: Path) -> bool:
    return _start(path, 4).rstrip(b"\r\n") == b"---"


def _start(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


# Files other generators publish as posts: passed over here, they would vanish from the blog
# without a word. Only one that looks like a post is reported (a data file is not).
_OTHER_FORMATS = {
    ".rst": "reStructuredText",
    ".adoc": "AsciiDoc",
    ".asciidoc": "AsciiDoc",
    ".org": "Org",
    ".qmd": "Quarto",
    ".rmd": "R Markdown",
}
_TEXT_SUFFIXES = (".txt", ".text", ".mdx", ".mkd", ".mdown", ".mdwn", *HTML_POST_SUFFIXES)
_POST_HEADER = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:---|\+\+\+)\s*$", re.M)
_FIELD_HEADER = re.compile(rb"^(?::title:|:date:|#\+title:|= \S)", re.M | re.I)


def _unread_post(path: Path) -> list[Finding]:
    """A warning for a file written as a post in a format mlguide does not read."""
    suffix = path.suffix.lower()
    if suffix not in _OTHER_FORMATS and suffix not in _TEXT_SUFFIXES:
        return []
    start = _start(path, 2048)
    first = start.split(b"\n", 1)[0]
    header = _POST_HEADER.match(first) is not None
    if not (header or (suffix in _OTHER_FORMATS and _FIELD_HEADER.search(start))):
        return []
    if suffix in _OTHER_FORMATS:
        how = (
            f"{_OTHER_FORMATS[suffix]} is not read: convert it to Markdown "
            f"(`pandoc {path.name} -t gfm -s -o {path.stem}.md`)"
        )
        if suffix in (".qmd", ".rmd"):
            how = f"{_OTHER_FORMATS[suffix]} is not read: render it to Markdown or a notebook"
    else:
        how = f"only Markdown (.md) and notebooks (.ipynb) are read: rename it `{path.stem}.md`"
    return [Finding("content", f"not published, though it looks like a post: {how}", path, 1)]


def _home_page_finding(path: Path) -> list[Finding]:
    """`content/index.md` is the home page of a blog brought from Jekyll, Hugo or MkDocs, and
    mlguide makes its own home page: it is passed over. One that carries a `date` was meant
    as a post (`index` is no post's name: it would be the URL `/index/`): say so."""
    try:
        doc = split_front_matter(read_text(path, limits.POST_BYTES), path).doc
    except MlguideError:
        return []  # not a post either way; a build that wants it as a post says why
    if "date" not in doc.data:
        return []
    return [
        Finding(
            "content",
            "not published: `index` at the top of content/ is the blog's home page, which "
            "mlguide makes itself; rename the file to publish it as a post",
            path,
            doc.line_of("date"),
        )
    ]


def _readable(folder: Path) -> None:
    with os.scandir(folder) as entries:
        next(entries, None)


Describe = Callable[[str], str]  # a body -> its first paragraph's words (Markdown parses it)


def scan_post(
    path: Path,
    describe: Describe,
    author_names: Mapping[str, str] | None = None,
    dialect: str | None = None,
    old: OldSite | None = None,
    content: Path | None = None,
) -> Source:
    """`describe` gives the description of last resort: the Markdown parser belongs to
    rendering, so the pipeline hands it over instead of this stage reaching for it.
    `dialect`: the project's source generator, or None to tell from each post; `content`:
    the content folder, whose `pages/` holds pages rather than posts."""
    if path.suffix.lower() == NOTEBOOK_SUFFIX:
        text = read_text(path, limits.NOTEBOOK_BYTES)
        split = read_notebook(text, path).split
    else:
        text = read_text(path, limits.POST_BYTES)
        split = split_post(text, path, dialect)
    read = read_meta(
        split, path, describe, author_names, dialect, old, content, in_pages(path, content)
    )
    digest = hashlib.sha256(text.encode()).hexdigest()
    findings = read.findings
    if read.meta.description_from != "description":
        findings += (_stand_in_description(read.meta, path, split.doc.first_line),)
    # Every reader blanks its header's lines (tests/test_content.py checks each style), so
    # the body is the file from its first line that is not blank: `blanked(text, head)`.
    head = len(split.body) - len(split.body.lstrip("\n"))
    return Source(read.meta, head, digest, findings)


def _stand_in_description(meta: PostMeta, path: Path, line: int) -> Finding:
    """No `description`: what stands in is said in a notice (`--strict`, `serve`). The
    publish checklist takes a stand-in of 50–160 characters and fails on any other (a
    description is for results pages, and a few words say nothing there), so a notice for
    one it will fail says so, with the fix, while the writer previews the post."""
    used = meta.description_from
    width = description_width(meta.description)
    low, high = DESCRIPTION_RANGE
    message = f"no `description`: the {used} is used"
    if not low <= width <= high:
        message += (
            f", but it is {width} characters and the publish checklist wants {low}–{high}: "
            "add a `description:` line"
        )
    return Finding("description", message, path, line, notice=True)


def scan_posts(
    paths: list[Path], content: Path, describe: Describe, store: Store | None = None
) -> list[Source]:
    """Every post, or every problem of every post at once. With a `store`, a post whose file
    is as it was is not read again (`scanstore`)."""
    names = author_names(content)
    dialect = project_dialect(content.parent)
    old = old_site(content.parent)
    context = scan_context(names, dialect, old, content) if store is not None else ""

    def scan(path: Path) -> Source:
        def read() -> Source:
            return scan_post(path, describe, names, dialect, old, content)

        return stored_scan(store, path, context, read, SOURCE_CODEC)

    sources, errors = collect(paths, scan)
    raise_all(errors)
    return sources


def in_pages(path: Path, content: Path | None) -> bool:
    if content is None:
        return False
    try:
        return path.relative_to(content).parts[0] == PAGES_DIR
    except (ValueError, IndexError):
        return False


def author_names(content: Path) -> dict[str, str]:
    """The MkDocs blog keeps authors in `.authors.yml` and posts name them by id."""
    path = content / AUTHORS_FILE
    if file_kind(path) == "missing":
        return {}
    doc = load_yaml_mapping(read_text(path, limits.CONFIG_BYTES), path)
    authors = doc.data.get("authors", {})
    if not isinstance(authors, dict):
        raise MlguideError(
            "`authors` must be a mapping of id: {name: …}", path, doc.line_of("authors")
        )
    return {
        str(key): str(value.get("name", key)) if isinstance(value, dict) else str(value)
        for key, value in authors.items()
    }
