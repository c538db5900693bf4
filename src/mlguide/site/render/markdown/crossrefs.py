"""Cross-references the way Quarto writes them: figures, tables and equations labelled
`{#fig-…}`, `{#tbl-…}`, `{#eq-…}`, numbered per post, and referred to as `@fig-…` (shown
"Figure 2", a link), `[-@fig-…]` (the number alone). LaTeX's `\\eqref{k}` and `\\ref{k}` in
the text (MathJax reads them there too) link to the equation as "(3)" and "3".

- a figure: `![Caption](plot.png){#fig-loss}` (the caption is the image's title, else its
  alt text) gets the id and the caption "Figure 1: Caption";
- a table: a paragraph `: Caption {#tbl-scores}` right after (or before) a table becomes its
  numbered `<caption>` (a caption with no label is kept unnumbered);
- an equation: `$$ … $$ {#eq-elbo}` or `\\label{…}` (numbered by `math.py`).

A reference to a label the post does not define is a warning at its line, and shows `??`.
Written by hand: markdown-it has no cross-reference plugin, and the numbering needs every
label of the page before any reference is written (forward references are common).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.site.content.slugs import slugify
from mlguide.site.render.markdown.page import Label, PageEnv, children, page_of

KINDS = {"fig": "Figure", "tbl": "Table", "eq": "Equation"}
_LABEL_TEXT = re.compile(r"^\s*\{#((?:fig|tbl)-[^\s{}]+)\}")
_TABLE_CAPTION = re.compile(r"^(?::|Table:)\s+(.*?)\s*(?:\{#(tbl-[^\s{}]+)\})?\s*$", re.S)
# `@fig-x`, `-@fig-x` inside brackets, `\eqref{k}`; not an e-mail address (`a@fig-x.com`).
_REFERENCE = re.compile(
    r"\[-@((?:fig|tbl|eq)-[\w:-]*\w)\]"
    r"|(?<![\w.@])@([Ff]ig|[Tt]bl|[Ee]q)-([\w:-]*\w)"
    r"|\\(eqref|ref)\{([^{}\s]+)\}"
)


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("crossrefs", _crossrefs)
    md.add_render_rule("crossref", _render_reference)
    md.add_render_rule("caption_open", _render_caption_open)


def _crossrefs(state: StateCore) -> None:
    page = page_of(state.env)
    if not _has_any(state):
        return
    counts = {"fig": 0, "tbl": 0}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            _table_caption(tokens, i, page, counts)
        elif token.type == "inline" and token.children:
            _figures(token, page, counts)
        elif token.type == "nb_output":
            if token.meta.get("figure_label"):
                _claim(token.meta["figure_label"], "fig", counts, page)  # a notebook cell's plot
            _output_caption(tokens, i, page, counts)
    for token in tokens:
        if token.type == "inline" and token.children and _maybe_reference(token.content):
            token.children = _split_references(token, page)


def _has_any(state: StateCore) -> bool:
    return any(
        (t.type == "inline" and ("{#" in t.content or _maybe_reference(t.content)))
        or (t.type == "nb_output" and t.meta.get("figure_label"))
        for t in state.tokens
    )


def _maybe_reference(text: str) -> bool:
    return "@" in text or "ref{" in text


def _claim(
    label: str, kind: str, counts: dict[str, int], page: PageEnv, claim: bool = True
) -> Label:
    """The label's number and id; `claim=False` leaves claiming the id to the renderer that
    writes it (a figure's, which claims the id its attribute list asks for)."""
    counts[kind] += 1
    ident = page.ids.claim(slugify(label)) if claim else slugify(label)
    found = Label(kind, str(counts[kind]), ident)
    page.labels.setdefault(label, found)
    return found


def _figures(inline: Token, page: PageEnv, counts: dict[str, int]) -> None:
    """`![Caption](x.png){#fig-x}`: the label read from the attribute list (parsed by an
    attributes plugin, or still text after the image), the caption numbered."""
    kids = inline.children or []
    for k, kid in enumerate(kids):
        if kid.type != "image":
            continue
        label = str(kid.attrGet("id") or "")
        after = kids[k + 1] if k + 1 < len(kids) else None
        if not label.startswith("fig-") and after is not None and after.type == "text":
            m = _LABEL_TEXT.match(after.content)
            if m is not None and m.group(1).startswith("fig-"):
                label = m.group(1)
                after.content = after.content[m.end() :]
        if not label.startswith("fig-"):
            continue
        found = _claim(label, "fig", counts, page, claim=False)
        kid.attrSet("id", found.id)
        caption = str(kid.attrGet("title") or "") or "".join(c.content for c in kid.children or [])
        kid.attrSet(
            "title", f"Figure {found.number}: {caption}" if caption else f"Figure {found.number}"
        )
    if any(k.type == "image" for k in kids):  # a figure once its label text is gone
        inline.children = [k for k in kids if not (k.type == "text" and not k.content)]


def _table_caption(tokens: list[Token], i: int, page: PageEnv, counts: dict[str, int]) -> None:
    """A `: Caption {#tbl-x}` paragraph just after the table (or just before it) becomes
    its caption."""
    close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
    for start in (close + 1, i - 3):
        if start < 0 or start + 2 >= len(tokens) or (start < i and start + 3 != i):
            continue
        if tokens[start].type != "paragraph_open" or tokens[start + 1].type != "inline":
            continue
        m = _TABLE_CAPTION.match(tokens[start + 1].content)
        if m is None:
            continue
        kids = [c for c in tokens[start + 1].children or [] if c.type != "softbreak"]
        if kids and kids[0].type == "text":
            kids[0].content = re.sub(r"^(?::|Table:)\s+", "", kids[0].content)
        if kids and kids[-1].type == "text":
            kids[-1].content = re.sub(r"\s*\{#tbl-[^\s{}]+\}\s*$", "", kids[-1].content)
        label = m.group(2)
        ident = ""
        if label:
            found = _claim(label, "tbl", counts, page)
            prefix = f"Table {found.number}: " if m.group(1) else f"Table {found.number}"
            kids.insert(0, _text(prefix))
            ident = found.id
        for t in tokens[start : start + 3]:
            t.hidden = True
        caption = Token("inline", "", 0)
        caption.content = m.group(1)
        caption.children = kids
        tokens[start + 1].children = []
        opening = Token("caption_open", "caption", 1)
        opening.meta = {"id": ident}
        tokens[i + 1 : i + 1] = [opening, caption, Token("caption_close", "caption", -1)]
        return


def _output_caption(tokens: list[Token], i: int, page: PageEnv, counts: dict[str, int]) -> None:
    """A notebook's table (a DataFrame) takes its caption from a `: Caption {#tbl-x}`
    paragraph right after the cell's outputs, as Quarto writes it."""
    if i + 3 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return
    m = _TABLE_CAPTION.match(tokens[i + 2].content)
    if m is None:
        return
    caption, label = m.group(1), m.group(2)
    if label:
        found = _claim(label, "tbl", counts, page)
        caption = f"Table {found.number}: {caption}" if caption else f"Table {found.number}"
        tokens[i].meta["table_id"] = found.id
    tokens[i].meta["table_caption"] = caption
    for t in tokens[i + 1 : i + 4]:
        t.hidden = True
    tokens[i + 2].children = []


def _split_references(inline: Token, page: PageEnv) -> list[Token]:
    out: list[Token] = []
    for child, line in children(inline):
        if child.type != "text" or not _maybe_reference(child.content):
            out.append(child)
            continue
        last = 0
        text = child.content
        for m in _REFERENCE.finditer(text):
            ref = _reference(m, page, line)
            if ref is None:
                continue
            if m.start() > last:
                out.append(_text(text[last : m.start()]))
            out.append(ref)
            last = m.end()
        if last == 0:
            out.append(child)
        elif last < len(text):
            out.append(_text(text[last:]))
    return out


def _reference(m: re.Match[str], page: PageEnv, line: int | None) -> Token | None:
    if m.group(1):  # [-@fig-x]
        label, style = m.group(1), "number"
    elif m.group(2):
        label, style = f"{m.group(2).lower()}-{m.group(3)}", "name"
    else:
        label, style = m.group(5), "eqref" if m.group(4) == "eqref" else "ref"
    found = page.labels.get(label)
    if found is None and style in ("eqref", "ref"):
        found = page.labels.get(label.replace(":", "-"))
    if found is None:
        if style == "name" and page.citations is not None and label in page.citations.entries:
            return None  # a citation key that happens to start like a label
        page.warn("crossref", f"`{m.group(0)}` refers to no label in this post", line)
    token = Token("crossref", "", 0)
    token.meta = {"label": label, "style": style, "found": found, "kind": label.split("-")[0]}
    token.content = m.group(0)
    return token


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _render_reference(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    found: Label | None = meta["found"]
    number = found.number if found else "??"
    style = meta["style"]
    if style == "name":
        kind = found.kind if found else meta["kind"]
        text = f"{KINDS.get(kind, kind.title())}\u00a0{number}"
    elif style == "eqref":
        text = f"({number})"
    else:
        text = number
    if found is None:
        return f'<span class="crossref-missing">{html.escape(text)}</span>'
    return f'<a class="crossref" href="#{found.id}">{html.escape(text)}</a>'


def _render_caption_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    ident = tokens[idx].meta.get("id", "")
    return f'<caption id="{ident}">' if ident else "<caption>"
