"""The page cache against what a hostile QA run found: keys that missed what a template shows,
an image replaced in place, a cache restored from elsewhere that unpickled code, and a damaged
or unwritable cache that failed the build. Every build is compared with one from scratch."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from mlguide.commands.build import BuildOptions, build
from mlguide.images import file_state, inspect_image
from mlguide.paths import project_paths
from mlguide.site import pagecache, pipeline
from mlguide.site.render import templating
from mlguide.site.render.post import RenderedPost
from mlguide.store.store import FORMAT, open_store

from .conftest import forget_last_build, tree_digest, write

DEFAULTS = templating.DEFAULT_TEMPLATES


def assert_same_as_fresh(project: Path) -> None:
    out = project.parent / f"{project.name}-fresh"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(project, out_dir=out, cache=False))
    cached, clean = tree_digest(project / "build"), tree_digest(out)
    differ = sorted(p for p in cached.keys() | clean.keys() if cached.get(p) != clean.get(p))
    assert not differ, f"the cached build differs from a fresh one in {differ}"


def post(root: Path, name: str, date: str, extra: str = "", body: str = "Text.") -> Path:
    return write(
        root / "content" / f"{name}.md",
        f"---\ntitle: {name.title()}\ndescription: About {name}, long enough to describe it.\n"
        f"date: {date}\n{extra}---\n\n{body}\n",
    )


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """`delta` is the newest: `gamma` is its older post, `alpha` related to it (tag x), and
    `beta` neither."""
    root = tmp_path / "blog"
    write(root / "mlguide.yml", "title: Hardened\nbase_url: https://cache.mlguide.dev/\n")
    post(root, "alpha", "2026-01-01", "tags: [x]\n")
    post(root, "beta", "2026-01-02", "tags: [y]\n")
    post(root, "gamma", "2026-01-03", "tags: [y]\n")
    post(root, "delta", "2026-01-04", "tags: [x]\n")
    return root


def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The posts really rendered, not taken from the cache."""
    seen: list[str] = []
    real = pipeline.render_or_error
    monkeypatch.setattr(
        pipeline,
        "render_or_error",
        lambda source, site: seen.append(source.meta.slug) or real(source, site),
    )
    return seen


def pages_folder(project: Path) -> Path:
    return project / ".mlguide-cache" / "store" / pagecache.KIND


def entries(project: Path) -> list[Path]:
    return sorted(p for p in pages_folder(project).glob("*/*") if not p.name.startswith("."))


def resign(project: Path, entry: Path, data: bytes) -> None:
    """Write `data` as the entry, signed with the project's real key: what an attacker who
    had the key could do. The checks inside the entry must hold even then."""
    open_store(project / ".mlguide-cache", project).save_raw(pagecache.KIND, entry.name, data)


def signed_data(entry: Path) -> bytes:
    return entry.read_bytes()[len(FORMAT) + 32 :]


# --- 1. the key covers everything a template is given of the other posts ---------------------

NOSY = """
<p class="nosy">{% if older %}{{ older.description }} | {{ older.tags | join(",") }} |
{{ older.updated }} | {{ older.authors | join(",") }} | {{ older.share_hook }} | {{ older.params }}
{% endif %}{% for p in related %}[{{ p.description }} {{ p.params }}]{% endfor %}
{% for t in tags %}<{{ t.name }}: {% for p in t.posts %}{{ p.title }} {% endfor %}>{% endfor %}</p>
"""


@pytest.mark.parametrize(
    ("target", "old", "new"),
    [
        ("gamma", "description: About gamma", "description: Changed, about gamma"),
        ("gamma", "tags: [y]", "tags: [y, z]"),
        ("gamma", "date: 2026-01-03", "date: 2026-01-03\nupdated: 2026-02-01"),
        ("gamma", "date: 2026-01-03", "date: 2026-01-03\nauthors: [Ada]"),
        ("gamma", "date: 2026-01-03", "date: 2026-01-03\nshare_hook: Read this"),
        ("gamma", "date: 2026-01-03", "date: 2026-01-03\nmood: sunny"),
        ("alpha", "description: About alpha", "description: Changed, about alpha"),
        ("alpha", "date: 2026-01-01", "date: 2026-01-01\nmood: sunny"),
        ("alpha", "title: Alpha", "title: Renamed"),
    ],
    ids=[
        "older-description",
        "older-tags",
        "older-updated",
        "older-authors",
        "older-share-hook",
        "older-params",
        "related-description",
        "related-params",
        "tag-post-title",
    ],
)
def test_a_template_showing_any_field_of_another_post_is_never_served_stale(
    blog: Path, monkeypatch: pytest.MonkeyPatch, target: str, old: str, new: str
) -> None:
    template = (DEFAULTS / "post.html.j2").read_text()
    marker = '<nav class="post-nav"'
    assert marker in template
    write(blog / "templates" / "post.html.j2", template.replace(marker, NOSY + marker, 1))
    build(BuildOptions(blog))
    source = blog / "content" / f"{target}.md"
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new, 1))
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert "delta" in seen  # it shows `target`: rendered again
    monkeypatch.undo()
    assert_same_as_fresh(blog)


