"""The math corpus (benchmarks/math/formulas.yaml): every formula rendered by mlguide's own
pipeline shows what its reader must see, in the HTML and laid out in Chromium."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
HERE = REPO / "benchmarks" / "math"


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("math_corpus", HERE / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["math_corpus"] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus()


@pytest.fixture(scope="module")
def rendered() -> tuple[list, dict]:
    entries = corpus.load_corpus()
    return entries, corpus.render_corpus(entries)


def test_the_corpus_is_real_and_covers_what_ml_writing_uses() -> None:
    entries = corpus.load_corpus()
    assert len(entries) >= 300
    assert len({e.id for e in entries}) == len(entries)
    assert all(e.source.strip() and e.sees.strip() for e in entries)
    categories: dict[str, int] = {}
    for e in entries:
        for c in e.category:
            categories[c] = categories.get(c, 0) + 1
    for wanted in (
        "aligned",
        "align",
        "gather",
        "cases",
        "matrix",
        "argmin",
        "operatorname",
        "mathbb",
        "mathcal",
        "boldsymbol",
        "bm",
        "text",
        "leftright",
        "underbrace",
        "expectation",
        "tag",
        "label-eqref",
        "eqno",
        "macros",
        "sizes",
        "spacing",
    ):
        assert categories.get(wanted, 0) >= 8, wanted


def test_every_formula_shows_what_its_reader_must_see(rendered: tuple[list, dict]) -> None:
    entries, results = rendered
    failures = {e.id: corpus.check_html(results[e.id], e) for e in entries}
    failures = {k: v for k, v in failures.items() if v}
    assert failures == {}


def test_the_checks_can_fail() -> None:
    """A formula shown as TeX, rows run together or a missing number are each caught."""
    entries = {e.id: e for e in corpus.load_corpus()}
    aligned = entries["attn-multihead"]
    tex = corpus.Result("attn-multihead", '<code class="math-tex">\\begin{aligned}</code>')
    assert corpus.check_html(tex, aligned)
    flat = corpus.Result("x", '<math display="block"><mrow><mi>a</mi><mo>&amp;</mo></mrow></math>')
    assert any("rows" in f or "&" in f for f in corpus.check_html(flat, aligned))
    tagged = next(e for e in entries.values() if isinstance(e.expect.get("tag"), str))
    bare = corpus.Result(tagged.id, '<math display="block"><mi>x</mi></math>')
    assert any("tag" in f for f in corpus.check_html(bare, tagged))


@pytest.mark.browser
@pytest.mark.slow
def test_every_formula_renders_in_chromium(rendered: tuple[list, dict], tmp_path: Path) -> None:
    """No raw TeX shows, table rows are on separate lines, limits sit under their operator,
    fences stretch and numbers sit at the right margin, with mlguide's math.css. Contact
    sheets of the whole corpus go to test-artifacts/math-corpus/ for a person to look at."""
    entries, results = rendered
    css = (REPO / "templates" / "math.css").read_text(encoding="utf-8")
    sheets = REPO / "test-artifacts" / "math-corpus"
    found = corpus.browser_check(entries, results, css, sheets)
    failures = {k: v for k, v in found.items() if v}
    assert failures == {}
    assert len(list(sheets.glob("sheet-*.png"))) == -(-len(entries) // 12)
