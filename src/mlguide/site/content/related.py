"""Related posts: those sharing the most topics with a post, then the nearest in date, then
by URL.

Counting shared topics post by post visits every post of each of the post's topics: on a
site of n posts with a few large topics that is quadratic (8 s of a 10,000-post build,
before any page is rendered). Here each topic is one integer whose bit k stands for the
k-th post in date order. The posts sharing exactly c topics are a few ANDs and ORs of those
integers (a bit-sliced counter), and the nearest in date among them are found by walking
their set bits outward from the post's date, so a post costs a few big-integer operations,
whatever the size of its topics. Hand-written: no library ranks by shared tags and date.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlguide.site.content.meta import PostMeta, tag_key


@dataclass(frozen=True)
class TopicBits:
    """The listed posts in date order, and each topic as a bit set over that order."""

    order: tuple[int, ...]  # date position -> index in the listed posts
    stamps: tuple[float, ...]  # date position -> timestamp (ascending)
    urls: tuple[str, ...]  # date position -> URL path (the last tie-break)
    at: dict[Path, int]  # source -> date position
    bits: dict[str, int]  # topic (`tag_key`, as tag pages join them) -> its posts, as bits


def topic_bits(listed: Sequence[PostMeta]) -> TopicBits:
    stamps = [p.date.timestamp() for p in listed]
    order = sorted(range(len(listed)), key=lambda i: (stamps[i], i))
    maps: dict[str, bytearray] = {}
    size = (len(listed) + 7) // 8
    for pos, i in enumerate(order):
        for topic in {tag_key(t) for t in listed[i].topics}:
            bits = maps.setdefault(topic, bytearray(size))
            bits[pos >> 3] |= 1 << (pos & 7)
    return TopicBits(
        order=tuple(order),
        stamps=tuple(stamps[i] for i in order),
        urls=tuple(listed[i].url_path for i in order),
        at={listed[i].source: pos for pos, i in enumerate(order)},
        bits={t: int.from_bytes(b, "little") for t, b in maps.items()},
    )


def rank(
    bits: TopicBits, meta: PostMeta, limit: int, leave_out: Collection[Path] = ()
) -> tuple[int, ...]:
    """Indices in the listed posts of at most `limit` posts related to `meta`, best first:
    most shared topics, then nearest in date, then by URL. The post itself is left out, and
    the posts of `leave_out` (its older and newer posts, which the page links already)."""
    masks = [bits.bits[t] for t in {tag_key(t) for t in meta.topics} if t in bits.bits]
    if not masks or limit <= 0:
        return ()
    anyone = _union(masks)
    for source in (meta.source, *leave_out):
        if (position := bits.at.get(source)) is not None:
            anyone &= ~(1 << position)
    planes = _count(masks)
    when = meta.date.timestamp()
    split = bisect.bisect_left(bits.stamps, when)
    best: list[int] = []
    for shared in range(len(masks), 0, -1):
        level = anyone
        for j, plane in enumerate(planes):
            level &= plane if shared >> j & 1 else ~plane
        if level:
            best += _nearest(bits, level, split, when, limit - len(best))
            if len(best) >= limit:
                break
    return tuple(bits.order[pos] for pos in best)


def _union(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out


def _count(masks: Iterable[int]) -> list[int]:
    """Each post's number of masks holding it, in binary: bit plane j holds the posts whose
    count has bit j set (a ripple-carry adder run on all posts at once)."""
    planes: list[int] = []
    for carry in masks:
        for j, plane in enumerate(planes):
            planes[j], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    return planes


def _nearest(bits: TopicBits, level: int, split: int, when: float, want: int) -> list[int]:
    """The `want` date positions of `level` nearest `when` (ties by URL). Positions below
    `split` are earlier than `when`; the walk takes the nearer side each step, so distances
    come in order, and it goes on past the last one wanted while the distance ties."""
    below = level & ((1 << split) - 1)
    above = level >> split
    stamps = bits.stamps
    taken: list[tuple[float, str, int]] = []
    down = below.bit_length() - 1 if below else None
    low = above & -above
    up = split + low.bit_length() - 1 if above else None
    while down is not None or up is not None:
        gap_down = when - stamps[down] if down is not None else float("inf")
        gap_up = stamps[up] - when if up is not None else float("inf")
        gap = min(gap_down, gap_up)
        if len(taken) >= want and gap > taken[want - 1][0]:
            break
        if gap_down <= gap_up and down is not None:
            taken.append((gap, bits.urls[down], down))
            below ^= 1 << down
            down = below.bit_length() - 1 if below else None
        else:
            assert up is not None
            taken.append((gap, bits.urls[up], up))
            above ^= low
            low = above & -above
            up = split + low.bit_length() - 1 if above else None
    taken.sort()
    return [pos for _, _, pos in taken[:want]]
