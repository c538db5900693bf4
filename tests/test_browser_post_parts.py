"""Parts of a post in headless Chromium that only a browser can judge: copy buttons that can
be clicked on a notebook post, equation numbers in one place at every width, brackets that
stretch with the reader's math font, and callouts whose kinds look different and read well in
both colour schemes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_output, new_raw_cell

from mlguide.commands.build import BuildOptions, build
from mlguide.tokens import contrast_ratio

from .conftest import open_at, serving, write, write_notebook

pytestmark = pytest.mark.browser

KINDS = ("note", "info", "tip", "warning", "danger", "important", "quote")
CALLOUTS = "\n".join(
    f'!!! {kind} "A {kind} callout"\n    The body of the {kind} callout.\n' for kind in KINDS
)
LONG = " + ".join(f"\\frac{{x_{{{n}}}}}{{y_{{{n}}}}}" for n in range(1, 9))
MATH = f"""---
title: Formulas and callouts
description: A post with numbered formulas of both kinds, brackets and every callout kind.
date: 2026-01-02
---

A short numbered formula:

$$
\\operatorname{{softmax}}\\left(\\frac{{a}}{{b}}\\right) = c
$$ {{#eq-short}}

Numbered rows:

\\begin{{align}}
a &= b + c \\\\
d &= e
\\end{{align}}

A numbered formula wider than a phone:

$$
s = {LONG}
$$ {{#eq-long}}

{CALLOUTS}
"""


def _notebook(path: Path) -> None:
    front = (
        "---\ntitle: A notebook post\ndescription: A notebook post whose code cells each have "
        "a copy button, for the tests.\ndate: 2026-01-03\n---"
    )
    cells = [new_raw_cell(front)]
    for n in range(3):
        cell = new_code_cell(f"total = {n}\nprint(total)")
        cell.outputs = [new_output("stream", name="stdout", text=f"{n}\n")]
        cells.append(cell)
    write_notebook(path, cells)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("parts")
    write(root / "mlguide.yml", "title: Parts\nauthor: Ada\n")
    write(root / "content" / "formulas.md", MATH)
    _notebook(root / "content" / "notebook.ipynb")
    build(BuildOptions(root))
    with serving(root / "build") as url:
        yield url


def test_a_notebook_posts_copy_buttons_are_on_top_and_clickable(browser: Any, site: str) -> None:
    """notebook.css makes each `pre` its own stacking context (`content-visibility`); the
    button, inserted before the `pre`, was painted under it: invisible and not clickable."""
    ctx, page = open_at(browser, site + "notebook/", 1280)
    buttons = page.locator("button.copy")
    assert buttons.count() == 3
    for n in range(3):
        buttons.nth(n).scroll_into_view_if_needed()
        on_top = buttons.nth(n).evaluate(
            """b => { const r = b.getBoundingClientRect();
                 return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }"""
        )
        assert on_top, f"code cell {n + 1}: its copy button is covered"
    buttons.nth(0).click(timeout=2000)  # Playwright refuses a click that another element gets
    ctx.close()


TAGS = """() => [...document.querySelectorAll('.math')].filter(b => b.querySelector('.tml-tag'))
  .map(box => {
    const b = box.getBoundingClientRect();
    const rows = [...box.querySelectorAll('mtr')].map(tr => {
      const mark = tr.querySelector('.tml-tag'), tag = mark.getBoundingClientRect();
      const shade = getComputedStyle(mark.closest('mtd')).boxShadow;
      const cells = [...tr.children].filter(td => !td.querySelector('.tml-tag') && td.textContent);
      const left = Math.min(...cells.map(c => c.getBoundingClientRect().left));
      const right = Math.max(...cells.map(c => c.getBoundingClientRect().right));
      const hit = document.elementFromPoint(tag.x + tag.width / 2, tag.y + tag.height / 2);
      return {tagLeft: tag.left, tagRight: tag.right, left, right, shade,
              seen: !!hit && !!hit.closest('.tml-tag')};
    });
    return {id: box.id, left: b.left, right: b.right, top: b.top,
            scrolls: box.scrollWidth > box.clientWidth + 1, rows};
  })"""


def _tagged(page: Any) -> dict[str, dict]:
    found = {}
    for n in range(3):  # scroll each box into view: elementFromPoint sees only the screen
        page.locator(".math:has(.tml-tag)").nth(n).scroll_into_view_if_needed()
        box = page.evaluate(TAGS)[n]
        found[box["id"] or "align"] = box
    return found


def test_equation_numbers_sit_at_the_right_edge_with_the_formula_centred(
    browser: Any, site: str
) -> None:
    """One-line `$$…$$ {#eq-…}` put its number right after the formula while `align` rows had
    theirs at the edge: both at the edge, the formula centred."""
    ctx, page = open_at(browser, site + "formulas/", 1280)
    boxes = _tagged(page)
    assert set(boxes) == {"eq-short", "align", "eq-long"}
    for name, box in boxes.items():
        assert not box["scrolls"], name
        for row in box["rows"]:
            assert abs(row["tagRight"] - box["right"]) <= 2, (name, row, box["right"])
            assert row["shade"] == "none", name  # nothing is under the number
    short = boxes["eq-short"]["rows"][0]
    middle = (boxes["eq-short"]["left"] + boxes["eq-short"]["right"]) / 2
    assert abs((short["left"] + short["right"]) / 2 - middle) < 40, short
    ctx.close()


def test_on_a_phone_a_wide_formulas_number_stays_in_view(browser: Any, site: str) -> None:
    """A formula wider than the screen scrolls in its box; its number stays at the box's
    right edge, drawn over the formula, not past the edge with nothing to say it is there."""
    ctx, page = open_at(browser, site + "formulas/", 390)
    boxes = _tagged(page)
    long = boxes["eq-long"]
    assert long["scrolls"]
    for name, box in boxes.items():
        for row in box["rows"]:
            assert row["tagLeft"] >= box["left"] and row["tagRight"] <= box["right"] + 1, name
            assert abs(row["tagRight"] - box["right"]) <= 2, (name, row)
            assert row["seen"], f"{name}: the number is covered"
    # The number's edge is shaded while the formula runs on under it.
    assert all(row["shade"] != "none" for row in long["rows"])
    ctx.close()


def test_brackets_stretch_with_the_readers_math_font(browser: Any, site: str) -> None:
    """`\\left( … \\right)` around a fraction is taller than a plain bracket: the page names
    a math font this machine has (only DejaVu Math TeX Gyre on Debian's test machines)."""
    ctx, page = open_at(browser, site + "formulas/", 1280)
    ratio = page.evaluate(
        """() => {
          const fence = [...document.querySelectorAll('#eq-short mo')]
            .find(m => m.textContent.trim() === '(' && m.getAttribute('stretchy') === 'true');
          const plain = document.createElement('span');
          plain.innerHTML = '<math><mo>(</mo></math>';
          document.querySelector('.prose').append(plain);
          return fence.getBoundingClientRect().height
            / plain.querySelector('mo').getBoundingClientRect().height;
        }"""
    )
    assert ratio >= 1.4
    ctx.close()


def _rgb(css: str) -> tuple[int, int, int]:
    """`rgb(1, 2, 3)`, `rgba(…)` or `color(srgb 0.1 0.2 0.3)` (what color-mix computes to)."""
    inner = css[css.index("(") + 1 : css.rindex(")")].replace(",", " ").replace("/", " ")
    parts = inner.split()
    if css.startswith("color("):
        return tuple(round(float(v) * 255) for v in parts[1:4])  # type: ignore[return-value]
    return tuple(round(float(v)) for v in parts[:3])  # type: ignore[return-value]


def _lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """CIE76 ΔE: about 2 is just noticeable; two kinds should be far apart."""
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b), strict=True)) ** 0.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_callout_kind_has_its_own_colour_and_its_title_reads_at_aa(
    browser: Any, site: str, scheme: str
) -> None:
    """In dark mode `note` and `important` were the same lavender with the same icon."""
    ctx, page = open_at(browser, site + "formulas/", 1280, scheme)
    found = page.evaluate(
        """(kinds) => Object.fromEntries(kinds.map(k => {
          const box = document.querySelector('.admonition.' + k);
          const title = box.querySelector('.admonition-title');
          const body = box.querySelector('p:not(.admonition-title)');
          const s = getComputedStyle(box);
          return [k, {edge: s.borderLeftColor, bg: s.backgroundColor,
                      title: getComputedStyle(title).color, text: getComputedStyle(body).color,
                      icon: getComputedStyle(title, '::before').maskImage
                            || getComputedStyle(title, '::before').webkitMaskImage}];
        }))""",
        list(KINDS),
    )
    ctx.close()
    for kind, box in found.items():
        bg = _rgb(box["bg"])
        assert contrast_ratio(_rgb(box["title"]), bg) >= 4.5, (kind, box)
        assert contrast_ratio(_rgb(box["text"]), bg) >= 4.5, (kind, box)
        assert contrast_ratio(_rgb(box["edge"]), bg) >= 3, (kind, box)  # a graphic: 3:1
    for a, b in itertools.combinations(KINDS, 2):
        apart = _distance(_rgb(found[a]["edge"]), _rgb(found[b]["edge"]))
        assert apart >= 15, (scheme, a, b, round(apart, 1))
    note, important = (_rgb(found[k]["edge"]) for k in ("note", "important"))
    assert _distance(note, important) >= 30, (scheme, note, important)
    assert found["note"]["icon"] != found["important"]["icon"]
