"""A small preview server: static files from one folder, live reload, errors shown in the page.

It knows nothing about building: `watch_and_serve` gets a `rebuild(changed_paths)` function.
The reload script is injected into HTML responses only; nothing on disk changes for it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import mimetypes
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mlguide.errors import MlguideError
from mlguide.site.render.templating import script_json

EVENTS_PATH = "/__mlguide/events"
DEBOUNCE_S = 0.05

RELOAD_SCRIPT = """<script>
(function () {
  var box = null;
  function show(message) {
    if (!box) {
      box = document.createElement("pre");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:9999;margin:0;" +
        "padding:1rem;background:#7f1d1d;color:#fff;font:14px/1.5 ui-monospace,monospace;" +
        "white-space:pre-wrap;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = %s + "\\n\\n" + message;
  }
  var initial = %s;
  if (initial) show(initial);
  var source = new EventSource("%s");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("failed", function (e) { show(JSON.parse(e.data)); });
})();
</script>
"""


@dataclass
class LiveState:
    """Shared by the watcher thread and request threads (guarded by `cond`)."""

    generation: int = 0
    error: str | None = None
    cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, error: str | None) -> None:
        with self.cond:
            self.generation += 1
            self.error = error
            self.cond.notify_all()


def resolve_request(root: Path, base_path: str, url: str) -> Path | None:
    """The file for `url`, or None when it is missing or would escape `root`.

    Decoded once, normalised, then checked again after resolving symlinks: `../`, `%2e%2e`,
    backslashes and links pointing outside all end here.
    """
    path = unquote(urlsplit(url).path)
    if "\x00" in path or "\\" in path:
        return None
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path) :]
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        if candidate.is_dir() or rel.endswith("/") or not parts:
            candidate = candidate / "index.html"
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, too long a name, a loop of links
        return None
    root_real = root.resolve()
    if real != root_real and root_real not in real.parents:
        return None
    return real if real.is_file() else None


def make_handler(
    root: Path, base_path: str, state: LiveState, stopping: threading.Event
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "mlguide"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle(self) -> None:
            """A browser that navigates away drops the connection mid-response: that ends
            the request, quietly (the server printed a traceback per request)."""
            try:
                super().handle()
            except (ConnectionError, TimeoutError):
                self.close_connection = True

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            if urlsplit(self.path).path == EVENTS_PATH:
                self._events()
            else:
                self._serve(head=False)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _serve(self, head: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            if base_path != "/" and path in ("/", base_path.rstrip("/")):
                self._redirect(base_path)  # the site lives under a subpath
                return
            folder = resolve_request(root, base_path, self.path.split("?")[0] + "/")
            if not path.endswith("/") and folder is not None:
                # As static hosts do: `slug` -> `slug/`, or the page's relative links break.
                self._redirect(urlsplit(self.path).path + "/")
                return
            file = resolve_request(root, base_path, self.path)
            status = HTTPStatus.OK
            if file is None:
                status = HTTPStatus.NOT_FOUND
                file = root / "404.html"
                if not file.is_file() and state.error is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
            if file.is_file():
                data = file.read_bytes()
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            else:  # nothing built yet: a page that shows why, and reloads once it builds
                data, kind = NOTHING_BUILT, "text/html"
            if kind == "text/html":
                data = inject(data, state.error, built=data is not NOTHING_BUILT)
                kind = "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with state.cond:
                seen = state.generation
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while not stopping.is_set():
                    with state.cond:
                        state.cond.wait_for(
                            lambda seen=seen: state.generation != seen or stopping.is_set(),  # type: ignore[misc]
                            timeout=15,
                        )
                        changed, seen, error = (
                            state.generation != seen,
                            state.generation,
                            state.error,
                        )
                    if not changed:
                        self.wfile.write(b": keep-alive\n\n")
                    elif error is None:
                        self.wfile.write(b"event: reload\ndata: {}\n\n")
                    else:
                        self.wfile.write(f"event: failed\ndata: {json.dumps(error)}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


NOTHING_BUILT = (
    b'<!doctype html><html lang="en"><meta charset="utf-8"><title>mlguide: no preview yet'
    b"</title><body><p>The first build failed: the error is shown over this page, and the "
    b"page reloads once a save builds.</p></body></html>"
)


def inject(page: bytes, error: str | None, built: bool = True) -> bytes:
    """The reload script before `</body>`, with the last build's error (if any) as JSON that
    no text can break out of (`script_json` escapes `<`, `>` and `&`: an error quoting
    `<!--<script>` kept the script open, and the overlay and live reload never ran). `built`:
    the page is from a build that worked (else the overlay said it showed one when none had
    ever worked)."""
    headline = (
        "mlguide: build failed, showing the last good build"
        if built
        else "mlguide: build failed, and no build has worked yet"
    )
    script = RELOAD_SCRIPT % (script_json(headline), script_json(error), EVENTS_PATH)
    marker = b"</body>"
    index = page.rfind(marker)
    blob = script.encode()
    return page[:index] + blob + page[index:] if index >= 0 else page + blob


@dataclass(frozen=True)
class Server:
    httpd: ThreadingHTTPServer
    state: LiveState
    stopping: threading.Event

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{_host_port(str(host), int(port))}"

    def stop(self) -> None:
        self.stopping.set()
        with self.state.cond:
            self.state.cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def start_server(root: Path, host: str, port: int, base_path: str = "/") -> Server:
    """Listen on `host:port` and serve `root` from a thread. A port in use or an unknown host
    is the user's to fix, so it is an `MlguideError` that says how, not an OSError."""
    family, address = _address(host, port)
    server_class = _IPv6Server if family == socket.AF_INET6 else ThreadingHTTPServer
    state = LiveState()
    stopping = threading.Event()
    try:
        httpd = server_class(address, make_handler(root, base_path, state, stopping))
    except OSError as exc:
        raise listen_error(exc, host or address[0], port) from exc
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name="mlguide-http", daemon=True).start()
    return Server(httpd, state, stopping)


