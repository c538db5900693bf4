"""Command line: flags, printing and exit codes. Heavy modules load only inside commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

_DEBUG_KEY = "debug"

# Options several commands share, declared once.
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes  [default: number of cores]",
)
out_option = click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder  [default: ROOT/build]",
)
drafts_option = click.option("--drafts", is_flag=True, help="Include posts with `draft: true`.")
force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace a non-empty output folder that mlguide did not write.",
)


class Group(click.Group):
    """Turns `MlguideError` into one clean line and exit status 1 (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:  # noqa: BLE001 - classify, then re-raise what is not ours
            from .errors import MlguideError

            if not isinstance(exc, MlguideError) or ctx.meta.get(_DEBUG_KEY):
                raise
            for finding in getattr(exc, "findings", ()):
                click.echo(f"error: {finding}", err=True)
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlguide")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.option(
    "-C",
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds content/, mlguide.yml).",
)
@click.pass_context
def main(ctx: click.Context, debug: bool, root: Path) -> None:
    """mlguide: build the guide's static site and draw its pictures."""
    ctx.meta[_DEBUG_KEY] = debug
    ctx.obj = root


@main.command()
@out_option
@click.option("--base-url", help="Override `base_url` from mlguide.yml.")
@drafts_option
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors and run the publish checklist before writing.",
)
@jobs_option
@force_option
@click.pass_obj
def build(
    root: Path,
    out: Path | None,
    base_url: str | None,
    drafts: bool,
    strict: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Render content/ through templates/ into build/."""
    import time

    from .commands.build import BuildOptions
    from .commands.build import build as run_build

    started = time.perf_counter()
    options = BuildOptions(root, out or root / "build", base_url, drafts, strict, jobs, force)
    if strict:  # the checklist runs only under --strict; plain builds skip importing it
        from .commands.check import strict_checks

        result = run_build(options, verify=strict_checks)
    else:
        result = run_build(options)
    for finding in result.findings:
        click.echo(f"warning: {finding}", err=True)
    took = time.perf_counter() - started
    click.echo(
        f"built {result.pages} page(s), {result.files} files into {result.out_dir} in {took:.2f}s"
    )


@main.command("render-assets")
@click.argument("names", nargs=-1)
@click.option("--list", "list_only", is_flag=True, help="List the assets and exit.")
@click.option("--force", is_flag=True, help="Render even when nothing changed.")
@click.option(
    "--sheet",
    is_flag=True,
    help="Write a contact sheet of key frames per asset (into .mlguide-cache/sheets/) instead.",
)
@jobs_option
@click.pass_obj
def render_assets(
    root: Path,
    names: tuple[str, ...],
    list_only: bool,
    force: bool,
    sheet: bool,
    jobs: int | None,
) -> None:
    """Draw the scenes in assets/scenes/ into assets/ (all by default)."""
    from .commands.render_assets import list_assets, write_sheets
    from .commands.render_assets import render_assets as run
    from .paths import project_paths
    from .progress import Bars

    paths = project_paths(root)
    failed = []
    if list_only:
        for item in list_assets(paths, names):
            click.echo(f"{item.name:<10} {item.description}")
            for file_name in item.files:
                click.echo(f"{'':<10}   {file_name}")
            failed += [item.error] if item.error else []
    elif sheet:
        for name, written in write_sheets(paths, names):
            if isinstance(written, Path):
                click.echo(f"sheet {name:<10} {written}")
            else:
                failed.append(written)
    else:
        bars = Bars(sys.stderr)
        results = run(paths, names, force=force, jobs=jobs, show=bars.update)
        bars.close()
        for r in results:
            size = " + ".join(f"{s / 1024:.0f} KB" for s in r.sizes)
            if r.error is not None:
                failed.append(r.error)
            elif r.rendered:
                took = f"({r.seconds:.1f}s)"
                click.echo(f"rendered {r.name:<10} {r.frames:>4} frame(s)  {size}  {took}")
            else:
                click.echo(f"unchanged {r.name:<9} {size}")
    for error in failed:  # each failed scene once, at its line; the others went ahead
        click.echo(f"error: {error}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.option(
    "-d",
    "--dir",
    "build_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Built site to check  [default: ROOT/build]",
)
@click.option("--base-url", help="The base URL the site was built with.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results for CI.")
@click.pass_obj
def check(root: Path, build_dir: Path | None, base_url: str | None, as_json: bool) -> None:
    """Run the publish checklist on the built site; exit 1 if any rule fails."""
    from .commands.check import format_results, results_json, run_checks
    from .config import load_config

    results = run_checks(build_dir or root / "build", load_config(root, base_url))
    click.echo(results_json(results) if as_json else format_results(results))
    if not all(r.ok for r in results):
        sys.exit(1)


@main.command()
@click.argument("slug", required=False)
@click.option("--base-url", help="Override `base_url` from mlguide.yml.")
@click.pass_obj
def share(root: Path, slug: str | None, base_url: str | None) -> None:
    """Print the LinkedIn post text, then the URL for its first comment."""
    from .commands.check import share_text
    from .config import load_config

    hook, url = share_text(load_config(root, base_url), slug)
    click.echo("Post:\n")
    click.echo(hook)
    click.echo("\nFirst comment:\n")
    click.echo(url)


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on; anything but loopback exposes your drafts.",
)
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port (0 picks a free one).",
)
@drafts_option
@out_option
@force_option
@click.pass_obj
def serve(root: Path, host: str, port: int, drafts: bool, out: Path | None, force: bool) -> None:
    """Build, serve with live reload, and rebuild what changes until Ctrl-C."""
    import threading

    from .commands.serve import IncrementalSite, on_change_handler
    from .serve import start_server, watch

    site = IncrementalSite(root, out or root / "build", drafts=drafts, force=force)
    first = site.full_build()
    for finding in first.findings:
        click.echo(f"warning: {finding}", err=True)
    assert site.config is not None
    server = start_server(site.out_dir, host, port, site.config.base_path)
    stop_watch = None
    try:
        stop_watch = watch(
            [root / "content", root / "templates", root / "assets", root / "mlguide.yml"],
            on_change_handler(site, server.state.publish, _log),
            ignore=[site.out_dir],
        )
        if host not in ("127.0.0.1", "localhost", "::1"):
            _log(f"warning: listening on {host}: other machines can see this preview")
        _log(f"serving {site.out_dir} at {server.url}{site.config.base_path} (Ctrl-C to stop)")
        threading.Event().wait()
    except KeyboardInterrupt:
        _log("stopping")
    finally:
        if stop_watch is not None:
            stop_watch()
        server.stop()


def _log(line: str) -> None:
    click.echo(line, err=True)


def run() -> None:
    main(prog_name="mlguide")


if __name__ == "__main__":
    sys.exit(main())
