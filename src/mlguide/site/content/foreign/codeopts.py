"""A code block's options, as the old generator wrote them, rewritten as the `key="value"`
attributes after a fence's language that `fenceinfo` reads: Hugo's `{{< highlight go
"linenos=table,hl_lines=2 4-5" >}}`, Jekyll's `{% highlight python linenos %}`, Hugo's
fence attributes `{linenos=true,hl_lines=[2,"4-5"]}`. Converting the options keeps the line
numbers and highlighted lines the post had; an option `fenceinfo` does not know is then
reported by the build, never dropped silently."""

from __future__ import annotations

import re

# `key=value` (the value in quotes, a [list], or up to the next comma or space), or a word.
_PART = re.compile(r"""([\w-]+)(?:\s*=\s*("[^"]*"|'[^']*'|\[[^\]]*\]|[^,]*?(?=,|$)))?""")


def attribute(key: str, value: str) -> str:
    """`key="value"`, or `key='value'` when the value holds a double quote (Hugo's
    `hl_lines=[2,"4-5"]`), so that `fenceinfo` reads the value whole."""
    return f"{key}='{value}'" if '"' in value else f'{key}="{value}"'


def comma_options(text: str) -> str:
    """Hugo's `highlight` options, `linenos=table,hl_lines=8 15-17,linenostart=199`: split
    on commas (a value may hold spaces), as attributes; a bare word stays a flag."""
    out: list[str] = []
    for match in _PART.finditer(text):
        key, value = match.group(1), match.group(2)
        if value is None:
            out.append(key)
        else:
            out.append(attribute(key, value.strip().strip("\"'")))
    return " ".join(out)


def word_options(text: str) -> str:
    """Jekyll's `highlight` options, `linenos mark_lines="1 2"`: words apart, each a flag
    or `key=value`."""
    out: list[str] = []
    for key, value in re.findall(r"""([\w-]+)(?:=("[^"]*"|'[^']*'|\S+))?""", text):
        out.append(attribute(key, value.strip("\"'")) if value else key)
    return " ".join(out)
