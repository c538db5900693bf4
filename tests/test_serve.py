"""`mlguide serve`: serving, live reload, broken edits, path safety, clean shutdown."""

import contextlib
import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlguide.commands.serve import IncrementalSite, on_change_handler, preview_paths
from mlguide.paths import project_paths
from mlguide.serve.server import EVENTS_PATH, Server, start_server, watch

from .conftest import write

TIMEOUT = 30.0


def wait_for(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def get(server: Server, path: str) -> tuple[int, str]:
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", path)  # sent as-is: no client-side normalisation of ../
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


class Events:
    """Reads the server-sent event stream in a thread, one (event, data) per message."""

    def __init__(self, server: Server):
        host, port = server.httpd.server_address[:2]
        self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        self.queue: queue.Queue[tuple[str, str]] = queue.Queue()
        assert self.response.readline().startswith(b": connected")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event = data = ""
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif not line and event:
                    self.queue.put((event, data))
                    event = data = ""
        except (OSError, ValueError):
            pass

    def next(self) -> tuple[str, str]:
        return self.queue.get(timeout=TIMEOUT)

    def close(self) -> None:
        self.conn.close()

    def settle(self, quiet: float = 0.6) -> None:
        """Read events until the watcher has been idle for `quiet` seconds."""
        while True:
            try:
                self.queue.get(timeout=quiet)
            except queue.Empty:
                return


@pytest.fixture
def live(project: Path) -> Iterator[tuple[Path, Server, IncrementalSite, list[str]]]:
    site = IncrementalSite(preview_paths(project))
    site.full_build()
    server = start_server(site.out_dir, "127.0.0.1", 0)
    log: list[str] = []
    stop = watch(
        [project / "content", project / "templates", project / "assets"],
        on_change_handler(site, server.state.publish, log.append),
        ignore=[site.out_dir],
    )
    yield project, server, site, log
    stop()
    server.stop()


PAGE = "/small-post/"


def preview(project: Path) -> Path:
    """Where serve builds: its own folder in the cache, never build/."""
    return preview_paths(project).output


def test_serves_pages_on_a_free_port_with_the_reload_script(live: tuple) -> None:
    project, server, _, _ = live
    assert server.httpd.server_address[1] > 0
    status, body = get(server, PAGE)
    assert status == 200 and "<h1>A small post</h1>" in body
    assert "new EventSource" in body
    on_disk = (preview(project) / "small-post" / "index.html").read_text()
    assert "EventSource" not in on_disk  # injected into responses only


def test_an_edit_rebuilds_the_page_and_sends_a_reload(live: tuple) -> None:
    project, server, _, log = live
    events = Events(server)
    post = project / "content" / "small-post.md"
    post.write_text(post.read_text().replace("More text.", "Edited text."))
    assert events.next() == ("reload", "{}")
    wait_for(lambda: "Edited text." in (preview(project) / "small-post/index.html").read_text())
    assert "Edited text." in get(server, PAGE)[1]
    assert any(line.startswith("rebuilt") for line in log)
    events.close()


def test_advice_is_logged_as_a_notice_not_a_warning(live: tuple) -> None:
    """A post without a description is advice (a notice), as under `build --strict`."""
    project, server, _, log = live
    events = Events(server)
    post = project / "content" / "small-post.md"
    post.write_text(
        "\n".join(ln for ln in post.read_text().splitlines() if not ln.startswith("description:"))
        + "\n"
    )
    assert events.next() == ("reload", "{}")
    assert any(ln.startswith("notice: ") and "(rule: description)" in ln for ln in log), log
    assert not any(ln.startswith("warning: ") and "(rule: description)" in ln for ln in log)
    events.close()


def test_a_broken_edit_keeps_the_last_good_page_and_shows_the_error(live: tuple) -> None:
    project, server, _, log = live
    events = Events(server)
    good = (preview(project) / "small-post/index.html").read_bytes()
    post = project / "content" / "small-post.md"
    original = post.read_text()
    post.write_text(original.replace("title: A small post", "title: [broken"))
    event, data = events.next()
    assert event == "failed" and "small-post.md:2: invalid YAML" in data
    assert (preview(project) / "small-post/index.html").read_bytes() == good
    status, body = get(server, PAGE)
    assert status == 200 and "A small post" in body and "invalid YAML" in body
    assert any(line.startswith("error: ") for line in log)
    post.write_text(original.replace("More text.", "Fixed."))
    assert events.next()[0] == "reload"
    wait_for(lambda: "Fixed." in get(server, PAGE)[1])
    assert "invalid YAML" not in get(server, PAGE)[1]
    events.close()


def test_a_template_change_rebuilds_every_page(live: tuple) -> None:
    project, server, _, _ = live
    events = Events(server)
    write(
        project / "templates" / "post.html.j2",
        '{% extends "base.html.j2" %}{% block main %}<p>CUSTOM {{ post.title }}</p>{% endblock %}',
    )
    assert events.next()[0] == "reload"
    wait_for(lambda: "CUSTOM A small post" in get(server, PAGE)[1])
    events.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/small-post/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/%00",
        "/outside-link/secret.txt",
    ],
)
def test_nothing_outside_the_build_folder_is_served(live: tuple, path: str) -> None:
    project, server, _, _ = live
    secret = project / "secret.txt"
    secret.write_text("TOP SECRET")
    (preview(project) / "outside-link").symlink_to(project)
    status, body = get(server, path)
    assert status == 404
    assert "TOP SECRET" not in body and "root:" not in body


