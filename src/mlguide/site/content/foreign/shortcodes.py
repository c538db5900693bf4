"""What a shortcode means, whichever generator's syntax called it (Hugo's `{{< name >}}`,
Zola's `{{ name() }}` and `{% name() %}…{% end %}`): boxes, figures, embedded videos, code,
formulas, captions, contents markers, diagrams.

Themes name their shortcodes after what they do, so the name says what to render: `notice`,
`admonition`, `callout`, `alert` and `note` are boxes; `figure`, `img`, `image` and the
`*_image` family are figures (a light/dark pair becomes one picture per colour scheme);
`youtube` and `vimeo` embed the video; `highlight` is code; `math` and `katex` are formulas;
`cap` and `caption` caption the figure above. A wrapper that only lays out its content
(`wide_container`, `center`) keeps the content. Anything else is reported, never dropped
silently.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mlguide.site.content.foreign.codeopts import comma_options
from mlguide.site.content.foreign.records import Ctx, short
from mlguide.site.content.foreign.walk import indent_block

BOXES = {
    "note": "note", "notice": "note", "info": "info", "tip": "tip", "hint": "tip",
    "warning": "warning", "warn": "warning", "caution": "caution", "danger": "danger",
    "important": "important", "error": "danger", "success": "success", "example": "example",
    "question": "question", "quote": "quote", "abstract": "abstract", "bug": "bug",
}  # fmt: skip
BOX_NAMES = frozenset({*BOXES, "admonition", "callout", "alert", "aside", "box", "message"})
IMAGE_NAMES = frozenset(
    {"figure", "img", "image", "imgproc", "picture", "dual_theme_image", "invertible_image",
     "dimmable_image", "full_width_image", "image_hover", "image_toggler", "gallery_image"}
)  # fmt: skip
MATH_NAMES = frozenset({"math", "katex", "latex", "tex", "equation", "mathjax"})
# A formula already between its delimiters (what a math shortcode wraps in Hugo Blox).
DELIMITED = re.compile(
    r"\s*(?:\$\$.+\$\$|\$[^$].*(?<!\\)\$|\\\[.+\\\]|\\\(.+\\\)"
    r"|\\begin\{([a-zA-Z]+\*?)\}.+\\end\{\1\})\s*",
    re.S,
)
# A theme's icon (Congo's `{{< icon "github" >}}`, Hugo Blox's `{{< icon name="python" >}}`).
ICON_NAMES = frozenset({"icon"})
# With no body, a theme's switch that loads its math script for the page.
MATH_SWITCH_NAMES = frozenset({"katex", "mathjax"})
INLINE_MATH_NAMES = frozenset({"m", "imath", "inline_math", "inlinemath"})
CAPTION_NAMES = frozenset({"cap", "caption", "figcaption"})
CODE_NAMES = frozenset({"highlight", "code", "codeblock"})
DIAGRAM_NAMES = frozenset({"mermaid", "plantuml", "graphviz", "diagram"})
TOC_NAMES = frozenset({"toc", "tableofcontents"})
VIDEO_NAMES = frozenset({"youtube", "vimeo"})
LINKED_NAMES = {"gist": "https://gist.github.com/{0}/{1}", "tweet": "https://x.com/i/status/{0}"}
# Layout only: their content is the author's text and is kept as it is.
WRAPPER_NAMES = frozenset(
    {"wide_container", "center", "centered", "force_text_direction", "references", "columns",
     "column", "full_width", "section", "div", "raw", "markdownify"}
)  # fmt: skip


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[str, ...] = ()
    kwargs: Mapping[str, str] = field(default_factory=dict)
    text: str = ""  # as written, for messages

    def get(self, *names: str, position: int | None = None) -> str:
        for name in names:
            if self.kwargs.get(name):
                return self.kwargs[name]
        if position is not None and position < len(self.args):
            return self.args[position]
        return ""


def is_known(name: str) -> bool:
    return name in (
        BOX_NAMES | IMAGE_NAMES | MATH_NAMES | INLINE_MATH_NAMES | CAPTION_NAMES | CODE_NAMES
        | DIAGRAM_NAMES | TOC_NAMES | VIDEO_NAMES | WRAPPER_NAMES | ICON_NAMES | set(LINKED_NAMES)
    )  # fmt: skip


def box_kind(call: Call) -> str:
    """`notice info`, `admonition(type="tip")`, `note`: the box's kind."""
    said = call.get("type", "kind", "style", "class", "icon", position=0).lower()
    return BOXES.get(said) or BOXES.get(call.name, "note")


