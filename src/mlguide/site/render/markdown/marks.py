"""Inline marks of Pandoc and pymdownx: `H~2~O` and `x^2^` (mdit-py-plugins), `==marked==`,
`++ctrl+c++` keys, and `*[HTML]: HyperText Markup Language` abbreviations.

`==` and `++` have no maintained plugin for markdown-it-py, so they are read here; raw
`<kbd>`, `<abbr>`, `<mark>`, `<sub>` and `<sup>` work too (they are HTML) and are styled by
templates/prose.css.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

_KEYS = re.compile(r"\+\+([^\s+][^+\n]*?(?:\+[^\s+][^+\n]*?)*)\+\+")
_KEY_NAMES = {
    "ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "cmd": "⌘ Cmd", "command": "⌘ Cmd",
    "opt": "⌥ Option", "option": "⌥ Option", "meta": "Meta", "win": "Win", "super": "Super",
    "enter": "Enter", "return": "Return", "esc": "Esc", "escape": "Esc", "tab": "Tab",
    "space": "Space", "backspace": "Backspace", "del": "Del", "delete": "Delete",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "home": "Home", "end": "End",
    "pgup": "Page Up", "pgdn": "Page Down", "fn": "Fn", "caps": "Caps Lock",
}  # fmt: skip
_ABBR = re.compile(r"^\*\[([^\]\n]+)\]:[ \t]*(.*)$")
_ABBREVIATIONS = "abbreviations"  # the env key the definitions are collected under


def extend(md: MarkdownIt) -> None:
    md.use(sub_plugin)
    md.use(superscript_plugin)
    md.inline.ruler.before("emphasis", "mark", _mark)
    md.inline.ruler.before("emphasis", "keys", _keys)
    md.block.ruler.before("paragraph", "abbr_definition", _abbr_definition, {"alt": ["paragraph"]})
    md.core.ruler.push("abbreviations", _abbreviations)


def _mark(state: StateInline, silent: bool) -> bool:
    """`==text==`: a <mark>, whose text may hold other inline markup."""
    start = state.pos
    src = state.src
    if not src.startswith("==", start) or src.startswith("===", start):
        return False
    end = src.find("==", start + 2, state.posMax)
    inner = src[start + 2 : end]
    if end < 0 or not inner or inner[0].isspace() or inner[-1].isspace() or "\n\n" in inner:
        return False
    if not silent:
        state.push("mark_open", "mark", 1)
        old_max = state.posMax
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("mark_close", "mark", -1)
    state.pos = end + 2
    return True


def _keys(state: StateInline, silent: bool) -> bool:
    """`++ctrl+alt+del++`: each key a <kbd>, the whole a <kbd class="keys">."""
    match = _KEYS.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        outer = state.push("keys_open", "kbd", 1)
        outer.attrSet("class", "keys")
        for n, key in enumerate(match.group(1).split("+")):
            if n:
                plus = state.push("text", "", 0)
                plus.content = "+"
            state.push("key_open", "kbd", 1)
            name = state.push("text", "", 0)
            key = key.strip()
            name.content = _KEY_NAMES.get(key.lower(), key.upper() if len(key) == 1 else key)
            state.push("key_close", "kbd", -1)
        state.push("keys_close", "kbd", -1)
    state.pos = match.end()
    return True


def _abbr_definition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`*[HTML]: HyperText Markup Language`: a definition, not shown where it is written."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    match = _ABBR.match(line)
    if match is None:
        return False
    if silent:
        return True
    found = state.env.setdefault(_ABBREVIATIONS, {})
    found.setdefault(match.group(1).strip(), match.group(2).strip())
    state.line = start + 1
    return True


def _abbreviations(state: StateCore) -> None:
    """Every whole-word use of a defined abbreviation in the text becomes an <abbr>."""
    defined: dict[str, str] = state.env.get(_ABBREVIATIONS) or {}
    if not defined:
        return
    words = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(defined, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        out: list[Token] = []
        for child in token.children:
            if child.type != "text" or not words.search(child.content):
                out.append(child)
                continue
            pos = 0
            for match in words.finditer(child.content):
                out.append(_text(child.content[pos : match.start()]))
                opener = Token("abbr_open", "abbr", 1)
                opener.attrSet("title", defined[match.group(1)])
                out += [opener, _text(match.group(1)), Token("abbr_close", "abbr", -1)]
                pos = match.end()
            out.append(_text(child.content[pos:]))
        token.children = [t for t in out if t.type != "text" or t.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
