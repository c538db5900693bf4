"""What `make bench` and `make audit` stand on: the benchmark corpus and the audit's server.

Both are scripts, not part of the package, so they are loaded from their files.
"""

import importlib.util
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus = load(ROOT / "benchmarks" / "corpus.py")
audit_pages = load(ROOT / "scripts" / "audit_pages.py")


def test_corpus_is_deterministic_and_nests_by_size(tmp_path: Path) -> None:
    small = corpus.write_corpus(tmp_path / "a", 30, seed=3, ssgs=["mlguide"])["mlguide"]
    large = corpus.write_corpus(tmp_path / "b", 40, seed=3, ssgs=["mlguide"])["mlguide"]
    files = sorted((small / "content").iterdir())
    assert len(files) == 30
    for f in files:
        assert f.read_bytes() == (large / "content" / f.name).read_bytes()
    other = corpus.write_corpus(tmp_path / "c", 30, seed=4, ssgs=["mlguide"])["mlguide"]
    assert [f.name for f in files] != sorted(f.name for f in (other / "content").iterdir())


def test_corpus_builds_in_mlguide_without_a_warning(tmp_path: Path) -> None:
    """Links between posts, figures and the guide all resolve: the benchmark times real work."""
    from mlguide.commands.build import BuildOptions, build

    project = corpus.write_corpus(tmp_path, 60, ssgs=["mlguide"])["mlguide"]
    result = build(BuildOptions(project, project / "build"))
    assert result.pages == 60
    assert result.findings == ()
    text = "".join(p.read_text() for p in (project / "content").glob("*.md"))
    for feature in ("```python", "```sql", "| Metric |", "\n1. ", "](../", "![", "### "):
        assert feature in text


def test_an_untagged_corpus_builds_no_tag_pages(tmp_path: Path) -> None:
    """The benchmark prices tag pages and feeds by building the same posts without tags."""
    from mlguide.commands.build import BuildOptions, build

    tagged = corpus.write_corpus(tmp_path / "a", 12, ssgs=["mlguide"])["mlguide"]
    bare = corpus.write_corpus(tmp_path / "b", 12, ssgs=["mlguide"], tags=False)["mlguide"]
    for project, tag_pages in ((tagged, True), (bare, False)):
        build(BuildOptions(project, project / "build"))
        feeds = list((project / "build" / "tags").glob("*/feed.xml"))
        assert bool(feeds) is tag_pages
    assert (
        "tags:"
        not in (
            bare / "content" / sorted(p.name for p in (bare / "content").iterdir())[3]
        ).read_text()
    )


def test_corpus_for_hugo_and_pelican(tmp_path: Path) -> None:
    sites = corpus.write_corpus(tmp_path, 5, ssgs=["hugo", "pelican"])
    assert (sites["hugo"] / "config.toml").is_file()
    assert (sites["hugo"] / "layouts" / "_default" / "single.html").is_file()
    assert (sites["hugo"] / "static" / "assets" / "ml-model-gif-01-lifecycle.gif").is_file()
    post = sorted((sites["pelican"] / "content").glob("*.md"))[1].read_text()
    assert post.startswith("Title: ") and "\nSlug: " in post and "\nTags: " in post
    assert (sites["pelican"] / "pelicanconf.py").is_file()


def test_corpus_edit_appends_a_sentence(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: x\n---\n\nBody.\n")
    corpus.main(["edit", str(post)])
    assert post.read_text().endswith("added by the benchmark's edit.\n")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "guide").mkdir()
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "guide" / "index.html").write_text("guide")
    (tmp_path / "404.html").write_text("not found page")
    return tmp_path


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_audit_server_serves_the_site_at_its_base_path_like_a_host(site: Path) -> None:
    with audit_pages.serve(site, "/blog/") as root:
        assert root.endswith("/blog/")
        assert fetch(root) == (200, "home")
        assert fetch(root + "guide/") == (200, "guide")
        assert fetch(root + "no/such/page/") == (404, "not found page")
        origin = root.removesuffix("blog/")
        assert fetch(origin + "index.html")[0] == 404  # outside the base path


def test_audit_reports_the_kinds_of_page_a_build_lacks(site: Path) -> None:
    (site / "ten-steps-to-build-a-machine-learning-model").mkdir()
    (site / "ten-steps-to-build-a-machine-learning-model" / "index.html").write_text("x")
    (site / "tags" / "mlops").mkdir(parents=True)
    (site / "tags" / "mlops" / "index.html").write_text("tag")
    found = {p.name: p.path for p in audit_pages.discover(site)}
    assert found == {
        "home": "",
        "home page 2": None,
        "the guide": "ten-steps-to-build-a-machine-learning-model/",
        "a tag page": "tags/mlops/",
        "archive": None,
        "404": "404.html",
    }


# Spellings of a folder beside the repository; the first is assembled so that this file does
# not itself name one.
BESIDE_THE_REPOSITORY = ("../" + "shared", "REPO.parent", "ROOT.parent", "/work/")


def test_nothing_a_clone_runs_reaches_outside_the_repository() -> None:
    """`make bench`, `make audit`, the tests and CI must work from a clone alone, so none of
    their files may name a folder beside the repository."""
    files = [ROOT / "Makefile", ROOT / "README.md", ROOT / ".ci" / "run"]
    for folder in ("benchmarks", "scripts", "tests", ".github"):
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix != ".pyc"]
    this = Path(__file__).resolve()  # it spells the other needles out
    offenders = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in files
        if path.resolve() != this
        for needle in BESIDE_THE_REPOSITORY
        if needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_audit_finds_the_first_math_post_and_the_first_notebook_post(tmp_path: Path) -> None:
    """Their pages carry the math and notebook styles, so each is audited as its own kind."""
    pages = {
        "a-prose": "<p>words</p>",
        "b-math": '<div class="math"><math display="block"><mi>x</mi></math></div>',
        "c-notebook": '<div class="nb-outputs"><pre>1</pre></div><math display="block"></math>',
        "d-math": '<math display="block"><mi>y</mi></math>',
    }
    for name, body in pages.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f'<body class="page-post">{body}</body>')
    found = {p.name: p.path for p in audit_pages.discover_more(tmp_path)}
    assert found["a math post"] == "b-math/"
    assert found["a notebook post"] == "c-notebook/"
    kinds = [p.name for p in audit_pages.every_kind(tmp_path)]
    assert kinds.index("a post") < kinds.index("a math post") < kinds.index("a notebook post")


def test_a_page_whose_network_never_settles_is_a_finding_not_a_crash() -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    class Tab:
        def wait_for_load_state(self, state: str) -> None:
            raise PlaywrightTimeout("Timeout 30000ms exceeded.")

    errors: list[str] = []
    pending = {"https://colab.research.google.com/assets/colab-badge.svg": None}
    audit_pages.settled(Tab(), pending, errors)
    assert errors == [
        "network still busy after 30 s: https://colab.research.google.com/assets/colab-badge.svg"
    ]
