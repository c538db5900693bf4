"""Command line: flags, printing and exit codes. Heavy modules load only inside commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mlguide import __version__

_DEBUG_KEY = "debug"
_PROCESS_KEY = "mlguide.process"
_OUTPUT_KEY = "mlguide.output"  # the folder `build` writes, once its options are read

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
future_option = click.option(
    "--future",
    is_flag=True,
    help="Include posts dated later than now (or than SOURCE_DATE_EPOCH).",
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace a non-empty output folder that mlguide did not write.",
)


ROOT_HELP = "Project folder (holds content/, mlguide.yml)."
DEBUG_HELP = "Show full tracebacks for errors."


class Command(click.Command):
    """A subcommand that also takes the global options after its name, as people type them:
    `mlguide build -C blog --debug` is `mlguide -C blog --debug build`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params += [
            click.Option(
                ["-C", "--root", "global_root"],
                type=click.Path(file_okay=False, path_type=Path),
                default=None,
                help=ROOT_HELP,
            ),
            click.Option(["--debug", "global_debug"], is_flag=True, help=DEBUG_HELP),
        ]

    def invoke(self, ctx: click.Context) -> Any:
        root = ctx.params.pop("global_root", None)
        if ctx.params.pop("global_debug", False):
            ctx.meta[_DEBUG_KEY] = True  # meta is shared: the group's error handling sees it
        if root is not None:
            ctx.obj = root
        if self.name != "init" and isinstance(ctx.obj, Path) and not ctx.obj.is_dir():
            # A mistyped -C would otherwise become a new, empty project: `new` wrote a post
            # there, `build` a site, `render-assets` "nothing to do".
            from mlguide.errors import MlguideError

            raise MlguideError("no such project folder (-C): check the path", ctx.obj)
        if self.name == "build" and isinstance(ctx.obj, Path):
            from mlguide.paths import project_paths

            ctx.meta[_OUTPUT_KEY] = project_paths(ctx.obj, ctx.params.get("out")).output
        return super().invoke(ctx)


