"""What a code fence's info string asks for, in the dialect of whichever tool it was written for.

Writers bring code blocks from MkDocs Material (```` ```py title="a.py" linenums="1"
hl_lines="2 3" ````), Zola (```` ```py,linenos,hl_lines=2 3 ````), Hugo (```` ```go
{linenos=true,hl_lines=[2,"4-5"]} ````), Pandoc and Quarto (```` ```{.py filename="a.py"} ````,
```` ```{python} ````), VitePress and Docusaurus (```` ```js {1,3-5} showLineNumbers ````). Each
means the same few things: a language, a title, line numbers from some start, highlighted
lines. No library reads all of these dialects (Python-Markdown reads its own only), so this
module does, into one `FenceInfo`; options it does not understand are listed, never dropped
silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _name(key: str) -> str:
    """An option's name as compared: `hl_lines`, `hl-lines` and `HL_LINES` are one option."""
    return key.lower().replace("_", "").replace("-", "").lstrip(":.")


# Options that only style the output of another highlighter: nothing to do, nothing to say.
_COSMETIC = frozenset(
    _name(k)
    for k in (
        "anchor_linenos", "anchor_linenums", "guessSyntax", "hl_inline", "lineAnchors",
        "linenospecial", "linespans", "noClasses", "style", "tabWidth", "linenos_style",
        "hide_lines", "code-fold", "code-overflow", "code-summary", "wrap", "lineAnchors",
    )
)  # fmt: skip
_TITLE = frozenset({"title", "filename", "name", "file", "codetitle"})
_NUMBERS = frozenset({"linenums", "linenos", "showlinenumbers", "linenumbers", "numberlines"})
_START = frozenset({"linenostart", "startfrom", "start", "startline", "firstlinenumber"})
_HIGHLIGHT = frozenset(
    {"hllines", "highlight", "emphasizelines", "highlightlines", "mark", "marklines"}
)
_FALSE = frozenset({"false", "0", "no", "off", "none"})
# `key=value` with a value in double or single quotes, a [list], or bare; or a bare word.
_OPTION = re.compile(
    r"""\s*(?:([#.]?[\w:-]+)\s*=\s*("[^"]*"|'[^']*'|\[[^\]]*\]|[^\s,]*)|([#.:]?[\w:+-]+))\s*,?"""
)
_LINES = re.compile(r"^[\d\s,\-]+$")


@dataclass(frozen=True)
class FenceInfo:
    lang: str = ""
    title: str = ""
    numbered: bool = False
    start: int = 1
    highlighted: frozenset[int] = frozenset()
    ident: str = ""  # Pandoc's `#id`
    executable: bool = False  # Quarto's ```{python}: a cell, whose `#|` options are not code
    unknown: tuple[str, ...] = ()  # options written but not understood
    problems: tuple[str, ...] = ()  # options understood whose value is wrong


def parse_info(info: str) -> FenceInfo:
    """The info string of a fence (everything after the backticks), in any dialect above."""
    text = info.strip()
    if not text:
        return FenceInfo()
    if text.startswith("{") and text.endswith("}") and not _LINES.match(text[1:-1]):
        inner = text[1:-1].strip()
        first = re.match(
            r"[A-Za-z][\w+-]*(?=[\s,]|$)", inner
        )  # Quarto's {python}: an engine, no dot
        if first and "=" not in first.group(0):
            return _read(first.group(0), inner[first.end() :], executable=True)
        return _read("", inner)
    head = re.match(r"[^\s,{]*", text)
    lang = head.group(0) if head else ""
    rest = text[len(lang) :].strip()
    if rest.startswith(","):  # Zola: `rust,linenos,hl_lines=1 3-5,linenostart=10`
        return _read(lang, _zola(rest[1:]))
    return _read(lang, rest)


def _zola(rest: str) -> str:
    """Zola's comma-separated options as `key="value"` pairs (its values hold spaces)."""
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    return " ".join(
        f'{k.strip()}="{v.strip()}"' if sep else k
        for k, sep, v in (p.partition("=") for p in parts)
    )


