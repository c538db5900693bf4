"""Generated cards: fitting without clipping or collisions, contrast, determinism, the key."""

from __future__ import annotations

import io
import itertools
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from mlguide.cards import HERO, OG, CardLayout, CardText, card_key, card_layout, card_png
from mlguide.cards.layout import MARGIN, TITLE_STEPS
from mlguide.cards.text import tidy
from mlguide.engine.encode import encode_indexed_png, to_indexed
from mlguide.engine.fast_png import encode_png_fast, index_frame
from mlguide.engine.kit.wrap import ELLIPSIS
from mlguide.engine.parts import shapes_of
from mlguide.engine.raster import color_of, draw_frame, text_box
from mlguide.engine.shapes import Rect, Text
from mlguide.store import code
from mlguide.tokens import DARK, LIGHT, Palette, contrast_ratio

from .card_samples import SAMPLES
from .conftest import REPO

Box = tuple[float, float, float, float]
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def boxes(layout: CardLayout) -> list[tuple[str, Box]]:
    """Everything on the card that must not touch anything else: each line of text, each
    pill (its rounded rectangle, which holds its text) and the stage marks."""
    out: list[tuple[str, Box]] = []
    if layout.site:
        out.append(("site", _rect(layout.site.bg)))
    out += [(f"title[{i}]", text_box(t)) for i, t in enumerate(layout.title)]
    out += [(f"description[{i}]", text_box(t)) for i, t in enumerate(layout.description)]
    if layout.date:
        out.append(("date", text_box(layout.date)))
    out += [(f"tags[{i}]", _rect(p.bg)) for i, p in enumerate(layout.tags)]
    out += [(f"marks[{i}]", _rect(m)) for i, m in enumerate(layout.marks)]
    return out


def _rect(r: Rect) -> Box:
    return (r.x, r.y, r.x + r.w, r.y + r.h)


def assert_fits(layout: CardLayout, size: tuple[int, int]) -> None:
    width, height = size
    placed = boxes(layout)
    for name, (left, top, right, bottom) in placed:
        assert left >= MARGIN - 2 and right <= width - MARGIN + 2, (name, left, right)
        assert top >= 40 and bottom <= height - 40, (name, top, bottom)
    for (a, box_a), (b, box_b) in itertools.combinations(placed, 2):
        apart = (
            box_a[2] <= box_b[0]
            or box_b[2] <= box_a[0]
            or box_a[3] <= box_b[1]
            or box_b[3] <= box_a[1]
        )
        assert apart, (a, box_a, b, box_b)
    for p in (layout.site, *layout.tags):
        if p is not None:  # a pill's text sits inside its pill
            left, top, right, bottom = text_box(p.text)
            assert p.bg.x < left and right < p.bg.x + p.bg.w
            assert p.bg.y < top and bottom < p.bg.y + p.bg.h


