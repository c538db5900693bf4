"""Cards on disk: drawn when missing or stale, skipped when current, orphans removed."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from mlguide.cards import (
    CardRequest,
    CardText,
    UncoveredText,
    card_files,
    card_key,
    card_png,
    ensure_cards,
)
from mlguide.cards.draw import HERO, OG
from mlguide.cards.store import FOLDER
from mlguide.errors import ErrorGroup
from mlguide.store.made import MANIFEST
from mlguide.tokens import DARK

from .card_samples import SAMPLES


def requests(*names: str) -> list[CardRequest]:
    return [CardRequest(name, SAMPLES[name]) for name in names]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_cards_are_drawn_once_then_skipped(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    files = ensure_cards(
        tmp_path, requests("typical", "tiny"), jobs=1, progress=lambda d, t: seen.append((d, t))
    )
    folder = tmp_path / FOLDER
    assert seen == [(i, 6) for i in range(1, 7)]  # hero, social card, dark hero: two posts
    assert files["typical"].hero == folder / "typical-1200x600.png"
    assert files["typical"].og == folder / "typical-1200x630.png"
    assert files["typical"].hero_dark == folder / "typical-1200x600-dark.png"
    assert all(f.drawn for f in files.values())
    assert files["tiny"].hero.read_bytes() == card_png(SAMPLES["tiny"], HERO)
    assert files["tiny"].og.read_bytes() == card_png(SAMPLES["tiny"], OG)
    dark = files["tiny"].hero_dark
    assert dark is not None and dark.read_bytes() == card_png(SAMPLES["tiny"], HERO, DARK)
    assert dark.read_bytes() != files["tiny"].hero.read_bytes()
    before = snapshot(folder)
    seen.clear()
    again = ensure_cards(
        tmp_path, requests("typical", "tiny"), jobs=1, progress=lambda d, t: seen.append((d, t))
    )
    assert not any(f.drawn for f in again.values()) and seen == []
    assert snapshot(folder) == before  # not even rewritten


def test_force_draws_every_card_again(tmp_path: Path) -> None:
    ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    before = {p.name: p.read_bytes() for p in (tmp_path / FOLDER).iterdir()}
    files = ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1, force=True)
    assert all(f.drawn for f in files.values())
    assert {p.name: p.read_bytes() for p in (tmp_path / FOLDER).iterdir()} == before


def test_the_manifest_records_the_key_and_the_bytes_of_each_file(tmp_path: Path) -> None:
    import hashlib

    ensure_cards(tmp_path, requests("typical"), jobs=1)
    manifest = json.loads((tmp_path / FOLDER / MANIFEST).read_text())
    hero, og, dark = card_files("typical")
    assert list(manifest) == ["typical"]  # one entry per post, its three cards together
    entry = manifest["typical"]
    keys = [
        card_key(SAMPLES["typical"], HERO),
        card_key(SAMPLES["typical"], OG),
        card_key(SAMPLES["typical"], HERO, DARK),
    ]
    assert len(set(keys)) == 3
    assert entry["inputs"] == hashlib.sha256("\n".join(keys).encode()).hexdigest()
    assert list(entry["outputs"]) == [hero, og, dark]
    for name in (hero, og, dark):
        data = (tmp_path / FOLDER / name).read_bytes()
        assert entry["outputs"][name] == hashlib.sha256(data).hexdigest()


def test_only_the_edited_post_is_redrawn(tmp_path: Path) -> None:
    ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    edited = CardText("ML Guide", "Hi there!", "Three characters of title.", "1 January 2026")
    files = ensure_cards(
        tmp_path, [CardRequest("typical", SAMPLES["typical"]), CardRequest("tiny", edited)], jobs=1
    )
    assert (files["typical"].drawn, files["tiny"].drawn) == (False, True)
    assert files["tiny"].hero.read_bytes() == card_png(edited, HERO)


@pytest.mark.parametrize("damage", ["delete", "edit", "truncate"])
def test_a_missing_or_edited_file_is_redrawn(tmp_path: Path, damage: str) -> None:
    files = ensure_cards(tmp_path, requests("typical"), jobs=1)
    og = files["typical"].og
    good = og.read_bytes()
    if damage == "delete":
        og.unlink()
    elif damage == "edit":
        og.write_bytes(good[:-1] + b"\0")
    else:
        og.write_bytes(b"")
    again = ensure_cards(tmp_path, requests("typical"), jobs=1)
    assert again["typical"].drawn and og.read_bytes() == good


def test_a_damaged_or_foreign_manifest_redraws_everything(tmp_path: Path) -> None:
    ensure_cards(tmp_path, requests("typical"), jobs=1)
    (tmp_path / FOLDER / MANIFEST).write_text("{not json")
    assert ensure_cards(tmp_path, requests("typical"), jobs=1)["typical"].drawn
    (tmp_path / FOLDER / MANIFEST).write_text("[1, 2]")
    assert ensure_cards(tmp_path, requests("typical"), jobs=1)["typical"].drawn
    assert not ensure_cards(tmp_path, requests("typical"), jobs=1)["typical"].drawn


def test_a_changed_engine_redraws_every_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    monkeypatch.setattr("mlguide.cards.key.engine_digest", lambda: "another engine")
    files = ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    assert all(f.drawn for f in files.values())


def test_cards_no_post_needs_are_removed(tmp_path: Path) -> None:
    ensure_cards(tmp_path, requests("typical", "tiny", "bare"), jobs=1)
    folder = tmp_path / FOLDER
    (folder / "notes.txt").write_text("mine")
    ensure_cards(tmp_path, requests("tiny"), jobs=1)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*card_files("tiny"), MANIFEST, "notes.txt"]
    )
    assert sorted(json.loads((folder / MANIFEST).read_text())) == ["tiny"]
    ensure_cards(tmp_path, [], jobs=1)
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "notes.txt"]
    assert json.loads((folder / MANIFEST).read_text()) == {}


def test_nothing_is_created_for_no_cards(tmp_path: Path) -> None:
    assert ensure_cards(tmp_path, [], jobs=1) == {}
    assert not (tmp_path / FOLDER).exists()


def test_an_interrupted_write_leaves_the_old_card_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_cards(tmp_path, requests("typical"), jobs=1)
    folder = tmp_path / FOLDER
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    edited = CardRequest("typical", CardText("ML Guide", "A new title"))

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mlguide.fileio.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ensure_cards(tmp_path, [edited], jobs=1)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert ensure_cards(tmp_path, [edited], jobs=1)["typical"].drawn  # and it heals


@pytest.mark.usefixtures("card_pool")
def test_workers_draw_the_same_bytes_and_report_progress(tmp_path: Path) -> None:
    names = sorted(SAMPLES)
    seen: list[tuple[int, int]] = []
    parallel = ensure_cards(
        tmp_path / "a", requests(*names), jobs=2, progress=lambda d, t: seen.append((d, t))
    )
    serial = ensure_cards(tmp_path / "b", requests(*names), jobs=1)
    assert seen == [(i, 3 * len(names)) for i in range(1, 3 * len(names) + 1)]
    for name in names:
        assert parallel[name].hero.read_bytes() == serial[name].hero.read_bytes()
        assert parallel[name].og.read_bytes() == serial[name].og.read_bytes()
    manifest_a = (tmp_path / "a" / FOLDER / MANIFEST).read_text()
    assert manifest_a == (tmp_path / "b" / FOLDER / MANIFEST).read_text()


def test_uncovered_text_is_reported_at_its_line_after_the_other_cards(tmp_path: Path) -> None:
    post = tmp_path / "content" / "post.md"
    bad = CardRequest(
        "bad",
        CardText("ML Guide", "Fine", tags=("ok", "标签")),
        source=post,
        lines={"title": 2, "tags": 5},
    )
    with pytest.raises(UncoveredText) as info:
        ensure_cards(tmp_path, [bad, *requests("tiny")], jobs=1)
    assert (info.value.path, info.value.line, info.value.field) == (post, 5, "tags")
    assert (tmp_path / FOLDER / card_files("tiny")[0]).is_file()
    assert not (tmp_path / FOLDER / card_files("bad")[0]).exists()


def test_an_uncovered_site_name_is_reported_once(tmp_path: Path) -> None:
    site = "机器学习"
    cards = [CardRequest(s, CardText(site, "Title")) for s in ("a", "b", "c")]
    cards.append(
        CardRequest("d", CardText("Site", "标题"), source=Path("d.md"), lines={"title": 2})
    )
    with pytest.raises(ErrorGroup) as info:
        ensure_cards(tmp_path, cards, jobs=1)
    fields = sorted(e.field for e in info.value.errors if isinstance(e, UncoveredText))
    assert fields == ["site", "title"]


@pytest.mark.parametrize("slug", ["", "a/b", "../x", "..", "-a", ".hidden", "a b"])
def test_slugs_must_be_safe_file_names(tmp_path: Path, slug: str) -> None:
    with pytest.raises(ValueError, match="a card's slug is letters, digits"):
        ensure_cards(tmp_path, [CardRequest(slug, SAMPLES["tiny"])], jobs=1)


def test_a_slug_kept_as_a_url_holds_it_gets_its_card(tmp_path: Path) -> None:
    # An imported blog keeps `tool-2.0` and `Foo_Bar` (issue #22): still a plain file name.
    files = ensure_cards(tmp_path, [CardRequest("Foo_Bar-2.0", SAMPLES["tiny"])], jobs=1)
    assert files["Foo_Bar-2.0"].hero.parent == tmp_path / "cards"
    assert files["Foo_Bar-2.0"].hero.is_file()


def test_a_slug_asked_for_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="two cards"):
        ensure_cards(tmp_path, requests("tiny", "tiny"), jobs=1)


def test_written_cards_are_readable_by_the_web_server(tmp_path: Path) -> None:
    files = ensure_cards(tmp_path, requests("tiny"), jobs=1)
    assert os.stat(files["tiny"].hero).st_mode & 0o777 == 0o644


def test_a_build_whose_cards_are_current_never_loads_the_drawing_engine(project: Path) -> None:
    # numpy and the rasteriser are 60 ms of every build's start-up, for nothing to draw.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from mlguide.cli import main\n"
        f"main(['-C', {str(project)!r}, 'build'], standalone_mode=False)\n"
        "print(sorted(m for m in ('mlguide.cards.draw', 'numpy') if m in sys.modules))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert "['mlguide.cards.draw', 'numpy']" in first.stdout  # the first build draws
    assert again.stdout.strip().endswith("[]"), again.stdout


def test_current_cards_are_not_read_again_but_a_changed_one_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlguide.store import files

    digests = files.Digests()
    ensure_cards(tmp_path, requests("typical"), jobs=1, digests=digests)
    assert digests.changed  # the memo learnt the three files' digests as they were written

    def no_reading(path: Path) -> object:
        raise AssertionError(f"read {path.name} again")

    with monkeypatch.context() as m:
        m.setattr(files, "hash_file", no_reading)
        again = ensure_cards(tmp_path, requests("typical"), jobs=1, digests=digests)
    assert not any(f.drawn for f in again.values())

    hero = again["typical"].hero
    hero.write_bytes(card_png(SAMPLES["tiny"], HERO))  # another card's bytes, in its place
    fixed = ensure_cards(tmp_path, requests("typical"), jobs=1, digests=digests)
    assert fixed["typical"].drawn
    assert hero.read_bytes() == card_png(SAMPLES["typical"], HERO)

    # Without the memo (a damaged or missing record) the files are read once and kept.
    assert not any(f.drawn for f in ensure_cards(tmp_path, requests("typical"), jobs=1).values())


def test_a_missing_hero_gets_the_generated_card_until_its_file_is_there(tmp_path: Path) -> None:
    """A typo in `hero:` left the post with no picture to share at all: no card was drawn
    because the post named a picture of its own."""
    from mlguide.commands.build import BuildOptions, build

    from .conftest import write

    write(
        tmp_path / "content" / "post.md",
        "---\ntitle: A post\ndescription: A description long enough for the rules, this one."
        "\ndate: 2026-01-02\nhero: pictures/chart.png\nhero_alt: A chart\n---\n\nText.\n",
    )
    result = build(BuildOptions(tmp_path))
    assert [(f.rule, f.line) for f in result.findings if f.rule == "missing-image"] == [
        ("missing-image", 5)
    ]
    page = (tmp_path / "build" / "post" / "index.html").read_text()
    og = re.search(r'property="og:image" content="[^"]*/assets/([^"/]+)"', page)
    assert og and og.group(1).startswith("post-1200x630."), page
    assert 'class="hero' not in page  # the card is the social image, not a picture on the page

    from PIL import Image

    (tmp_path / "content" / "pictures").mkdir()
    Image.new("RGB", (1200, 600), "#336").save(tmp_path / "content" / "pictures" / "chart.png")
    build(BuildOptions(tmp_path))
    page = (tmp_path / "build" / "post" / "index.html").read_text()
    assert re.search(r'property="og:image" content="[^"]*/chart\.[0-9a-f]+\.png"', page), page
    assert not list((tmp_path / "assets" / "generated" / "cards").glob("post-*.png"))


@pytest.mark.parametrize(
    "damage",
    ["nested-past-the-limit", "a-nul-in-a-name", "a-file-outside", "reads-recorded"],
)
def test_a_manifest_damaged_past_parsing_redraws_and_loses_no_card(
    tmp_path: Path, damage: str
) -> None:
    """JSON nested deeper than Python's recursion limit, or an entry naming a file with a
    NUL, stopped the build with a traceback (RecursionError, ValueError); an entry naming a
    file outside the folder was read, and taken for the card. Each is no record: the cards are drawn again (the same
    bytes), and the record written anew."""
    files = ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    good = {p.name: p.read_bytes() for p in (tmp_path / FOLDER).glob("*.png")}
    path = tmp_path / FOLDER / MANIFEST
    record = json.loads(path.read_text())
    outputs = record["typical"]["outputs"]
    if damage == "nested-past-the-limit":
        path.write_text("[" * 100_000 + "]" * 100_000)
    else:
        if damage == "a-nul-in-a-name":
            outputs["typical\0-1200x600.png"] = outputs.pop("typical-1200x600.png")
        elif damage == "a-file-outside":  # the same bytes, elsewhere: not this card
            (tmp_path / "outside.png").write_bytes(good["typical-1200x600.png"])
            outputs["../outside.png"] = outputs.pop("typical-1200x600.png")
        else:
            record["typical"]["reads"] = {"x\0y": "0" * 64}
        path.write_text(json.dumps(record))
    again = ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)
    assert again["typical"].drawn
    assert {p.name: p.read_bytes() for p in (tmp_path / FOLDER).glob("*.png")} == good
    assert set(json.loads(path.read_text())) == {"typical", "tiny"}
    assert not ensure_cards(tmp_path, requests("typical", "tiny"), jobs=1)["typical"].drawn
    assert files["typical"].hero.is_file()
