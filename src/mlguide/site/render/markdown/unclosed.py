"""Raw HTML that never closes: an `<!--` without its `-->`, a `<textarea>`, `<script>`,
`<style>`, `<title>` or `<iframe>` without its end tag.

Markdown passes such HTML through as written, and a browser then reads everything after it,
to the end of the page, as the comment or as the element's text: the rest of the post
vanishes, and with it the footer, the navigation and the page's own scripts. So the raw
HTML of a post is read in order, as a browser's tokenizer reads these few states (only the
end tag closes a raw text element; only `-->` closes a comment), and what is still open at
the end is reported at the line it opens on and closed at the end of the piece of raw HTML it
opens in (an unclosed comment's block runs to the end of the post), so the page around the
post is never eaten. Python's `html.parser` cannot do this job: it keeps an unclosed
comment as text to wait for, and never says where it opened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Elements whose content is raw text (or escapable raw text) to the browser.
_RAW_TEXT = ("script", "style", "textarea", "title", "iframe", "xmp", "noembed", "noframes")
_OPENS = re.compile(r"<!--|<(" + "|".join(_RAW_TEXT) + r")(?=[\s/>])", re.I)
_EMPTY_COMMENT = re.compile(r"<!--->?|<!-->")  # complete comments by the HTML spec


@dataclass(frozen=True)
class Unclosed:
    """What is open at the end: in which chunk, at which character, and its closer."""

    chunk: int
    offset: int
    what: str  # "comment" or the element's name
    closer: str


def unclosed(chunks: Sequence[str]) -> Unclosed | None:
    """The comment or raw text element left open at the end of `chunks` (the post's raw
    HTML in order), or None."""
    open_at: Unclosed | None = None
    for index, text in enumerate(chunks):
        pos = 0
        while pos < len(text):
            if open_at is None:
                found = _OPENS.search(text, pos)
                if found is None:
                    break
                if found.group(1) is None:
                    empty = _EMPTY_COMMENT.match(text, found.start())
                    if empty is not None and empty.group().endswith(">"):
                        pos = empty.end()
                        continue
                    open_at = Unclosed(index, found.start(), "comment", " -->")
                    pos = found.end()
                else:
                    name = found.group(1).lower()
                    tag_end = text.find(">", found.end())
                    if tag_end < 0:  # a tag broken off: not this module's concern
                        break
                    open_at = Unclosed(index, found.start(), name, f"</{name}>")
                    pos = tag_end + 1
            else:
                if open_at.what == "comment":
                    end = re.compile(r"--!?>").search(text, pos)
                else:
                    end = re.compile(rf"</{open_at.what}[\s/>]", re.I).search(text, pos)
                if end is None:
                    break
                open_at = None
                pos = end.end()
    return open_at


def message(found: Unclosed) -> str:
    what = "an HTML comment" if found.what == "comment" else f"a `<{found.what}>`"
    return (
        f"{what} opened here is never closed: a browser would hide the rest of the page "
        f"after it; close it with `{found.closer.strip()}`"
    )
