"""`:::` fenced divs, the block syntax of Pandoc, Quarto, Docusaurus, VitePress and MyST.

```
::: callout-note            ::: {.callout-tip title="Faster" collapse="true"}
Text.                       Text.
:::                         :::

:::note[A title]            ::: youtube dQw4w9WgXcQ title="The talk"
Text.                       A caption.
:::                         :::
```

markdown-it's container plugin finds the fences (nested divs use longer fences outside, as in
Pandoc); this module reads each header into a `DivHeader` and hands the div to the module
that claims its kind (callouts, media). A kind nobody claims is a warning at its line, and
the div is kept as a `<div>` with its classes, so no text is lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.container import container_plugin

from mlguide.site.render.markdown.page import PageEnv, line_of, page_of

OPEN, CLOSE = "container_div_open", "container_div_close"
_ATTR = re.compile(r"""\s*(?:([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'}]+)|([#.]?[\w:.-]+))""")
_SAFE_CLASS = re.compile(r"[A-Za-z][\w-]*")


@dataclass(frozen=True)
class DivHeader:
    """`::: name text` or `::: {.name #id key=value}`: what a div asks to be."""

    name: str  # its kind, lowercased: the first class or word ("callout-note", "youtube")
    classes: tuple[str, ...]
    ident: str
    attrs: tuple[tuple[str, str], ...]
    text: str  # the rest of the line: a title, or a video's file and options

    def attr(self, key: str, default: str = "") -> str:
        return next((v for k, v in self.attrs if k.lower() == key), default)


# Each handler: (claims(header), convert(state, index of the open token, header)).
Handler = tuple[Callable[[DivHeader], bool], Callable[[StateCore, int, DivHeader], None]]


def handlers() -> tuple[Handler, ...]:
    """Who claims which kinds of div, in order: add a module here to give `:::` a new kind.
    (Imported here, not at the top: those modules use `DivHeader` from this one.)"""
    from mlguide.site.render.markdown import callouts, media

    return ((callouts.claims, callouts.from_div), (media.claims, media.from_div))


def extend(md: MarkdownIt) -> None:
    known = handlers()
    container_plugin(md, "div", marker=":", validate=lambda params, *_: bool(params.strip()))
    md.add_render_rule(OPEN, _render_open)
    md.add_render_rule(CLOSE, _render_close)

    def dispatch(state: StateCore) -> None:
        page = page_of(state.env)
        for i, token in enumerate(state.tokens):
            if token.type != OPEN:
                continue
            header = read_header(token.info)
            token.meta["div"] = header
            handler = next((h for h in known if h[0](header)), None)
            if handler is not None:
                handler[1](state, i, header)
            else:
                _unknown(token, header, page)

    md.core.ruler.push("divs", dispatch)


def read_header(info: str) -> DivHeader:
    """The header after the colons, in each dialect: `{.a #b k=v}` (Pandoc, Quarto), `{note}`
    (MyST), `note[Title]` (Docusaurus), `name rest of line` (VitePress, Docusaurus)."""
    text = info.strip()
    if text.startswith("{"):
        inner, _, after = text[1:].partition("}")
        classes, ident, attrs, words = _attributes(inner)
        name = (words[:1] or classes[:1] or [""])[0]
        classes = ([name] if words and name else []) + classes
        return DivHeader(name.lower(), tuple(classes), ident, tuple(attrs), after.strip())
    match = re.match(r"([^\s\[{]+)(?:\[([^\]]*)\])?\s*(.*)", text)
    if match is None:
        return DivHeader("", (), "", (), text)
    name, title, rest = match.groups()
    if title is not None:
        return DivHeader(name.lower(), (name,), "", (), title.strip())
    return DivHeader(name.lower(), (name,), "", tuple(_pairs(rest)), rest.strip())


def _attributes(text: str) -> tuple[list[str], str, list[tuple[str, str]], list[str]]:
    classes: list[str] = []
    ident = ""
    attrs: list[tuple[str, str]] = []
    words: list[str] = []
    for key, value, flag in _ATTR.findall(text):
        if key:
            attrs.append((key, _unquote(value)))
        elif flag.startswith("."):
            classes.append(flag[1:])
        elif flag.startswith("#"):
            ident = flag[1:]
        elif flag:
            words.append(flag)
    return classes, ident, attrs, words


def _pairs(text: str) -> list[tuple[str, str]]:
    return [
        (k, _unquote(v)) for k, v in re.findall(r"""([\w:-]+)=("[^"]*"|'[^']*'|[^\s"']+)""", text)
    ]


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _unknown(token: Token, header: DivHeader, page: PageEnv) -> None:
    page.warn(
        "unknown-block",
        f"unknown block type `::: {header.name or token.info.strip()}`: shown as a plain block",
        line_of(token),
    )
    classes = " ".join(c for c in header.classes if _SAFE_CLASS.fullmatch(c))
    token.attrs = {"class": classes} if classes else {}
    if header.ident:
        token.attrs["id"] = page.ids.claim(header.ident)


def _render_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    attrs = "".join(f' {k}="{html.escape(str(v))}"' for k, v in token.attrs.items())
    return f"<div{attrs}>\n"


def _render_close(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"
