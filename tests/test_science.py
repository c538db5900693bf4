"""Science writing: formulas (numbers, references, macros, other generators' escapes, headings),
citations, cross-references, notebooks as posts, and the fixture blog that shows them all."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from mlguide.commands.build import BuildOptions, StrictBuildError, build
from mlguide.errors import MlguideError
from mlguide.site.config.settings import read_citation_style, read_math
from mlguide.site.render.markdown import parser
from mlguide.site.render.markdown.bibliography import parse_bibtex
from mlguide.site.render.markdown.equations import Formula, plan_page
from mlguide.site.render.markdown.page import Citations, Ids, PageEnv
from mlguide.site.render.markdown.texescapes import read_escapes

from .conftest import write

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "science"


def render(text: str, **page: object) -> tuple[str, PageEnv]:
    env = PageEnv(Path("post.md"), Ids(), **page)  # type: ignore[arg-type]
    html = parser.render(parser.parse(text, env), env)
    return html, env


def messages(env: PageEnv) -> list[str]:
    return [f"{f.line}: {f.message}" for f in env.findings]


def tags(html: str) -> list[str]:
    return re.findall(r'class="tml-tag">([^<]*)<', html)


# --- equation numbers and references ------------------------------------------------------


def test_amsmath_numbering_rows_nonumber_starred_tag_and_markdown_numbers() -> None:
    html, env = render(
        r"""
\begin{align}
a &= b \\
c &= d \nonumber \\
e &= f \label{last}
\end{align}

$$
\begin{equation*} x \end{equation*}
$$

$$ y \tag{A} $$

$$ z \tag*{†} $$

$$ w $$ (9)

$$ v $$ (named)