class Group(click.Group):
    """Turns `MlguideError` into clean lines and exit status 1 (traceback with --debug), and
    Ctrl-C or SIGTERM into a line saying what is left on disk."""

    command_class = Command

    def invoke(self, ctx: click.Context) -> Any:
        import signal

        from mlguide.errors import ErrorGroup, Interrupted, MlguideError, interrupt_exit_code
        from mlguide.signals import after_imports

        previous = signal.signal(signal.SIGTERM, after_imports(_terminate))
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, set())
        # Until here, the entry point's quiet handler answers Ctrl-C (click would have called
        # one during its argument parsing "Aborted!" and exited 1).
        previous_int = signal.signal(signal.SIGINT, after_imports(signal.default_int_handler))
        try:
            return super().invoke(ctx)
        except Interrupted as exc:
            click.echo(f"{exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            # Before the command's own handling began (its imports, `prepare`): what it
            # writes is still untouched, and the message says so whenever it came.
            click.echo(_early_message(ctx), err=True)
            ctx.exit(interrupt_exit_code(exc))
        except MlguideError as exc:
            if ctx.meta.get(_DEBUG_KEY):
                raise
            for finding in exc.warnings:
                click.echo(f"{finding.label}: {finding}", err=True)
            for error in exc.errors:
                click.echo(f"error: {error}", err=True)
            if isinstance(exc, ErrorGroup) and len(exc.errors) > 1:  # "1 error" says nothing
                click.echo(exc.message, err=True)
            ctx.exit(1)
        finally:
            # A build leaves Ctrl-C and SIGTERM held once its new output is in place, and has
            # said so if one came. Its own process keeps them held until it exits, so a late
            # one cannot turn a success into a failure; in-process callers get them back.
            if ctx.meta.get(_PROCESS_KEY):
                # The command is over and has said how: a signal now could only turn that
                # into a kill, since Python puts the default handlers back as it exits.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            else:
                held = {signal.SIGINT, signal.SIGTERM} - set(mask)
                while signal.sigpending() & held:
                    signal.sigtimedwait(held, 0)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                signal.signal(signal.SIGTERM, previous)
                signal.signal(signal.SIGINT, previous_int)


# What an interrupt leaves when a command is stopped before its own handling says so.
_EARLY_MESSAGES = {
    "": "interrupted before anything was done: the previous build is untouched",
    "build": "interrupted: the previous build is untouched",
    "serve": "interrupted before the preview was served",
    "render-assets": "interrupted: each file in assets/ is whole, old or new; the next run "
    "redraws what did not finish",
}


def _early_message(ctx: click.Context) -> str:
    """What an interrupt before the command's own handling leaves, worded as the command's
    own says it: `build: interrupted: the previous build is untouched` names the output
    folder either way (it was `interrupted: …` here and `build: interrupted: …` there)."""
    from mlguide.errors import format_location

    command = ctx.invoked_subcommand or ""
    message = _EARLY_MESSAGES.get(command, "interrupted")
    if command != "build":
        return message
    output = ctx.meta.get(_OUTPUT_KEY)
    if output is None and isinstance(ctx.obj, Path):  # stopped while its options were read
        from mlguide.paths import project_paths

        output = project_paths(ctx.obj).output
    return format_location(output, None, message)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C: workers stopped, staging removed, old build kept."""
    from mlguide.errors import Terminated

    raise Terminated()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlguide")
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.option(
    "-C",
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help=ROOT_HELP,
)
@click.pass_context
def main(ctx: click.Context, debug: bool, root: Path) -> None:
    """mlguide: a static blog generator that draws its own pictures."""
    from mlguide.entry import PROCESS

    ctx.meta[_DEBUG_KEY] = debug
    ctx.meta[_PROCESS_KEY] = ctx.obj == PROCESS
    ctx.obj = root


@main.command()
@out_option
@click.option("--base-url", help="Override `base_url` from mlguide.yml.")
@drafts_option
@future_option
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors and run the publish checklist before writing.",
)
@jobs_option
@force_option
@click.option(
    "--no-cache", is_flag=True, help="Render every page again (the cache stays as it is)."
)
@click.pass_obj
def build(
    root: Path,
    out: Path | None,
    base_url: str | None,
    drafts: bool,
    future: bool,
    strict: bool,
    jobs: int | None,
    force: bool,
    no_cache: bool,
) -> None:
    """Render content/ through templates/ into build/."""
    import time

    from mlguide.commands.build import BuildOptions
    from mlguide.commands.build import build as run_build
    from mlguide.errors import format_location, printable

    started = time.perf_counter()
    options = BuildOptions(
        root,
        out,
        base_url,
        drafts,
        strict,
        jobs,
        force,
        cache=not no_cache,
        progress=_card_progress,
        hold_after_swap=True,
        future=future,
    )
    result = run_build(options)
    for finding in result.findings:
        click.echo(f"{finding.label}: {finding}", err=True)
    took = time.perf_counter() - started
    same = " (nothing changed)" if result.unchanged else ""
    if not result.unchanged and result.written is not None and result.written < result.files:
        same = f" ({result.written} written, {result.files - result.written} unchanged)"
    folder = printable(str(result.out_dir))  # a folder named in no encoding still prints
    click.echo(
        f"built {result.pages} page(s), {result.files} files into {folder} in {took:.2f}s{same}"
    )
    if result.interrupted:
        message = "interrupted after the new build was in place: it is complete"
        click.echo(format_location(result.out_dir, None, message), err=True)


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
    """Draw the scenes in assets/scenes/ into assets/, and the post cards (all by default;
    name `cards` for the cards alone)."""
    from mlguide.commands import cards
    from mlguide.commands.render_assets import (
        card_file_names,
        list_assets,
        size_lines,
        write_sheets,
    )
    from mlguide.commands.render_assets import render_assets as run
    from mlguide.paths import project_paths
    from mlguide.progress import Bars

    paths = project_paths(root)
    scenes = tuple(n for n in names if n != cards.NAME)
    only_cards = bool(names) and not scenes
    if only_cards:  # a project scene named like the cards is refused here too
        from mlguide.scenes.discover import discover

        discover(paths.scenes)
    failed = []
    if list_only:
        for item in [] if only_cards else list_assets(paths, scenes):
            click.echo(f"{item.name:<10} {item.description}")
            for file_name in item.files:
                click.echo(f"{'':<10}   {file_name}")
            failed += [item.error] if item.error else []
        if cards.wanted(paths, names):
            click.echo(f"{cards.NAME:<10} {cards.DESCRIPTION}")
            click.echo(f"{'':<10}   {card_file_names()}")
    elif sheet:
        for name, written in [] if only_cards else write_sheets(paths, scenes):
            if isinstance(written, Path):
                click.echo(f"sheet {name:<10} {written}")
            else:
                failed.append(written)
        if cards.wanted(paths, names):
            click.echo(f"sheet {cards.NAME:<10} {cards.write_cards_sheet(paths)}")
    else:
        bars = Bars(sys.stderr)
        results = [] if only_cards else run(paths, scenes, force=force, jobs=jobs, show=bars.update)
        if cards.wanted(paths, names):
            progress = lambda done, total: bars.update(cards.NAME, done, total)  # noqa: E731
            made = cards.draw_cards(paths, force, jobs, progress)
            click.echo(f"cards: {made.drawn} post(s) drawn, {made.posts - made.drawn} unchanged")
        bars.close()
        for r in results:
            for finding in r.findings:
                click.echo(f"{finding.label}: {finding}", err=True)
            if r.error is not None:
                failed.append(r.error)
            elif r.rendered:  # what each file is and weighs, as `build` says what it wrote
                frames = f"{r.frames} frame{'s' if r.frames != 1 else ''}"
                click.echo(f"rendered {r.name}: {frames} in {r.seconds:.1f}s")
                for line in size_lines(r, paths.assets):
                    click.echo(line)
            else:
                total = sum(r.sizes) / 1024
                count = f"{len(r.sizes)} file{'s' if len(r.sizes) != 1 else ''}"
                click.echo(f"unchanged {r.name}: {count}, {total:.0f} KB in all")
    for error in failed:  # each failed scene once, at its line; the others went ahead
        click.echo(f"error: {error}", err=True)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--title", default="My blog", show_default=True, help="The site's name.")
@click.option("--author", default="", help="Who writes the posts.")
@click.option(
    "--base-url", help="Where the site will be published, e.g. https://you.github.io/blog/."
)
@click.option(
    "--host",
    type=click.Choice(["github", "netlify", "cloudflare", "none"]),
    default="github",
    show_default=True,
    help="Where it is published: writes that host's settings (none: only the site).",
)
@click.option(
    "--domain",
    help="A custom domain such as blog.example.org: writes static/CNAME, and is the base URL.",
)
@click.option("--git", is_flag=True, help="Also make it a git repository, on branch main.")
@click.option(
    "--force", is_flag=True, help="Replace starter files that exist (yours kept as NAME.bak)."
)
@click.pass_obj
def init(
    root: Path,
    folder: Path | None,
    title: str,
    author: str,
    base_url: str | None,
    host: str,
    domain: str | None,
    git: bool,
    force: bool,
) -> None:
    """Start a blog in FOLDER (default: the project folder): config, a first post, an
    example scene, the host's publishing settings. All or nothing; never overwrites without
    --force, and keeps what it replaces as NAME.bak."""
    import datetime as dt

    from mlguide.commands.init import Blog, next_steps
    from mlguide.commands.init import init as run_init

    target = folder if folder is not None else root
    blog = Blog(title, author, base_url, host, domain)
    started = run_init(target, blog, force, dt.date.today(), git=git)
    for path in started.written:
        click.echo(f"wrote {target / path}")
    for line in started.said:
        click.echo(line)
    if not started.written and not started.said:
        click.echo("nothing to write: every starter file is there already")
    steps = next_steps(target, blog, git)
    for heading, lines in (("Next:", steps.commands), ("Then:", steps.notes)):
        if lines:
            click.echo(f"\n{heading}")
            for line in lines:
                click.echo(f"  {line}")


@main.command()
@click.argument("title")
@click.option("--slug", help="The post's URL and file name  [default: from the title]")
@click.pass_obj
def new(root: Path, title: str, slug: str | None) -> None:
    """Write content/SLUG.md: a draft with today's date and every front matter key."""
    import datetime as dt

    from mlguide.commands.new import new_post
    from mlguide.paths import project_paths

    path = new_post(project_paths(root), title, slug, dt.date.today())
    click.echo(f"wrote {path}")
    click.echo(
        "It is a draft: see it with `mlguide serve --drafts`; remove `draft: true` to publish."
    )


@main.command()
@click.option(
    "-d",
    "--dir",
    "build_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Built site to check  [default: ROOT/build]",
)
@click.option(
    "--base-url", help="Check against this URL instead of the one the site was built for."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results for CI.")
@click.pass_obj
def check(root: Path, build_dir: Path | None, base_url: str | None, as_json: bool) -> None:
    """Run the publish checklist on the built site; exit 1 if any rule fails."""
    from mlguide.commands.check import format_results, results_json, run_checks
    from mlguide.paths import project_paths

    results = run_checks(project_paths(root, build_dir), base_url)
    click.echo(results_json(results) if as_json else format_results(results))
    if not all(r.ok for r in results):
        sys.exit(1)


@main.command("import-report")
@jobs_option
@click.option("--strict", is_flag=True, help="Exit 1 if anything was dropped or cannot be shown.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("-v", "--verbose", is_flag=True, help="List every converted construct too.")
@click.pass_obj
def import_report(root: Path, jobs: int | None, strict: bool, as_json: bool, verbose: bool) -> None:
    """What each post brought from another generator became: converted, dropped, not shown."""
    from mlguide.commands.import_report import format_report, report_json
    from mlguide.commands.import_report import import_report as run_report
    from mlguide.paths import project_paths

    report = run_report(project_paths(root), jobs)
    click.echo(report_json(report) if as_json else format_report(report, verbose))
    if strict and report.lost:
        click.echo(f"--strict: {report.lost} thing(s) lost in the import", err=True)
        sys.exit(1)


@main.command()
@click.argument("slug", required=False)
@click.option("--base-url", help="Override `base_url` from mlguide.yml.")
@click.pass_obj
def share(root: Path, slug: str | None, base_url: str | None) -> None:
    """Print the LinkedIn post text, then the URL for its first comment."""
    from mlguide.commands.share import share_text
    from mlguide.paths import project_paths

    hook, url = share_text(project_paths(root), slug, base_url)
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
@future_option
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder  [default: ROOT/.mlguide-cache/serve, never build/]",
)
@force_option
@click.pass_obj
def serve(
    root: Path, host: str, port: int, drafts: bool, future: bool, out: Path | None, force: bool
) -> None:
    """Build, serve with live reload, and rebuild what changes until Ctrl-C."""
    from mlguide.commands.serve import IncrementalSite, preview_paths, run_serve
    from mlguide.errors import Terminated, interrupt_exit_code
    from mlguide.site.content.sources import require_project

    require_project(root)  # before the preview's cache is made in the wrong folder
    site = IncrementalSite(preview_paths(root, out), drafts=drafts, force=force, future=future)
    try:
        run_serve(site, host, port, _log)
    except KeyboardInterrupt as exc:
        _log("stopping")
        # Ctrl-C is how a preview ends: status 0, as `mkdocs serve` and `python -m
        # http.server` exit. SIGTERM ends it from outside: 143, as `build` reports it.
        if isinstance(exc, Terminated):
            sys.exit(interrupt_exit_code(exc))


def _card_progress(done: int, total: int) -> None:
    """Drawing many post cards takes a while (the first build of a migrated blog): say so."""
    if total < 20:
        return
    if sys.stderr.isatty():
        click.echo(f"\rdrawing post cards {done}/{total}", nl=done == total, err=True)
    elif done == total or done % 100 == 0:
        click.echo(f"drawing post cards {done}/{total}", err=True)


def _log(line: str) -> None:
    click.echo(line, err=True)


if __name__ == "__main__":
    sys.exit(main())