@pytest.mark.parametrize("size", [HERO, OG], ids=["hero", "og"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_fit_without_collisions(name: str, size: tuple[int, int]) -> None:
    assert_fits(card_layout(SAMPLES[name], size), size)


# --- fitting over generated text ------------------------------------------------------------

WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzWMÉÅΩЖ"), min_size=1, max_size=14)
LONG_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzWM"), min_size=40, max_size=90)


@st.composite
def prose(draw: st.DrawFn, min_size: int, max_size: int, long_words: bool = True) -> str:
    """Words (now and then a 40-90 character one), trimmed to min_size..max_size chars."""
    word = st.one_of(WORD, WORD, WORD, WORD, LONG_WORD) if long_words else WORD
    words = draw(st.lists(word, min_size=1, max_size=max_size))
    text = " ".join(words)
    while len(text) < min_size:
        text += " " + draw(WORD)
    return text[: draw(st.integers(min_size, max_size))].strip() or "x" * min_size


TAG = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-"), min_size=1, max_size=60)
cards = st.builds(
    CardText,
    site=st.sampled_from(["ML Guide", "", "A site with a rather long name for a pill, honestly"]),
    title=prose(3, 200),
    description=st.one_of(st.just(""), prose(1, 500)),
    date=st.one_of(st.sampled_from(["", "26 November 2026", "1 May 2026"]), prose(1, 120)),
    tags=st.lists(TAG, max_size=12).map(tuple),
)


@PROPERTY
@given(text=cards, size=st.sampled_from([HERO, OG]))
@example(text=CardText("S", "W" * 200, "M" * 500, "26 November 2026", ("w" * 60,) * 12), size=HERO)
@example(text=CardText("S", "Hi!"), size=OG)
def test_any_card_fits_inside_the_canvas_without_collisions(
    text: CardText, size: tuple[int, int]
) -> None:
    layout = card_layout(text, size)
    assert_fits(layout, size)
    assert len(layout.title) <= 4 and len(layout.description) <= 3 and len(layout.tags) <= 4


@PROPERTY
@given(title=prose(3, 120, long_words=False), description=st.one_of(st.just(""), prose(1, 300)))
def test_titles_up_to_120_characters_of_words_are_never_cut(title: str, description: str) -> None:
    layout = card_layout(CardText("ML Guide", title, description, "1 May 2026"), HERO)
    assert "title" not in layout.cut
    assert " ".join(t.text for t in layout.title).replace(" ", "") == tidy(
        CardText("", title)
    ).title.replace(" ", "")


@PROPERTY
@given(text=cards)
def test_what_is_shown_is_the_text_or_its_start_with_an_ellipsis(text: CardText) -> None:
    layout = card_layout(text, HERO)
    shown = tidy(text)
    for field, lines in (("title", layout.title), ("description", layout.description)):
        joined = "".join(t.text for t in lines).replace(" ", "")
        whole = getattr(shown, field).replace(" ", "")
        if field in layout.cut:
            assert joined.endswith(ELLIPSIS) and whole.startswith(joined[:-1].rstrip(",.;:–—-"))
        else:
            assert joined == whole


def test_a_40_character_word_is_broken_or_set_smaller_never_overflowing() -> None:
    word = "x" * 40
    layout = card_layout(CardText("ML Guide", f"{word} {word}x {word}xy"), HERO)
    assert_fits(layout, HERO)
    assert "".join(t.text for t in layout.title).replace(" ", "") == f"{word}{word}x{word}xy"
    huge = card_layout(CardText("ML Guide", "W" * 100), HERO)  # no size holds it: broken
    assert_fits(huge, HERO)
    assert len(huge.title) >= 2 and "title" not in huge.cut


def test_the_title_steps_down_through_the_sizes_as_it_grows() -> None:
    title = (
        "how we trained a small model on tabular data and shipped it to production, then "
        "watched it drift for a year and what the monitoring taught us about retraining"
    )
    words = title.split(" ")
    sizes = [
        card_layout(CardText("ML Guide", " ".join(words[:n]), "A short description."), HERO)
        for n in range(1, len(words) + 1)
    ]
    steps = [layout.title_size for layout in sizes]
    assert steps == sorted(steps, reverse=True)
    assert steps[0] == TITLE_STEPS[0][0] and steps[-1] < steps[0]
    assert len(set(steps)) >= 4


def test_an_absurd_title_is_cut_at_the_smallest_size_with_an_ellipsis() -> None:
    title = " ".join(["unreasonably"] * 60)
    layout = card_layout(CardText("ML Guide", title, "And a description."), HERO)
    assert layout.cut == ("title",)
    assert layout.title_size == TITLE_STEPS[-1][0]
    assert layout.title[-1].text.endswith(ELLIPSIS) and len(layout.description) == 1


def test_tags_that_do_not_fit_are_dropped_not_squeezed() -> None:
    tags = ("a-rather-long-tag-name", "another-long-one", "short", "fourth-tag", "fifth")
    layout = card_layout(CardText("ML Guide", "Title", "", "26 November 2026", tags), HERO)
    shown = [p.text.text for p in layout.tags]
    assert shown == list(tags[: len(shown)]) and 1 <= len(shown) <= 4
    assert "tags" in layout.cut
    sizes = {p.text.size for p in layout.tags}
    assert len(sizes) == 1  # never shrunk to fit


def test_a_topic_shares_a_colour_and_each_post_has_its_own_pattern() -> None:
    """Identity: the field's colour follows the first tag, the pattern follows the title."""
    a = card_layout(CardText("ML Guide", "One post", "", "", ("mlops", "sql")), HERO)
    b = card_layout(CardText("ML Guide", "Another post", "", "", ("mlops",)), HERO)
    colours = {card_layout(CardText("ML Guide", "T", "", "", (t,)), HERO).colour for t in TOPICS}
    assert a.colour == b.colour and a.band.fill == a.colour
    assert len(colours) >= 4  # topics spread over the palette
    assert [(m.x, m.y) for m in a.marks] != [(m.x, m.y) for m in b.marks]
    assert a.site is not None and a.site.text.text == "MG"  # the site's initials


TOPICS = ("mlops", "sql", "testing", "features", "experiments", "vision", "nlp", "pandas")


def test_no_text_is_smaller_than_a_feed_can_show() -> None:
    """A feed shows the card about 500 px wide: 28 px on the canvas is 12 px there."""
    for text in SAMPLES.values():
        for t in shapes_of(card_layout(text, OG)):
            if isinstance(t, Text):
                assert t.size >= 28, (t.text, t.size)


def test_the_date_is_left_to_the_page() -> None:
    assert card_layout(SAMPLES["typical"], HERO).date is None


def test_empty_fields_are_left_out() -> None:
    layout = card_layout(CardText("", "Only a title"), HERO)
    assert layout.site is None and layout.date is None
    assert layout.description == () and layout.tags == () and layout.cut == ()


def test_the_og_card_is_the_hero_design_centred() -> None:
    hero, og = card_layout(SAMPLES["typical"], HERO), card_layout(SAMPLES["typical"], OG)
    moved = [b[1] - a[1] for (_, a), (_, b) in zip(boxes(hero), boxes(og), strict=True)]
    assert moved == [15.0] * len(moved)


@pytest.mark.parametrize("size", [(1000, 600), (1200, 500)])
def test_other_sizes_are_refused(size: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="cards are 1200 wide"):
        card_layout(SAMPLES["typical"], size)


# --- contrast -------------------------------------------------------------------------------


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_text_meets_wcag_aa(name: str, palette: Palette) -> None:
    texts = [s for s in shapes_of(card_layout(SAMPLES[name], HERO)) if isinstance(s, Text)]
    assert len(texts) >= 2
    for t in texts:
        ratio = contrast_ratio(color_of(t.color, palette), color_of(t.on, palette))
        assert ratio >= 4.5, (name, t.text, t.color, t.on, ratio)


def test_text_sits_on_the_colour_it_says() -> None:
    """`on` is what the contrast test reads: check it against the drawn pixels."""
    layout = card_layout(SAMPLES["typical"], HERO)
    frame = np.asarray(draw_frame(shapes_of(layout), *HERO, "bg"))
    assert layout.site is not None
    words = (*layout.title, *layout.description, layout.site_name, layout.site.text)
    for t in (*words, *(p.text for p in layout.tags)):
        assert t is not None
        left, top, right, bottom = (round(v) for v in text_box(t))
        around = frame[top - 3, left:right]  # a row just above the ink
        assert (around == color_of(t.on)).all(), t.text


# --- pixels ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [HERO, OG], ids=["hero", "og"])
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_card_is_a_small_palette_png_of_its_size(name: str, size: tuple[int, int]) -> None:
    data = card_png(SAMPLES[name], size)
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG" and img.mode == "P" and img.size == size
        assert not img.info.get("transparency")
    assert len(data) <= 40 * 1024


def test_the_fullest_cards_stay_within_40_kb() -> None:
    """Four lines of title over two of description and six tags, the densest a card gets:
    random words of the samples, as benchmarks/cards.py draws them."""
    words = [w for t in SAMPLES.values() for w in f"{t.title} {t.description}".split()]
    words = [w for w in words if w.isascii()]
    for seed in range(6):
        rng = random.Random(seed)
        title = " ".join(rng.choice(words) for _ in range(60))[:200]
        text = CardText(
            "ML Guide",
            title,
            " ".join(rng.choice(words) for _ in range(150))[:500],
            "26 November 2026",
            tuple(rng.choice(words) for _ in range(6)),
        )
        assert len(card_png(text, OG)) <= 40 * 1024, title


def test_a_png_over_its_budget_is_made_again_as_the_scene_encoder_makes_it() -> None:
    frame = np.asarray(draw_frame(shapes_of(card_layout(SAMPLES["code"], HERO)), *HERO, "bg"))
    indexed, palette = to_indexed([frame])
    level_9, level_6 = encode_indexed_png(indexed[0], palette), encode_png_fast(frame)
    assert len(level_6) > len(level_9)
    assert encode_png_fast(frame, max_bytes=len(level_6)) == level_6  # within budget: kept
    assert encode_png_fast(frame, max_bytes=len(level_6) - 1) == level_9


def test_cards_are_deterministic_in_this_and_a_fresh_process() -> None:
    text = SAMPLES["accents"]
    here = card_png(text, HERO)
    assert card_png(text, HERO) == here
    code = (
        "import sys, hashlib; from mlguide.cards import card_png; "
        "from tests.card_samples import SAMPLES; "
        "sys.stdout.write(hashlib.sha256(card_png(SAMPLES['accents'], (1200, 600))).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    import hashlib

    assert other.stdout == hashlib.sha256(here).hexdigest()


def test_the_fast_encoder_indexes_exactly_like_the_scene_encoder() -> None:
    from mlguide.engine.animate import draw_at
    from mlguide.paths import project_paths
    from mlguide.scenes.discover import discover
    from mlguide.scenes.load import load_scene

    (poster,) = [s for s in discover(project_paths(REPO).scenes) if s.name == "poster"]
    frames = [
        np.asarray(draw_frame(shapes_of(card_layout(SAMPLES["typical"], HERO)), *HERO, "bg")),
        np.asarray(draw_frame(shapes_of(card_layout(SAMPLES["greek"], OG)), *OG, "bg", DARK)),
        draw_at(load_scene(poster), 0),
    ]
    for frame in frames:
        fast, fast_palette = index_frame(frame)
        slow, slow_palette = to_indexed([frame])
        assert (fast_palette == slow_palette).all() and (fast == slow[0]).all()


@pytest.mark.parametrize("name", ["code", "long-description", "accents"])
def test_the_png_shows_the_drawn_frame_within_palette_error(name: str) -> None:
    layout = card_layout(SAMPLES[name], HERO)
    frame = np.asarray(draw_frame(shapes_of(layout), *HERO, "bg")).astype(int)
    with Image.open(io.BytesIO(card_png(SAMPLES[name], HERO))) as img:
        png = np.asarray(img.convert("RGB")).astype(int)
    error = np.abs(png - frame).max(-1)
    flat = (frame == frame[300, 1190]).all(-1) | (frame == frame[300, 5]).all(-1)
    assert flat.mean() > 0.5 and (error[flat] == 0).all()  # page and band exact
    for t in (*layout.title, *layout.description):  # antialiased text edges: close
        left, top, right, bottom = (round(v) for v in text_box(t))
        assert error[top:bottom, left:right].max() <= 24, t.text
    # The rest of the error sits on a few corner pixels of the small stage marks.
    assert np.percentile(error, 99.9) <= 12


# --- the key --------------------------------------------------------------------------------


def test_the_key_covers_every_field_the_size_and_the_palette() -> None:
    base = SAMPLES["typical"]
    variants = [
        CardText("Other site", base.title, base.description, base.date, base.tags),
        CardText(base.site, base.title + "!", base.description, base.date, base.tags),
        CardText(base.site, base.title, base.description + ".", base.date, base.tags),
        CardText(base.site, base.title, base.description, "27 November 2026", base.tags),
        CardText(base.site, base.title, base.description, base.date, base.tags[:-1]),
    ]
    keys = {card_key(base, HERO), card_key(base, OG), card_key(base, HERO, DARK)}
    keys |= {card_key(v, HERO) for v in variants}
    assert len(keys) == 3 + len(variants)
    same = CardText(f" {base.site} ", base.title.replace(" ", "  "), base.description,
                    base.date, base.tags)  # fmt: skip
    assert card_key(same, HERO) == card_key(base, HERO)


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "pkg" / "mlguide"
    shutil.copytree(code.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code, "PACKAGE", copy)
    code.forget_fingerprints()
    yield copy
    code.forget_fingerprints()


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("tokens.py", 'accent="#2546c7"', 'accent="#2546c8"'),
        ("cards/layout.py", "MARGIN = 64", "MARGIN = 65"),
        ("engine/kit/wrap.py", "_BALANCE_STEPS = 12", "_BALANCE_STEPS = 13"),
        ("engine/raster.py", "SCALE = 2", "SCALE = 2  # edited"),
        ("fonts/Inter-Bold.otf", "", ""),
    ],
)
def test_the_key_changes_with_the_code_fonts_and_tokens(
    package_copy: Path, file: str, old: str, new: str
) -> None:
    before = card_key(SAMPLES["typical"], HERO)
    path = package_copy / file
    if path.suffix == ".otf":
        path.write_bytes(path.read_bytes() + b"\0")
    else:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    code.forget_fingerprints()
    assert card_key(SAMPLES["typical"], HERO) != before


def test_the_key_ignores_modules_that_do_not_draw(package_copy: Path) -> None:
    before = card_key(SAMPLES["typical"], HERO)
    code.forget_fingerprints()
    assert card_key(SAMPLES["typical"], HERO) == before  # same files, same key
    (package_copy / "commands" / "check.py").write_text("# not drawing code\n")
    code.forget_fingerprints()
    assert card_key(SAMPLES["typical"], HERO) == before
    # How the cards' record is read, the contact sheet and the favicon change no card:
    # a fix there must not redraw every card of a big blog.
    for name in ("store.py", "sheet.py", "favicon.py", "__init__.py"):
        path = package_copy / "cards" / name
        path.write_text(path.read_text() + "\n# edited\n")
        code.forget_fingerprints()
        assert card_key(SAMPLES["typical"], HERO) == before, name
