"""Which characters a bundled font can draw, read from its `cmap` table.

Pillow draws a character the font lacks as the font's `.notdef` glyph (a box, "tofu") without
a word of warning, so anything that draws text an author wrote asks here first. The table is
the font's own answer: no pixel comparison, no guess from Unicode blocks. Only the subtable
formats Unicode fonts use are read (4 for the Basic Multilingual Plane, 12 for all planes);
a code point mapped to glyph 0 counts as missing.

A new module rather than an addition to `fonts.py`: the asset cache hashes every module the
scene renderer imports, and the scenes do not need this one.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

from mlguide.engine.fonts import FILES, FONT_DIR

SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true")
UNICODE_SUBTABLES = {(0, 3), (0, 4), (0, 6), (3, 1), (3, 10)}  # (platform, encoding)


def missing_characters(text: str, weight: str) -> str:
    """The distinct characters of `text` that the font for `weight` has no glyph for, in the
    order they first appear (empty when it can draw all of them)."""
    have = codepoints(FONT_DIR / FILES[weight])
    return "".join(dict.fromkeys(c for c in text if ord(c) not in have))


@lru_cache(maxsize=16)
def codepoints(path: Path) -> frozenset[int]:
    """Every code point the font at `path` maps to a real glyph."""
    data = path.read_bytes()
    table = _table(data, b"cmap", path)
    (count,) = struct.unpack_from(">H", table, 2)
    found: set[int] = set()
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * i)
        if (platform, encoding) not in UNICODE_SUBTABLES:
            continue
        (fmt,) = struct.unpack_from(">H", table, offset)
        if fmt == 4:
            found |= _format_4(table, offset)
        elif fmt == 12:
            found |= _format_12(table, offset)
    return frozenset(found)


def _table(data: bytes, tag: bytes, path: Path) -> bytes:
    if data[:4] not in SFNT_VERSIONS:
        raise ValueError(f"{path.name}: not a TrueType or OpenType font")
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        name, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if name == tag:
            return data[offset : offset + length]
    raise ValueError(f"{path.name}: the font has no {tag.decode()} table")


def _format_4(table: bytes, at: int) -> set[int]:
    """Segments of BMP code points; a glyph is either code + delta, or looked up in an array
    that `idRangeOffset` points into (relative to where that offset itself is stored)."""
    (seg_x2,) = struct.unpack_from(">H", table, at + 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", table, at + 14)
    starts = struct.unpack_from(f">{n}H", table, at + 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", table, at + 16 + 2 * seg_x2)
    range_at = at + 16 + 3 * seg_x2
    ranges = struct.unpack_from(f">{n}H", table, range_at)
    found: set[int] = set()
    for i, (start, end, delta, range_offset) in enumerate(
        zip(starts, ends, deltas, ranges, strict=True)
    ):
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = range_at + 2 * i + range_offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", table, where)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                found.add(code)
    return found


def _format_12(table: bytes, at: int) -> set[int]:
    """Groups of consecutive code points mapped to consecutive glyphs."""
    (groups,) = struct.unpack_from(">I", table, at + 12)
    found: set[int] = set()
    for g in range(groups):
        start, end, first_glyph = struct.unpack_from(">III", table, at + 16 + 12 * g)
        lo = start + 1 if first_glyph == 0 else start  # glyph 0 is .notdef: not a glyph
        found.update(range(lo, end + 1))
    return found
