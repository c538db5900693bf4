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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import file_kind, read_file
from mlguide.images import ImageFile, inspect_image, load_visual, published_file
from mlguide.paths import ProjectPaths
from mlguide.site import urls
from mlguide.site.content.slugs import slugify
from mlguide.site.render import media
from mlguide.site.render.markdown import ImageUse, PageEnv, plain_image, render_inline
from mlguide.site.render.pictures import Picture, picture_of
from mlguide.site.render.templating import render_template
from mlguide.store.files import FileState, file_state


@dataclass
class PageImages:
    """What the image renderer learns while one page renders."""

    root: str
    images: set[ImageFile] = field(default_factory=set)
    animated: int = 0
    seen: dict[Path, FileState] = field(default_factory=dict)  # files looked at: the page's inputs
    eager: int = 0  # figures still on the first screen (no hero above them): not lazy-loaded


def local_image(
    src: str,
    page: PageEnv,
    line: int | None,
    paths: ProjectPaths,
    seen: dict[Path, FileState] | None = None,
) -> Path | None:
    """The project file `src` names, or None (with a warning) when it is not there. `seen`
    records the files looked at (for the render cache)."""
    kind = urls.classify(src, image=True)
    if kind is urls.UrlKind.EXTERNAL:
        page.warn(
            "external-image", f"image `{src}` is not local: the site must work offline", line, src
        )
        return None
    if kind is urls.UrlKind.UNSAFE:
        page.warn("unsafe-link", f"image `{src}` was dropped: not a picture URL", line)
        return None
    path = project_file(src, f"image `{src}`", page, line, paths, seen)
    if path is None:
        page.warn("missing-image", f"image `{src}` not found", line, src)
    return path


def project_file(
    url: str,
    what: str,
    page: PageEnv,
    line: int | None,
    paths: ProjectPaths,
    seen: dict[Path, FileState] | None = None,
) -> Path | None:
    """The project file a local URL names, or None when there is no such file; an error when
    it is outside the project. `seen` records the files looked at (for the render cache)."""
    path = urls.source_file(url, page.source, paths.root, paths.content)
    if seen is not None and path is not None:
        seen[path] = file_state(path)
        if urls.classify(url) is urls.UrlKind.SITE_ROOT:  # `/x`: the project, then content/
            in_root = paths.root / urls.split(url)[0].lstrip("/")
            seen[in_root] = file_state(in_root)
    if path is None:
        return None
    kind = file_kind(path)
    if kind == "missing" or kind == "a folder":
        return None  # for the link check to judge (a folder may be a page's)
    if kind is not None:  # never opened: a FIFO would hang the build, a device never end
        raise MlguideError(f"{what} is {kind}, not a file", page.source, line)
    real = path.resolve()
    if not real.is_relative_to(_real(paths.root)):
        raise MlguideError(
            f"{what} is outside the project ({real}): copy it into the project",
            page.source,
            line,
        )
    return path


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
    path = project_file(href, f"link `{href}`", page, line, paths, state.seen)
    if path is None:
        return None
    published = None
    if path.suffix.lower() in _PICTURES:  # the very name its figure gets
        with contextlib.suppress(MlguideError):  # too large for a page, not to download
            published = inspect_image(path)
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


def inspect_used(path: Path, src: str, page: PageEnv, line: int | None) -> ImageFile:
    """Image facts, with a bad file reported where the Markdown uses it."""
    try:
        return inspect_image(path)
    except MlguideError as exc:
        raise MlguideError(f"image `{src}`: {exc.message}", page.source, line) from exc


def resolve_image(
    src: str, page: PageEnv, line: int | None, paths: ProjectPaths, state: PageImages
) -> ImageFile | None:
    path = local_image(src, page, line, paths, state.seen)
    if path is None:
        return None
    image = inspect_used(path, src, page, line)
    state.images.add(image)
    return image


def published_picture(image: ImageFile, paths: ProjectPaths, state: PageImages) -> Picture | None:
    """A raster picture's variants, published in place of the file; None (the file itself
    is published) for SVG, animations and what Pillow cannot resize."""
    picture = picture_of(image, paths.cache.resolve() / "images", state.seen)
    if picture is None:
        state.images.add(image)
    else:
        state.images.update(picture.files())
    return picture


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
    path = local_image(use.src, page, use.line, paths, state.seen)
    if path is None:
        return (
            ""
            if urls.classify(use.src, image=True) is urls.UrlKind.UNSAFE
            else plain_image(use.src, use.alt)
        )
    try:
        visual = load_visual(path, state.seen)
    except MlguideError as exc:
        raise MlguideError(f"image `{use.src}`: {exc.message}", page.source, use.line) from exc
    animated = visual.main.frames > 1 and visual.main.format != "SVG"
    picture = None
    if animated:
        state.images.update(visual.files())
    else:
        picture = published_picture(visual.main, paths, state)
    state.animated += int(animated and use.figure)
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
        caption=render_inline(use.title) if use.title else "",
        figure=use.figure,
        animated=animated,
        ident=page.ids.claim(dict(use.attrs).get("id") or "figure-" + slugify(path.stem)),
    ).strip()


def render_media(
    use: ImageUse,
    kind: str,
    page: PageEnv,
    paths: ProjectPaths,
    state: PageImages,
    env: jinja2.Environment,
) -> str:
    """A video, a sound or a YouTube/Vimeo facade, in a figure when it stands alone."""
    caption = render_inline(use.title) if use.title else ""
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
    path = project_file(use.src, f"{kind} `{use.src}`", page, use.line, paths, state.seen)
    if path is None:
        page.warn("missing-image", f"{kind} `{use.src}` not found", use.line, use.src)
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
    path = local_image(src, page, use.line, paths, state.seen)
    if path is None:
        return None
    image = inspect_used(path, src, page, use.line)
    picture = picture_of(image, paths.cache.resolve() / "images", state.seen)
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
