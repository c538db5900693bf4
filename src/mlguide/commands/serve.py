"""`mlguide serve`: build, serve, and on each save rebuild what it affects, until Ctrl-C.

The work is done by `serve.incremental` (the site kept warm), `serve.changes` (what a saved
file is) and `serve.server` (HTTP and live reload); this module starts them and reports.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from mlguide.errors import (
    ChangedWhileBuilding,
    Interrupted,
    MlguideError,
    interrupt_exit_code,
    printable,
)
from mlguide.paths import ProjectPaths, project_paths
from mlguide.serve.changes import ChangeKind, classify
from mlguide.serve.incremental import IncrementalSite
from mlguide.site.write.safety import check_output_folder

Log = Callable[[str], None]
LOOPBACK = ("127.0.0.1", "localhost", "::1")
__all__ = ["ChangeKind", "IncrementalSite", "classify", "on_change_handler", "preview_paths"]


def preview_paths(root: Path, out: Path | None = None) -> ProjectPaths:
    """The project's paths with serve's output folder: `out` (`-o`) if given, else the
    preview folder in the cache."""
    paths = project_paths(root, out)
    return paths if out is not None else replace(paths, output=paths.preview)


def on_change_handler(
    site: IncrementalSite, publish: Callable[[str | None], None], log: Log
) -> Callable[[set[Path]], None]:
    """The watcher's callback. Whatever goes wrong is shown in the page and the terminal, and
    the watcher keeps going: the next save is rebuilt as usual."""

    def handle(changed: set[Path]) -> None:
        try:
            scenes = {p for p in changed if _draws_a_scene(site.paths, p)}
            if scenes and not redraw(scenes):
                return
            rebuild(changed - scenes)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            bug(exc)

    def redraw(scenes: set[Path]) -> bool:
        """Draw the assets the saved scenes affect; the page reloads as soon as the light
        WebP and still are there, and again when the rest is. False: a scene failed."""
        from mlguide.commands.render_assets import draw_now as render_asset
        from mlguide.scenes.inputs import assets_affected_by

        names = sorted({n for path in scenes for n in assets_affected_by(site.paths, path)})
        for name in names:
            try:
                result = render_asset(
                    site.paths, name, on_preview=lambda files: rebuild(set(files))
                )
            except MlguideError as exc:
                log(f"error: {exc}")
                publish(str(exc))
                return False
            for finding in result.findings:  # a label too small, a finished picture too brief
                log(f"{finding.label}: {finding}")
            log(f"drew {name} in {result.seconds:.1f} s")
        return True

    def bug(exc: Exception) -> None:
        log("".join(traceback.format_exception(exc)).rstrip())
        publish(f"internal error while rebuilding: {type(exc).__name__}: {exc}")

    def rebuild(changed: set[Path]) -> None:
        try:
            result = site.rebuild(changed)
        except MlguideError as exc:
            if all(isinstance(e, ChangedWhileBuilding) for e in exc.errors):
                # Saved again mid-rebuild: the watcher has that save, and its rebuild
                # follows. An error flashed over the page would only be a false alarm.
                log("a file was saved again while rebuilding: rebuilding with it")
                return
            publish(say_failure(exc, log))
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            bug(exc)
            return
        if result is None:
            return
        for finding in result.findings:
            log(f"{finding.label}: {finding}")
        log(f"rebuilt {len(result.written)} file(s) in {result.seconds * 1000:.0f} ms")
        publish(None)

    return handle


def say_failure(exc: MlguideError, log: Log) -> str:
    """Every line of a failed build to the terminal, as `build` prints them (the warnings
    first, then each error: a group's own message is only their count); returns the errors'
    text for the page's overlay."""
    for finding in exc.warnings:
        log(f"{finding.label}: {finding}")
    lines = [str(error) for error in exc.errors]
    for line in lines:
        log(f"error: {line}")
    return "\n".join(lines)


def _draws_a_scene(paths: ProjectPaths, path: Path) -> bool:
    """A scene or one of its helpers, or a data file a scene read when it was last drawn
    (`scene.data(...)`): saving it draws pictures again."""
    if classify(paths, path) is ChangeKind.SCENE:
        return True
    from mlguide.scenes.inputs import assets_reading

    return bool(assets_reading(paths, path))


def run_serve(site: IncrementalSite, host: str, port: int, log: Log) -> None:
    """Serve until Ctrl-C or SIGTERM; once the site is served, they reach the caller as they
    came (KeyboardInterrupt, Terminated). Before that they raise `Interrupted` (status 130 or
    143): a preview stopped before it served anything did not do its job."""
    with contextlib.ExitStack() as running:
        try:
            url = _start(site, host, port, log, running)
        except KeyboardInterrupt as exc:
            raise Interrupted(
                "interrupted before the preview was served", None, interrupt_exit_code(exc)
            ) from exc
        # Served from here on: whoever reads this line and stops us sees status 0 for Ctrl-C.
        log(f"serving {printable(str(site.paths.output))} at {url} (Ctrl-C to stop)")
        threading.Event().wait()


def _start(
    site: IncrementalSite, host: str, port: int, log: Log, running: contextlib.ExitStack
) -> str:
    """Listen, build, watch; returns the site's URL. What started stops when `running` closes.
    The server starts first, so the site is built for the address it really has (`--port 0`,
    a port other than 8000)."""
    from mlguide.serve.server import start_server, watch
    from mlguide.site.config.loader import load_config

    # Before anything listens: never serve (or replace) a folder that holds sources.
    check_output_folder(site.paths.output, site.paths.sources(), site.force)
    base_path = load_config(site.paths.config).base_path
    server = start_server(site.paths.output, host, port, base_path)
    running.callback(server.stop)
    site.base_url = server.url + base_path
    try:
        first = site.full_build()
    except MlguideError as exc:
        # The preview is where the author fixes it: the error is served over the last good
        # preview (or alone), and the first save that builds takes its place.
        server.state.publish(say_failure(exc, log))
    else:
        for finding in first.findings:
            log(f"{finding.label}: {finding}")
    running.callback(
        watch(
            site.paths.watched(),
            on_change_handler(site, server.state.publish, log),
            ignore=[site.paths.output],
        )
    )
    if host not in LOOPBACK:
        log(f"warning: listening on {host}: other machines can see this preview")
    return site.base_url
