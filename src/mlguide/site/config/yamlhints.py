"""A YAML syntax error as an author would put it: the line to fix and what to do there.

PyYAML reports where its parser gave up, which for the common mistakes is not where the
mistake is: an unclosed quote swallows the lines below it until the next quote character and
fails there ("while parsing a block mapping"), `title:Hello` fails on the next line. So the
text is scanned again with PyYAML's own (pure-Python) scanner, which hands over the tokens it
read before the failure; the last of them tell which mistake it was and where it began. Only
the failure path pays for it. One mistake YAML accepts, a quote that runs on to a quote lines
below, is looked for in the parsed tree (`runaway_quote`): a walk over its nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# `key:` at the start of a line (a mapping key, maybe a list item's), for naming the key.
_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?):(?:\s|$)")
# `key:value`: a colon with no space after it, which YAML reads as part of a plain word.
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)$")
_BRACKETS = {"flow sequence": "[", "flow mapping": "{"}


@dataclass(frozen=True)
class Hint:
    line: int  # 0-based, in the text that was parsed
    message: str


def explain(exc: yaml.MarkedYAMLError, text: str) -> Hint | None:
    """The author's line and a plain message for the usual mistakes, or None to fall back
    on PyYAML's own words."""
    lines = text.split("\n")
    tokens = _tokens_before_failure(text)
    if exc.problem_mark is not None:  # the parser fails after the scanner read on: cut there
        tokens = [t for t in tokens if t.end_mark.index <= exc.problem_mark.index]
    problem = exc.problem or ""
    context = exc.context or ""
    quote = _unclosed_quote(tokens, lines, exc, context)
    if quote is not None:
        line, char = quote
        return Hint(line, f"{_key_part(lines, line)}the quote opened here ({char}) is never closed")
    if context.startswith("while parsing a flow") and exc.context_mark is not None:
        bracket = _BRACKETS.get(context.removeprefix("while parsing a "), "[")
        closing = "]" if bracket == "[" else "}"
        line = exc.context_mark.line
        return Hint(
            line,
            f"{_key_part(lines, line)}the `{bracket}` opened here is never closed "
            f"(add `{closing}`)",
        )
    mark = exc.problem_mark
    if mark is None:
        return None
    if _is_tab(lines, mark, problem):
        line = _tab_line(lines, mark.line)
        return Hint(line, "a tab indents this line: YAML indents with spaces only")
    if "mapping values are not allowed" in problem:
        return _stray_colon(tokens, lines, mark.line)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        line = exc.context_mark.line
        return Hint(line, _not_a_key_line(lines[line]) if line < len(lines) else problem)
    if "expected key" in problem or "expected <block end>" in problem:
        after = _text_after_quote(tokens, mark)
        if after:
            return Hint(mark.line, f"{_key_part(lines, mark.line)}{after}")
        if _indented_under_a_value(lines, mark.line):
            return Hint(mark.line, _INDENTED)
    return None


# A line YAML would read as the next key, list item or a comment, were the quote closed.
_LINE_OF_ITS_OWN = re.compile(rf"{_KEY.pattern}|^\s*(?:#|-\s)")


def runaway_quote(root: yaml.Node, text: str) -> Hint | None:
    """A quote left open that YAML still accepted: it ran on to a quote further down (in a
    comment, or another value) and closed there, swallowing the lines between, keys and
    comments alike (`author: "Ada` took in the next twenty lines of mlguide.yml as the
    author's name, silently; in a post, the `date:` under `title: "Hello` went missing).
    Such a value has a line as far left as its key's, which YAML reads as the next key,
    list item or a comment when the quote is closed: a value's own lines are indented under
    its key.
    The first one found, at the line the quote opened, or None."""
    if "\n" not in text:
        return None
    lines = text.splitlines()  # as yaml counts: U+2028 and kin end a line too
    found: list[Hint] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif (
            isinstance(node, yaml.ScalarNode)
            and node.style in ("'", '"')
            and node.end_mark.line > node.start_mark.line
        ):
            hint = _swallowed(node, lines)
            if hint is not None:
                found.append(hint)
    return min(found, key=lambda h: h.line, default=None)


def _swallowed(node: yaml.ScalarNode, lines: list[str]) -> Hint | None:
    start = node.start_mark.line
    if start >= len(lines):
        return None
    indent = _indent(lines[start])
    for text in lines[start + 1 : node.end_mark.line + 1]:
        stripped = text.strip()
        if stripped and _indent(text) <= indent and _LINE_OF_ITS_OWN.match(text):
            shown = stripped if len(stripped) <= 40 else stripped[:39] + "…"
            return Hint(
                start,
                f"{_key_part(lines, start)}the quote opened here ({node.style}) is not closed "
                f"on its line: it runs on over the lines below (`{shown}`)",
            )
    return None


_INDENTED = (
    "this line is indented under a key that already has a value: line it up with the keys "
    "above, or put a value that holds `: ` in quotes"
)


