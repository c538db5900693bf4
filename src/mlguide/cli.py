"""Command line: flags, printing and exit codes. Heavy modules load only inside commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import __version__

_DEBUG_KEY = "debug"


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
@click.option("-C", "--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Project folder (holds content/, mlguide.yml).")
@click.pass_context
def main(ctx: click.Context, debug: bool, root: Path) -> None:
    """mlguide: build the guide's static site and draw its pictures."""
    ctx.meta[_DEBUG_KEY] = debug
    ctx.obj = root


@main.command()
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Output folder  [default: ROOT/build]")
@click.option("--base-url", help="Override `base_url` from mlguide.yml.")
@click.option("--drafts", is_flag=True, help="Include posts with `draft: true`.")
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors and run the publish checklist before writing.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes  [default: number of cores]")
@click.pass_obj
def build(root: Path, out: Path | None, base_url: str | None, drafts: bool, strict: bool,
          jobs: int | None) -> None:
    """Render content/ through templates/ into build/."""
    import time

    from .commands.build import BuildOptions
    from .commands.build import build as run_build
    from .commands.check import strict_checks

    started = time.perf_counter()
    options = BuildOptions(root, out or root / "build", base_url, drafts, strict, jobs)
    result = run_build(options, verify=strict_checks)
    for finding in result.findings:
        click.echo(f"warning: {finding}", err=True)
    took = time.perf_counter() - started
    click.echo(f"built {result.pages} page(s), {result.files} files into {result.out_dir} "
               f"in {took:.2f}s")


def run() -> None:
    main(prog_name="mlguide")


if __name__ == "__main__":
    sys.exit(main())
