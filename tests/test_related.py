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

from mlguide.site.content.meta import tag_key
from mlguide.site.content.related import rank, topic_bits


@dataclass(frozen=True)
class Post:
    source: Path
    date: dt.datetime
    topics: tuple[str, ...]
    url_path: str


def plain(
    listed: list[Post], meta: Post, limit: int, leave_out: tuple[Path, ...] = ()
) -> list[int]:
    """The definition, post by post: what the bit sets must give."""
    topics = {tag_key(t) for t in meta.topics}
    shared = Counter(
        i
        for i, p in enumerate(listed)
        for t in {tag_key(t) for t in p.topics}
        if t in topics and p.source != meta.source and p.source not in leave_out
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
        st.lists(
            st.sampled_from(["ml", "ML", "stats", "rl", "nlp", "deep learning", "Deep-Learning"]),
            max_size=4,
        ),
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
    for n, meta in enumerate([*listed, outside]):
        leave_out = tuple(p.source for p in listed[max(0, n - 1) : n + 2 : 2])  # neighbours
        for limit in (1, 3, 5):
            assert list(rank(bits, cast(Any, meta), limit)) == plain(listed, meta, limit)
            got = list(rank(bits, cast(Any, meta), limit, leave_out))
            assert got == plain(listed, meta, limit, leave_out)


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


def test_the_neighbours_are_left_out_before_the_best_three_are_taken(tmp_path: Path) -> None:
    """Left out after ranking, an older or newer post took one of the three places, and a
    post with more candidates showed fewer; tags spelled two ways (`Deep Learning`,
    `deep-learning`) are one topic, as on the tag page."""
    import re

    from mlguide.commands.build import BuildOptions, build

    (tmp_path / "mlguide.yml").write_text("title: R\nbase_url: https://related.mlguide.dev/\n")
    posts = {f"a{n}": (f"2025-01-0{n}", "[ml, ML]") for n in range(1, 6)}
    posts |= {"d1": ("2025-02-01", "[Deep Learning]"), "gap": ("2025-02-02", "[other]")}
    posts |= {"d2": ("2025-02-03", "[deep-learning]")}
    for slug, (date, tags) in posts.items():
        (tmp_path / "content").mkdir(exist_ok=True)
        (tmp_path / "content" / f"{slug}.md").write_text(
            f"---\ntitle: {slug.upper()}\ndescription: The post {slug}, for related posts.\n"
            f"date: {date}\ntags: {tags}\n---\n\nWords.\n"
        )
    build(BuildOptions(tmp_path))

    def related(slug: str) -> list[str]:
        page = (tmp_path / "build" / slug / "index.html").read_text()
        section = page.partition('<section class="related"')[2].partition("</section>")[0]
        return re.findall(r"</time> ([A-Z0-9]+)</a>", section)

    assert related("a3") == ["A1", "A5"]  # a2 and a4 are its older and newer posts
    assert related("d1") == ["D2"]