def _read(lang: str, rest: str, executable: bool = False) -> FenceInfo:
    title, numbered, start, ident = "", False, 1, ""
    lines: set[int] = set()
    unknown: list[str] = []
    problems: list[str] = []
    for key, value in _options(rest, problems):
        name = _name(key)
        if key.startswith("#"):
            ident = key[1:]
        elif key.startswith(".") and name in _NUMBERS:  # Pandoc's .numberLines
            numbered = True
        elif key.startswith(".") and not lang:
            lang = key[1:]
        elif key.startswith(".") and name not in _COSMETIC:
            unknown.append(key)
        elif key.startswith("."):
            pass
        elif name == "lang" or name == "language":
            lang = value
        elif name in _TITLE:
            title = value
        elif name in _NUMBERS:
            numbered, first = _numbers(value, key, problems)
            start = first or start
        elif name in _START:
            start = _number(value, key, problems) or start
        elif name in _HIGHLIGHT:
            lines |= line_set(value, key, problems)
        elif name == "codelinenumbers":  # Quarto: true, or the lines to highlight
            if _LINES.match(value.strip('"')):
                lines |= line_set(value, key, problems)
            else:
                numbered = value.lower() not in _FALSE
        elif name.isdigit() or _LINES.match(key):  # `{1,3-5}` written without the braces
            lines |= line_set(key, "{…}", problems)
        elif name not in _COSMETIC:
            unknown.append(key)
    return FenceInfo(
        lang=lang.lower(),
        title=title,
        numbered=numbered,
        start=start,
        highlighted=frozenset(lines),
        ident=ident,
        executable=executable,
        unknown=tuple(unknown),
        problems=tuple(problems),
    )


def _options(rest: str, problems: list[str]) -> list[tuple[str, str]]:
    """(key, value) pairs in order; a `{...}` group is Hugo's attributes or `{1,3-5}` lines."""
    found: list[tuple[str, str]] = []
    for group in re.findall(r"\{([^{}]*)\}", rest):
        if _LINES.match(group):
            found.append(("hl_lines", group))
        else:
            found += _options(group, problems)
    rest = re.sub(r"\{[^{}]*\}", " ", rest)
    rest, pos = rest.strip(" ,"), 0
    while pos < len(rest):
        match = _OPTION.match(rest, pos)
        if match is None or match.end() == pos:
            problems.append(f"cannot read `{rest[pos:].strip()}`")
            break
        key, value, flag = match.groups()
        if flag is not None:
            found.append((flag, ""))
        elif key is not None:
            found.append((key, _unquote(value)))
        pos = match.end()
    return found


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _numbers(value: str, key: str, problems: list[str]) -> tuple[bool, int | None]:
    """`linenums="1"` (Material: the first number), `linenos=true|table|inline` (Hugo), a
    bare flag (Zola, Docusaurus), `showLineNumbers=5`, `:line-numbers=5` (VitePress)."""
    value = value.strip()
    if not value or value.lower() in ("true", "table", "inline", "yes", "on"):
        return True, None
    if value.lower() in _FALSE:
        return False, None
    first = value.split()[0]  # Material's `linenums="1 2"`: a start and a step
    return True, _number(first, key, problems)


def _number(value: str, key: str, problems: list[str]) -> int | None:
    if value.strip().isdigit():
        return int(value)
    problems.append(f"`{key}` wants a line number, not `{value}`")
    return None


def line_set(value: str, key: str, problems: list[str]) -> set[int]:
    """`2 3`, `1,3-5`, `[2,"4-5"]`: line numbers counted from the block's first line."""
    lines: set[int] = set()
    for part in re.split(r"[\s,]+", value.strip("[]{} ")):
        part = part.strip("\"'")
        if not part:
            continue
        low, dash, high = part.partition("-")
        if low.isdigit() and (high.isdigit() if dash else True):
            lines.update(range(int(low), int(high if dash else low) + 1))
        else:
            problems.append(f"`{key}`: `{part}` is not a line number or a range")
    return lines