def _address(host: str, port: int) -> tuple[int, tuple[str, int]]:
    """The address family and numeric address for `host` (IPv4 first: `localhost` stays
    127.0.0.1; `::1` gets an IPv6 socket, which a plain HTTPServer cannot open)."""
    try:
        found = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        lookup_failed = exc.errno == socket.EAI_AGAIN
        reason = (
            "the name could not be looked up (no network?)" if lookup_failed else "no such host"
        )
        raise MlguideError(f"cannot listen on {host}: {reason}") from exc
    except UnicodeError as exc:  # not a host name at all (an empty or 64+ character label)
        raise MlguideError(f"cannot listen on {host}: no such host") from exc
    family, _, _, _, sockaddr = min(found, key=lambda info: info[0] != socket.AF_INET)
    return family, (str(sockaddr[0]), port)


_LISTEN_ADVICE = {
    errno.EADDRINUSE: "the port is in use (try --port 0 for a free one)",
    errno.EACCES: "permission denied (ports below 1024 need root; try --port 0 for a free one)",
    errno.EADDRNOTAVAIL: "this machine has no such address",
}


def listen_error(exc: OSError, host: str, port: int) -> MlguideError:
    """Why the server could not listen, as one line that says what to try."""
    reason = _LISTEN_ADVICE.get(exc.errno or 0, exc.strerror or str(exc))
    return MlguideError(f"cannot listen on {_host_port(host, port)}: {reason}")


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def watch(
    paths: Iterable[Path], on_change: Callable[[set[Path]], None], ignore: Iterable[Path] = ()
) -> Callable[[], None]:
    """Call `on_change` with the changed files, batched (editors save in several steps).

    Folders in `paths` are watched recursively, files through their folder; a folder that
    does not exist yet is picked up when it is created. Returns a function that stops watching.
    """
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.api import ObservedWatch

    wanted = [p.resolve() for p in paths]
    ignored = [p.resolve() for p in ignore]
    pending: set[Path] = set()
    lock = threading.Lock()
    wake = threading.Event()
    done = threading.Event()
    observer = Observer()
    watched: dict[Path, ObservedWatch] = {}

    def add(path: Path) -> None:
        with lock:
            pending.add(path)
        wake.set()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                if not raw:
                    continue
                path = Path(os.fsdecode(raw)).resolve()
                gone = raw == event.src_path and event.event_type in ("deleted", "moved")
                if event.is_directory and path in watched and gone:
                    stop_watching(path)  # its watch died with it; it may come back
                elif event.is_directory and path in wanted and path not in watched and not gone:
                    start_watching(path)  # a wanted folder was just created
                    continue
                if event.is_directory and event.event_type == "modified":
                    continue  # a folder's own mtime: the files inside report themselves
                if path.name.startswith(".") or any(path.is_relative_to(i) for i in ignored):
                    continue
                if any(path == w or path.is_relative_to(w) for w in wanted):
                    add(path)

    handler = Handler()

    def start_watching(folder: Path) -> None:
        watched[folder] = observer.schedule(handler, str(folder), recursive=True)
        for file in folder.rglob("*"):  # written before the watch began
            if file.is_file():
                add(file.resolve())

    def stop_watching(folder: Path) -> None:
        """A watched folder deleted (`git stash`, a branch switch, rsync) or moved away: its
        watch is let go, so that the folder made again in its place is watched again."""
        watch = watched.pop(folder)
        with contextlib.suppress(KeyError, OSError):
            observer.unschedule(watch)

    def worker() -> None:
        while not done.is_set():
            if not wake.wait(0.2):
                continue
            time.sleep(DEBOUNCE_S)
            with lock:
                batch = set(pending)
                pending.clear()
                wake.clear()
            if batch:
                on_change(batch)

    parents = set()
    for path in wanted:
        if path.is_dir():
            watched[path] = observer.schedule(handler, str(path), recursive=True)
        parents.add(path.parent)  # files, and folders that may appear later
    for parent in parents - watched.keys():
        if parent.is_dir():
            observer.schedule(handler, str(parent), recursive=False)
    observer.start()
    thread = threading.Thread(target=worker, name="mlguide-watch", daemon=True)
    thread.start()

    def stop() -> None:
        done.set()
        observer.stop()
        observer.join(timeout=5)
        thread.join(timeout=5)

    return stop
