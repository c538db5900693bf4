"""Regenerate templates/code.css from two Pygments styles (run by hand when changing them)."""

import re
from pathlib import Path

from pygments.formatters import HtmlFormatter


def rules(style: str) -> str:
    out = []
    for line in HtmlFormatter(style=style).get_style_defs(".hl").splitlines():
        line = re.sub(r"/\*.*?\*/", "", line).strip()
        if not line.startswith(".hl .") or line.startswith(".hl .hll"):
            continue
        line = re.sub(r"background-color: [^;]+;?", "", line)
        line = re.sub(r"\s+", " ", line).replace(" { ", "{").replace(" }", "}").replace(": ", ":")
        if not line.endswith("{}"):
            out.append(line)
    return "\n".join(out)


header = (
    "/* Pygments 'vs' (light) and 'github-dark' (dark), backgrounds removed; regenerate with\n"
    "   scripts/make_code_css.py */\n"
)
text = f"{header}{rules('vs')}\n@media (prefers-color-scheme:dark){{\n{rules('github-dark')}\n}}\n"
Path(__file__).parent.parent.joinpath("templates", "code.css").write_text(text)
