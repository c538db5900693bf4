"""A post's images as HTML: figures with captions, animated pictures with their stills,
photos and diagrams at the sizes the page shows them (`pictures`), video, sound and
YouTube/Vimeo players (`media`); and the other project files a post links to (a PDF, a data
set), published beside the images.

Every problem is reported at the Markdown line that uses the file: a missing file or no alt
text is a warning; a file outside the project, an unreadable image or a decompression bomb
is an error, because copying it would publish something the author never meant to.
"""

from __future__ import annotations

import contextlib
import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import jinja2

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import file_kind, read_file
from mlguide.images import ImageFile, inspect_image, load_visual, published_file
from mlguide.paths import ProjectPaths
from mlguide.site import urls
from mlguide.site.config.typos import one_slip_away
from mlguide.site.content.slugs import slugify
from mlguide.site.render import media
from mlguide.site.render.lookups import FileLookups
from mlguide.site.render.markdown import ImageUse, PageEnv, plain_image, render_inline
from mlguide.site.render.markdown.sanitize import Published
from mlguide.site.render.pictures import Picture, picture_of
from mlguide.site.render.templating import render_template
from mlguide.store.files import FileState, file_state


class HasPaths(Protocol):
    @property
    def paths(self) -> ProjectPaths: ...


@dataclass
class PageImages:
    """What the image renderer learns while one page renders."""

    root: str
    images: set[ImageFile] = field(default_factory=set)
    animated: int = 0
    seen: dict[Path, FileState] = field(default_factory=dict)  # files looked at: the page's inputs
    # The build's answers about files (a page of its own by default, as in tests).
    lookups: FileLookups = field(default_factory=FileLookups)
    eager: int = 0  # figures still on the first screen (no hero above them): not lazy-loaded


def local_image(
    src: str,
    page: PageEnv,
    line: int | None,
    paths: ProjectPaths,
    seen: dict[Path, FileState] | None = None,
    lookups: FileLookups | None = None,
) -> Path | None:
    """The project file `src` names, or None (with a warning) when it is not there. `seen`
    records the files looked at (for the render cache)."""
    kind = urls.classify(src, image=True)
    if kind is urls.UrlKind.EXTERNAL and src.startswith("data:image/"):
        return None  # a picture inside the page itself (a notebook's output): nothing to fetch
    if kind is urls.UrlKind.EXTERNAL:
        page.warn(
            "external-image", f"image `{src}` is not local: the site must work offline", line, src
        )
        return None
    if kind is urls.UrlKind.UNSAFE:
        page.warn("unsafe-link", f"image `{src}` was dropped: not a picture URL", line)
        return None
    path = project_file(src, f"image `{src}`", page, line, paths, seen, lookups)
    if path is None and kind is urls.UrlKind.RELATIVE and page.dialect in _FROM_ROOT:
        # Hugo's and Zola's image shortcodes look beside the post, then from the site root.
        path = project_file("/" + src, f"image `{src}`", page, line, paths, seen, lookups)
    if path is None:
        hint = did_you_mean(src, page, paths, seen)
        page.warn("missing-image", f"image `{src}` not found{hint}", line, src)
    return path


def image_found(src: str, source: Path, dialect: str | None, paths: ProjectPaths) -> bool:
    """Whether the project file `src` names is there, where `local_image` looks: a post whose
    hero is missing gets its generated card instead (the hero's line has its warning)."""
    names = [src]
    if urls.classify(src, image=True) is urls.UrlKind.RELATIVE and dialect in _FROM_ROOT:
        names.append("/" + src)
    return any(
        (path := urls.source_file(name, source, paths.root, paths.content)) is not None
        and path.is_file()
        for name in names
    )


# A state no file ever has (a size of -1). The render cache reuses a page only while every
# input still has the state recorded, so an input recorded with this one makes the page be
# rendered again on every build.
RENDER_AGAIN: FileState = (-1, -1, -1, -1)