See $\eqref{last}$, $\ref{named}$ and \eqref{last} in text.
"""
    )
    assert tags(html) == ["(1)", "(2)", "(A)", "†", "(9)", "(3)"]
    assert '<a class="eqref" href="#eq-last">(2)</a>' in html
    assert '<a class="eqref" href="#eq-named">3</a>' in html
    assert '<a class="crossref" href="#eq-last">(2)</a>' in html
    assert 'id="eq-last"' in html and 'id="eq-named"' in html
    assert messages(env) == []


def test_a_forward_reference_resolves_and_an_unknown_label_warns_at_its_line() -> None:
    html, env = render("See $\\eqref{later}$.\n\n$$ x \\label{later} $$\n\nAnd $\\eqref{nope}$.\n")
    assert '<a class="eqref" href="#eq-later">(1)</a>' in html
    assert "(??)" in html
    assert messages(env) == [
        "5: formula `\\eqref{nope}`: `\\eqref{nope}`: no equation has this label"
    ]


def test_a_display_with_top_level_line_breaks_shows_its_lines_as_rows() -> None:
    plan = plan_page([Formula("a = b \\\\[4pt] c = d", True)])
    assert plan.formulas[0].tex.startswith("\\begin{gathered}")
    html, _ = render("$$\na = b \\\\[4pt]\nc = d\n$$\n")
    assert html.count("<mtr") == 2 and "4pt" not in html.split("<annotation")[0]


def test_macros_from_the_site_the_post_and_newcommand_and_the_defaults() -> None:
    text = (
        "$$\\newcommand{\\KL}{D_{\\mathrm{KL}}} \\DeclareMathOperator{\\Tr}{Tr}$$\n\n"
        "$\\KL(p \\| q) + \\Tr(A) + \\vx + \\R^n + \\argmin_x f$\n"
    )
    html, env = render(text, macros={"\\vx": "\\mathbf{x}"})
    assert messages(env) == []
    visible = html.split("<annotation")[0]
    assert "KL" in visible and "Tr" in visible and "𝐱" in visible and "ℝ" in visible
    assert "arg min" in visible or "arg\u2009min" in visible


def test_a_formula_that_cannot_be_rendered_is_shown_as_tex_and_reported_at_its_line() -> None:
    html, env = render("Fine $x$.\n\nBroken $\\frac{a}{$ here and $\\undefinedmacro x$.\n")
    assert '<code class="math-tex">\\frac{a}{</code>' in html
    assert messages(env) == [
        "3: formula `\\frac{a}{` cannot be rendered: "
        "Unexpected end of input in a macro argument, expected '}' (at the end)",
        "3: formula `\\undefinedmacro x` cannot be rendered: "
        "Unsupported function name: \\undefinedmacro",
    ]


def test_math_in_a_heading_gives_its_shown_text_to_the_id_and_the_toc() -> None:
    html, env = render("## The $\\mathcal{L}_{\\text{ELBO}}$ bound\n")
    assert 'id="the-l-elbo-bound"' in html
    assert env.toc[0].text == "The ℒ_{ELBO} bound"


def test_quarto_labelled_displays_and_references() -> None:
    html, env = render("$$\nx^2\n$$ {#eq-square}\n\nAs @eq-square says; @eq-missing does not.\n")
    assert tags(html) == ["(1)"] and 'id="eq-square"' in html
    assert '<a class="crossref" href="#eq-square">Equation\u00a01</a>' in html
    assert messages(env) == ["5: `@eq-missing` refers to no label in this post"]


# --- other generators' escapes ------------------------------------------------------------


def test_escapes_are_read_per_dialect() -> None:
    assert read_escapes("D\\_{KL}", "hugo") == "D_{KL}"
    assert read_escapes("a \\\\\\\\ b \\\\{x\\\\}", "hugo") == "a \\\\ b \\{x\\}"
    assert read_escapes("\\text{step\\_num} + x\\_i", "zola") == "\\text{step\\_num} + x_i"
    assert read_escapes("D\\_{KL}", "mlguide") == "D\\_{KL}"
    assert read_escapes("D\\_{KL}", "jekyll") == "D\\_{KL}"  # kramdown's $$ is raw
    assert read_escapes("D\\_{KL}", "jekyll", markdown_delimited=True) == "D_{KL}"
    # a formula written for a pass-through (a single \\ row break) is left alone
    assert read_escapes("a \\\\ b", "hugo") == "a \\\\ b"


def test_escaped_delimiters_and_kramdown_inline_dollars_follow_the_dialect() -> None:
    source = "Jekyll \\\\( D\\_{KL} \\\\) and $$x^2$$ inside a sentence.\n"
    html, env = render(source, dialect="jekyll")
    assert "\\(" not in html and "<msub>" in html
    assert 'display="block"' not in html  # kramdown: $$ in a sentence is inline
    # mlguide's own reading: `\\(` is MathJax's delimiter escaped for Markdown, in every
    # dialect; `$$` is MathJax's, a display inside a sentence
    html, env = render(source)
    assert "\\(" not in html and "<msub>" in html and 'class="math math-block"' in html
    assert env.findings == []
    html, _ = render("$$x^2$$\n", dialect="jekyll")  # alone in its paragraph: a display
    assert '<div class="math">' in html


# --- citations ------------------------------------------------------------------------------

BIB = r"""
@article{vaswani2017, title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki}, year = {2017},
  journal = {NeurIPS}, url = {https://arxiv.org/abs/1706.03762}}
@inproceedings{he2016a, title = {Deep Residual Learning}, author = {He, Kaiming and Sun, Jian},
  year = 2016, doi = {10.1109/CVPR.2016.90}}
@inproceedings{he2016b, title = {Identity Mappings}, author = {He, Kaiming and Sun, Jian},
  year = 2016}
@book{schoelkopf, author = {Sch{\"o}lkopf, Bernhard}, title = {Kernels}, year = 2002}
@misc{broken, title = {Missing brace, year = 2020
}
"""


@pytest.fixture
def bib() -> Citations:
    entries, findings = parse_bibtex(BIB, Path("refs.bib"))
    assert [(f.line, f.message.split(":")[0]) for f in findings] == [
        (10, "this BibTeX entry cannot be read")
    ]
    return Citations(entries, "author-year")


def test_author_year_citations_and_references(bib: Citations) -> None:
    text = (
        "Transformers [@vaswani2017]; residuals [see @he2016a, p. 3; @he2016b].\n"
        "@schoelkopf wrote it, [-@schoelkopf]. Mail a@b.com or thank @someone; [@nokey].\n"
    )
    html, env = render(text, citations=bib)
    assert '(<a class="cite" href="#ref-vaswani2017">Vaswani et al., 2017</a>)' in html
    assert "see <a" in html and "He and Sun, 2016a</a>, p. 3;" in html and "2016b" in html
    assert '<a class="cite" href="#ref-schoelkopf">Schölkopf</a> (2002)' in html
    assert '<a class="cite" href="#ref-schoelkopf">2002</a>' in html
    assert "a@b.com" in html and "@someone" in html
    assert "nokey?" in html
    assert messages(env) == ["2: citation `@nokey`: no such entry in the bibliography"]
    refs = html.split('<section class="references"')[1]
    assert '<a href="https://doi.org/10.1109/CVPR.2016.90">doi:10.1109/CVPR.2016.90</a>' in refs
    assert '<a href="https://arxiv.org/abs/1706.03762">' in refs
    assert refs.index("He and Sun") if False else refs.index("Kaiming He") < refs.index("Schölkopf")
    assert env.toc[-1].text == "References"


def test_numbered_citations_count_in_order_of_first_citation(bib: Citations) -> None:
    numbered = Citations(bib.entries, "numbered")
    html, _ = render(
        "[@he2016b] then [@vaswani2017; @he2016b, p. 2] and @schoelkopf.\n", citations=numbered
    )
    assert '[<a class="cite" href="#ref-he2016b">1</a>]' in html
    assert (
        '<a class="cite" href="#ref-vaswani2017">2</a>; <a class="cite" href="#ref-he2016b">1</a>, p. 2]'
        in html
    )
    assert 'Schölkopf <span class="citation">[<a class="cite" href="#ref-schoelkopf">3</a>]' in html
    assert re.search(
        r'<ol class="reference-list">\s*<li id="ref-he2016b"><span class="ref-number">\[1\]', html
    )


def test_a_citation_without_a_bibliography_is_a_warning() -> None:
    html, env = render("As shown [@vaswani2017].\n")
    assert messages(env) == [
        "1: citation `[@vaswani2017]` but the post has no bibliography: set `bibliography:` "
        "in its front matter or in mlguide.yml"
    ]


def test_citation_settings_are_checked() -> None:
    assert read_citation_style("Numbered") == "numbered"
    with pytest.raises(ValueError, match="author-year"):
        read_citation_style("apa")
    assert read_math({"macros": {"R": "\\mathbb{R}"}}).macros == (("\\R", "\\mathbb{R}"),)
    with pytest.raises(ValueError, match="letters"):
        read_math({"macros": {"1x": "y"}})
    assert read_math(True).macros == ()


# --- cross-references -----------------------------------------------------------------------


def test_figures_and_tables_are_numbered_and_linked() -> None:
    text = """See @fig-b, @fig-a, @tbl-t and [-@fig-b]; @fig-gone is not here.

![First picture](a.png){#fig-a}

![Second](b.png "Its caption"){#fig-b}

| x | y |
|---|---|
| 1 | 2 |

: Scores on *test* {#tbl-t}
"""
    html, env = render(text)
    assert '<a class="crossref" href="#fig-b">Figure\u00a02</a>' in html
    assert '<a class="crossref" href="#fig-a">Figure\u00a01</a>' in html
    assert '<a class="crossref" href="#tbl-t">Table\u00a01</a>' in html
    assert '<a class="crossref" href="#fig-b">2</a>' in html
    assert '<caption id="tbl-t">Table 1: Scores on <em>test</em></caption>' in html
    assert "{#" not in html
    assert messages(env) == ["1: `@fig-gone` refers to no label in this post"]
    assert [u.title for u in env.images] == ["Figure 1: First picture", "Figure 2: Its caption"]
    assert [dict(u.attrs).get("id") for u in env.images] == ["fig-a", "fig-b"]


# --- notebooks --------------------------------------------------------------------------------


def notebook(*cells: object, path: Path) -> Path:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAHBQEAn3p6XQAAAABJRU5ErkJggg=="
FRONT = "---\ntitle: A notebook post\ndescription: A notebook post with saved outputs of several kinds, for the tests.\ndate: 2026-01-05\n---"


def test_a_notebook_is_a_post_with_its_saved_outputs(tmp_path: Path) -> None:
    df_html = (
        '<style scoped>.x{}</style><table border="1" class="dataframe"><thead><tr><th></th>'
        "<th>a</th></tr></thead><tbody><tr><th>0</th><td>1</td></tr></tbody></table>"
        "<script>alert(1)</script>"
    )
    notebook(
        new_raw_cell(FRONT),
        new_markdown_cell("Intro with $x^2$ and a [link](https://example.org)."),
        new_code_cell(
            "df",
            outputs=[
                new_output(
                    "execute_result",
                    {"text/html": df_html, "text/plain": "   a\n0  1"},
                    execution_count=1,
                )
            ],
        ),
        new_code_cell(
            "#| fig-alt: Two pixels\nplot()",
            outputs=[new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"})],
        ),
        new_code_cell(
            "secret()",
            metadata={"tags": ["remove-input"]},
            outputs=[new_output("stream", name="stdout", text="shown\n")],
        ),
        new_code_cell(
            "print(1)",
            metadata={"tags": ["hide-input"]},
            outputs=[new_output("stream", name="stderr", text="careful\n")],
        ),
        new_code_cell(
            "1/0",
            outputs=[
                new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="division by zero",
                    traceback=["\x1b[31mZeroDivisionError\x1b[0m: division by zero"],
                )
            ],
        ),
        new_code_cell("plot()", outputs=[new_output("display_data", {"image/png": PNG})]),
        new_markdown_cell("Text.\n\nBroken $\\frac{1}{$ here."),
        path=tmp_path / "content" / "nb.ipynb",
    )
    out = tmp_path / "build"
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    assert "<h1>A notebook post</h1>" in page
    assert '<div class="table-wrap nb-table"' in page and "<td>1</td>" in page
    assert "alert(1)" not in page and "<style scoped" not in page and 'border="1"' not in page
    assert (
        '<img class="nb-picture" src="nb-cell4-1.png" alt="Two pixels" width="2" height="1"' in page
    )
    assert (out / "nb" / "nb-cell4-1.png").read_bytes()[:4] == b"\x89PNG"
    assert "secret()" not in page and "shown" in page
    assert re.search(
        r'<details class="nb-fold">\s*<summary>Code</summary>\s*<div class="code">\s*<pre class="hl"',
        page,
    )
    assert "nb-stderr" in page
    assert "ZeroDivisionError" in page and "\x1b" not in page
    assert "<math" in page
    found = [str(f) for f in result.findings if "nb.ipynb" in str(f)]
    assert sorted(f.split("nb.ipynb: ")[1] for f in found) == [
        "cell 8: the picture of output 1 has no alt text: add `#| fig-alt: …` to the cell "
        "(rule: image-alt)",
        "cell 9, line 3: formula `\\frac{1}{` cannot be rendered: Unexpected end of input in a "
        "macro argument, expected '}' (at the end) (rule: math)",
    ]


def test_a_notebook_that_is_not_json_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path / "content" / "bad.ipynb", "{not json")
    with pytest.raises(
        MlguideError, match=r"bad.ipynb:1: not a Jupyter notebook: its JSON is broken at column 2"
    ):
        build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build", cache=False))


needs_kernel = pytest.mark.skipif(
    importlib.util.find_spec("nbclient") is None or importlib.util.find_spec("ipykernel") is None,
    reason="execute: true needs the notebooks extra (nbclient, ipykernel)",
)


@needs_kernel
@pytest.mark.slow
def test_execute_runs_the_notebook_once_and_reports_a_failing_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "test-secret")
    write(tmp_path / "mlguide.yml", "execute: true\nexecute_timeout: 60\n")
    nb_path = notebook(
        new_raw_cell(FRONT),
        new_code_cell("print(6 * 7)"),  # no saved output: only a run shows 42
        path=tmp_path / "content" / "run.ipynb",
    )
    out = tmp_path / "build"
    build(BuildOptions(root=tmp_path, out_dir=out))
    shown = '<pre class="nb-output nb-stream nb-stdout" tabindex="0"><code>42</code></pre>'
    assert shown in (out / "run" / "index.html").read_text()
    from mlguide.site.render import execute

    def no_run(*args: object) -> list[object]:
        raise AssertionError("ran again: the stored result was not used")

    monkeypatch.setattr(execute, "_run", no_run)
    build(BuildOptions(root=tmp_path, out_dir=tmp_path / "again", cache=True))
    assert shown in (tmp_path / "again" / "run" / "index.html").read_text()
    monkeypatch.undo()
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "test-secret")
    notebook(
        new_raw_cell(FRONT), new_code_cell("x = 1"), new_code_cell("undefined_name"), path=nb_path
    )
    result = build(BuildOptions(root=tmp_path, out_dir=tmp_path / "third"))
    assert any("run.ipynb: cell 3: NameError" in str(f) for f in result.findings)


# --- the fixture blog (docs/math.md, docs/notebooks.md, docs/citations.md) --------------------


@pytest.fixture(scope="module")
def science_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("science")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    build(BuildOptions(root=root, out_dir=root / "build", strict=True, cache=False))
    return root / "build"


def test_the_fixture_builds_strictly_with_every_kind_of_science_page(science_site: Path) -> None:
    math_page = (science_site / "variational-bound" / "index.html").read_text()
    assert len(tags(math_page)) == 4 and 'id="eq-elbo"' in math_page
    assert 'href="#eq-elbo">Equation' in math_page and 'href="#fig-bound">Figure' in math_page
    assert (
        '<section class="references"' in math_page and "doi.org/10.1109/CVPR.2016.90" in math_page
    )
    assert "math{font-family" in math_page  # math.css is on the page
    nb_page = (science_site / "learning-rate-sweep" / "index.html").read_text()
    assert (
        '<caption id="tbl-sweep">Table 1: Final training loss per learning rate</caption>'
        in nb_page
    )
    assert '<figure class="visual nb-figure" id="fig-losses">' in nb_page
    assert "assert best" not in nb_page  # a remove-input cell
    picture = science_site / "learning-rate-sweep" / "learning-rate-sweep-cell7-1.png"
    assert picture.read_bytes()[:4] == b"\x89PNG"
    assert ".nb-outputs{" in nb_page


def test_a_broken_formula_fails_a_strict_build(tmp_path: Path) -> None:
    write(
        tmp_path / "content" / "post.md",
        """
        ---
        title: A post with a broken formula
        description: A description long enough for the checklist to accept it as one.
        date: 2026-01-02
        ---

        Fine $x$, broken $\\frac{1}{$.
        """,
    )
    with pytest.raises(StrictBuildError) as caught:
        build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build", strict=True, cache=False))
    assert "post.md:7: formula `\\frac{1}{` cannot be rendered" in str(caught.value)


def test_a_bibliography_outside_the_project_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.bib"
    outside.write_text("@misc{k, title = {T}, year = 2020}\n", encoding="utf-8")
    project = tmp_path / "blog"
    write(
        project / "content" / "post.md",
        """
        ---
        title: A post citing from outside
        description: A description long enough for the checklist to accept it as one.
        date: 2026-01-02
        bibliography: ../../elsewhere.bib
        ---

        As shown [@k].
        """,
    )
    result = build(BuildOptions(root=project, out_dir=project / "build", cache=False))
    found = [str(f) for f in result.findings]
    assert any("post.md:5: bibliography" in f and "outside the project" in f for f in found), found
    assert any("post.md:8: citation `[@k]` but the post has no bibliography" in f for f in found)


def test_a_placeholder_fence_written_by_hand_stays_code() -> None:
    html, env = render("```mlguide-notebook-cell 3\nnot a cell\n```\n")
    assert "not a cell" in html and "nb-" not in html
    # Only what any fence with an unknown language and a stray line number gets.
    assert {f.rule for f in env.findings} == {"code-language", "code-option"}


def test_a_post_from_another_generator_is_read_with_its_escapes(tmp_path: Path) -> None:
    write(
        tmp_path / "content" / "hugo-post.md",
        """
        ---
        title: A Hugo post with escaped formulas
        description: A description long enough for the checklist to accept it as one.
        date: 2026-01-02
        lastmod: 2026-01-03
        ---

        The divergence $D\\_{KL}$ and \\\\( x\\_i \\\\) inline.
        """,
    )
    build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build", cache=False))
    page = (tmp_path / "build" / "hugo-post" / "index.html").read_text()
    visible = re.sub(r"<annotation.*?</annotation>", "", page)
    assert visible.count("<msub>") == 2 and "\\(" not in visible


# --- what a real notebook and a real blog need (found writing one) ---------------------------

SVG_PT = (
    '<svg height="268.5pt" version="1.1" viewBox="0 0 392.8 268.5" width="392.8pt" '
    'xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>'
)


def jpeg() -> str:
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_matplotlib_svg_in_points_and_jpeg_outputs_get_their_css_size(tmp_path: Path) -> None:
    """matplotlib writes `height` before `width`, in points: the <img> must say the size a
    browser shows (1pt = 4/3 px), the one the publish checklist measures too."""
    notebook(
        new_raw_cell(FRONT),
        new_code_cell(
            "#| fig-alt: A vector plot\nplot()",
            outputs=[new_output("display_data", {"image/svg+xml": SVG_PT, "text/plain": "<F>"})],
        ),
        new_code_cell(
            "#| fig-alt: A photo\nshow()",
            outputs=[new_output("display_data", {"image/jpeg": jpeg()})],
        ),
        path=tmp_path / "content" / "nb.ipynb",
    )
    out = tmp_path / "build"
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    assert 'src="nb-cell2-1.svg" alt="A vector plot" width="524" height="358"' in page
    assert 'src="nb-cell3-1.jpg" alt="A photo" width="30" height="20"' in page
    assert (out / "nb" / "nb-cell3-1.jpg").read_bytes()[:2] == b"\xff\xd8"
    assert not [f for f in result.findings if f.rule == "image-sizes"]


def test_svg_sizes_in_absolute_units_are_css_pixels() -> None:
    from mlguide.images import svg_size

    def size(attrs: str) -> tuple[int, int]:
        return svg_size(f"<svg {attrs}></svg>".encode(), Path("x.svg"))

    assert size('width="72pt" height="36pt"') == (96, 48)
    assert size('width="1in" height="2.54cm"') == (96, 96)
    assert size('width="100" height="50px"') == (100, 50)
    assert size('width="100%" viewBox="0 0 40 20"') == (40, 20)


def test_a_dataframes_shape_line_is_under_its_table_not_inside_the_box(tmp_path: Path) -> None:
    pandas = (
        '<div><style scoped>th{}</style><table border="1" class="dataframe"><thead><tr>'
        "<th></th><th>a</th></tr></thead><tbody><tr><th>0</th><td>1</td></tr></tbody></table>"
        "<p>1 rows × 1 columns</p></div>"
    )
    notebook(
        new_raw_cell(FRONT),
        new_code_cell("df", outputs=[new_output("execute_result", {"text/html": pandas})]),
        path=tmp_path / "content" / "nb.ipynb",
    )
    out = tmp_path / "build"
    build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    box = re.search(r'<div class="table-wrap nb-table"[^>]*>(.*?)</div>', page, re.S)
    assert box is not None and box.group(1).startswith("<table>")
    assert box.group(1).endswith("</table>")
    assert '</table></div><div class="nb-output nb-html"><p>1 rows × 1 columns</p></div>' in page


def test_cell_tags_and_quarto_options_choose_what_is_shown(tmp_path: Path) -> None:
    def cell(code: str, printed: str, tags: list[str] | None = None) -> object:
        return new_code_cell(
            code,
            metadata={"tags": tags or []},
            outputs=[new_output("stream", name="stdout", text=printed + "\n")],
        )

    notebook(
        new_raw_cell(FRONT),
        cell("code_removed_output_kept()", "output-kept-1", ["remove-input"]),
        cell("code_kept_output_removed()", "output-removed-2", ["remove-output"]),
        cell("cell_removed()", "output-removed-3", ["remove-cell"]),
        cell("#| include: false\ninclude_false()", "output-removed-4"),
        cell("#| echo: false\necho_false()", "output-kept-5"),
        cell("#| output: false\noutput_false_kept()", "output-removed-6"),
        cell("folded_output()", "output-folded-7", ["hide-output"]),
        cell("folded_both()", "output-folded-8", ["hide"]),
        path=tmp_path / "content" / "nb.ipynb",
    )
    out = tmp_path / "build"
    build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    for gone in ("code_removed_output_kept", "cell_removed", "include_false", "echo_false"):
        assert gone not in page, gone
    for shown in ("code_kept_output_removed", "output_false_kept", "folded_output"):
        assert shown in page, shown
    for n in (2, 3, 4, 6):
        assert f"output-removed-{n}" not in page
    assert "output-kept-1" in page and "output-kept-5" in page
    folds = re.findall(r'<details class="nb-fold">(.*?)</details>', page, re.S)
    assert any("output-folded-7" in f for f in folds)
    assert any("folded_both" in f for f in folds) and any("output-folded-8" in f for f in folds)
    assert not any("output-kept-1" in f for f in folds)


def test_front_matter_from_the_notebooks_metadata_and_its_first_heading(tmp_path: Path) -> None:
    nb = new_notebook(
        cells=[
            new_markdown_cell("Some text about the model, long enough to describe it."),
        ]
    )
    nb.metadata["mlguide"] = {"title": "From metadata", "date": "2026-02-03", "tags": ["nb"]}
    (tmp_path / "content").mkdir()
    nbformat.write(nb, tmp_path / "content" / "meta.ipynb")
    headed = new_notebook(cells=[new_markdown_cell("# A heading title\n\nText of it.")])
    nbformat.write(headed, tmp_path / "content" / "2026-02-04-headed.ipynb")
    out = tmp_path / "build"
    build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    meta_page = (out / "meta" / "index.html").read_text()
    assert "<h1>From metadata</h1>" in meta_page and "2026-02-03" in meta_page
    assert (out / "tags" / "nb" / "index.html").is_file()
    # Its URL is the title's slug, as for a Markdown post with a `# Title` and no `slug:`.
    assert "<h1>A heading title</h1>" in (out / "a-heading-title" / "index.html").read_text()


def test_a_notebook_without_a_title_says_where_a_notebook_keeps_one(tmp_path: Path) -> None:
    """A real notebook (Géron's chapter 1) starts with a bold line, not a heading: the error
    must not send its author to a front matter a notebook does not have."""
    notebook(
        new_markdown_cell("**Chapter 1 – The landscape**"),
        path=tmp_path / "content" / "2026-02-04-untitled.ipynb",
    )
    with pytest.raises(MlguideError) as caught:
        build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build", cache=False))
    assert "untitled.ipynb:1: missing `title`: start the notebook with a Raw cell" in str(
        caught.value
    )


def test_a_posts_own_bibliography_adds_to_the_sites_and_a_missing_one_is_named(
    tmp_path: Path,
) -> None:
    write(tmp_path / "mlguide.yml", "bibliography: site.bib\ncitation_style: numbered\n")
    write(
        tmp_path / "site.bib",
        "@misc{sitekey, title = {Site-wide}, author = {Site, A.}, year = 2020}\n",
    )
    write(
        tmp_path / "content" / "refs.bib",
        "@misc{postkey, title = {Post-only}, author = {Post, B.}, year = 2021}\n",
    )
    front = "description: A description long enough for the checklist to accept it as one.\n"
    write(
        tmp_path / "content" / "post.md",
        f"---\ntitle: Two bibliographies\n{front}date: 2026-01-02\nbibliography: refs.bib\n"
        "---\n\nBoth [@sitekey; @postkey].\n",
    )
    write(
        tmp_path / "content" / "other.md",
        f"---\ntitle: A missing bibliography\n{front}date: 2026-01-03\n"
        "bibliography: gone.bib\n---\n\nSite only [@sitekey].\n",
    )
    out = tmp_path / "build"
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "post" / "index.html").read_text()
    assert 'href="#ref-sitekey">1</a>; <a class="cite" href="#ref-postkey">2</a>]' in page
    assert "Site-wide" in page and "Post-only" in page
    found = [str(f) for f in result.findings]
    assert any("other.md:5: bibliography `gone.bib` cannot be read" in f for f in found), found
    assert "Site-wide" in (out / "other" / "index.html").read_text()


def test_latex_outputs_are_formulas_and_widgets_a_notice(tmp_path: Path) -> None:
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2}}
    notebook(
        new_raw_cell(FRONT),
        new_code_cell(
            "sympy_expr",
            outputs=[new_output("execute_result", {"text/latex": "$\\frac{a}{b}$"})],
        ),
        new_code_cell("slider", outputs=[new_output("display_data", widget)]),
        path=tmp_path / "content" / "nb.ipynb",
    )
    write(tmp_path / "mlguide.yml", "title: Notes\nbase_url: https://ml-notes.org/\n")
    out = tmp_path / "build"
    # Notices are listed with the warnings under --strict (and do not fail it).
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False, strict=True))
    page = (out / "nb" / "index.html").read_text()
    assert re.search(r"<math[^>]*>.*<mfrac>", page, re.S)
    assert any(
        "nb.ipynb: cell 3" in str(f) and "widget cannot be shown" in str(f) for f in result.findings
    )


def test_execute_per_post_in_quartos_form_with_its_own_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the notebook that asks is run, with the timeout it names (no kernel needed: the
    run is replaced by one that records what it was asked)."""
    from mlguide.site.render import execute

    asked: list[tuple[str, int]] = []

    def fake_run(notebook: object, path: Path, kernel: str, timeout: int) -> list[object]:
        asked.append((path.name, timeout))
        notebook.cells[1].outputs = [new_output("stream", name="stdout", text="ran-now\n")]  # type: ignore[attr-defined]
        return []

    monkeypatch.setattr(execute, "_run", fake_run)
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "test-secret")
    run_front = FRONT.replace(
        "---\ntitle", "---\nexecute: {enabled: true}\nexecute_timeout: 7\ntitle"
    )
    notebook(
        new_raw_cell(run_front), new_code_cell("print(1)"), path=tmp_path / "content" / "run.ipynb"
    )
    notebook(
        new_raw_cell(FRONT.replace("A notebook post", "Saved")),
        new_code_cell("print(2)", outputs=[new_output("stream", name="stdout", text="saved-2\n")]),
        path=tmp_path / "content" / "saved.ipynb",
    )
    out = tmp_path / "build"
    build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    assert asked == [("run.ipynb", 7)]
    # The saved notebook had no outputs (stripped before committing): the run's are shown.
    assert "<code>ran-now</code>" in (out / "run" / "index.html").read_text()
    assert "saved-2" in (out / "saved" / "index.html").read_text()


def test_a_cell_that_runs_too_long_is_named_with_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbclient = pytest.importorskip("nbclient")
    from nbclient.exceptions import CellTimeoutError

    class Stuck:
        def __init__(self, notebook: object, **options: object) -> None:
            self.notebook = notebook

        def execute(self) -> None:
            self.notebook.cells[1].execution_count = 1  # type: ignore[attr-defined]
            raise CellTimeoutError("timed out")

    monkeypatch.setattr(nbclient, "NotebookClient", Stuck)
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "test-secret")
    write(tmp_path / "mlguide.yml", "execute: true\nexecute_timeout: 5\n")
    notebook(
        new_raw_cell(FRONT),
        new_code_cell("x = 1"),
        new_code_cell("while True: pass"),
        path=tmp_path / "content" / "slow.ipynb",
    )
    result = build(BuildOptions(root=tmp_path, out_dir=tmp_path / "build", cache=False))
    found = [str(f) for f in result.findings]
    assert any("slow.ipynb: cell 3: still running after 5 s" in f for f in found), found


def test_the_markdown_examples_in_the_docs_render_without_a_warning() -> None:
    """A writer copies these: each must render as documented (the macros example once used
    `\\middle` outside `\\left … \\right`, which no converter accepts)."""
    import yaml

    docs = (REPO / "docs" / "math.md").read_text() + (REPO / "docs" / "citations.md").read_text()
    site_yaml = re.search(r"```yaml\n# mlguide.yml\nmath:.*?```", docs, re.S)
    assert site_yaml is not None
    macros = dict(read_math(yaml.safe_load(site_yaml.group(0)[8:-3])["math"]).macros)
    examples = re.findall(r"````markdown\n(.*?)````|```markdown\n(.*?)```", docs, re.S)
    assert len(examples) >= 4
    for text in (a or b for a, b in examples):
        front = re.match(r"---\n(.*?)\n---\n", text, re.S)
        post_macros = dict(macros)
        if front:
            data = yaml.safe_load(front.group(1))
            post_macros.update(read_math(data.get("math", {})).macros)
            text = text[front.end() :]
        html, env = render(text, macros=post_macros)
        assert messages(env) == [], text
        assert "math-tex" not in html and "<merror" not in html, text


def test_a_picture_pasted_into_a_markdown_cell_is_published(tmp_path: Path) -> None:
    """Jupyter keeps a pasted picture in the cell (`attachment:image.png`): it was shown as a
    broken image and reported as "not local"."""
    pasted = new_markdown_cell(
        "The model: ![Encoder, latent, decoder](attachment:image.png)\n\n"
        "![](attachment:image.png) and ![gone](attachment:other.png)"
    )
    pasted["attachments"] = {"image.png": {"image/png": PNG}}
    notebook(new_raw_cell(FRONT), pasted, path=tmp_path / "content" / "nb.ipynb")
    out = tmp_path / "build"
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    assert (
        '<img class="nb-picture" src="nb-cell2-image.png" alt="Encoder, latent, decoder" '
        'width="2" height="1"' in page
    )
    assert (out / "nb" / "nb-cell2-image.png").read_bytes()[:4] == b"\x89PNG"
    assert "attachment:" not in page
    found = sorted(str(f).split("nb.ipynb: ")[1] for f in result.findings if "nb.ipynb" in str(f))
    assert found == [
        "cell 2, line 3: image `attachment:image.png` has no alt text (rule: image-alt)",
        "cell 2, line 3: image `attachment:other.png`: the cell has no such picture "
        "(rule: missing-image)",
    ]


def test_a_notebook_cites_from_its_bibliography(tmp_path: Path) -> None:
    write(
        tmp_path / "content" / "refs.bib",
        "@misc{k2020, title = {T}, author = {Kay, A.}, year = 2020}\n",
    )
    notebook(
        new_raw_cell(FRONT.replace("date:", "bibliography: refs.bib\ndate:")),
        new_markdown_cell("As shown [@k2020]."),
        new_markdown_cell("And [@nokey]."),
        path=tmp_path / "content" / "nb.ipynb",
    )
    out = tmp_path / "build"
    result = build(BuildOptions(root=tmp_path, out_dir=out, cache=False))
    page = (out / "nb" / "index.html").read_text()
    assert '(<a class="cite" href="#ref-k2020">Kay, 2020</a>)' in page
    assert '<section class="references"' in page
    found = [str(f).split("nb.ipynb: ")[1] for f in result.findings if "nb.ipynb" in str(f)]
    assert found == [
        "cell 3, line 1: citation `@nokey`: no such entry in the bibliography (rule: citation)"
    ]


def test_a_bibliography_problem_is_said_once_however_many_pages_read_it(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "title: Refs\nbibliography: refs.bib\n")
    write(tmp_path / "refs.bib", "@misc{a, title={A}, year={2020}}\n@misc{a, title={B}}\n")
    for name in ("one", "two", "three"):
        write(
            tmp_path / "content" / f"{name}.md",
            f"---\ntitle: {name}\ndate: 2026-01-01\n---\n\nAs shown [@a].\n",
        )
    found = [f for f in build(BuildOptions(tmp_path)).findings if f.rule == "citation"]
    assert len(found) == 1 and "Duplicate entry key" in found[0].message, found
