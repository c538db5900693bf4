"""Card text: font coverage from the cmap, tidying, and line setting by font metrics."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mlguide.cards import CardText, UncoveredText, check_coverage
from mlguide.cards.text import tidy
from mlguide.engine.coverage import codepoints, missing_characters
from mlguide.engine.fonts import FILES, FONT_DIR, font
from mlguide.engine.kit.wrap import ELLIPSIS, Measure, balanced, pieces, set_lines, wrap
from mlguide.engine.raster import SCALE
from mlguide.errors import MlguideError

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- coverage -------------------------------------------------------------------------------


@pytest.mark.parametrize("weight", ["regular", "bold", "mono"])
def test_the_cmap_agrees_with_what_pillow_draws(weight: str) -> None:
    """A code point is in the cmap exactly when Pillow draws it as something other than the
    font's .notdef box (checked for every code point up to U+2FFF)."""
    f = font(weight, 24)
    notdef = f.getmask("\U0010ffff")
    notdef_key = (notdef.size, bytes(notdef), f.getlength("\U0010ffff"))
    have = codepoints(FONT_DIR / FILES[weight])
    disagree = []
    for code in range(0x20, 0x3000):
        mask = f.getmask(chr(code))
        looks_missing = (mask.size, bytes(mask), f.getlength(chr(code))) == notdef_key
        if looks_missing == (code in have):
            disagree.append(f"U+{code:04X}")
    assert not disagree
    assert len(have) > 1000


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII: 10 steps, 3.5% (ok) — “quoted” … ‘single’ • × ≈ →",
        "Ελληνικά: η εκπαίδευση ενός μοντέλου",
        "Кириллица: обучение модели, ёлка",
        "Latin: Ångström, Œuvre, Zoë, Łódź, Ærø, ß, Học máy, Ǻ",
        "No-break\u00a0space and narrow\u202fone",
    ],
)
def test_latin_greek_and_cyrillic_are_covered(text: str) -> None:
    for weight in ("regular", "semibold", "bold"):
        assert missing_characters(text, weight) == ""


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("机器学习 guide", "机器学习"),
        ("نموذج", "نموذج"),
        ("मशीन", "मशीन"),
        ("Ship it 🚀🚀", "🚀"),
        ("日本語と日本", "日本語と"),
    ],
)
def test_scripts_the_fonts_lack_are_found_once_each_in_order(text: str, missing: str) -> None:
    assert missing_characters(text, "bold") == missing


def test_an_uncovered_field_is_a_clear_error_naming_field_and_characters() -> None:
    text = CardText("ML Guide", "Fine title", "机器学习 in a description", "1 May 2026")
    with pytest.raises(UncoveredText) as info:
        check_coverage(text)
    err = info.value
    assert isinstance(err, MlguideError)
    assert (err.field, err.chars) == ("description", "机器学习")
    assert err.message == (
        "the generated card cannot show the description: the bundled fonts (Inter) have no "
        "glyphs for 机 (U+673A), 器 (U+5668), 学 (U+5B66), 习 (U+4E60); give the post its own "
        "`hero` and `og_image`, or change the text"
    )
    placed = err.at("content/post.md", 3)
    assert str(placed).endswith("post.md:3: " + err.message)
    again = pickle.loads(pickle.dumps(placed))  # crosses from worker processes intact
    assert (again.field, again.chars, again.line, again.message) == (
        "description",
        "机器学习",
        3,
        err.message,
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (CardText("站点", "Title"), "site"),
        (CardText("Site", "标题"), "title"),
        (CardText("Site", "Title", date="2026年"), "date"),
        (CardText("Site", "Title", tags=("ok", "标签")), "tags"),
    ],
)
def test_each_field_is_checked(text: CardText, field: str) -> None:
    with pytest.raises(UncoveredText) as info:
        check_coverage(text)
    assert info.value.field == field


def test_tags_that_are_never_drawn_are_not_checked() -> None:
    check_coverage(CardText("Site", "Title", tags=("a", "b", "c", "d", "标签")))


def test_many_missing_characters_are_summarised() -> None:
    with pytest.raises(UncoveredText) as info:
        check_coverage(CardText("Site", "一二三四五六七八九十"))
    assert info.value.message.count("U+") == 8 and "and 2 more" in info.value.message


# --- tidying --------------------------------------------------------------------------------