def did_you_mean(
    src: str, page: PageEnv, paths: ProjectPaths, seen: dict[Path, FileState] | None = None
) -> str:
    """A file beside the one named that differs by a slip or only in case (`Chart.png` for
    `chart.png`: the host's file names are case-sensitive even where the laptop's are not).

    The hint depends on the whole folder's listing, which the page's inputs (files and their
    states, in `seen`) cannot express: a file added beside the missing one is no input. So
    the folder is recorded as an input that never matches, and the page is rendered again
    on every build. That is sound and cheap: only a page with a missing picture pays, one
    page, until its author fixes it."""
    path = urls.source_file(src, page.source, paths.root, paths.content)
    if path is None:
        return ""
    if seen is not None:
        seen[path.parent] = RENDER_AGAIN
    try:
        names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
    except OSError:
        return ""
    wanted = path.name
    close = [n for n in names if n.lower() == wanted.lower() and n != wanted] or [
        n for n in names if one_slip_away(wanted.lower(), n.lower())
    ]
    if not close:
        return ""
    folder = urls.split(src)[0].rpartition("/")[0]
    return f"; did you mean `{folder + '/' if folder else ''}{close[0]}`?"


_FROM_ROOT = frozenset({"hugo", "zola"})


def project_file(
    url: str,
    what: str,
    page: PageEnv,
    line: int | None,
    paths: ProjectPaths,
    seen: dict[Path, FileState] | None = None,
    lookups: FileLookups | None = None,
) -> Path | None:
    """The project file a local URL names, or None when there is no such file; an error when
    it is outside the project. `seen` records the files looked at (for the render cache);
    `lookups` answers what another page of the build already asked."""

    def look(found: dict[Path, FileState]) -> tuple[Path | None, str | None, Path | None]:
        return _look_up(url, page.source, paths, found)

    if lookups is None:
        path, kind, real = look(seen if seen is not None else {})
    else:
        path, kind, real = lookups.once(("file", url, page.source.parent), look, seen)
    if path is None:
        return None
    if kind is not None:  # never opened: a FIFO would hang the build, a device never end
        raise MlguideError(f"{what} is {kind}, not a file", page.source, line)
    assert real is not None
    if not real.is_relative_to(_real(paths.root)):
        raise MlguideError(
            f"{what} is outside the project ({real}): copy it into the project",
            page.source,
            line,
        )
    return path


def _look_up(
    url: str, source: Path, paths: ProjectPaths, found: dict[Path, FileState]
) -> tuple[Path | None, str | None, Path | None]:
    """(the file, what it is when not a regular file, where it really is), with every file
    looked at recorded in `found`; (None, ...) when the URL names no file."""
    path = urls.source_file(url, source, paths.root, paths.content)
    if path is None:
        return None, None, None
    found[path] = file_state(path)
    if urls.classify(url) is urls.UrlKind.SITE_ROOT:  # `/x`: root, content/, static/
        for candidate in urls.site_root_files(urls.split(url)[0], paths.root, paths.content):
            found[candidate] = file_state(candidate)
    kind = file_kind(path)
    if kind == "missing" or kind == "a folder":
        return None, kind, None  # for the link check to judge (a folder may be a page's)
    if kind is not None:
        return path, kind, None
    return path, None, path.resolve()


@lru_cache(maxsize=4)
def _real(root: Path) -> Path:
    """The project folder, symlinks resolved: worked out once, not for every file a page
    names (resolving walks every folder of the path)."""
    return root.resolve()


def linked_file(
    href: str, page: PageEnv, line: int | None, paths: ProjectPaths, state: PageImages
) -> ImageFile | None:
    """The project file a link leads to (not a post), to publish under a content-hashed name
    like an image; None when the link names no file in the project, for the link check to
    judge. It rides with the page's images, which the build publishes: a picture under the
    very name its figure gets, any other file with no size."""
    if urls.classify(href) not in _LOCAL:
        return None
    path = project_file(href, f"link `{href}`", page, line, paths, state.seen, state.lookups)
    if path is None:
        return None
    published = None
    if path.suffix.lower() in _PICTURES:  # the very name its figure gets
        with contextlib.suppress(MlguideError):  # too large for a page, not to download
            published = inspected(path, state.lookups)
    if published is None:
        try:
            published = _attachment(path.resolve(), state.seen[path])
        except MlguideError as exc:
            raise MlguideError(f"link `{href}`: {exc.message}", page.source, line) from exc
    state.images.add(published)
    return published


