"""Raw HTML is the author's and stays, but not a URL in it that runs code (see `sanitize`).

Three things make raw HTML behave the way its author saw it:
- a file it names (`<img src="/assets/x.png">`, `<video src>`, a poster) is published with
  the site, and the tag points at the published copy, as a Markdown image does;
- text inside raw `<code>`, `<kbd>`, `<samp>` or `<pre>` is code: the typographer never turns
  `--flag` into `–flag` there;
- in a blog brought from another generator, Markdown right after a line of HTML is Markdown:
  kramdown and Python-Markdown start a paragraph at an inline tag (`<br />`, `<a name="x"/>`),
  and a heading or a list right under `<details><summary>…</summary>` is the author's
  heading or list, where CommonMark would keep the lines as raw HTML until a blank line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.paragraph import paragraph
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mlguide.errors import Finding
from mlguide.site import urls
from mlguide.site.render.markdown import sanitize, unclosed
from mlguide.site.render.markdown.page import PageEnv, children, line_of, page_of

_FILE_ATTRIBUTES = frozenset({("img", "src"), ("video", "src"), ("video", "poster"),
                              ("source", "src"), ("audio", "src"), ("track", "src")})  # fmt: skip
_CODE_OPEN = re.compile(r"^<(code|kbd|samp|pre|tt|var)\b[^>]*(?<!/)>$", re.I)
_CODE_CLOSE = re.compile(r"^</(code|kbd|samp|pre|tt|var)\s*>$", re.I)
_TAG_LINE = re.compile(r"^\s*(?:<[^<>]+>\s*|<summary\b[^>]*>.*?</summary>\s*)+$", re.I)
_ONE_TAG = re.compile(
    r"^<(?:[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*/?|/[A-Za-z][A-Za-z0-9-]*\s*)>\s*$"
)
_RAW_BLOCK = re.compile(r"^<(?:script|pre|style|textarea|!--|\?|![A-Za-z]|!\[CDATA\[)", re.I)
_MARKDOWN_START = re.compile(r"^\s{0,3}(?:#{1,6}\s|[*+-]\s|\d{1,9}[.)]\s|>|```|~~~|!\[|\|)")
_BLOCK_NAMES = frozenset(block_names)


def extend(md: MarkdownIt) -> None:
    md.block.ruler.before("table", "html_body", _html_body)
    md.block.ruler.before(
        "html_block",
        "html_then_markdown",
        _html_then_markdown,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    md.core.ruler.before("replacements", "raw_code_text", _raw_code_text)
    md.core.ruler.push("raw_html", _raw_html)


def _html_then_markdown(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """In an imported post: a line of inline HTML followed by text starts a paragraph, and
    lines of tags followed by a Markdown block end there."""
    page = page_of(state.env)
    if page.dialect == "mlguide" or state.is_code_block(start):
        return False
    text = _line(state, start)
    if not text.startswith("<") or _RAW_BLOCK.match(text):
        return False
    name = re.match(r"^</?([A-Za-z][A-Za-z0-9-]*)", text)
    inline_tag = name is not None and name.group(1).lower() not in _BLOCK_NAMES
    after = start + 1
    if inline_tag and _ONE_TAG.match(text):
        if after < end and not state.isEmpty(after) and not _line(state, after).startswith("<"):
            return False if silent else bool(paragraph(state, start, end, False))
        return False
    if inline_tag or not _TAG_LINE.match(text):
        return False
    stop = after
    while stop < end and not state.isEmpty(stop) and _TAG_LINE.match(_line(state, stop)):
        stop += 1
    if stop >= end or state.isEmpty(stop) or not _MARKDOWN_START.match(_line(state, stop)):
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, stop]
    token.content = state.getLines(start, stop, state.blkIndent, True)
    state.line = stop
    return True


_FENCE_LINE = re.compile(r"^\s*(?:```|~~~)")


def _html_body(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A post written in HTML is HTML, except the code blocks its Liquid tags became."""
    if not page_of(state.env).html_body or silent:
        return False
    if _FENCE_LINE.match(_line(state, start)):
        return False
    stop = start + 1
    while stop < end and not _FENCE_LINE.match(_line(state, stop)):
        stop += 1
    token = state.push("html_block", "", 0)
    token.map = [start, stop]
    token.content = state.getLines(start, stop, 0, True)
    state.line = stop
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _raw_code_text(state: StateCore) -> None:
    """Text between a raw `<code>` and its `</code>` is code: not the typographer's."""
    for token in state.tokens:
        if token.type != "inline" or "<" not in token.content:
            continue
        depth = 0
        for child in token.children or []:
            if child.type == "html_inline":
                if _CODE_OPEN.match(child.content):
                    depth += 1
                elif _CODE_CLOSE.match(child.content) and depth:
                    depth -= 1
            elif child.type == "text" and depth:
                child.type = "text_special"  # joined back into text after the typographer