def test_tidy_normalises_what_would_draw_wrongly_or_not_at_all() -> None:
    text = CardText(
        " ML\tGuide ",
        "Cafe\u0301\u200b  with\nnew\u2028lines\u00ad and\u200e marks",
        "no\u00a0break   kept",
        " 1 May ",
        ("a", " ", "a", "b\u200d"),
    )
    assert tidy(text) == CardText(
        "ML Guide", "Café with new lines and marks", "no\u00a0break kept", "1 May", ("a", "b")
    )


# --- measuring and setting lines ------------------------------------------------------------

LETTERS = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Nd", "Po", "Pd", "Zs"),
).filter(lambda c: c in " -" or ord(c) in codepoints(FONT_DIR / FILES["bold"]))


@PROPERTY
@given(text=st.text(LETTERS, max_size=80), size=st.sampled_from([20, 26, 32, 41, 64, 72]))
def test_widths_add_up_to_what_pillow_measures(text: str, size: int) -> None:
    """BASIC layout has no kerning or shaping, so per-character sums are exact."""
    px = round(size * SCALE)
    assert Measure("bold", size)(text) == pytest.approx(font("bold", px).getlength(text) / SCALE)


WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzÉΩЖ"), min_size=1, max_size=14)
HUGE_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz/._"), min_size=40, max_size=120)
SEPARATOR = st.sampled_from([" ", " ", " ", "-", " — "])


@st.composite
def titles(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.one_of(WORD, WORD, WORD, HUGE_WORD), min_size=1, max_size=30))
    seps = draw(st.lists(SEPARATOR, min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True))
    return re.sub(r"^[ —-]+|[ —-]+$", "", text)  # no separator at either end


@PROPERTY
@given(text=titles(), size=st.sampled_from([26, 32, 46, 72]), width=st.sampled_from([300, 1072]))
@example(text="x" * 120, size=72, width=300)
def test_every_line_fits_and_no_character_is_lost(text: str, size: int, width: float) -> None:
    measure = Measure("bold", size)
    for lines in (wrap(text, measure, width), balanced(text, measure, width)):
        assert all(measure(line) <= width for line in lines)
        assert all(line == line.strip(" ") and line for line in lines)
        # Only the spaces where lines break go missing.
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@PROPERTY
@given(text=titles(), size=st.sampled_from([32, 46, 64]))
def test_balanced_lines_are_as_many_and_no_wider_than_greedy_ones(text: str, size: int) -> None:
    measure = Measure("bold", size)
    greedy, even = wrap(text, measure, 1072), balanced(text, measure, 1072)
    assert len(even) == len(greedy)
    assert max(map(measure, even)) <= max(map(measure, greedy)) + 1e-9


def test_balancing_evens_out_a_lonely_last_word() -> None:
    measure = Measure("bold", 64)
    text = "Feature stores: when a plain Postgres table is really quite enough"
    assert wrap(text, measure, 1072)[-1] == "enough"
    assert balanced(text, measure, 1072) == [
        "Feature stores: when",
        "a plain Postgres table",
        "is really quite enough",
    ]


def test_lines_break_after_hyphens_and_never_inside_a_word_that_fits() -> None:
    measure = Measure("bold", 64)
    assert pieces("state-of-the-art model") == ["state-", "of-", "the-", "art ", "model"]
    assert pieces("-5 and a - b") == ["-5 ", "and ", "a ", "- ", "b"]
    lines = wrap("Pneumonoultramicroscopicsilicovolcanoconiosis", measure, 1072)
    assert len(lines) == 2 and all(measure(line) <= 1072 for line in lines)
    # A dotted name breaks after a dot near the edge rather than mid-name.
    lines = wrap("sklearn.model_selection.HalvingRandomSearchCV", measure, 1072)
    assert lines[0].endswith(".")


@PROPERTY
@given(text=titles(), n=st.integers(1, 4))
def test_set_lines_cuts_with_an_ellipsis_only_when_the_text_needs_more_lines(
    text: str, n: int
) -> None:
    measure = Measure("regular", 26)
    natural = wrap(text, measure, 1072)
    result = set_lines(text, measure, 1072, n)
    assert len(result.lines) == min(n, len(natural))
    assert all(measure(line) <= 1072 for line in result.lines)
    assert result.cut == (len(natural) > n)
    assert result.lines[-1].endswith(ELLIPSIS) == result.cut


def test_an_ellipsis_does_not_follow_a_stray_short_word_or_a_full_stop() -> None:
    measure = Measure("regular", 26)
    text = " ".join(["A reliability diagram shows whether probabilities mean what they say."] * 6)
    lines = set_lines(text, measure, 1072, 3).lines
    assert lines[-1].endswith(ELLIPSIS)
    assert not lines[-1].endswith((" A" + ELLIPSIS, "." + ELLIPSIS))
