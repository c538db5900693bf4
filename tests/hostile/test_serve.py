"""The preview server under hostile clients and messages: a browser that drops the
connection prints nothing, and an error message is placed in the page as JSON that cannot end
the reload script."""

from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser

from .harness import Project


def test_a_client_that_drops_the_connection_prints_no_traceback(project: Project) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlguide", "-C", str(project.root), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = None
        deadline = time.monotonic() + 60
        lines = []
        while port is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if found := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
                port = int(found.group(1))
        assert port is not None, "".join(lines)
        for _ in range(20):  # navigating away: the request sent, the connection reset
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.sendall(b"GET /fine/ HTTP/1.1\r\nHost: x\r\n\r\n")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /fine/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert sock.recv(12).startswith(b"HTTP/1.1 200"), "the server stopped answering"
    finally:
        os.kill(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    text = "".join(lines) + out
    assert "Traceback" not in text and "Error" not in text, text


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "script":
            self._in = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.scripts[-1] += data


def test_an_error_message_cannot_end_the_reload_script() -> None:
    # An unknown config key `<!--<script>` is quoted in the error; with only `</` escaped, the
    # browser read `<!--<script>` as the start of a comment in the script, which then never
    # closed: the error overlay and live reload were gone.
    from mlguide.serve.server import inject

    error = "mlguide.yml:3: unknown key `<!--<script>` & </script><b>x</b>"
    page = inject(b"<html><body><p>Hi</p></body></html>", error).decode()
    parser = _Scripts()
    parser.feed(page)
    assert len(parser.scripts) == 1
    script = parser.scripts[0]
    assert "<" not in script.split("var initial = ", 1)[1].split(";", 1)[0]
    assert "\\u003c!--\\u003cscript\\u003e" in script and "\\u0026" in script
    assert page.endswith("</script>\n</body></html>")
