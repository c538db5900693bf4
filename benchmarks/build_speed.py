"""Build speed against Hugo (alone, and followed by Pagefind, as a Hugo site with search is
built) and Pelican, with the goals of issue #26 as ✓/✗ lines and where the CPU time goes.

Every figure in README's "Measured" build table comes from this script, on corpora it writes
itself (benchmarks/corpus.py) into a folder under .cache/bench/ that it deletes at the end,
also on failure and Ctrl-C. It measures with hyperfine; `make bench` installs Hugo, hyperfine
and Pelican first (scripts/install-bench-tools.sh). Builds always run over the previous
output, as a user's would: mlguide over its build/, Hugo over its public/. The profile (CPU
seconds per stage, every process) comes from benchmarks/stages.py.

Run: .venv/bin/python benchmarks/build_speed.py [--runs 5] [--large] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import write_corpus
from measure import BenchError, Memory, Timing, combine, hyperfine, peak_memory, run

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / ".cache" / "bench" / "cards"  # the corpora's cards, kept between runs
CACHE = REPO / ".cache" / "bench"
PELICAN = CACHE / "pelican" / "bin" / "pelican"
MLGUIDE = Path(sys.executable).with_name("mlguide")  # the console script users run
CORES = len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class Feature:
    """A feature whose cost is reported: the mlguide.yml keys that turn it off."""

    name: str
    off: dict[str, object]
    tags: bool = True  # False: the corpus's posts carry no tags (no tag pages, no tag feeds)


# A feature is one line here; a key this mlguide rejects skips the feature with a note.
FEATURES = (
    Feature("search index", {"search": False}),
    Feature("tag pages and feeds", {}, tags=False),
)


@dataclass
class Results:
    timings: dict[str, Timing] = field(default_factory=dict)  # "row@pages"
    memory: dict[int, Memory] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    serve_edit: float | None = None
    cards_current: float | None = None
    profile: dict[str, dict[str, float]] = field(default_factory=dict)  # build -> stage -> s


@dataclass(frozen=True)
class Cell:
    """One figure of the table: a command, and what runs (untimed) before each of its runs."""

    key: str  # "row@pages"
    command: list[str]
    prepare: list[str] | None = None


@dataclass(frozen=True)
class Bench:
    work: Path
    runs: int
    warmup: int
    seed: int
    results: Results = field(default_factory=Results)

    def rounds(self, cells: list[Cell], runs: int) -> None:
        """Round k runs every cell once (hyperfine, one run), the median is over the rounds.
        Interleaved, a change in the machine's other load hits every cell alike, so the
        ratios to Hugo stay fair; the first round starts with untimed warm-up runs."""
        samples: dict[str, list[Timing]] = {cell.key: [] for cell in cells}
        for k in range(runs):
            say(f"  round {k + 1} of {runs}: {', '.join(c.key for c in cells)}")
            for c in cells:
                warmup = self.warmup if k == 0 else 0
                path = self.work / f"{c.key}.json"
                samples[c.key].append(hyperfine(c.key, c.command, path, 1, warmup, c.prepare))
        for key, timings in samples.items():
            self.results.timings[key] = combine(timings)

    def corpus(self, pages: int, ssgs: list[str]) -> dict[str, Path]:
        say(f"corpus of {pages:,} page(s): {', '.join(ssgs)}")
        sites = write_corpus(self.work / str(pages), pages, self.seed, ssgs)
        if "mlguide" in sites:
            self.cards(sites["mlguide"], pages, keep=False)
        return sites

    def cards(self, project: Path, pages: int, keep: bool) -> None:
        """The corpus's generated cards, kept between runs of the bench (linked, not copied):
        a blog commits its cards, so no measured build draws them, but a new corpus had to
        draw them all in its warm-up (30,000 pictures, a quarter of an hour, at 10,000
        pages). mlguide itself decides what is current: cards of an older mlguide are
        drawn again. `keep`: save the project's cards, else put the saved ones in place."""
        saved = CARDS / f"{pages}-{self.seed}"
        ours = project / "assets" / "generated"
        source, target = (ours, saved) if keep else (saved, ours)
        if not source.is_dir():
            return
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target, copy_function=os.link)

    def feature_cells(self, pages: int) -> list[Cell]:
        """mlguide cold without each feature; a feature whose switch this mlguide rejects
        (found by building once) is left out with a note."""
        cells = []
        for feature in FEATURES:
            folder = self.work / f"no-{feature.name.replace(' ', '-')}"
            sites = write_corpus(folder, pages, self.seed, ["mlguide"], feature.off, feature.tags)
            project = sites["mlguide"]
            probe = run(mlguide_build(project))
            if probe.returncode == 0:
                cells.append(
                    Cell(f"without {feature.name}@{pages}", mlguide_build(project), cold(project))
                )
                continue
            error = (probe.stderr.strip().splitlines() or ["no output"])[-1].split(": ")[-1]
            self.results.notes.append(
                f"feature cost, {feature.name}: skipped, "
                f"this mlguide rejects {json.dumps(feature.off)} ({error})"
            )
        return cells


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def ssg_cells(sites: dict[str, Path], pages: int, work: Path) -> list[Cell]:
    """Hugo, Hugo then Pagefind (what a Hugo site with search runs), mlguide cold and
    Pelican (when the corpus has a Pelican site), all over their previous output."""
    hugo = ["hugo", "--quiet", "-s", str(sites["hugo"]), "--cacheDir", str(work / "hugo")]
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(sites["hugo"] / "public")]
    both = ["sh", "-c", f"{shlex.join(hugo)} && {shlex.join(pagefind)} >/dev/null"]
    cells = [Cell(f"hugo@{pages}", hugo), Cell(f"hugo+pagefind@{pages}", both)]
    project = sites["mlguide"]
    cells.append(Cell(f"cold@{pages}", mlguide_build(project), cold(project)))
    if "pelican" in sites:
        site = sites["pelican"]
        pelican = [str(PELICAN), "-q", str(site / "content"), "-s", str(site / "pelicanconf.py")]
        cells.append(Cell(f"pelican@{pages}", [*pelican, "-o", str(site / "output")]))
    return cells