def test_unknown_paths_get_the_sites_404_page(live: tuple) -> None:
    _, server, _, _ = live
    status, body = get(server, "/no/such/page/")
    assert status == 404 and '<h1 class="list-title">Page not found</h1>' in body


def test_only_changed_files_are_written(live: tuple) -> None:
    project, server, site, _ = live
    events = Events(server)
    second = write(
        project / "content" / "second.md",
        "---\ntitle: Second\ndescription: Another one.\ndate: 2026-02-01\n---\n\nHi.\n",
    )
    wait_for(lambda: (preview(project) / "second/index.html").exists())
    events.settle()
    # A new post changes its neighbour's page (its "newer post" link); a body edit does not.
    assert "Second" in (preview(project) / "small-post/index.html").read_text()
    before = (preview(project) / "small-post/index.html").stat().st_mtime_ns
    second.write_text(second.read_text().replace("Hi.", "Hello."))
    result = site.rebuild({second.resolve()})
    assert result is not None and "second/index.html" in result.written
    assert "small-post/index.html" not in result.written
    assert (preview(project) / "small-post/index.html").stat().st_mtime_ns == before
    events.close()


def serve_process(project: Path) -> tuple[subprocess.Popen[str], str]:
    """`mlguide serve --port 0` in its own process, and the URL it says it serves at.

    Its `serving ... at URL` line, printed once the watcher runs: a warning before it (no
    mlguide.yml) also names the URL, and an edit made then would be missed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlguide.cli", "-C", str(project), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    lines: list[str] = []
    while not (
        match := re.match(
            r"serving .* at (http://127\.0\.0\.1:\d+)/", line := proc.stderr.readline()
        )
    ):
        lines.append(line)
        assert line, lines  # serve ended before it served
    return proc, match.group(1)


def test_ctrl_c_stops_the_server_cleanly(project: Path) -> None:
    proc, _ = serve_process(project)
    assert proc.stderr is not None
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=TIMEOUT) == 0
    assert "stopping" in proc.stderr.read()
    proc.stderr.close()


def test_an_edit_through_the_watcher_re_renders_only_that_page(
    live: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, server, site, _ = live
    events = Events(server)
    write(
        project / "content" / "second.md",
        "---\ntitle: Second\ndescription: Another one.\ndate: 2026-02-01\n---\n\nHi.\n",
    )
    wait_for(lambda: (preview(project) / "second/index.html").exists())
    events.settle()
    from mlguide.site import pipeline

    rendered: list[str] = []
    real = pipeline.render_or_error

    def counting(source: Any, site: Any) -> object:
        rendered.append(source.meta.source.name)
        return real(source, site)

    monkeypatch.setattr(pipeline, "render_or_error", counting)
    post = project / "content" / "small-post.md"
    post.write_text(post.read_text().replace("More text.", "Changed once."))
    assert events.next()[0] == "reload"
    assert rendered == ["small-post.md"]
    events.close()


def test_a_folder_without_its_slash_is_redirected(live: tuple) -> None:
    _, server, _, _ = live
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", "/small-post")
    response = conn.getresponse()
    assert (response.status, response.getheader("Location")) == (301, "/small-post/")
    conn.close()
    assert get(server, "/feed.xml")[0] == 200  # files are not folders


@pytest.mark.parametrize("path", ["/" + "a" * 300 + "/", "/x/" + "b" * 5000, "/%ff%fe/"])
def test_long_or_strange_paths_get_a_404_not_a_closed_connection(live: tuple, path: str) -> None:
    _, server, _, _ = live
    assert get(server, path)[0] == 404


def test_a_site_under_a_subpath_is_reached_from_the_root(project: Path) -> None:
    write(project / "mlguide.yml", "base_url: https://example.org/blog/\n")
    site = IncrementalSite(project_paths(project))
    site.full_build()
    server = start_server(site.out_dir, "127.0.0.1", 0, "/blog/")
    try:
        host, port = server.httpd.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert (response.status, response.getheader("Location")) == (301, "/blog/")
        conn.close()
        assert get(server, "/blog/small-post/")[0] == 200
    finally:
        server.stop()


def test_a_crash_in_a_rebuild_shows_in_the_page_and_the_watcher_goes_on(
    live: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, server, site, log = live
    events = Events(server)
    real = site.rebuild
    calls = {"n": 0}

    def flaky(changed: set[Path]) -> object:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ZeroDivisionError("a bug")
        return real(changed)

    monkeypatch.setattr(site, "rebuild", flaky)
    post = project / "content" / "small-post.md"
    post.write_text(post.read_text().replace("More text.", "First edit."))
    event, data = events.next()
    assert event == "failed" and "internal error while rebuilding: ZeroDivisionError" in data
    assert any("Traceback" in line for line in log)
    post.write_text(post.read_text().replace("First edit.", "Second edit."))
    assert events.next()[0] == "reload"
    wait_for(lambda: "Second edit." in get(server, PAGE)[1])
    events.close()


def test_an_impossible_date_is_an_overlay_not_a_dead_watcher(live: tuple) -> None:
    project, server, _, _ = live
    events = Events(server)
    post = project / "content" / "small-post.md"
    original = post.read_text()
    post.write_text(original.replace("date: 2026-01-02", "date: 2026-02-30"))
    event, data = events.next()
    assert (
        event == "failed" and "small-post.md:4: `date`: `2026-02-30` is not a valid value" in data
    )
    post.write_text(original.replace("More text.", "Recovered."))
    assert events.next()[0] == "reload"
    events.close()


def test_serve_builds_for_the_port_it_listens_on(project: Path) -> None:
    proc, url = serve_process(project)
    assert proc.stderr is not None
    try:
        page = (preview(project) / "small-post" / "index.html").read_text()
        assert f'<link rel="canonical" href="{url}/small-post/">' in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=TIMEOUT)
        proc.stderr.close()


def test_saving_a_scene_redraws_its_pictures_and_a_broken_one_shows_its_line(
    project: Path,
) -> None:
    """The authoring loop of an animated figure (issue #12)."""
    starter = (
        Path(__file__).parents[1] / "src" / "mlguide" / "starter" / "assets" / "scenes" / "hello.py"
    )
    scene = project / "assets" / "scenes" / "hello.py"
    scene.parent.mkdir(parents=True)
    scene.write_text(starter.read_text().replace("Plan it, build it, ship it", "First version"))
    write(
        project / "content" / "figure.md",
        "---\ntitle: F\ndescription: d\ndate: 2026-01-05\n---\n\n![Three steps](../assets/hello.gif)\n",
    )
    from mlguide.commands.render_assets import draw_now as render_asset

    render_asset(project_paths(project), "hello")
    site = IncrementalSite(project_paths(project))
    site.full_build()
    server = start_server(site.out_dir, "127.0.0.1", 0)
    log: list[str] = []
    stop = watch(
        project_paths(project).watched(),
        on_change_handler(site, server.state.publish, log.append),
        ignore=[site.out_dir],
    )
    try:
        events = Events(server)
        still = project / "assets" / "hello-still.png"
        before = still.read_bytes()
        scene.write_text(scene.read_text().replace("First version", "Second version"))
        assert events.next()[0] == "reload"  # the still and light WebP are in: reload early
        wait_for(lambda: any(line.startswith("drew hello") for line in log))
        assert still.read_bytes() != before
        assert any("hello-still." in line or line.startswith("rebuilt") for line in log)
        events.settle(quiet=2.0)  # the GIF, dark and narrow files land after the early reload
        scene.write_text(
            scene.read_text().replace(
                "def layout(canvas: scene.Canvas) -> Parts:",
                "def layout(canvas: scene.Canvas) -> Parts:\n    1 / 0",
            )
        )
        event, data = events.next()
        assert event == "failed" and "hello.py:" in data and "division by zero" in data, log
        events.close()
    finally:
        stop()
        server.stop()


def test_saving_a_data_file_a_scene_read_redraws_the_scene(project: Path) -> None:
    """`scene.data(path)` is recorded when the scene is drawn; a save of that file draws it
    again, like a save of the scene."""
    from mlguide.commands.render_assets import draw_now

    from .test_scene_api import DATA_SCENE
    from .test_scenes_project import write_scene

    write_scene(project, "bars.py", DATA_SCENE)
    data = project / "assets" / "scenes" / "data" / "scores.json"
    data.parent.mkdir()
    data.write_text("[0.5, 1.0]")
    draw_now(project_paths(project), "bars")
    picture = project / "assets" / "bars.png"
    before = picture.read_bytes()
    site = IncrementalSite(preview_paths(project))
    site.full_build()
    log: list[str] = []
    handle = on_change_handler(site, lambda error: None, log.append)
    data.write_text("[1.0, 0.25]")
    handle({data})
    assert any(line.startswith("drew bars") for line in log), log
    assert picture.read_bytes() != before
    log.clear()
    handle({project / "assets" / "scenes" / "data" / "notes.txt"})  # nothing reads it
    assert not any(line.startswith("drew") for line in log), log

    tiny = DATA_SCENE.replace(
        "bars: tuple[scene.Rect, ...]", "bars: tuple[scene.Rect, ...]\n        note: scene.Text"
    ).replace('align="bottom"))', 'align="bottom"), scene.label(100, 10, "tiny", size=5))')
    saved = write_scene(project, "bars.py", tiny)
    handle({saved})
    assert any("figure-text" in line and "“tiny”" in line for line in log), log


def test_search_is_indexed_again_after_a_save_without_holding_up_the_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind takes about a second at 1,000 pages: the saved page and the reload must not
    wait for it, and the index must still catch up."""
    import json

    from mlguide.serve import incremental as serve_module

    site = IncrementalSite(preview_paths(project))
    site.full_build()
    entry = preview(project) / "pagefind" / "0" / "pagefind-entry.json"

    def pages_indexed() -> int:
        data = json.loads(entry.read_text())
        return sum(lang["page_count"] for lang in data["languages"].values())

    before = pages_indexed()
    release = threading.Event()
    real = serve_module.index_folder

    def held_index(folder: Path, pages: list[str]) -> None:
        release.wait(timeout=TIMEOUT)  # an index that takes as long as the test likes
        real(folder, pages)

    monkeypatch.setattr(serve_module, "index_folder", held_index)
    second = write(
        project / "content" / "second.md",
        "---\ntitle: Second\ndescription: Another one.\ndate: 2026-02-01\n---\n\nHi.\n",
    )
    result = site.rebuild({second.resolve()})  # returns while the index is still held
    assert result is not None and "second/index.html" in result.written
    assert pages_indexed() == before
    release.set()
    wait_for(lambda: pages_indexed() > before)


@pytest.mark.parametrize("how", ["deleted", "moved away"])
def test_a_watched_folder_made_again_is_watched_again(tmp_path: Path, how: str) -> None:
    """`git stash`, a branch switch or rsync delete `content/` and make it again: the new
    folder's edits reach `serve` as the old one's did (its watch had died with it)."""
    content = tmp_path / "content"
    write(content / "a.md", "first\n")
    seen: queue.Queue[set[Path]] = queue.Queue()
    stop = watch([content], seen.put)
    try:
        time.sleep(0.3)
        if how == "deleted":
            for file in content.iterdir():
                file.unlink()
            content.rmdir()
        else:
            content.rename(tmp_path / "elsewhere")
        time.sleep(0.5)
        write(content / "a.md", "again\n")
        time.sleep(0.5)
        while not seen.empty():
            seen.get_nowait()
        (content / "a.md").write_text("edited\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        changed: set[Path] = set()
        while content / "a.md" not in changed and time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                changed |= seen.get(timeout=0.2)
        assert content.resolve() / "a.md" in {p.resolve() for p in changed}
    finally:
        stop()


def test_a_scene_that_crashes_the_engine_or_never_ends_is_one_line_and_serve_goes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A traceback in the log and page for the first; the watcher frozen for ever for the
    second (every later save waited behind it)."""
    from mlguide.scenes import deadline, draw

    from .test_scenes_project import LOOPS, STILL, marked_line, write_scene

    monkeypatch.setattr(deadline, "SCENE_SECONDS", 0.5)
    site = IncrementalSite(preview_paths(project))
    site.full_build()
    log: list[str] = []
    published: list[str | None] = []
    handle = on_change_handler(site, published.append, log.append)

    loop = write_scene(project, "loop.py", LOOPS)
    handle({loop})
    assert published[-1] is not None and f"loop.py:{marked_line(loop)}: " in published[-1]
    assert "did not finish in 0.5 s" in published[-1] and "\n" not in published[-1]

    real = draw.render_still
    monkeypatch.setattr(draw, "render_still", lambda *a: (_ for _ in ()).throw(OSError("boom")))
    saved = write_scene(project, "loop.py", STILL.format("scene.Rect(w=10, h=10)"))
    handle({saved})
    assert published[-1] is not None and "loop.py:" in published[-1]
    assert published[-1].endswith("OSError: boom") and "\n" not in published[-1]
    assert not any("Traceback" in line for line in log), log

    monkeypatch.setattr(draw, "render_still", real)
    handle({saved})
    assert any(line.startswith("drew loop") for line in log), log


def test_a_first_build_that_fails_is_served_as_its_error_and_a_fix_builds(project: Path) -> None:
    """The preview is where the author fixes an error, so `serve` starts with one: each
    error on its own line in the terminal, the errors over the page, and the first save
    that builds replaces them."""
    post = project / "content" / "small-post.md"
    good = post.read_text()
    post.write_text(good.replace("date: 2026-01-02", "date: 2026-02-30"))
    write(project / "content" / "other.md", good.replace("date: 2026-01-02", "date: 2026-13-01"))
    proc, url = serve_process(project)
    assert proc.stderr is not None
    try:
        with urllib.request.urlopen(url + "/other/") as response:
            raise AssertionError(f"served {response.status} before any build")
    except urllib.error.HTTPError as exc:
        body = exc.read().decode()
        assert exc.code == 404 and "small-post.md:4:" in body and "other.md:4:" in body
        assert "no build has worked yet" in body and "showing the last good build" not in body
    post.write_text(good)
    (project / "content" / "other.md").unlink()
    deadline = time.monotonic() + TIMEOUT
    while not (preview(project) / "small-post" / "index.html").is_file():
        assert time.monotonic() < deadline, "the fix was never built"
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=TIMEOUT) == 0
    said = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in said