_LOCAL = (urls.UrlKind.RELATIVE, urls.UrlKind.SITE_ROOT, urls.UrlKind.CONTENT)
_PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


@lru_cache(maxsize=256)
def _attachment(path: Path, _state: FileState) -> ImageFile:
    """Read once per version of the file (its state), however many pages link to it."""
    return published_file(path, read_file(path, limits.PUBLISHED_FILE_BYTES), 0, 0, "FILE", 1)


def inspected(path: Path, lookups: FileLookups) -> ImageFile:
    """`inspect_image`, once per build for each file."""
    return lookups.once(("image", path), lambda _: inspect_image(path))


def inspect_used(
    path: Path, src: str, page: PageEnv, line: int | None, lookups: FileLookups | None = None
) -> ImageFile:
    """Image facts, with a bad file reported where the Markdown uses it."""
    try:
        return inspect_image(path) if lookups is None else inspected(path, lookups)
    except MlguideError as exc:
        raise MlguideError(f"image `{src}`: {exc.message}", page.source, line) from exc


def resolve_image(
    src: str, page: PageEnv, line: int | None, paths: ProjectPaths, state: PageImages
) -> ImageFile | None:
    path = local_image(src, page, line, paths, state.seen, state.lookups)
    if path is None:
        return None
    image = inspect_used(path, src, page, line, state.lookups)
    state.images.add(image)
    return image


def published_picture(image: ImageFile, paths: ProjectPaths, state: PageImages) -> Picture | None:
    """A raster picture's variants, published in place of the file; None (the file itself
    is published) for SVG, animations and what Pillow cannot resize."""
    picture = _picture(image, paths, state)
    if picture is None:
        state.images.add(image)
    else:
        state.images.update(picture.files())
    return picture


def _picture(image: ImageFile, paths: ProjectPaths, state: PageImages) -> Picture | None:
    """`picture_of`, once per build for each picture (the variants' files stay the page's
    inputs)."""
    lookups = state.lookups
    folder = lookups.once(("real", paths.cache), lambda _: paths.cache.resolve()) / "images"
    return lookups.once(
        ("picture", image, folder), lambda found: picture_of(image, folder, found), state.seen
    )


def render_image(
    use: ImageUse,
    page: PageEnv,
    paths: ProjectPaths,
    state: PageImages,
    env: jinja2.Environment,
) -> str:
    kind = media.kind_of(use.src)
    if kind is not None:
        return render_media(use, kind, page, paths, state, env)
    if not use.alt.strip():
        page.warn("image-alt", f"image `{use.src}` has no alt text", use.line)
    path = local_image(use.src, page, use.line, paths, state.seen, state.lookups)
    if path is None:
        if urls.classify(use.src, image=True) is urls.UrlKind.UNSAFE:
            return ""
        if use.figure and use.title:  # a picture elsewhere keeps its caption
            caption = render_inline(use.title, page.references, page, use.line)
            return (
                f'<figure class="visual">{plain_image(use.src, use.alt)}'
                f"<figcaption>{caption}</figcaption></figure>"
            )
        return plain_image(use.src, use.alt)
    try:
        visual = state.lookups.once(
            ("visual", path), lambda found: load_visual(path, found), state.seen
        )
    except MlguideError as exc:
        raise MlguideError(f"image `{use.src}`: {exc.message}", page.source, use.line) from exc
    animated = visual.main.frames > 1 and visual.main.format != "SVG"
    attrs = dict(use.attrs)
    # A picture with a dark twin or an attribute list's size or class is shown as the file
    # itself (`picture()` in figure.html.j2); the others get their variants.
    custom = bool(use.dark_src or attrs.get("style") or attrs.get("width") or attrs.get("class"))
    picture = None
    if animated or custom:
        state.images.update(visual.files())
    else:
        picture = published_picture(visual.main, paths, state)
    state.animated += int(animated and use.figure)
    dark = None
    if use.dark_src and (
        dark_path := local_image(use.dark_src, page, use.line, paths, state.seen, state.lookups)
    ):
        dark = inspect_used(dark_path, use.dark_src, page, use.line, state.lookups)
        state.images.add(dark)
    ident = page.ids.claim(attrs.pop("id", "") or "figure-" + slugify(path.stem))
    eager = use.figure and state.eager > 0
    state.eager -= int(use.figure and state.eager > 0)
    return render_template(
        env,
        "figure.html.j2",
        root=state.root,
        visual=visual,
        picture=picture,
        eager=eager,
        alt=use.alt,
        caption=render_inline(use.title, page.references, page, use.line) if use.title else "",
        figure=use.figure,
        animated=animated,
        ident=ident,
        dark=dark,
        css_class=attrs.get("class", ""),
        style=_display_style(attrs, visual.main.width),
    ).strip()


