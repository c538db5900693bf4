"""Pelican's syntax: codehilite's `:::lang` blocks, and the liquid_tags plugin's `{% img %}`,
`{% video %}`, `{% youtube %}`, `{% include_code %}` (the file's text, as a code block),
`{% literal %}` (a tag shown as text) and `{% notebook %}` (which mlguide cannot show)."""

from __future__ import annotations

import html
import re
import shlex

from mlguide.site.content.foreign import notebook, shortcodes
from mlguide.site.content.foreign.records import Ctx

_CODEHILITE = re.compile(r"^( {4}|\t)\s*:::([\w+#.-]+)\s*$")
_TAG = re.compile(r"\{%\s*(img|video|youtube|vimeo|include_code|notebook|literal)\s+(.*?)\s*%\}")
_LITERAL = re.compile(r"\{%\s*literal\s+(.*?)\s*%\}")
_SIZE = re.compile(r"^\d+(?:px|%)?$")


def codehilite(ctx: Ctx, i: int) -> int | None:
    """An indented block whose first line is `:::lang`, as a fenced block: the marker line
    opens the fence, the blank line after the block closes it."""
    lines = ctx.lines
    m = _CODEHILITE.match(lines[i])
    if m is None or (i > 0 and lines[i - 1].strip()):
        return None
    lines[i] = "```" + m.group(2)
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or lines[j].startswith(("    ", "\t"))):
        j += 1
    end = j
    while end > i + 1 and not lines[end - 1].strip():
        end -= 1
    for k in range(i + 1, end):
        lines[k] = lines[k][1:] if lines[k].startswith("\t") else lines[k][4:]
    if end < len(lines) and not lines[end].strip():
        lines[end] = "```"
    else:
        lines[end - 1] += "\n```"  # no blank line to reuse: one line more, at the very end
    ctx.converted(i + 1, m.group(0).strip(), "a fenced code block")
    return end + 1


def literal(line: str) -> str:
    """`{% literal img x %}` shows the tag `{% img x %}` as text, even in code."""
    return _LITERAL.sub(lambda m: "{% " + m.group(1) + " %}", line) if "literal" in line else line


def tags(ctx: Ctx, i: int) -> int | None:
    """A liquid tag alone on its line, or leading it (`{% img left x.png %} Text…`)."""
    line = ctx.lines[i]
    m = _TAG.search(line)
    if m is None:
        return None
    name, args = m.group(1), m.group(2)
    if name == "include_code":
        if m.start() != len(line) - len(line.lstrip()) or line[m.end() :].strip():
            return None
        return _include_code(ctx, i, m.group(0), args)
    out = _render(ctx, i + 1, name, args, m.group(0))
    if out is None:
        return None
    ctx.lines[i] = line[: m.start()] + out + line[m.end() :]
    return None if name == "literal" else i + 1


def _render(ctx: Ctx, line: int, name: str, args: str, text: str) -> str | None:
    if name == "literal":
        ctx.converted(line, text, "the tag, shown as text")
        return "`{% " + args + " %}`"
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    if name == "img":
        return _image(ctx, line, words, text)
    if name == "video" and words:
        src = words[0]
        sizes = [w for w in words[1:] if _SIZE.match(w)]
        poster = next((w for w in words[1:] if not _SIZE.match(w)), "")
        attrs = f' width="{sizes[0]}"' if sizes else ""
        attrs += f' poster="{html.escape(poster)}"' if poster else ""
        ctx.converted(line, text, "a video")
        return f'<video controls preload="metadata" src="{html.escape(src)}"{attrs}></video>'
    if name in ("youtube", "vimeo") and words:
        video = shortcodes.video_markdown(shortcodes.Call(name, (words[0],)))
        if video is not None:
            ctx.converted(line, text, "the embedded video")
            return video
    if name == "notebook":
        return _notebook(ctx, line, words, args, text)
    return None


def _notebook(ctx: Ctx, line: int, words: list[str], args: str, text: str) -> str:
    """The notebook's cells as Markdown (its code, outputs, tables and pictures)."""
    path = words[0] if words else ""
    body = ctx.links.read(path) if ctx.links.read is not None and path else None
    if body is None:
        ctx.cannot(line, "Pelican tag", text, f"the notebook `{path}` is not in the project")
        return text
    try:
        markdown, count = notebook.to_markdown(body, notebook.cells_slice(args))
    except ValueError as exc:
        ctx.cannot(line, "Pelican tag", text, f"`{path}` could not be read: {exc}")
        return text
    ctx.converted(line, text, f"the {count} cells of `{path}`")
    return markdown


def _image(ctx: Ctx, line: int, words: list[str], text: str) -> str | None:
    """`{% img [class] /path [width [height]] [title [alt]] %}`."""
    at = next((k for k, w in enumerate(words) if "/" in w or "." in w), None)
    if at is None:
        return None
    src = words[at]
    rest = [w for w in words[at + 1 :] if not _SIZE.match(w)]
    title = " ".join(rest).strip("[]\"' ")
    ctx.converted(line, text, "an image")
    alt = title.replace("[", "").replace("]", "")
    return f"![{alt}]({src})"


def _include_code(ctx: Ctx, i: int, text: str, args: str) -> int | None:
    """The file's text in a fenced block, its title above it."""
    words = args.split()
    if not words:
        return None
    path = words[0]
    lang = next((w.split(":", 1)[1] for w in words[1:] if w.startswith("lang:")), "")
    title = " ".join(w for w in words[1:] if not w.startswith("lang:"))
    body = ctx.links.read(path) if ctx.links.read is not None else None
    if body is None:
        ctx.cannot(i + 1, "Pelican tag", text, f"the file `{path}` is not in the project")
        return i + 1
    fence = "````" if "```" in body else "```"
    head = f"**{title}**\n\n" if title else ""
    ctx.lines[i] = f"{head}{fence}{lang}\n{body.rstrip()}\n{fence}"
    ctx.converted(i + 1, text, f"the code of `{path}`")
    return i + 1
