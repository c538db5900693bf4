"""MkDocs Material's syntax (Python-Markdown with pymdown-extensions): content tabs, snippet
includes, icons and emoji shortcodes, `<figure markdown>` around an image and its caption,
and the attribute lists on code fences (`{ .sh .no-copy }`, `py title="x"`)."""

from __future__ import annotations

import re

from mlguide.site.content.foreign.codeopts import attribute
from mlguide.site.content.foreign.records import Ctx

_TAB = re.compile(r'^(\s*)===\+?\s+"([^"]*)"\s*$')
_SNIPPET = re.compile(r"^\s*-{2,}8<-{2,}")
_ICON = re.compile(r":((?:octicons|material|fontawesome|simple)-[a-z0-9-]+):")
_EMOJI = re.compile(r"(?<![\w:]):([a-z0-9_+-]{2,40}):(?![\w:])")
_FIGURE_OPEN = re.compile(r"^\s*<figure\b[^>]*\bmarkdown\b[^>]*>\s*$")
_FIGURE_CLOSE = re.compile(r"^\s*</figure>\s*$")
_CAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S)
_IMAGE_LINE = re.compile(r"^\s*(!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])(?:\{[^}]*\})?)\s*$")
# What an icon's name says it shows, where a character says the same.
_ICON_WORDS = (
    ("arrow-right", "→"), ("arrow-left", "←"), ("arrow-up", "↑"), ("arrow-down", "↓"),
    ("check", "✓"), ("alert", "⚠"), ("warning", "⚠"), ("heart", "♥"), ("star", "★"),
)  # fmt: skip
EMOJI = {
    "tada": "🎉", "rocket": "🚀", "smile": "😄", "heart": "❤️", "+1": "👍", "thumbsup": "👍",
    "warning": "⚠️", "sparkles": "✨", "fire": "🔥", "bulb": "💡", "memo": "📝",
    "white_check_mark": "✅", "x": "❌", "eyes": "👀", "wave": "👋", "point_right": "👉",
    "star": "⭐", "bug": "🐛", "books": "📚", "zap": "⚡", "coffee": "☕", "thinking": "🤔",
    "joy": "😂", "wink": "😉", "grin": "😁", "slightly_smiling_face": "🙂", "clap": "👏",
    "raised_hands": "🙌", "muscle": "💪", "pray": "🙏", "construction": "🚧", "lock": "🔒",
    "key": "🔑", "gear": "⚙️", "package": "📦", "chart_with_upwards_trend": "📈",
    "computer": "💻", "snake": "🐍", "robot": "🤖", "brain": "🧠", "100": "💯",
    "partying_face": "🥳", "heavy_check_mark": "✔️", "information_source": "ℹ️",
}  # fmt: skip


def tabs(ctx: Ctx, i: int) -> int | None:
    """`=== "Label"` and its body indented under it: the label in bold, the body kept."""
    lines = ctx.lines
    m = _TAB.match(lines[i])
    if m is None:
        return None
    outer = len(m.group(1))
    label = icons(ctx, m.group(2), i + 1)
    lines[i] = f"{m.group(1)}**{label.strip()}**"
    inner = outer + 4
    for j in range(i + 1, len(lines)):
        if lines[j].strip() and not (lines[j].startswith(" " * inner) or lines[j].startswith("\t")):
            break
        if lines[j].startswith("\t"):
            lines[j] = " " * outer + lines[j][1:]
        else:
            lines[j] = lines[j][:outer] + lines[j][inner:]
    ctx.converted(i + 1, m.group(0).strip(), "a labelled block (tabs become sections)")
    return i + 1