def _display_style(attrs: dict[str, str], width: int) -> str:
    """An attribute list's `width` or `style` for the picture: shown no wider than the file,
    never wider than the column (the page's styles cap images at 100%)."""
    style = attrs.get("style", "")
    if "url(" in style.lower() or "expression" in style.lower():
        style = ""  # a style that loads something or runs code is not the author's layout
    wanted = attrs.get("width", "").strip()
    if wanted.isdigit() and 0 < int(wanted) < width:
        style = f"width:{int(wanted)}px;{style}"
    elif wanted.endswith("%") and wanted[:-1].isdigit():
        style = f"width:{wanted};{style}"
    return style.strip()


def raw_file(
    src: str,
    line: int,
    page: PageEnv,
    out_path: str,
    site: HasPaths,
    state: PageImages,
    old_url: str | None = None,
) -> Published | None:
    """A file a raw HTML tag names (`<img src="/assets/x.png">`, `<video src>`, a poster):
    published like a Markdown image; where (the URL to write in its place) and, for a
    picture, its size. None for a URL that names no file of the project (left as written:
    the link check judges it)."""
    paths = site.paths
    kind = urls.classify(src, image=True)
    if kind not in _LOCAL:
        return None
    published = linked_file(src, page, line or None, paths, state)
    if published is None and kind is urls.UrlKind.RELATIVE and old_url:
        # Raw HTML on the old site was relative to the page's URL (MkDocs leaves it so).
        base = old_url if old_url.endswith("/") else posixpath.dirname(old_url)
        on_site = posixpath.normpath(posixpath.join("/", base, src))
        if not on_site.startswith(".."):
            published = linked_file("/" + on_site.lstrip("/"), page, line or None, paths, state)
    if published is None:
        return None
    _, fragment = urls.split(src)
    url = urls.relative(out_path, published.out_path) + (f"#{fragment}" if fragment else "")
    size = (published.width, published.height) if published.width else None
    return Published(url, size)


# Where a tag that includes a file (`{% include_code x.py %}`, `--8<-- "x"`) looks for it,
# besides the post's folder, the content folder and the project: the folders Pelican's
# liquid_tags and MkDocs' snippets use by default.
_INCLUDE_FOLDERS = (
    "downloads/code", "code", "downloads/notebooks", "notebooks", "snippets", "includes",
    "_includes",
)  # fmt: skip