def _title_of(call: Call) -> str:
    title = call.get("title", "header")
    if not title and call.name in ("notice", "admonition", "callout") and len(call.args) > 1:
        title = call.args[1]
    return title


def box_line(call: Call, indent: str = "") -> str:
    title = _title_of(call)
    return f"{indent}!!! {box_kind(call)}" + (f' "{_quoted(title)}"' if title else "")


def _quoted(text: str) -> str:
    return " ".join(text.split()).replace('"', "'")


def image_markdown(call: Call) -> str | None:
    """A figure shortcode as the image line mlguide makes a figure of; a light/dark pair as
    two images marked for each colour scheme (the renderer shows one of them)."""
    light = call.get("src", "path", "url", "default_src", "light_src", "image", position=0)
    if not light:
        return None
    dark = call.get("dark_src", "toggled_src", "dark")
    alt = call.get("alt", "default_alt", "title", "caption")
    caption = call.get("caption", "title")
    if caption.startswith("> "):
        caption = caption[2:]
    title = f' "{_escape_title(caption)}"' if caption else ""
    attrs = []
    if ident := call.get("id"):
        attrs.append(f'id="{html.escape(ident)}"')
    if width := call.get("width"):
        attrs.append(f'width="{html.escape(width)}"')
    written = "{" + " ".join(attrs) + "}" if attrs else ""
    first = f"![{_escape_alt(alt)}]({_url(light)}{'#only-light' if dark else ''}{title}){written}"
    if not dark:
        return first
    dark_alt = call.get("toggled_alt", "dark_alt") or alt
    return f"{first}![{_escape_alt(dark_alt)}]({_url(dark)}#only-dark)"


def _in_bundle(ctx: Ctx, call: Call) -> Call:
    """A figure of a page bundle written `src="/diagram.png"` that the bundle holds: Hugo
    Blox's (Wowchemy's) `figure` looks among the page's own files first, so the old page
    showed the file beside the post, not one at the site root."""
    key = next((k for k in ("src", "path", "url") if k in call.kwargs), "")
    src = call.kwargs.get(key, "")
    if not src.startswith("/") or src.startswith("//") or ctx.source.stem != "index":
        return call
    local = src.lstrip("/")
    if ".." in local.split("/") or not (ctx.source.parent / local).is_file():
        return call
    return dataclasses.replace(call, kwargs={**call.kwargs, key: local})


def _url(src: str) -> str:
    return f"<{src}>" if " " in src else src


def _escape_alt(text: str) -> str:
    return " ".join(text.split()).replace("[", "\\[").replace("]", "\\]")


def _escape_title(text: str) -> str:
    """A link title keeps backslashes (`\\(x\\)` formulas) and quotes as written."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


_VIDEO_URLS = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}


def video_markdown(call: Call) -> str | None:
    """Hugo's `{{< youtube ID >}}`, Zola's `{{ vimeo(id="ID") }}`: the video's address as an
    image line, which the page shows as mlguide's own facade (nothing loads from the video
    site before a click), its title as the label. In a sentence, the renderer puts the
    player between the sentence's two halves: a player is a block."""
    ident = call.get("id", "video", position=0)
    if not ident or not re.fullmatch(r"[\w-]+", ident):
        return None
    url = _VIDEO_URLS[call.name].format(ident)
    if (start := call.get("start")).isdigit():
        url += ("&" if "?" in url else "?") + f"t={start}"
    return f"![{_escape_alt(call.get('title'))}]({url})"