def snippet(ctx: Ctx, i: int) -> int | None:
    """`--8<-- "file"`: the file's text, when the project has it."""
    line = ctx.lines[i]
    if not _SNIPPET.match(line):
        return None
    name = line.split("8<", 1)[1].strip(" -\"'")
    text = ctx.links.read(name) if ctx.links.read is not None and name else None
    if text is None:
        ctx.cannot(
            i + 1,
            "snippet include",
            line.strip(),
            "the file is not in the project: paste its text in",
        )
        return i + 1
    indent = line[: len(line) - len(line.lstrip())]  # as pymdownx.snippets indents it
    ctx.lines[i] = "\n".join(
        indent + part if part else part for part in text.rstrip("\n").split("\n")
    )
    ctx.converted(i + 1, line.strip(), f"the text of `{name}`")
    return i + 1


def figure(ctx: Ctx, i: int) -> int | None:
    """`<figure markdown>` with an image (or a light/dark pair) and a `<figcaption>`: the
    image line with the caption as its title, which mlguide makes a figure of."""
    lines = ctx.lines
    if not _FIGURE_OPEN.match(lines[i]):
        return None
    end = next(
        (j for j in range(i + 1, min(len(lines), i + 40)) if _FIGURE_CLOSE.match(lines[j])), -1
    )
    if end < 0:
        return None
    inside = "\n".join(lines[i + 1 : end])
    images = [m.group(1) for line in lines[i + 1 : end] if (m := _IMAGE_LINE.match(line))]
    if not images:
        return None
    caption_match = _CAPTION.search(inside)
    caption = " ".join(caption_match.group(1).split()) if caption_match else ""
    title = caption.replace("\\", "\\\\").replace('"', '\\"')
    written = [_with_title(image, title) for image in images]
    for j in range(i, end + 1):
        lines[j] = ""
    lines[i] = "".join(written)
    ctx.converted(i + 1, "<figure markdown>", "a figure with its caption")
    return end + 1


def _with_title(image: str, title: str) -> str:
    if not title:
        return image
    m = re.match(r"^(!\[[^\]]*\]\()([^)\s]*)(\s+\"[^\"]*\")?(\).*)$", image)
    if m is None:
        return image
    return f'{m.group(1)}{m.group(2)} "{title}"{m.group(4)}'


def icons(ctx: Ctx, part: str, line: int) -> str:
    """`:octicons-arrow-right-24:` as the arrow it draws; an icon that says nothing a
    character can is left out (mlguide ships no icon font), with a warning. Emoji
    shortcodes (`:tada:`) as the emoji."""
    if ":" not in part:
        return part

    def icon(m: re.Match[str]) -> str:
        name = m.group(1)
        for word, char in _ICON_WORDS:
            if word in name:
                ctx.converted(line, m.group(0), f"the character {char}")
                return char
        ctx.dropped(line, "icon", m.group(0), "mlguide ships no icon font")
        return ""

    def emoji(m: re.Match[str]) -> str:
        char = EMOJI.get(m.group(1))
        if char is None:
            return m.group(0)
        ctx.converted(line, m.group(0), f"the emoji {char}")
        return char

    part = _ICON.sub(icon, part)
    return _EMOJI.sub(emoji, part) if "::" not in part else part


def fence_info(info: str) -> str:
    """The info string of a fence as markdown-it reads it: the language first, the rest as
    `key="value"` attributes (`{ .sh .no-copy }`, `python { title = "x" }`,
    ` python`). Hugo separates its attributes with commas and writes
    lists in brackets (`go {linenos=true,hl_lines=[2,"4-5"]}`): a value ends at a comma."""
    text = info.strip()
    attrs = ""
    if "{" in text:
        head, _, brace = text.partition("{")
        brace = brace.rsplit("}", 1)[0]
        classes = re.findall(r"\.([\w+#-]+)", brace)
        pairs = re.findall(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,]+)""", brace)
        lang = head.strip() or (classes[0] if classes else "")
        attrs = " ".join(attribute(k, v.strip(chr(34) + chr(39))) for k, v in pairs)
        if not lang and attrs:  # `{linenos=table}`: no language, so the braces stay
            return "{" + attrs + "}"
        return (lang + (" " + attrs if attrs else "")).strip()
    # Zola's `rust,linenos,hl_lines=2 3` stays as written: the renderer reads it in any
    # project, values with spaces included (cut at the comma, its options were lost).
    return text