def _raw_html(state: StateCore) -> None:
    page = page_of(state.env)
    line: int | None = None
    raw: list[tuple[Token, int | None]] = []  # every piece of raw HTML, in order
    for token in state.tokens:
        line = line_of(token) or line
        if token.type == "html_block":
            token.content = _reviewed(token.content, line, page)
            raw.append((token, line))
        elif token.type == "inline" and "<" in token.content:
            for child, at in children(token):
                if child.type == "html_inline":
                    child.content = _reviewed(child.content, at, page)
                    raw.append((child, at))
    _close_what_is_open(raw, page)


def _close_what_is_open(raw: list[tuple[Token, int | None]], page: PageEnv) -> None:
    """An `<!--` or `<textarea>` never closed would hide the rest of the page: warned
    about at its line, and closed (`unclosed`)."""
    found = unclosed.unclosed([token.content for token, _ in raw])
    if found is None:
        return
    token, at = raw[found.chunk]
    text = token.content
    cut = len(text) - 1 if text.endswith("\n") else len(text)
    token.content = text[:cut] + found.closer + text[cut:]
    where = None if at is None else at + text.count("\n", 0, found.offset)
    page.findings.append(Finding("unclosed-html", unclosed.message(found), page.source, where))


_RAW_ID = re.compile(r"""\sid\s*=\s*["']?([^"'\s>]+)""", re.I)
# `<a name="x"/>`: HTML has no self-closing `<a>` (a browser opens a link that swallows the
# rest of the paragraph), and `name` is the anchor of old HTML. kramdown wrote it as an
# empty anchor; so does this, with the `id` browsers and the link check follow.
_OLD_ANCHOR = re.compile(r"""<a\s+name\s*=\s*(["'])([^"'<>]+)\1\s*(?:/>|>\s*</a>)""", re.I)
_EMPTY_ELEMENT = re.compile(r"<(span|div|i|b|em|strong)\b([^<>]*?)\s*/>", re.I)


def _normal_html(markup: str) -> str:
    if "/>" not in markup and "name" not in markup:
        return markup
    markup = _OLD_ANCHOR.sub(lambda m: f'<a id="{m.group(2)}"></a>', markup)
    return _EMPTY_ELEMENT.sub(lambda m: f"<{m.group(1)}{m.group(2)}></{m.group(1)}>", markup)


# A file named relative to the post, or to the content folder, is the project's or missing;
# a site path (`/x`) may name a file the build makes (`/favicon.ico`): the site's check
# judges that one.
_PROJECT_FILES = (urls.UrlKind.RELATIVE, urls.UrlKind.CONTENT)


def _missing(tag: str, attribute: str, src: str, line: int, page: PageEnv) -> None:
    """A picture (or video, sound) raw HTML names that is not in the project: warned about
    at its line with the name probably meant, as a Markdown image is (and not again by the
    site's check, without a line)."""
    what = "image" if tag == "img" or attribute == "poster" else tag
    hint = page.did_you_mean(src) if page.did_you_mean is not None else ""
    page.warn("missing-image", f"{what} `{src}` not found{hint}", line or None, src)


def _reviewed(markup: str, line: int | None, page: PageEnv) -> str:
    markup = _normal_html(markup)
    if "id" in markup:  # ids the author wrote: no figure or heading may take them again
        page.ids.taken.update(_RAW_ID.findall(markup))

    def published(tag: str, attribute: str, value: str, offset: int) -> sanitize.Published | None:
        if tag == "a" and attribute == "href" and line is not None:
            # The link check reports a broken link at the lines that wrote it: a raw
            # `<a href>` has its line as a Markdown link does (it was warned about at none).
            page.links.append((value.strip(), line + offset))
            return None
        if page.resolve_src is None or (tag, attribute) not in _FILE_ATTRIBUTES:
            return None
        at = (line or 0) + offset
        found = page.resolve_src(value, at)
        if found is None and urls.classify(value, image=True) in _PROJECT_FILES:
            _missing(tag, attribute, value.strip(), at, page)
        return found

    out, issues = sanitize.review(markup, published)
    for issue in issues:
        where = None if line is None else line + issue.line - 1
        page.findings.append(Finding(issue.rule, issue.message, page.source, where, issue.notice))
    return out
