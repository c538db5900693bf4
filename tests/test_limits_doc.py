"""docs/limits.md states every bound mlguide.limits defines, with the value the code uses."""

from __future__ import annotations

import re
from pathlib import Path

from mlguide import limits
from mlguide.fileio import size_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "limits.md"


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", DOC.read_text(encoding="utf-8"), re.M)
    return {name: value.strip() for name, value in rows}


def defined() -> dict[str, int]:
    return {
        name: value
        for name, value in vars(limits).items()
        if name.isupper() and isinstance(value, int) and name != "MB"
    }


def test_every_bound_is_documented_with_its_value() -> None:
    table = documented()
    assert set(table) == set(defined())
    for name, value in defined().items():
        shown = size_text(value) if name.endswith("_BYTES") else f"{value:,}"
        assert table[name] == shown, name