IMAGE_LINE = re.compile(r'^(\s*!\[[^\]]*\]\(\s*<?[^)\s>]+>?)(\s+"(?:[^"\\]|\\.)*")?(\).*)$')


def caption_above(ctx: Ctx, i: int, caption: str, text: str) -> bool:
    """A caption shortcode right under an image line is that image's caption."""
    lines = ctx.lines
    above = i - 1
    while above >= 0 and not lines[above].strip() and above >= i - 2:
        above -= 1
    m = IMAGE_LINE.match(lines[above]) if above >= 0 else None
    if m is None or m.group(2):
        return False
    lines[above] = f'{m.group(1)} "{_escape_title(caption)}"{m.group(3)}'
    lines[i] = ""
    ctx.converted(i + 1, text, "the caption of the figure above")
    return True


def inline(ctx: Ctx, call: Call, body: str | None, line: int) -> str | None:
    """A call on one line, with its body if it has one: its Markdown, or None (unknown)."""
    name = call.name
    if name in TOC_NAMES:
        ctx.converted(line, call.text, "the contents marker: the page has its contents")
        return ""
    if name in IMAGE_NAMES and (image := image_markdown(_in_bundle(ctx, call))) is not None:
        ctx.converted(line, call.text, "a figure")
        return image
    if name in VIDEO_NAMES and (video := video_markdown(call)) is not None:
        ctx.converted(line, call.text, "the embedded video")
        return video
    if name in LINKED_NAMES and call.args:
        try:
            url = LINKED_NAMES[name].format(*call.args)
        except IndexError:
            return None
        ctx.converted(line, call.text, "a link to it")
        return f"[{name}]({url})"
    text = body if body is not None else call.get("text", "body", "content")
    if name in INLINE_MATH_NAMES | MATH_NAMES and body is not None and DELIMITED.fullmatch(body):
        ctx.converted(line, call.text, "its formula (already between delimiters)")
        return body.strip()
    if name in INLINE_MATH_NAMES | MATH_NAMES and body is not None:
        ctx.converted(line, call.text, "a formula")
        return f"${body.strip()}$" if name in INLINE_MATH_NAMES else f"$${body.strip()}$$"
    if name in ICON_NAMES:
        ctx.dropped(line, "icon", call.text, "mlguide ships no icon font")
        return ""
    if name in MATH_SWITCH_NAMES and body is None and not call.args:
        # Congo's and Blowfish's `{{< katex >}}` alone: it loads KaTeX for the page and
        # shows nothing; mlguide typesets the formulas of every page.
        ctx.converted(line, call.text, "nothing: the page's formulas are typeset anyway")
        return ""
    if name in CAPTION_NAMES and text:
        ctx.converted(line, call.text, "a caption")
        return f"*{text.strip()}*"
    if name in BOX_NAMES and text:
        title = _title_of(call)
        ctx.converted(line, call.text, f"a `{box_kind(call)}` box")
        if name == "aside":
            return f"*{text.strip()}*"
        return f"**{title or box_kind(call).title()}:** {text.strip()}"
    if name == "spoiler" and text:
        ctx.converted(line, call.text, "its text, shown (it was blurred until clicked)")
        return text
    if name == "multilingual_quote" and call.get("original"):
        quote = call.get("original")
        said = call.get("translated")
        who = call.get("author")
        ctx.converted(line, call.text, "a quotation")
        return f"> {quote}" + (f" ({said})" if said else "") + (f" — {who}" if who else "")
    if name in WRAPPER_NAMES and body is not None:
        ctx.converted(line, call.text, "its content (the layout it gave is not kept)")
        return body
    return None