def included_text(name: str, source: Path, paths: ProjectPaths, state: PageImages) -> str | None:
    """The text of a file a tag includes, or None when the project has no such file."""
    rel = name.strip().strip("\"'").lstrip("/")
    if not rel or ".." in Path(rel).parts:
        return None
    bare = rel.removeprefix("docs/")
    candidates = [source.parent / rel, paths.content / rel, paths.content / bare, paths.root / rel]
    candidates += [paths.content / folder / rel for folder in _INCLUDE_FOLDERS]
    root = paths.root.resolve()
    for candidate in candidates:
        state.seen[candidate] = file_state(candidate)
        if candidate.is_file() and candidate.resolve().is_relative_to(root):
            try:  # bounded as a post is: its text goes into the page
                return read_file(candidate, limits.POST_BYTES).decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def render_media(
    use: ImageUse,
    kind: str,
    page: PageEnv,
    paths: ProjectPaths,
    state: PageImages,
    env: jinja2.Environment,
) -> str:
    """A video, a sound or a YouTube/Vimeo facade, in a figure when it stands alone."""
    caption = render_inline(use.title, page.references, page, use.line) if use.title else ""
    label = use.alt.strip()
    poster = _poster(use, page, paths, state)
    if kind == "embed":
        embed = media.embed_of(use.src, use.option("start"))
        assert embed is not None
        page.uses.add("embeds")
        cover = ""
        if poster is not None:
            state.images.update(poster.files())
            cover = str(
                env.get_template("picture.html.j2").module.picture(  # type: ignore[attr-defined]
                    poster, state.root, "", full=True
                )
            )
        player = media.embed_html(embed, label, cover)
    else:
        page.uses.add("media")
        if not label and not caption:
            page.warn(
                "image-alt", f"{kind} `{use.src}` has neither alt text nor a caption", use.line
            )
        src = _media_file(use, kind, page, paths, state)
        if src is None:
            return ""
        if kind == "audio":
            player = media.audio_html(src, label)
        else:
            size = _size(use, page, poster)
            cover = ""
            if poster is not None:  # one URL: the sharpest WebP
                state.images.add(poster.largest("image/webp"))
                cover = state.root + quote(poster.largest("image/webp").out_path)
            player = media.video_html(src, label, cover, size)
    return media.figure_html(player, caption) if use.figure else player


def _media_file(
    use: ImageUse, kind: str, page: PageEnv, paths: ProjectPaths, state: PageImages
) -> str | None:
    """The URL a player loads: the published copy of a project file (None, with a warning,
    when there is no such file)."""
    if urls.is_external(use.src):
        page.warn(
            "external-image", f"{kind} `{use.src}` is not local: the site must work offline",
            use.line, use.src,
        )  # fmt: skip
        return use.src
    path = project_file(
        use.src, f"{kind} `{use.src}`", page, use.line, paths, state.seen, state.lookups
    )
    if path is None:
        hint = did_you_mean(use.src, page, paths, state.seen)
        page.warn("missing-image", f"{kind} `{use.src}` not found{hint}", use.line, use.src)
        return None
    try:
        published = _attachment(path.resolve(), state.seen[path])
    except OSError as exc:
        raise MlguideError(
            f"{kind} `{use.src}`: cannot read the file: {exc.strerror}", page.source, use.line
        ) from exc
    state.images.add(published)
    return state.root + quote(published.out_path)


def _poster(use: ImageUse, page: PageEnv, paths: ProjectPaths, state: PageImages) -> Picture | None:
    src = use.option("poster")
    if not src:
        return None
    path = local_image(src, page, use.line, paths, state.seen, state.lookups)
    if path is None:
        return None
    image = inspect_used(path, src, page, use.line, state.lookups)
    picture = _picture(image, paths, state)
    if picture is None:
        page.warn("image-format", f"poster `{src}` must be a JPEG, PNG or WebP", use.line)
        return None
    return picture


def _size(use: ImageUse, page: PageEnv, poster: Picture | None) -> tuple[int, int] | None:
    """The video's shape: `width` and `height` as written, else the poster's."""
    width, height = use.option("width"), use.option("height")
    if width or height:
        if width.isdigit() and height.isdigit() and int(width) and int(height):
            return int(width), int(height)
        page.warn("media-size", "a video's `width` and `height` are whole pixels, both", use.line)
    return (poster.width, poster.height) if poster else None
