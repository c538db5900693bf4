"""A notebook cell's outputs on the page, where its placeholder block stands
(`content/notebook.py` writes one after each code cell that has outputs).

Each output is shown the way Jupyter shows it, without a script: streams and `text/plain` as
preformatted text (stderr marked), pictures (PNG, JPEG, SVG) published as files beside the
page with their width and height, HTML (a pandas DataFrame) sanitised to table markup and
styled like the site's tables, LaTeX as MathML, errors with their traceback (colour codes
removed). A picture's alt text comes from the cell (`#| fig-alt:`, else `#| fig-cap:`), or
its absence is a warning; with `#| label: fig-x` it is a numbered figure others can refer to
(`@fig-x`). Interactive outputs (widgets, HTML that is only a script) cannot be shown without
running code in the reader's browser, and say so.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from mlguide.errors import MlguideError
from mlguide.images import svg_size
from mlguide.site.content.notebook import ATTACHMENT, CELL_FENCE, CellOptions, cell_options
from mlguide.site.render.markdown.mathml import convert, with_source
from mlguide.site.render.markdown.page import Label, NotebookPage, PageEnv, line_of, page_of

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_PICTURES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
_ORDER = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/latex", "text/plain")


def extend(md: MarkdownIt) -> None:
    md.core.ruler.push("notebook_cells", _cells)
    md.core.ruler.push("notebook_attachments", _attachments)
    md.add_render_rule("nb_output", _render_outputs)
    md.add_render_rule("nb_attachment", _render_attachment)


def _attachments(state: StateCore) -> None:
    """A picture pasted into a Markdown cell (`![alt](attachment:image.png)`, stored in the
    cell as base64) is published beside the page like an output's, with its size."""
    page = page_of(state.env)
    if page.notebook is None:
        return
    for token in state.tokens:
        for child in token.children or []:
            src = str(child.attrGet("src") or "") if child.type == "image" else ""
            if src.startswith(ATTACHMENT):
                _attachment(child, src, page, page.notebook, line_of(token))


def _attachment(
    token: Token, src: str, page: PageEnv, notebook: NotebookPage, line: int | None
) -> None:
    where, _, name = src.removeprefix(ATTACHMENT).partition("/")
    cell = (
        notebook.cells[int(where)] if where.isdigit() and int(where) < len(notebook.cells) else {}
    )
    data = ((cell.get("attachments") or {}).get(name) or {}) if name else {}
    kind = next((k for k in _PICTURES if k in data), None)
    alt = token.content
    token.type = "nb_attachment"
    token.meta = {"html": ""}
    if kind is None:
        page.warn("missing-image", f"image `attachment:{name}`: the cell has no such picture", line)
        return
    try:
        if kind == "image/svg+xml":
            raw = _text(data[kind]).encode()
            width, height = svg_size(raw, page.source)
        else:
            raw = base64.b64decode(_text(data[kind]), validate=False)
            width, height = _raster_size(raw)
    except (MlguideError, binascii.Error, OSError, ValueError):
        page.warn("notebook", f"image `attachment:{name}` cannot be read: skipped", line)
        return
    if not alt:
        page.warn("image-alt", f"image `attachment:{name}` has no alt text", line)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name.rsplit(".", 1)[0]).strip("-") or "picture"
    file = f"{notebook.stem}-cell{int(where) + 1}-{stem}.{_PICTURES[kind]}"
    if all(existing != file for existing, _ in notebook.files):
        notebook.files.append((file, raw))
    token.meta["html"] = (
        f'<img class="nb-picture" src="{html.escape(file)}" alt="{html.escape(alt)}" '
        f'width="{width}" height="{height}" loading="lazy" decoding="async">'
    )


def _render_attachment(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return str(tokens[idx].meta["html"])


def _cells(state: StateCore) -> None:
    """The placeholder fences become output tokens; a labelled figure cell declares its
    label for the cross-references (numbered there, in page order)."""
    page = page_of(state.env)
    if page.notebook is None:
        return
    for token in state.tokens:
        if token.type != "fence" or not token.info.startswith(CELL_FENCE):
            continue
        parts = token.info.split()
        if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) >= len(page.notebook.cells):
            continue  # written by hand in a Markdown cell: left as the code block it is
        index = int(parts[1])
        cell = page.notebook.cells[index]
        options, _ = cell_options(cell)
        token.type = "nb_output"
        token.meta = {"index": index, "options": options}
        if options.label.startswith("fig-") and _has_picture(cell):
            token.meta["figure_label"] = options.label


