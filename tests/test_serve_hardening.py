"""`mlguide serve` against hostile QA: a port or host it cannot use is one line, not a
traceback."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.errors import MlguideError
from mlguide.serve import start_server

from .test_serve import get

PROD = "https://prod.example.org/"


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mlguide(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- 3. a port or host it cannot listen on ----------------------------------------------------


def test_a_busy_port_is_one_line_and_nothing_is_written(project: Path) -> None:
    build(BuildOptions(project, base_url=PROD))
    published = digest(project / "build")
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
    assert digest(project / "build") == published


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