def test_a_post_that_shows_nothing_of_the_edited_one_stays_cached(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole posts in the key, but only those a page is given: `beta` is neither a neighbour
    of `delta` nor shares a tag with it."""
    build(BuildOptions(blog))
    source = blog / "content" / "delta.md"
    source.write_text(source.read_text().replace("About delta", "Changed, about delta"))
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert sorted(seen) == ["alpha", "delta", "gamma"]  # itself, its older post, its tag x
    monkeypatch.undo()
    assert_same_as_fresh(blog)


def test_a_post_listed_in_a_tag_the_page_shows_is_part_of_its_key(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`delta` is given its tags with their posts: `old-1` is in tag x, but neither a
    neighbour nor among the three related posts."""
    for i in range(1, 5):
        post(blog, f"old-{i}", f"2025-0{i}-01", "tags: [x]\n")
    template = (DEFAULTS / "post.html.j2").read_text()
    marker = '<nav class="post-nav"'
    shown = "{% for t in tags %}{% for p in t.posts %}{{ p.title }} {% endfor %}{% endfor %}"
    write(blog / "templates" / "post.html.j2", template.replace(marker, shown + marker, 1))
    build(BuildOptions(blog))
    source = blog / "content" / "old-1.md"
    source.write_text(source.read_text().replace("title: Old-1", "title: Renamed"))
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert "delta" in seen
    monkeypatch.undo()
    assert_same_as_fresh(blog)


# --- 2. an image replaced in place, same size, same modification time -----------------------


def replace_keeping_size_and_mtime(image: Path, colour: str) -> None:
    before = image.stat()
    other = image.with_name("other.png")
    Image.new("RGB", (40, 20), colour).save(other, compress_level=0)
    assert other.stat().st_size == before.st_size
    image.write_bytes(other.read_bytes())
    other.unlink()
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p, rsync -t do


def test_an_image_replaced_in_place_with_the_same_size_and_time_is_noticed(blog: Path) -> None:
    image = blog / "content" / "box.png"
    Image.new("RGB", (40, 20), "#ff0000").save(image, compress_level=0)
    post(blog, "beta", "2026-01-02", "tags: [y]\n", body="![A box](box.png)")
    build(BuildOptions(blog))
    replace_keeping_size_and_mtime(image, "#00ff00")
    build(BuildOptions(blog))  # in the same process: the image lookup cache is asked too
    # Not only "same as fresh": a fresh build in this process would ask the same lookup cache.
    # The page shows the picture through its variants: the one it names is the new, green box.
    page = (blog / "build" / "beta" / "index.html").read_text()
    shown = re.findall(r'src="\.\./(assets/box[^"]+\.png)"', page)
    assert shown, page
    with Image.open(blog / "build" / shown[0]) as img:
        assert img.convert("RGB").getpixel((0, 0)) == (0, 255, 0)
    assert_same_as_fresh(blog)


def test_the_image_lookup_cache_reads_an_image_replaced_in_place(tmp_path: Path) -> None:
    image = tmp_path / "box.png"
    Image.new("RGB", (40, 20), "#ff0000").save(image, compress_level=0)
    first, state = inspect_image(image), file_state(image)
    replace_keeping_size_and_mtime(image, "#00ff00")
    assert file_state(image) != state
    assert inspect_image(image).out_path != first.out_path


# --- 3. entries are data, never code ------------------------------------------------------------


def plant_link(image: str) -> str:
    """`<project>/content/../.mlguide-cache/evil.png`, a symlink to a file outside."""
    project = next(p for p in Path(image).parents if p.name == "blog")
    outside = project.parent / "outside-secret.txt"
    outside.write_text("a secret")
    link = project / ".mlguide-cache" / "evil.png"
    if not link.is_symlink():
        link.symlink_to(outside)
    return str(project / "content" / ".." / ".mlguide-cache" / "evil.png")


class Payload:
    """What a poisoned cache could hold: unpickling it makes a folder."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.mark.parametrize("head", [FORMAT, b"mlguide-page-cache-1\n"])
def test_a_crafted_pickle_in_an_entry_is_a_miss_and_never_runs(
    blog: Path, monkeypatch: pytest.MonkeyPatch, head: bytes
) -> None:
    build(BuildOptions(blog))
    marker = blog.parent / "pwned"
    payload = pickle.dumps(Payload(marker))
    for entry in entries(blog):  # a checksum recomputed, as an attacker can: not the key
        entry.write_bytes(head + hashlib.sha256(payload).digest() + payload)
    seen = renders(monkeypatch)
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert not marker.exists()
    assert len(seen) == 4
    monkeypatch.undo()
    assert_same_as_fresh(blog)


def rendered_posts(root: Path) -> list[RenderedPost]:
    prepared = pipeline.with_cards(pipeline.prepare(project_paths(root), None, False))
    work = pipeline.plan(prepared.site, prepared.sources, None)
    return [r for r in pipeline.iter_rendered(work, 1) if isinstance(r, RenderedPost)]


def test_an_entry_gives_back_exactly_the_page_it_was_made_from(blog: Path) -> None:
    Image.new("RGB", (40, 20), "#2546c7").save(blog / "content" / "pic.png")
    post(
        blog,
        "beta",
        "2026-01-02",
        "tags: [y]\n",
        body="![A picture](pic.png)\n\n![](missing.png)\n\n[Gamma](gamma.md), [gone](gone.md)",
    )
    pages = rendered_posts(blog)
    assert any(p.findings for p in pages) and any(p.inputs.files for p in pages)
    for page in pages:
        again = pagecache.decode_page(pagecache.encode_page(page), page.meta)
        assert again == page
        assert again.links.lines == page.links.lines  # not compared by ==
        assert [type(f.data) for f in again.files] == [bytes] * len(page.files)


def test_bytes_that_are_not_utf8_and_odd_file_names_round_trip(blog: Path) -> None:
    page = rendered_posts(blog)[0]
    odd = Path("/tmp/caf\udce9.png")  # an undecodable byte in a file name
    page = dataclasses.replace(
        page,
        files=(*page.files, type(page.files[0])("raw.bin", bytes(range(256)))),
        inputs=type(page.inputs)({odd: (1, 2, 3, 4), Path("/gone.png"): None}, {}),
    )
    again = pagecache.decode_page(pagecache.encode_page(page), page.meta)
    assert again == page


@pytest.mark.parametrize(
    "damage",
    [
        lambda tree: tree[3].__setitem__(0, 7),  # a number where a tuple of text goes
        lambda tree: tree.pop(),  # a field missing
        lambda tree: tree[0][0].__setitem__(1, [0, 10**9]),  # bytes out of range
        lambda tree: tree.__setitem__(4, {"__class__": "os.system"}),  # an object: no class
        # Well-formed, but writing outside the page's folder, or publishing a file that is
        # not the project's as an image (a secret, through a symlink planted in the cache).
        # tree[5] is the social card (og): these posts have no hero.
        lambda tree: tree[0][0].__setitem__(0, "../../escaped.html"),
        lambda tree: tree[0][0].__setitem__(0, "index.html"),
        lambda tree: tree[5].__setitem__(1, "assets/../../escaped.png"),
        lambda tree: tree[5].__setitem__(0, "/etc/hostname"),
        lambda tree: tree[5].__setitem__(0, tree[5][0].replace("/assets/", "/.mlguide-cache/")),
        # A path that starts inside the project and climbs into the cache, where a symlink
        # leads out of the project.
        lambda tree: tree[5].__setitem__(0, plant_link(tree[5][0])),
    ],
    ids=[
        "wrong-type",
        "missing-field",
        "bytes-out-of-range",
        "object",
        "page-outside-the-build",
        "page-outside-its-folder",
        "image-outside-the-build",
        "image-outside-the-project",
        "image-in-the-cache",
        "image-through-a-link-in-the-cache",
    ],
)
def test_an_entry_of_the_wrong_shape_with_a_valid_checksum_is_a_miss(
    blog: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[list[Any]], object]
) -> None:
    build(BuildOptions(blog))
    (blog / ".mlguide-cache" / "secret.txt").write_text("not for publishing")
    for entry in entries(blog):
        data = signed_data(entry)
        # An entry is the pages' bytes, then the JSON tree, then the tree's length.
        size = int.from_bytes(data[-8:], "big")
        tree = json.loads(data[-8 - size : -8])
        damage(tree)
        text = json.dumps(tree).encode()
        resign(blog, entry, data[: -8 - size] + text + len(text).to_bytes(8, "big"))
    seen = renders(monkeypatch)
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert len(seen) == 4
    # os.walk, not rglob: the old build being emptied from the trash in the background
    # loses folders while they are walked, which rglob raises on.
    escaped = [f for _, _, files in os.walk(blog.parent) for f in files if f.startswith("escaped.")]
    assert escaped == []
    monkeypatch.undo()
    assert_same_as_fresh(blog)


# --- 4. the cache never fails the build ---------------------------------------------------------


def test_an_entry_that_is_a_folder_is_a_miss_and_leaves_nothing_behind(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BuildOptions(blog))
    for entry in entries(blog):
        entry.unlink()
        (entry / "inside").mkdir(parents=True)
    seen = renders(monkeypatch)
    forget_last_build(blog)
    result = build(BuildOptions(blog))
    assert len(seen) == 4 and result.findings == ()
    assert not list(pages_folder(blog).glob("*/.*.tmp"))
    monkeypatch.undo()
    assert_same_as_fresh(blog)


def test_folders_named_like_entries_do_not_fail_the_prune(blog: Path) -> None:
    build(BuildOptions(blog))
    pages = pages_folder(blog)
    for i in range(300):  # far over the budget: the prune has to remove things
        (pages / "zz" / f"{i:064x}").mkdir(parents=True)
    (pages / "zz" / f"{1:064x}" / "x").write_bytes(b"x" * 100_000)
    result = build(BuildOptions(blog))
    assert result.findings == ()
    assert_same_as_fresh(blog)


def test_a_fifo_in_the_cache_does_not_block_the_build(blog: Path) -> None:
    build(BuildOptions(blog))
    for entry in entries(blog):
        entry.unlink()
        os.mkfifo(entry)
    done = threading.Event()

    def run() -> None:
        build(BuildOptions(blog))
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(120)  # a guard against hanging the test run, not a measurement
    assert done.is_set()
    assert_same_as_fresh(blog)


def deny(monkeypatch: pytest.MonkeyPatch, folder: Path, call: str, owner: Any = os) -> None:
    """`owner.call` raises PermissionError for anything under `folder`, as for a cache that
    cannot be read or written (the tests may run as root, whom chmod does not stop)."""
    real = getattr(owner, call)

    def denied(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(path, int) and Path(os.fsdecode(path)).absolute().is_relative_to(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(owner, call, denied)


@pytest.mark.parametrize(
    "calls",
    [
        [("scandir", os), ("stat", os)],  # the cache cannot be listed: no prune
        [("open", os), ("open", io)],  # no entry can be read: every page a miss
        [("mkdir", Path), ("write_bytes", Path), ("unlink", Path)],  # read-only
        [("scandir", os), ("stat", os), ("open", os), ("open", io), ("mkdir", Path)],
    ],
    ids=["unlistable", "unreadable", "read-only", "all-of-it"],
)
def test_a_cache_that_cannot_be_read_or_written_never_fails_the_build(
    blog: Path, monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, Any]]
) -> None:
    build(BuildOptions(blog))
    for entry in entries(blog)[:2]:  # large old entries (sparse), so the prune has work to do
        old = entry.with_name("0" * 64)
        old.write_bytes(b"old")
        os.truncate(old, 1 << 30)
    folder = pages_folder(blog).absolute()
    post(blog, "epsilon", "2026-01-05", "tags: [y]\n")  # a miss: something to store
    for call, owner in calls:
        deny(monkeypatch, folder, call, owner)
    result = build(BuildOptions(blog))
    assert result.findings == ()
    monkeypatch.undo()
    assert_same_as_fresh(blog)


# --- 5. the store is signed: a cache restored from elsewhere is used only with the key ---------


def test_an_entry_moved_to_another_key_is_a_miss(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry is signed with its own key: a valid page planted under another page's
    key (a forged post in place of a real one) is not used."""
    build(BuildOptions(blog))
    found = entries(blog)
    datas = [entry.read_bytes() for entry in found]
    for entry, data in zip(found, [*datas[1:], datas[0]], strict=True):
        entry.write_bytes(data)
    seen = renders(monkeypatch)
    forget_last_build(blog)
    build(BuildOptions(blog))
    assert len(seen) == 4
    monkeypatch.undo()
    assert_same_as_fresh(blog)


def test_a_cache_signed_with_another_key_is_never_used(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI cache restored from a run that had another key (or an archive from anywhere)
    holds entries this project cannot verify: every page is rendered again."""
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "the other machine's key")
    build(BuildOptions(blog))
    monkeypatch.delenv("MLGUIDE_CACHE_SECRET")
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert len(seen) == 4


def test_with_a_shared_key_a_restored_cache_is_used(
    blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`MLGUIDE_CACHE_SECRET` (a CI repository secret) makes the cache portable: a fresh
    machine (no key of its own) with the restored cache renders nothing again."""
    monkeypatch.setenv("MLGUIDE_CACHE_SECRET", "a repository secret")
    build(BuildOptions(blog))
    saved = tmp_path / "ci-cache"
    shutil.copytree(blog / ".mlguide-cache", saved)
    shutil.rmtree(blog / ".mlguide-cache")
    shutil.rmtree(blog / "build")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-machine"))
    shutil.copytree(saved, blog / ".mlguide-cache")
    seen = renders(monkeypatch)
    build(BuildOptions(blog))
    assert seen == []
    assert not (tmp_path / "another-machine").exists()  # the shared key is not kept


def test_the_key_lives_outside_the_project(blog: Path) -> None:
    build(BuildOptions(blog))
    state = Path(os.environ["XDG_STATE_HOME"]) / "mlguide" / "secrets"
    keys = list(state.iterdir())
    assert keys and all(k.stat().st_mode & 0o077 == 0 for k in keys)
    inside = [
        p
        for p in blog.rglob("*")
        if p.is_file() and p.read_bytes() in {k.read_bytes() for k in keys}
    ]
    assert inside == []


def test_an_edited_page_comes_first_then_the_pages_of_its_group(blog: Path) -> None:
    """An edit renders its page before the store's pages are handed over, and the pages
    sharing its group (its search shard) follow it: the shard is complete early, so its
    indexing runs beside the writing of the others."""
    build(BuildOptions(blog, jobs=1))
    post(blog, "beta", "2026-01-02", "tags: [y]\n", body="Text, edited.")
    paths = project_paths(blog)
    prepared = pipeline.with_cards(pipeline.prepare(paths, None, False))
    store = open_store(paths.cache, blog)
    work = pipeline.plan(prepared.site, prepared.sources, store)
    shard = {"alpha": 0, "beta": 1, "gamma": 1, "delta": 0}
    order = [
        r.meta.slug
        for r in pipeline.iter_rendered(work, 1, lambda source: shard[source.meta.slug])
        if isinstance(r, RenderedPost)
    ]
    assert order[:2] == ["beta", "gamma"] and sorted(order[2:]) == ["alpha", "delta"]


def test_the_stores_pages_are_read_one_at_a_time_as_they_are_handed_over(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page read from the store holds its bytes until it is written: an edit renders
    its page first without reading every other page beforehand (at 10,000 pages of 50 KB
    that was half a gigabyte held at once)."""
    build(BuildOptions(blog, jobs=1))
    post(blog, "beta", "2026-01-02", "tags: [y]\n", body="Text, edited again.")
    paths = project_paths(blog)
    prepared = pipeline.with_cards(pipeline.prepare(paths, None, False))
    work = pipeline.plan(prepared.site, prepared.sources, open_store(paths.cache, blog))
    read: list[int] = []
    real = pipeline._stored
    monkeypatch.setattr(pipeline, "_stored", lambda w, i: read.append(i) or real(w, i))
    results = pipeline.iter_rendered(work, 1)
    first = next(results)
    assert isinstance(first, RenderedPost) and first.meta.slug == "beta" and read == []
    for count, _ in enumerate(results, start=1):
        assert len(read) == count  # one read for each page handed over, not all at once