def test_a_post_saved_again_mid_rebuild_is_no_error_in_the_page(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild reads each post's body when it renders the page; one saved again since its
    metadata was read is "changed while the site was being built". `build` says so, but in
    `serve` the watcher has that save and rebuilds with it: the page shows no error (it
    flashed one over the preview while an author with autosave typed)."""
    from mlguide.errors import ChangedWhileBuilding, ErrorGroup

    site = IncrementalSite(preview_paths(project))
    site.full_build()
    post = project / "content" / "small-post.md"
    log: list[str] = []
    published: list[str | None] = []
    handle = on_change_handler(site, published.append, log.append)
    monkeypatch.setattr(
        IncrementalSite,
        "rebuild",
        lambda self, changed: (_ for _ in ()).throw(ErrorGroup([ChangedWhileBuilding(post)])),
    )
    handle({post})
    assert published == [] and not any(line.startswith("error:") for line in log), log
    assert any("saved again while rebuilding" in line for line in log), log
    monkeypatch.undo()
    handle({post})  # the rebuild that follows the save
    assert published == [None], log


def test_the_body_read_again_says_changed_while_building_as_its_own_kind(tmp_path: Path) -> None:
    from mlguide.errors import ChangedWhileBuilding
    from mlguide.site.content.sources import post_body, scan_posts

    post = tmp_path / "content" / "p.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: P\ndate: 2026-01-01\n---\n\nOne.\n", encoding="utf-8")
    (source,) = scan_posts([post], tmp_path / "content", lambda body: body[:20])
    post.write_text("---\ntitle: P\ndate: 2026-01-01\n---\n\nTwo.\n", encoding="utf-8")
    with pytest.raises(ChangedWhileBuilding, match="changed while the site was being built"):
        post_body(source)
