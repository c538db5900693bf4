"""Related posts, ranked with bit sets, against the plain definition: most shared topics,
then nearest in date, then by URL (ties in date, topics in two cases, a post outside the
list and posts sharing nothing included)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from mlguide.site.content.related import rank, topic_bits


@dataclass(frozen=True)
class Post:
    source: Path
    date: dt.datetime
    topics: tuple[str, ...]
    url_path: str


def plain(listed: list[Post], meta: Post, limit: int) -> list[int]:
    """The definition, post by post: what the bit sets must give."""
    topics = {t.casefold() for t in meta.topics}
    shared = Counter(
        i
        for i, p in enumerate(listed)
        for t in {t.casefold() for t in p.topics}
        if t in topics and p.source != meta.source
    )
    when = meta.date.timestamp()
    ranked = sorted(
        shared,
        key=lambda i: (-shared[i], abs(listed[i].date.timestamp() - when), listed[i].url_path),
    )
    return ranked[:limit]


EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
posts = st.lists(
    st.tuples(
        st.integers(0, 40),  # days: few values, so dates tie
        st.lists(st.sampled_from(["ml", "ML", "stats", "rl", "nlp", "vision"]), max_size=4),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(posts, st.integers(0, 40), st.lists(st.sampled_from(["ml", "rl", "x"]), max_size=3))
def test_ranking_matches_the_definition(
    drawn: list[tuple[int, list[str]]], day: int, outside_topics: list[str]
) -> None:
    listed = [
        Post(Path(f"p{i}.md"), EPOCH + dt.timedelta(days=d), tuple(t), f"/p{i:02d}/")
        for i, (d, t) in enumerate(drawn)
    ]
    bits = topic_bits(cast(Any, listed))
    outside = Post(Path("new.md"), EPOCH + dt.timedelta(days=day), tuple(outside_topics), "/n/")
    for meta in [*listed, outside]:
        for limit in (1, 3, 5):
            assert list(rank(bits, cast(Any, meta), limit)) == plain(listed, meta, limit)


def test_a_post_sharing_two_topics_beats_a_nearer_one_sharing_one() -> None:
    day = dt.timedelta(days=1)
    listed = [
        Post(Path("a.md"), EPOCH, ("ml", "stats"), "/a/"),
        Post(Path("near.md"), EPOCH + day, ("ml",), "/near/"),
        Post(Path("far.md"), EPOCH + 300 * day, ("stats", "ML"), "/far/"),
        Post(Path("none.md"), EPOCH + 2 * day, ("cooking",), "/none/"),
    ]
    bits = topic_bits(cast(Any, listed))
    assert [listed[i].url_path for i in rank(bits, cast(Any, listed[0]), 3)] == ["/far/", "/near/"]
