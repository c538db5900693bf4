"""Writes the generated reference tables into docs/configuration.md.

The tables come from the declarations (`Config` in site/config/loader.py, `FRONT_MATTER` in
site/content/meta.py), the same ones that validate a config, suggest "did you mean" and write
`mlguide init`'s commented mlguide.yml, so the documentation cannot drift from the code.
Each table sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->`; the rest of the
page is written by hand.

    python scripts/reference_docs.py           # rewrite the tables
    python scripts/reference_docs.py --check   # exit 1 if they are out of date (a test runs it)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mlguide.site.config.loader import CONFIG_SETTINGS
from mlguide.site.config.settings import reference_table
from mlguide.site.content.readers.mlguide import FRONT_MATTER

PAGE = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
TABLES = {"config": CONFIG_SETTINGS, "front-matter": FRONT_MATTER}


def with_tables(text: str) -> str:
    """The page with each generated block replaced by the table its declarations give."""
    for name, table in TABLES.items():
        block = re.compile(
            rf"(<!-- generated: {name} .*?-->\n).*?(<!-- end: {name} -->)", re.DOTALL
        )
        if not block.search(text):
            raise SystemExit(f"{PAGE}: no `<!-- generated: {name} -->` block")
        rows = reference_table(table)
        text = block.sub(lambda m, rows=rows: m.group(1) + rows + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    text = PAGE.read_text(encoding="utf-8")
    new = with_tables(text)
    if "--check" in argv:
        if new != text:
            print(f"{PAGE}: out of date: run python scripts/reference_docs.py")
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