def _has_picture(cell: Any) -> bool:
    return any(
        any(kind in (o.get("data") or {}) for kind in _PICTURES) for o in cell.get("outputs") or []
    )


def _render_outputs(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    page = page_of(env)
    assert page.notebook is not None
    index: int = token.meta["index"]
    cell_opts: CellOptions = token.meta["options"]
    cell = page.notebook.cells[index]
    line = line_of(token)
    parts: list[str] = []
    pictures = 0
    for output in _merged(cell.get("outputs") or []):
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            parts.append(_pre(_text(output.get("text")), f"nb-stream nb-{name}"))
        elif kind == "error":
            trace = "\n".join(_ANSI.sub("", str(t)) for t in output.get("traceback") or [])
            summary = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
            parts.append(_pre(trace or summary, "nb-error"))
            page.findings.append(
                _notice(page, f"the cell raised {summary[:80]} (shown as saved)", line)
            )
        elif kind in ("execute_result", "display_data"):
            shown = _display(
                output, page, page.notebook, index, cell_opts, pictures + 1, line, token
            )
            if shown.startswith(("<img", "<figure")):
                pictures += 1
            parts.append(shown)
    body = "\n".join(p for p in parts if p)
    if not body:
        return ""
    if cell_opts.fold_output:
        body = f'<details class="nb-fold"><summary>Output</summary>\n{body}\n</details>'
    return f'<div class="nb-outputs">\n{body}\n</div>\n'


def _merged(outputs: Sequence[Any]) -> list[Any]:
    """Consecutive writes to one stream, as one block (as Jupyter shows them)."""
    out: list[Any] = []
    for o in outputs:
        last = out[-1] if out else None
        if (
            last is not None
            and o.get("output_type") == "stream"
            and last.get("output_type") == "stream"
            and last.get("name") == o.get("name")
        ):
            out[-1] = {**last, "text": _text(last.get("text")) + _text(o.get("text"))}
        else:
            out.append(o)
    return out


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _pre(text: str, kind: str) -> str:
    text = _ANSI.sub("", text).rstrip("\n")
    if not text.strip():
        return ""
    return f'<pre class="nb-output {kind}" tabindex="0"><code>{html.escape(text)}</code></pre>'


def _notice(page: PageEnv, message: str, line: int | None) -> Any:
    from mlguide.errors import Finding

    return Finding("notebook", message, page.source, line, notice=True)


def _display(
    output: Any,
    page: PageEnv,
    notebook: NotebookPage,
    index: int,
    opts: CellOptions,
    number: int,
    line: int | None,
    token: Token,
) -> str:
    data = output.get("data") or {}
    metadata = output.get("metadata") or {}
    for kind in _ORDER:
        if kind not in data:
            continue
        value = data[kind]
        if kind == "text/html":
            shown = _html_output(_text(value), index)
            caption = token.meta.pop("table_caption", None)  # the first table takes it
            if caption is not None and "<table>" in shown:
                ident = token.meta.get("table_id")
                attr = f' id="{ident}"' if ident else ""
                shown = shown.replace(
                    "<table>", f"<table><caption{attr}>{html.escape(caption)}</caption>", 1
                )
            if shown:
                return shown
            continue  # a script or a widget: the next kind, if any, says it in text
        if kind in _PICTURES:
            return _picture(kind, value, metadata.get(kind) or {}, page, notebook, index, opts,
                            number, line, token)  # fmt: skip
        if kind == "text/latex":
            tex = _text(value).strip().strip("$").strip()
            result = convert(tex, True, page.macros)
            if result.mathml is not None:
                return f'<div class="math nb-output">{with_source(result.mathml, tex)}</div>'
            continue
        return _pre(_text(value), "nb-text")
    if any(k.startswith("application/vnd.jupyter.widget") for k in data):
        page.findings.append(
            _notice(page, "an interactive widget cannot be shown on a static page", line)
        )
    return ""


def _picture(
    kind: str,
    value: Any,
    metadata: dict[str, Any],
    page: PageEnv,
    notebook: NotebookPage,
    index: int,
    opts: CellOptions,
    number: int,
    line: int | None,
    token: Token,
) -> str:
    try:
        if kind == "image/svg+xml":
            data = _text(value).encode()
            width, height = svg_size(data, page.source)
        else:
            data = base64.b64decode(_text(value), validate=False)
            width, height = _raster_size(data)
    except MlguideError as exc:  # the one SVG reader's reason (no <svg>, no size)
        page.warn("notebook", f"a {kind} output cannot be shown: {exc.message}: skipped", line)
        return ""
    except (binascii.Error, OSError, ValueError):
        page.warn("notebook", f"a {kind} output cannot be read: skipped", line)
        return ""
    if metadata.get("width"):  # the size the notebook showed it at
        shown = int(metadata["width"])
        height = int(metadata.get("height") or round(height * shown / max(1, width)))
        width = shown
    name = f"{notebook.stem}-cell{index + 1}-{number}.{_PICTURES[kind]}"
    notebook.files.append((name, data))
    alt = opts.alt or opts.caption
    if not alt:
        page.warn(
            "image-alt",
            f"the picture of output {number} has no alt text: add `#| fig-alt: …` to the cell",
            line,
        )
    img = (
        f'<img class="nb-picture" src="{html.escape(name)}" alt="{html.escape(alt)}" '
        f'width="{width}" height="{height}" loading="lazy" decoding="async">'
    )
    label = token.meta.get("figure_label", "")
    found: Label | None = page.labels.get(label) if label and number == 1 else None
    if found is None and not opts.caption:
        return img
    caption = opts.caption
    if found is not None:
        caption = f"Figure {found.number}: {caption}" if caption else f"Figure {found.number}"
    ident = f' id="{found.id}"' if found is not None else ""
    return (
        f'<figure class="visual nb-figure"{ident}>{img}'
        f"<figcaption><span>{html.escape(caption)}</span></figcaption></figure>"
    )


def _raster_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


# --- HTML outputs --------------------------------------------------------------------------

_TABLE_TAGS = frozenset(
    {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"}
)
_TEXT_TAGS = frozenset(
    {"div", "span", "p", "b", "i", "em", "strong", "code", "pre", "br", "sub", "sup", "small"}
)
_KEPT_ATTRIBUTES = frozenset({"colspan", "rowspan", "scope"})
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "svg", "math", "template"}
)


