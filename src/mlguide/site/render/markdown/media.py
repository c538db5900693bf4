"""`:::` media blocks: a video, a sound or a YouTube/Vimeo video with a caption and options.

```
::: video clip.mp4 poster=clip.jpg title="Training, sped up"
The loss falls for the first ten epochs, then flattens.
:::

::: youtube dQw4w9WgXcQ title="The talk" start=90
:::
```

The short form is an image line (`![The talk](https://youtu.be/ID "Caption")`,
`![A demo](demo.mp4)`): both reach the page's `render_image`, which knows where files are
and writes the player (site/render/media.py). Here the block's header becomes an `ImageUse`
and its body the caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.site.render.markdown.divs import DivHeader
from mlguide.site.render.markdown.images import plain_image
from mlguide.site.render.markdown.page import ImageUse, line_of, matching_close, page_of

KINDS = ("video", "audio", "youtube", "vimeo")
OPEN, CLOSE = "media_open", "media_close"
_OPTIONS = ("poster", "width", "height", "start")
_URLS = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}


def extend(md: MarkdownIt) -> None:
    md.add_render_rule(OPEN, _render_open)
    md.add_render_rule(CLOSE, _render_close)


def claims(header: DivHeader) -> bool:
    return header.name in KINDS


def from_div(state: StateCore, i: int, header: DivHeader) -> None:
    tokens = state.tokens
    j = matching_close(tokens, i)
    opener, closer = tokens[i], tokens[j]
    opener.type, closer.type = OPEN, CLOSE
    words = header.text.split()
    target = words[0] if words else header.attr("src") or header.attr("id")
    src = _URLS[header.name].format(target) if header.name in _URLS and target else target
    options = tuple((k, header.attr(k)) for k in _OPTIONS if header.attr(k))
    opener.meta = {
        "use": ImageUse(
            src, header.attr("title"), "", line_of(opener) or 0, False, options=options
        ),
        "caption": j > i + 1,
    }
    closer.meta = {"caption": j > i + 1}
    if not target:
        page_of(state.env).warn(
            "unknown-block", f"`::: {header.name}` needs a file or an id", line_of(opener)
        )


def _render_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    page = page_of(env)
    use: ImageUse = tokens[idx].meta["use"]
    if not use.src:
        player = ""
    elif page.render_image is not None:
        player = page.render_image(use, page)
    else:
        player = plain_image(use.src, use.alt)
    caption = "<figcaption>\n" if tokens[idx].meta["caption"] else ""
    return f'<figure class="media">\n{player}\n{caption}'


def _render_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return ("</figcaption>\n" if tokens[idx].meta["caption"] else "") + "</figure>\n"