def mlguide_build(project: Path) -> list[str]:
    return [str(MLGUIDE), "-C", str(project), "build"]


def cold(project: Path) -> list[str]:
    """No caches: delete mlguide's cache, keep the previous build/ (the user keeps it)."""
    return ["rm", "-rf", str(project / ".mlguide-cache")]


def cold_without_cards(project: Path) -> list[str]:
    """Cold, and every generated card deleted too: the build draws them all, as a new
    project's first build does."""
    return [*cold(project), str(project / "assets" / "generated")]


def cards_current_seconds(project: Path, runs: int = 5) -> float:
    """What the cards cost a build that draws none: finding every card current. Median of
    `runs`, in process, so start-up and the rest of the build are left out."""
    from mlguide.paths import project_paths
    from mlguide.site.pipeline import prepare, with_cards

    prepared = prepare(project_paths(project), None, False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        with_cards(prepared, jobs=1)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def serve_edit_seconds(project: Path, runs: int = 3) -> float:
    """Edit one post of a served project; seconds until the rebuilt page is on disk, through
    the real watcher and incremental rebuild. Median of `runs`."""
    from mlguide.commands.serve import IncrementalSite, on_change_handler, preview_paths
    from mlguide.serve.server import watch

    site = IncrementalSite(preview_paths(project))
    site.full_build()
    stop = watch([project / "content"], on_change_handler(site, ignore, ignore))
    pages = sorted((project / "content").glob("*.md"))
    page = pages[len(pages) // 2]
    meta = next(m for m in site.site.index.posts if m.source.name == page.name)
    out = site.out_dir / meta.url_path / "index.html"
    original = page.read_text()
    samples = []
    try:
        for k in range(runs):
            marker = f"Benchmark edit {k}."
            page.write_text(original.replace("\n\n", f"\n\n{marker}\n\n", 1))
            start = time.perf_counter()
            while marker not in out.read_text():
                if time.perf_counter() - start > 10:
                    raise BenchError("serve: the edited page was not rebuilt within 10 s")
                time.sleep(0.002)
            samples.append(time.perf_counter() - start)
            time.sleep(0.3)
    finally:
        page.write_text(original)
        stop()
    return statistics.median(samples)


def profile(
    project: Path, edit: list[str], work: Path, notes: list[str]
) -> dict[str, dict[str, float]]:
    """CPU seconds per stage (benchmarks/stages.py) of a cold build under --strict (the
    checklist), a cold one, one with nothing changed and one after an edit.

    --strict goes first and may fail: the synthetic posts break the guide's own rules (GIFs
    without an "at a glance" table), so the checklist runs whole and then fails the build.
    Its figures still say what the checklist costs; the note says it failed."""
    stages = [sys.executable, str(Path(__file__).with_name("stages.py"))]
    out: dict[str, dict[str, float]] = {}
    for name, before, extra in (
        ("cold --strict", cold(project), ["--strict"]),
        ("cold", cold(project), []),
        ("nothing changed", None, []),
        ("one post edited", edit, []),
    ):
        if before:
            run(before)
        path = work / "stages.json"
        done = run([*stages, "--json", str(path), "--", "-C", str(project), "build", *extra])
        if not path.exists() or (done.returncode != 0 and not extra):
            raise BenchError(
                f"profile, {name}: {(done.stderr.strip() or 'failed').splitlines()[-1]}"
            )
        if done.returncode != 0:
            notes.append(f"profile, {name}: the build failed (its checklist), profiled anyway")
        out[name] = json.loads(path.read_text())
        path.unlink()
    return out


def edit_command(project: Path) -> list[str]:
    """The benchmark's edit: one sentence more in the middle post (the guide when alone)."""
    posts = sorted((project / "content").glob("*.md"))
    middle = posts[len(posts) // 2]
    return [sys.executable, str(Path(__file__).with_name("corpus.py")), "edit", str(middle)]


def with_warm_and_edit(cells: list[Cell], sites: dict[str, Path], pages: int) -> list[Cell]:
    """`cells` with nothing changed and one post edited put right after mlguide's cold
    build, in the same project, so they reuse what the cold build left."""
    project = sites["mlguide"]
    at = next(i for i, c in enumerate(cells) if c.key == f"cold@{pages}") + 1
    return [
        *cells[:at],
        Cell(f"warm@{pages}", mlguide_build(project)),
        Cell(f"edit@{pages}", mlguide_build(project), edit_command(project)),
        *cells[at:],
    ]


def ignore(_: object) -> None:
    """The serve handler's publish and log callbacks: nothing to show here."""


def measure(bench: Bench, large: bool, large_runs: int, features: bool = True) -> None:
    all_ssgs = ["mlguide", "hugo", "pelican"]
    guide = bench.corpus(1, all_ssgs)
    bench.rounds(with_warm_and_edit(ssg_cells(guide, 1, bench.work), guide, 1), bench.runs)
    bench.cards(guide["mlguide"], 1, keep=True)
    sites = bench.corpus(1000, all_ssgs)
    project = sites["mlguide"]
    edit = edit_command(project)
    cells = with_warm_and_edit(ssg_cells(sites, 1000, bench.work), sites, 1000)
    if features:
        cells.append(Cell("cards drawn@1000", mlguide_build(project), cold_without_cards(project)))
        cells += bench.feature_cells(1000)
    bench.rounds(cells, bench.runs)
    bench.cards(project, 1000, keep=True)
    say("  profile: CPU seconds per stage")
    bench.results.profile = profile(project, edit, bench.work, bench.results.notes)
    say("  peak memory, 1,000 pages")
    run(cold(project))  # a cold build: one with nothing changed would do nothing
    bench.results.memory[1000] = peak_memory(mlguide_build(project), bench.work / "mem.log")
    say("  cards: every card current")
    bench.results.cards_current = cards_current_seconds(project)
    say("  serve: one post edited")
    bench.results.serve_edit = serve_edit_seconds(project)
    say("  mlguide --help")
    help_runs = max(bench.runs, 10)
    bench.results.timings["help@0"] = hyperfine(
        "help@0", [str(MLGUIDE), "--help"], bench.work / "help.json", help_runs, 2
    )
    if large:
        sites = bench.corpus(10000, ["mlguide", "hugo"])
        bench.rounds(ssg_cells(sites, 10000, bench.work), large_runs)
        bench.cards(sites["mlguide"], 10000, keep=True)
        say("  peak memory, 10,000 pages")
        run(cold(sites["mlguide"]))
        bench.results.memory[10000] = peak_memory(
            mlguide_build(sites["mlguide"]), bench.work / "mem.log"
        )


def compile_mlguide() -> None:
    """Byte-compile the mlguide being measured, as pip does when it installs the wheel: an
    editable install edited since `make setup`, where PYTHONDONTWRITEBYTECODE is set, would
    otherwise compile its changed modules on every run and be timed doing it."""
    import compileall

    import mlguide

    compileall.compile_dir(Path(mlguide.__file__).parent, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per cell (median)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (min 1)")
    parser.add_argument("--large", action="store_true", help="also 10,000 pages (slow)")
    parser.add_argument("--large-runs", type=int, default=3, help="runs at 10,000 pages")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument(
        "--no-feature-costs",
        action="store_true",
        help="skip the feature costs (search off, no tags, every card drawn again): the goals only",
    )
    args = parser.parse_args()
    missing = [t for t in ("hugo", "hyperfine") if shutil.which(t) is None]
    missing += [] if PELICAN.exists() else [f"pelican ({PELICAN.relative_to(REPO)})"]
    if missing:
        print(
            f"bench: missing {', '.join(missing)}: run `make bench` or "
            "`bash scripts/install-bench-tools.sh`",
            file=sys.stderr,
        )
        return 1
    compile_mlguide()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # clean up on kill too
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started ignoring it
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=CACHE))
    os.environ["TMPDIR"] = str(work)  # whatever a tool leaves in its temp folder goes too
    bench = Bench(work, args.runs, max(1, args.warmup), args.seed)
    load = os.getloadavg()[0]  # other work on the machine makes every figure slower
    try:
        measure(bench, args.large, args.large_runs, not args.no_feature_costs)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from report import goals, print_report

    checked = goals(bench.results, CORES)
    machine = {
        **header(args),
        "load": f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after",
    }
    print_report(bench.results, checked, machine, CORES)
    out = CACHE / f"results-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(
        json.dumps(
            {
                "machine": header(args),
                **asdict(bench.results),
                "goals": [asdict(g) for g in checked],
            },
            indent=1,
        )
    )
    print(f"\nJSON: {out}")
    return 1 if args.check and any(g.ok is False for g in checked) else 0


def header(args: argparse.Namespace) -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.machine(),
    )

    def version(argv: list[str], word: int) -> str:
        out = subprocess.run(argv, capture_output=True, text=True).stdout.split()
        return out[word].lstrip("v") if len(out) > word else "?"

    return {
        "date": dt.date.today().isoformat(),
        "cpu": f"{cpu}, {CORES} cores",
        "python": platform.python_version(),
        "tools": f"Hugo {version(['hugo', 'version'], 1)}, "
        f"Pelican {version([str(PELICAN), '--version'], 0)}, "
        f"hyperfine {version(['hyperfine', '--version'], 1)}",
        "runs": f"median of {args.runs} interleaved runs"
        + (f" ({args.large_runs} at 10,000 pages)" if args.large else "")
        + ", "
        f"{max(1, args.warmup)} warm-up, seed {args.seed}",
    }


if __name__ == "__main__":
    sys.exit(main())