class _Sanitiser(HTMLParser):
    """Table and text markup only, without attributes but spans and scope: what a DataFrame
    (and most HTML reprs) needs, styled by the site's own table CSS. Scripts, styles and
    everything they contain go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.tables = 0
        self.dropped_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping += 1
            self.dropped_script |= tag == "script"
            return
        if self.skipping or tag not in _TABLE_TAGS | _TEXT_TAGS:
            return
        self.tables += tag == "table"
        kept = "".join(
            f' {k}="{html.escape(v or "")}"' for k, v in attrs if k in _KEPT_ATTRIBUTES and v
        )
        self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if not self.skipping and tag in _TABLE_TAGS | _TEXT_TAGS and tag not in ("br", "col"):
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def _html_output(markup: str, index: int) -> str:
    sanitiser = _Sanitiser()
    sanitiser.feed(markup)
    sanitiser.close()
    body = "".join(sanitiser.out).strip()
    if not re.sub(r"<[^>]+>", "", body).strip():
        return ""
    if sanitiser.tables:
        body = re.sub(r"<th>\s*</th>", '<td class="nb-corner"></td>', body)
        # What follows the last table (pandas' "5 rows × 24 columns") is text under the
        # table, not a row of it: outside the scrolling box, where it lines up with the text.
        # pandas wraps it all in a <div>, which sanitising leaves bare: drop those first.
        body = re.sub(r"</?div>", "", body)
        end = body.rfind("</table>") + len("</table>")
        table, after = body[:end], body[end:].strip()
        note = f'<div class="nb-output nb-html">{after}</div>' if after else ""
        return (
            f'<div class="table-wrap nb-table" tabindex="0" role="region" '
            f'aria-label="Table output of cell {index + 1}">{table}</div>{note}'
        )
    return f'<div class="nb-output nb-html">{body}</div>'