def _indented_under_a_value(lines: list[str], line: int) -> bool:
    """The line is indented deeper than the `key: value` line above it."""
    if line >= len(lines):
        return False
    above = next(
        (
            lines[i]
            for i in range(line - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")
        ),
        None,
    )
    if above is None or _key_of(above) is None or not above.split(":", 1)[1].strip():
        return False
    return _indent(lines[line]) > _indent(above)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _tokens_before_failure(text: str) -> list[yaml.Token]:
    """Every token the scanner read before it failed (all of them if it did not)."""
    scanner = yaml.SafeLoader(text)
    tokens: list[yaml.Token] = []
    try:
        while scanner.check_token():
            tokens.append(scanner.get_token())  # type: ignore[no-untyped-call]
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return tokens


def _unclosed_quote(
    tokens: list[yaml.Token], lines: list[str], exc: yaml.MarkedYAMLError, context: str
) -> tuple[int, str] | None:
    """Where a quote that runs on over lines was opened, and its character. A quoted value
    may span lines in valid YAML, but one that closes on the very line the parse fails is
    nearly always a quote left open that swallowed the lines up to the next quote."""
    if context.startswith("while scanning a quoted") and exc.context_mark is not None:
        mark = exc.context_mark
        return mark.line, _quote_at(lines, mark)
    failed_at = exc.problem_mark.line if exc.problem_mark is not None else None
    for token in reversed(tokens):
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ("'", '"')
            and token.end_mark.line > token.start_mark.line
            and (failed_at is None or token.end_mark.line == failed_at)
        ):
            return token.start_mark.line, token.style
    return None


def _quote_at(lines: list[str], mark: yaml.Mark) -> str:
    """The quote character at `mark` (libyaml's marks carry no text: read the line)."""
    text = lines[mark.line] if mark.line < len(lines) else ""
    if text[mark.column : mark.column + 1] in ("'", '"'):
        return text[mark.column]
    return next((c for c in text if c in "'\""), '"')


def _is_tab(lines: list[str], mark: yaml.Mark, problem: str) -> bool:
    """PyYAML says so (`'\\t'`, "a tab character"); libyaml may only say that a character
    cannot start a token: read the character (its marks count in the line, not the text)."""
    if "'\\t'" in problem or "tab character" in problem:
        return True
    text = lines[mark.line] if mark.line < len(lines) else ""
    return text[mark.column : mark.column + 1] == "\t"


def _tab_line(lines: list[str], line: int) -> int:
    """libyaml may name the line above the tab: the first line from there that has one."""
    for i in range(line, min(line + 2, len(lines))):
        if "\t" in lines[i][: len(lines[i]) - len(lines[i].lstrip())]:
            return i
    return line


def _stray_colon(tokens: list[yaml.Token], lines: list[str], line: int) -> Hint:
    """`mapping values are not allowed here`: a colon YAML did not expect. Three usual
    causes: `key:value` on the line above (no space, so it ran on into this line), a line
    indented under a key that has a value, or a second `: ` inside a value."""
    scalar = next((t for t in reversed(tokens) if isinstance(t, yaml.ScalarToken)), None)
    started = scalar.start_mark.line if scalar is not None else line
    if started < line:
        glued = _NO_SPACE.match(lines[started])
        if glued:
            key, value = glued.groups()
            return Hint(
                started, f"no space after the colon in `{key}:{value}`: write `{key}: {value}`"
            )
        return Hint(line, _INDENTED)
    key = _key_of(lines[line]) if line < len(lines) else None
    if key is not None:
        value = lines[line].split(":", 1)[1].strip()
        quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        return Hint(
            line,
            f"`{key}`: the value holds `: `, which YAML reads as a new key: put the value in "
            f"quotes ({key}: {quoted})",
        )
    return Hint(line, "a `: ` YAML did not expect: put the value that holds it in quotes")


def _not_a_key_line(text: str) -> str:
    glued = _NO_SPACE.match(text)
    if glued:
        key, value = glued.groups()
        return f"no space after the colon in `{key}:{value}`: write `{key}: {value}`"
    return "this line is not a `key: value` line (a key needs `: ` after it)"


def _text_after_quote(tokens: list[yaml.Token], mark: yaml.Mark) -> str | None:
    """`title: "Hello" world`: the quote closed before the value ended."""
    quoted = next(
        (
            t
            for t in reversed(tokens)
            if isinstance(t, yaml.ScalarToken) and t.end_mark.line == mark.line
        ),
        None,
    )
    if quoted is None or quoted.style not in ("'", '"'):
        return None
    return f"text after the closing quote ({quoted.style}): put the whole value inside the quotes"


def _key_of(text: str) -> str | None:
    match = _KEY.match(text)
    return match.group(1).strip() if match else None


def _key_part(lines: list[str], line: int) -> str:
    key = _key_of(lines[line]) if 0 <= line < len(lines) else None
    return f"`{key}`: " if key else ""
