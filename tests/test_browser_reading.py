"""What an ML writer's reader sees, measured in headless Chromium: a notebook's DataFrame, a
long inline code span, a table in a callout and the callouts of things gone wrong, on a
phone and in dark mode. Each test names the defect a design review found on a real blog."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_code_cell, new_output, new_raw_cell
from PIL import Image

from mlguide.commands.build import BuildOptions, build

from .conftest import open_at, serving, write, write_notebook

pytestmark = pytest.mark.browser

COLUMNS = ("lr", "train_loss", "val_loss", "val_acc", "val_top5", "epochs_to_90pct", "wall_time")
POST = """---
title: Five papers every training loop still uses
description: Residual connections, batch norm, dropout, Adam and attention, with their costs.
date: 2026-11-16
tags: [generative-models, training]
---

| Paper | Year | Venue | Idea | Extra params | Train cost | Inference cost | Still default? |
|---|---:|---|---|---:|---|---|---|
| Adam | 2015 | ICLR | per-parameter adaptive steps | 2 × params | ~1.1× | none | yes (AdamW) |

: What each paper added, and what it costs today on one accelerator {#tbl-papers}

!!! note "The same, in a callout"
    | Paper | Year | Venue | Idea | Extra params | Train cost | Inference cost | Still default? |
    |---|---:|---|---|---:|---|---|---|
    | Adam | 2015 | ICLR | per-parameter adaptive steps | 2 × params | ~1.1× | none | yes (AdamW) |

!!! danger "Forgetting eval mode"
    Batch statistics change on every run.

!!! failure "What did not work"
    Raising the learning rate tenfold diverged.

!!! bug "A PyTorch footgun"
    `torch.optim.Adam(weight_decay=...)` is L2, not decoupled decay.
"""


def _notebook(path: Path) -> None:
    """A DataFrame wider than a phone, a printed line wider than a phone and a white plot."""
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    row = "".join(f"<td>{0.125 * (n + 1):.4f}</td>" for n in range(len(COLUMNS)))
    table = f"<table><thead><tr><th></th>{head}</tr></thead><tbody><tr><th>0</th>{row}</tr>"
    table += f"<tr><th>1</th>{row}</tr></tbody></table>"
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, "PNG")
    png = base64.b64encode(buf.getvalue()).decode()
    front = (
        "---\ntitle: A learning-rate sweep\ndescription: Five learning rates for a small "
        "ResNet on CIFAR-10, as a table and a plot.\ndate: 2026-11-09\n---"
    )
    cells = [
        new_raw_cell(front),
        new_code_cell(
            "results",
            outputs=[new_output("execute_result", data={"text/html": table}, execution_count=1)],
        ),
        new_code_cell(
            "print(rates)",
            outputs=[new_output("stream", name="stdout", text="x" * 200 + "\n")],
        ),
        new_code_cell(
            "#| fig-alt: A blank white plot.\nplt.show()",
            outputs=[new_output("display_data", data={"image/png": png})],
        ),
    ]
    write_notebook(path, cells)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("reading")
    write(root / "mlguide.yml", "title: Reading\nauthor: Ada\n")
    write(root / "content" / "papers.md", POST)
    _notebook(root / "content" / "sweep.ipynb")
    build(BuildOptions(root))
    with serving(root / "build") as url:
        yield url


def test_a_notebooks_wide_dataframe_scrolls_in_its_box_on_a_phone(browser: Any, site: str) -> None:
    """`.nb-outputs .table-wrap` was as wide as its table (max-content) with no cap, as only
    `.prose>.table-wrap` had one: the page scrolled sideways, or, under `content-visibility`,
    the last columns were cut off where no scrolling could reach them."""
    ctx, page = open_at(browser, site + "sweep/", 390, measure_all=True)
    found = page.evaluate(
        """() => { const w = document.querySelector('.nb-table');
          const col = w.closest('.nb-outputs').getBoundingClientRect();
          const pad = parseFloat(getComputedStyle(w.closest('.nb-outputs')).paddingLeft);
          return {right: w.getBoundingClientRect().right, column: col.right, pad,
                  scrolls: w.scrollWidth > w.clientWidth,
                  page: document.documentElement.scrollWidth, screen: innerWidth}; }"""
    )
    ctx.close()
    assert found["right"] <= found["column"] + 1, found
    assert found["scrolls"], found
    assert found["page"] <= found["screen"], found


def test_a_table_in_a_callout_scrolls_in_the_callout_on_a_phone(browser: Any, site: str) -> None:
    """Only `.prose>.table-wrap` had a cap: a table one level down, in a callout, widened the
    callout past the screen."""
    ctx, page = open_at(browser, site + "papers/", 390, measure_all=True)
    found = page.evaluate(
        """() => { const w = document.querySelector('.admonition.note .table-wrap');
          return {right: w.getBoundingClientRect().right, screen: innerWidth,
                  page: document.documentElement.scrollWidth}; }"""
    )
    ctx.close()
    assert found["right"] <= found["screen"] and found["page"] <= found["screen"], found


def test_a_dataframes_numbers_are_right_aligned_as_jupyter_shows_them(
    browser: Any, site: str
) -> None:
    """Jupyter right-aligns a DataFrame's cells so the digits of a column line up; the page
    set them flush left, where 0.1250 and 12.5000 do not compare at a glance."""
    ctx, page = open_at(browser, site + "sweep/", 1280, measure_all=True)
    aligns = page.evaluate(
        "() => [...document.querySelectorAll('.nb-table td, .nb-table thead th')]"
        ".map(c => getComputedStyle(c).textAlign)"
    )
    ctx.close()
    assert aligns and set(aligns) == {"right"}, aligns


def test_a_long_printed_line_shows_a_shade_where_it_runs_on(browser: Any, site: str) -> None:
    """`pre.nb-output{background:none}` dropped the shades every other scrolling box has, so a
    traceback cut at the edge gave no sign there was more of it."""
    ctx, page = open_at(browser, site + "sweep/", 390, "dark", measure_all=True)
    found = page.evaluate(
        """() => { const p = document.querySelector('pre.nb-output');
          return {scrolls: p.scrollWidth > p.clientWidth,
                  image: getComputedStyle(p).backgroundImage}; }"""
    )
    ctx.close()
    assert found["scrolls"], found
    assert found["image"].count("radial-gradient") == 2, found


def test_a_white_plot_gets_a_light_frame_on_a_dark_page(browser: Any, site: str) -> None:
    """A matplotlib PNG is white to its edges, tick labels included (the inline backend crops
    tight): on a dark page the labels touched the dark. A white margin frames it there."""
    ctx, page = open_at(browser, site + "sweep/", 1280, "dark", measure_all=True)
    pad = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.nb-picture')).paddingLeft)"
    )
    ctx.close()
    assert pad >= 6, pad


def test_a_long_inline_code_span_wraps_inside_its_callout_on_a_phone(
    browser: Any, site: str
) -> None:
    """`torch.optim.Adam(weight_decay=...)` has no space to break at: it ran past the
    callout's padding to its border on a 390 px phone."""
    ctx, page = open_at(browser, site + "papers/", 390, measure_all=True)
    found = page.evaluate(
        """() => { const c = document.querySelector('.admonition.bug p:not(.admonition-title) code');
          return {code: c.getBoundingClientRect().right,
                  text: c.parentElement.getBoundingClientRect().right}; }"""
    )
    ctx.close()
    assert found["code"] <= found["text"] + 1, found


def test_failure_and_bug_callouts_do_not_wear_the_danger_icon(browser: Any, site: str) -> None:
    """Material gives `failure` a cross and `bug` a bug; here both wore `danger`'s octagon, in
    the same red: three kinds a reader could not tell apart."""
    ctx, page = open_at(browser, site + "papers/", 1280, measure_all=True)
    icons = page.evaluate(
        """() => ['danger', 'failure', 'bug'].map(k => {
          const t = document.querySelector('.admonition.' + k + ' .admonition-title');
          const s = getComputedStyle(t, '::before');
          return s.maskImage || s.webkitMaskImage; })"""
    )
    ctx.close()
    assert all(i and i != "none" for i in icons), icons
    assert len(set(icons)) == 3, icons


def test_a_hyphenated_tag_stays_on_one_line_in_a_list(browser: Any, site: str) -> None:
    """`generative-models` broke after its hyphen on a phone, reading as two tags."""
    ctx, page = open_at(browser, site, 390, measure_all=True)
    found = page.evaluate(
        """() => [...document.querySelectorAll('.entry-tags a')].map(a =>
             [a.textContent, a.getClientRects().length, getComputedStyle(a).whiteSpace])"""
    )
    ctx.close()
    tag = next(f for f in found if f[0] == "generative-models")
    assert tag[2] == "nowrap", found


def test_a_wide_tables_caption_stays_in_view_and_wraps_in_its_box_on_a_phone(
    browser: Any, site: str
) -> None:
    """The caption of a table wider than a phone was as wide as the table: its end was past
    the box's edge, read only by scrolling the table. It now wraps at the box's width and
    stays in view while the table scrolls under it."""
    ctx, page = open_at(browser, site + "papers/", 390, measure_all=True)
    measure = """() => { const c = document.getElementById('tbl-papers');
        const w = c.closest('.table-wrap'); const b = w.getBoundingClientRect();
        const r = c.getBoundingClientRect();
        return {left: r.left, right: r.right, boxLeft: b.left, boxRight: b.right,
                scrolls: w.scrollWidth > w.clientWidth}; }"""
    before = page.evaluate(measure)
    page.evaluate("document.getElementById('tbl-papers').closest('.table-wrap').scrollLeft = 200")
    after = page.evaluate(measure)
    ctx.close()
    assert before["scrolls"], before
    for found in (before, after):
        assert found["left"] >= found["boxLeft"] - 1, found
        assert found["right"] <= found["boxRight"] + 1, found
