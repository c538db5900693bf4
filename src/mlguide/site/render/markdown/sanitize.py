"""Raw HTML in a post: the author's, kept as written, except a URL that runs code.

Markdown drops a `javascript:` link; the same URL written as raw HTML (`<a href>`, `<form
action>`, `<iframe src>`, SVG `xlink:href`, an SVG animation that sets an `href`) would be
published as is. Each raw tag is read as a browser reads it (entities decoded, any case,
whitespace and control characters ignored): an attribute whose URL runs code is removed, with
a warning at its line. A `<script>` or an event handler (`onclick=`) stays, with a notice:
advice, never a failure, since running script is what the author wrote it for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from mlguide.site import urls

# Attributes a browser follows, loads, submits to or embeds as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "action", "archive", "background", "cite", "classid", "codebase", "data", "dynsrc",
        "formaction", "href", "icon", "imagesrcset", "longdesc", "lowsrc", "manifest", "ping",
        "poster", "profile", "src", "srcset", "usemap", "xlink:href",
    }
)  # fmt: skip
# An SVG animation sets another attribute (an `href`, say) to these values over time.
_ANIMATIONS = frozenset({"animate", "set"})
_ANIMATED_VALUES = frozenset({"from", "to", "by", "values"})
# Where a URL is only ever shown as a picture: `data:image/…` is an image there, not a page.
_PICTURES = frozenset(
    {
        ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
        ("video", "poster"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
    }
)  # fmt: skip
_LISTS = frozenset({"archive", "imagesrcset", "ping", "srcset", "values"})  # several URLs
_LIST_SEPARATORS = re.compile(r"[\s,;]+")
_EVENT_HANDLER = re.compile(r"on[a-z]+")


@dataclass(frozen=True)
class RawIssue:
    line: int  # 1 for the first line of the HTML reviewed
    rule: str
    message: str
    notice: bool


@dataclass(frozen=True)
class _Tag:
    line: int
    column: int
    text: str  # as written
    name: str
    attrs: tuple[tuple[str, str | None], ...]  # names lowercased, values decoded
    closed: bool  # `<x/>`


class _StartTags(HTMLParser):
    """Every start tag, where it starts and as written; script and style bodies, comments
    and text are skipped, as a browser skips them looking for tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs, closed=True)

    def _add(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        line, column = self.getpos()
        text = self.get_starttag_text() or ""
        self.tags.append(_Tag(line, column, text, tag, tuple(attrs), closed))


@dataclass(frozen=True)
class Published:
    """Where a file a raw tag names is published, and its size when it is a picture: an
    `<img>` that gives no `width` and `height` gets the picture's, so the page does not jump
    when it loads (a Markdown image always has them)."""

    url: str
    size: tuple[int, int] | None = None


# (tag, attribute, value, line within the markup, 0-based) -> where it is published, or None
Rewrite = Callable[[str, str, str, int], Published | None]


def review(markup: str, rewrite: Rewrite | None = None) -> tuple[str, list[RawIssue]]:
    """The HTML with every code-running URL attribute removed, and what was found.
    `rewrite` may give an attribute a new value (a file's published URL)."""
    if "=" not in markup and "script" not in markup.lower():
        return markup, []  # no attribute values and no script: nothing to look at
    parser = _StartTags()
    # `<![…` is a bogus comment to a browser (outside SVG) but a marked section, which it may
    # refuse, to html.parser: `<!x` has the same length and means the same. And a tag left
    # open at the end of a block is closed by whatever the page puts next: read it as closed.
    parser.feed(markup.replace("<![", "<!x") + ">")
    parser.close()
    found: list[list[RawIssue]] = []
    starts = [0, *(m.end() for m in re.finditer("\n", markup))]
    for tag in reversed(parser.tags):  # from the end, so earlier offsets stay valid
        unsafe = _unsafe_attributes(tag)
        found.append(_issues(tag, unsafe))
        replaced: dict[str, str] = {}
        added: dict[str, str] = {}
        if rewrite is not None:
            for name, value in tag.attrs:
                if value is not None and name not in unsafe:
                    new = rewrite(tag.name, name, value, tag.line - 1)
                    if new is not None and new.url != value:
                        replaced[name] = new.url
                    if new is not None and tag.name == "img" and name == "src" and new.size:
                        added = _size(tag, new.size)
        if unsafe or replaced or added:
            start = starts[tag.line - 1] + tag.column
            written = _without(tag, unsafe, replaced, added)
            markup = markup[:start] + written + markup[start + len(tag.text) :]
    return markup, [issue for issues in reversed(found) for issue in issues]


def _issues(tag: _Tag, unsafe: dict[str, str]) -> list[RawIssue]:
    issues = []
    if tag.name == "script":
        issues.append(
            RawIssue(tag.line, "raw-script", "the post contains a <script> element", True)
        )
    for name, _ in tag.attrs:
        if name in unsafe:
            issues.append(
                RawIssue(
                    tag.line,
                    "unsafe-link",
                    f'raw HTML <{tag.name} {name}="{unsafe[name]}:…"> runs code when followed: '
                    f"the `{name}` attribute was dropped",
                    notice=False,
                )
            )
        elif _EVENT_HANDLER.fullmatch(name):
            issues.append(
                RawIssue(
                    tag.line,
                    "raw-script",
                    f"the post's raw HTML gives <{tag.name}> an `{name}` event handler, "
                    "which runs script",
                    notice=True,
                )
            )
    return issues


def _unsafe_attributes(tag: _Tag) -> dict[str, str]:
    """Attribute name -> the unsafe scheme its URL uses."""
    found: dict[str, str] = {}
    animated = tag.name in _ANIMATIONS
    for name, value in tag.attrs:
        if value is None or not (name in URL_ATTRIBUTES or (animated and name in _ANIMATED_VALUES)):
            continue
        picture = (tag.name, name) in _PICTURES
        parts = [value, *(_LIST_SEPARATORS.split(value) if name in _LISTS else ())]
        scheme = next((s for p in parts if (s := urls.unsafe_scheme(p, picture))), None)
        if scheme is not None:
            found[name] = scheme
    return found


def _without(
    tag: _Tag,
    dropped: Container[str],
    replaced: Mapping[str, str] | None = None,
    added: Mapping[str, str] | None = None,
) -> str:
    """The tag written again without the dropped attributes, with the replaced ones, and
    with the added ones last."""
    new = replaced or {}
    attrs = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(new.get(name, value))}"'
        for name, value in tag.attrs
        if name not in dropped
    )
    attrs += "".join(f' {name}="{html.escape(value)}"' for name, value in (added or {}).items())
    return f"<{tag.name}{attrs}{' /' if tag.closed else ''}>"


def _size(tag: _Tag, size: tuple[int, int]) -> dict[str, str]:
    """`width` and `height` for an `<img>` that lacks them: the picture's own, or, when the
    author gave one of them, the other in the picture's proportions. An author's CSS (a
    `style` width, `zoom`) still decides how large it shows; the pair only reserves the
    space, as browsers read it."""
    given = {name: value for name, value in tag.attrs if name in ("width", "height")}
    width, height = size
    if not width or not height or len(given) == 2:
        return {}
    if not given:
        return {"width": str(width), "height": str(height)}
    try:
        if "width" in given:
            return {"height": str(round(float(given["width"] or "") * height / width))}
        return {"width": str(round(float(given["height"] or "") * width / height))}
    except ValueError:
        return {}  # `width="50%"`: nothing to reserve from
