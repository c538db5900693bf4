"""`mlguide serve` against hostile QA: it never writes the publishable `build/`, its exit status
says whether it served, and a port or host it cannot use is one line, not a traceback."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.commands.serve import IncrementalSite, preview_paths
from mlguide.errors import MlguideError
from mlguide.serve.server import start_server
from mlguide.store.store import open_store

from .conftest import tree_digest
from .test_serve import TIMEOUT, get, serve_process, wait_for

PROD = "https://prod.example.org/"


def mlguide(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- 1. serve builds into its own folder, never into build/ ----------------------------------


def test_serve_builds_into_the_cache_unless_told_otherwise(tmp_path: Path) -> None:
    assert preview_paths(tmp_path).output == tmp_path.absolute() / ".mlguide-cache" / "serve"
    assert preview_paths(tmp_path, tmp_path / "elsewhere").output == tmp_path / "elsewhere"


def test_serve_never_touches_a_production_build(project: Path) -> None:
    """The hostile repro: a production build, then serve and an edit; build/ keeps its bytes
    and its production URLs, and a build while serve runs leaves the preview alone."""
    build(BuildOptions(project, base_url=PROD))
    published = tree_digest(project / "build")
    proc, url = serve_process(project)
    assert proc.stderr is not None
    try:
        page = preview_paths(project).output / "small-post" / "index.html"
        assert f'href="{url}/small-post/"' in page.read_text()
        post = project / "content" / "small-post.md"
        post.write_text(post.read_text().replace("More text.", "Edited while serving."))
        wait_for(lambda: "Edited while serving." in page.read_text())
        assert tree_digest(project / "build") == published
        # And the other way round: a build while serve runs, into build/ only.
        build(BuildOptions(project, base_url=PROD))
        assert f'href="{PROD}small-post/"' in (project / "build/small-post/index.html").read_text()
        assert f'href="{url}/small-post/"' in page.read_text()
        conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
        conn.request("GET", "/small-post/")
        response = conn.getresponse()
        assert response.status == 200 and b"Edited while serving." in response.read()
        conn.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=TIMEOUT)
        proc.stderr.close()


def test_the_preview_survives_the_trash_and_the_page_cache_pruning(project: Path) -> None:
    site = IncrementalSite(preview_paths(project))
    site.full_build()
    preview = tree_digest(site.out_dir)
    trash = project / ".mlguide-cache" / "trash"
    for _ in range(2):  # the second build moves the first into the trash and empties it
        build(BuildOptions(project, base_url=PROD))
    wait_for(lambda: not trash.exists() or not any(trash.iterdir()))
    open_store(project / ".mlguide-cache", project).prune("page", budget=0)
    assert tree_digest(site.out_dir) == preview


def test_leftovers_of_a_killed_serve_are_removed_by_the_next(project: Path) -> None:
    """A serve killed outright (SIGKILL) leaves its staging folder in the cache, where no
    build looks: the next serve removes it."""
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()  # a process that has ended: its staging folder is nobody's
    stale = project / ".mlguide-cache" / f".serve.new-{gone.pid}-x"
    (stale / "half").mkdir(parents=True)
    IncrementalSite(preview_paths(project)).full_build()
    assert not stale.exists()


# --- 2. exit status --------------------------------------------------------------------------

# `mlguide serve` whose first build announces itself, then never ends: a signal is sure to
# land in it, without guessing how long a build takes.
STALLED = textwrap.dedent(
    """
    import pathlib, sys, time
    from mlguide.commands import serve

    started, project = sys.argv[1:]

    def stalled(self):
        pathlib.Path(started).write_text("building")
        time.sleep(600)

    serve.IncrementalSite.full_build = stalled
    from mlguide.entry import run

    sys.argv = ["mlguide", "-C", project, "serve", "--port", "0"]
    run()
    """
)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_stopped_during_the_first_build_is_not_a_success(
    project: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    started = tmp_path / "building"
    proc = subprocess.Popen(
        [sys.executable, "-c", STALLED, str(started), str(project)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: started.exists() or proc.poll() is not None)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + sig, err
    assert "interrupted before the preview was served" in err and "Traceback" not in err


def test_sigterm_after_serving_exits_143(project: Path) -> None:
    """Ctrl-C is how a preview ends (0, tests/test_serve.py); SIGTERM is reported as `build`
    reports it."""
    proc, _ = serve_process(project)
    assert proc.stderr is not None
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=TIMEOUT) == 143
    err = proc.stderr.read()
    assert "stopping" in err and "Traceback" not in err
    proc.stderr.close()


# --- 3. a port or host it cannot listen on ----------------------------------------------------


def test_a_busy_port_is_one_line_and_nothing_is_written(project: Path) -> None:
    build(BuildOptions(project, base_url=PROD))
    published = tree_digest(project / "build")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = mlguide(project, "serve", "--port", str(port))
    assert r.returncode == 1
    assert r.stderr == (
        f"error: cannot listen on 127.0.0.1:{port}: the port is in use "
        "(try --port 0 for a free one)\n"
    )
    assert tree_digest(project / "build") == published
    assert not preview_paths(project).output.exists()  # it listens before it builds


@pytest.mark.parametrize("host", ["nonexistent.invalid", "a..b", "x" * 70])
def test_an_unknown_host_is_one_line(project: Path, host: str) -> None:
    r = mlguide(project, "serve", "--host", host, "--port", "0")
    assert r.returncode == 1
    # `.invalid` never resolves, but a machine without DNS says so differently.
    assert r.stderr.startswith(f"error: cannot listen on {host}: ") and r.stderr.count("\n") == 1
    if host != "nonexistent.invalid":
        assert r.stderr == f"error: cannot listen on {host}: no such host\n"


def test_an_address_of_another_machine_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(MlguideError) as caught:
        start_server(tmp_path, "192.0.2.1", 0)  # TEST-NET-1: never this machine's
    assert str(caught.value) == "cannot listen on 192.0.2.1:0: this machine has no such address"


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")
def test_the_ipv6_loopback_is_served(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>")
    server = start_server(tmp_path, "::1", 0)
    try:
        assert server.url.startswith("http://[::1]:")
        status, body = get(server, "/")
        assert status == 200 and "hello" in body
    finally:
        server.stop()
