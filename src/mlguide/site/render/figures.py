"""A post's images as HTML: figures with captions, animated pictures with their stills; and
the other project files a post links to (a PDF, a data set), published beside the images.

Every problem is reported at the Markdown line that uses the file: a missing file or no alt
text is a warning; a file outside the project, an unreadable image or a decompression bomb
is an error, because copying it would publish something the author never meant to.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2

from mlguide import limits
from mlguide.errors import MlguideError
from mlguide.fileio import file_kind, read_file
from mlguide.images import ImageFile, inspect_image, load_visual, published_file
from mlguide.paths import ProjectPaths
from mlguide.site import urls
from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown import ImageUse, PageEnv, plain_image, render_inline
from mlguide.site.render.templating import render_template
from mlguide.store.files import FileState, file_state


@dataclass
class PageImages:
    """What the image renderer learns while one page renders."""

    root: str
    images: set[ImageFile] = field(default_factory=set)
    animated: int = 0
    seen: dict[Path, FileState] = field(default_factory=dict)  # files looked at: the page's inputs


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
    if not real.is_relative_to(paths.root.resolve()):
        raise MlguideError(
            f"{what} is outside the project ({real}): copy it into the project",
            page.source,
            line,
        )
    return path


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


def render_image(
    use: ImageUse,
    page: PageEnv,
    paths: ProjectPaths,
    state: PageImages,
    env: jinja2.Environment,
) -> str:
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
    state.images.update(visual.files())
    animated = visual.main.frames > 1 and visual.main.format != "SVG"
    state.animated += int(animated and use.figure)
    return render_template(
        env,
        "figure.html.j2",
        root=state.root,
        visual=visual,
        alt=use.alt,
        caption=render_inline(use.title) if use.title else "",
        figure=use.figure,
        animated=animated,
        ident=page.ids.claim("figure-" + slugify(path.stem)),
    ).strip()