def in_text(ctx: Ctx, call: Call, line: int) -> None:
    """A figure shortcode inside a sentence is a picture in the text, which has no room for
    a caption: said, since the caption is the author's text."""
    if call.name not in IMAGE_NAMES or not call.get("caption", "title"):
        return
    if ctx.lines[line - 1].strip() == call.text.strip():
        return  # alone on its line: a figure, caption and all
    why = "its caption is not shown inside a paragraph; put the shortcode on a line of its own"
    ctx.lost(line, "figure shortcode", short(call.text), why)


def block(ctx: Ctx, call: Call, start: int, end: int) -> bool:
    """A call whose body runs from line start+1 to end-1 (end is the closing tag's line)."""
    lines = ctx.lines
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    name = call.name
    if name in BOX_NAMES:
        lines[start] = box_line(call, indent)
        indent_block(lines, start + 1, end)
        lines[end] = ""
        ctx.converted(start + 1, call.text, f"a `{box_kind(call)}` box")
        return True
    if name in MATH_NAMES | INLINE_MATH_NAMES and DELIMITED.fullmatch(
        "\n".join(lines[start + 1 : end])
    ):
        # Hugo Blox's `{{< math >}}` around `$$…$$`: a guard against Markdown, not a
        # formula's delimiters.
        lines[start], lines[end] = "", ""
        ctx.converted(start + 1, call.text, "its formula (already between delimiters)")
        return True
    if name in MATH_NAMES | INLINE_MATH_NAMES:
        lines[start], lines[end] = f"{indent}$$", f"{indent}$$"
        ctx.converted(start + 1, call.text, "a displayed formula")
        return True
    if name in CODE_NAMES:
        lang = call.get("lang", "language", position=0)
        info = _code_info(lang, code_options(call))
        lines[start], lines[end] = f"{indent}```{info}", f"{indent}```"
        ctx.converted(start + 1, call.text, "a fenced code block")
        return True
    if name in DIAGRAM_NAMES:
        lines[start], lines[end] = f"{indent}```{name}", f"{indent}```"
        ctx.cannot(
            start + 1, "diagram", call.text, "mlguide draws no diagrams: its source is shown"
        )
        return True
    if name in CAPTION_NAMES:
        lines[start], lines[end] = "", ""
        indent_block(lines, start + 1, end, 0)
        ctx.converted(start + 1, call.text, "a caption paragraph")
        return True
    if name in WRAPPER_NAMES or name == "spoiler":
        lines[start], lines[end] = "", ""
        ctx.converted(start + 1, call.text, "its content (the layout it gave is not kept)")
        return True
    if name == "details" or name == "expand":
        summary = call.get("summary", "title", position=0) or "Details"
        lines[start] = f'{indent}??? note "{_quoted(summary)}"'
        indent_block(lines, start + 1, end)
        lines[end] = ""
        ctx.converted(start + 1, call.text, "a box that opens on click")
        return True
    return False


def _code_info(lang: str, options: str) -> str:
    """A fence's info string: the language, then the options (in braces when there is no
    language, so that no option is taken for one)."""
    if not options:
        return lang
    return f"{lang} {options}" if lang else f"{{{options}}}"


def code_options(call: Call) -> str:
    """Hugo's `{{< highlight go "linenos=table,hl_lines=2" >}}`: the options after the
    language, as fence attributes. The quoted options hold `=`, so `hugo.parse` took them
    for named arguments: they are put back together as written."""
    named = [f"{k}={v}" for k, v in call.kwargs.items() if k not in ("lang", "language")]
    positional = call.args if call.get("lang", "language") else call.args[1:]
    return comma_options(",".join([*positional, *named]))


def unknown_block(ctx: Ctx, call: Call, start: int, end: int, what: str) -> None:
    """A shortcode nothing here knows: its content is kept, its tags go, a warning says so."""
    ctx.lines[start], ctx.lines[end] = "", ""
    ctx.dropped(
        start + 1,
        what,
        call.text,
        f"`{call.name}` is a theme's own shortcode: its content is shown without it",
    )
