"""The benchmark's printed report: the build table README shows, then each goal of issue #14
as goal vs measured with ✓/✗, and the profile of
CPU seconds per stage (a goal whose scenario did not run says how to run it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from build_speed import Results

ROWS = (  # key, label
    ("hugo", "Hugo, over its previous output"),
    ("hugo+pagefind", "Hugo, then Pagefind (search)"),
    ("cold", "**mlguide**, cold: no cache, over the previous build/"),
    ("warm", "mlguide, nothing changed"),
    ("edit", "mlguide, one post edited"),
    ("pelican", "Pelican"),
)
SIZES = (1, 1000, 10000)
LARGE = "not run: `make bench ARGS=--large`"


@dataclass(frozen=True)
class Goal:
    what: str
    goal: str
    measured: str
    ok: bool | None  # None: not measured in this run


def goals(r: Results, cores: int) -> list[Goal]:
    t = {key: timing.median for key, timing in r.timings.items()}
    hugo, both = t["hugo@1000"], t["hugo+pagefind@1000"]
    out = [
        Goal(
            "the guide alone (1 page), cold", "≤ 0.2 s", f"{t['cold@1']:.3f} s", t["cold@1"] <= 0.2
        ),
        Goal("`mlguide --help`", "≤ 0.1 s", f"{t['help@0']:.3f} s", t["help@0"] <= 0.1),
    ]
    for key, what, limit, against, name in (
        ("cold", "1,000 pages, cold", 1.0, both, "Hugo + Pagefind"),
        ("warm", "1,000 pages, nothing changed", 0.25, hugo, "Hugo"),
        ("edit", "1,000 pages, one post edited", 0.5, both, "Hugo + Pagefind"),
    ):
        ratio = t[f"{key}@1000"] / against
        out.append(
            Goal(
                f"{what}, vs {name}",
                f"≤ {limit}x {name}",
                f"{ratio:.2f}x ({t[f'{key}@1000']:.2f} s vs {against:.2f} s)",
                ratio <= limit,
            )
        )
    value = parallel_efficiency(r, 1000, cores)
    out.append(
        Goal("parallel efficiency, cold, 1,000 pages", "≥ 0.9", f"{value:.2f}", value >= 0.9)
    )
    if r.serve_edit is not None:
        out.append(
            Goal(
                "serve: save to page on disk, 1,000 pages",
                "≤ 0.3 s",
                f"{r.serve_edit:.3f} s",
                r.serve_edit <= 0.3,
            )
        )
    if "cold@10000" in t:
        ratio = t["cold@10000"] / t["cold@1000"]
        memory = r.memory[10000]
        out += [
            Goal(
                "10,000 pages, cold, vs 1,000 pages",
                "≤ 10.5x",
                f"{ratio:.2f}x ({t['cold@10000']:.2f} s; Hugo {t['hugo@10000']:.2f} s, "
                f"{t['cold@10000'] / t['hugo@10000']:.2f}x)",
                ratio <= 10.5,
            ),
            Goal(
                "peak memory, 10,000 pages (mlguide's processes, PSS)",
                "≤ 300 MB",
                f"{memory.tree_mb:.0f} MB (largest process {memory.largest_mb:.0f} MB; "
                f"Pagefind {memory.indexer_mb:.0f} MB beside it)",
                memory.tree_mb <= 300,
            ),
        ]
    else:
        out += [
            Goal("10,000 pages, cold, vs 1,000 pages", "≤ 10.5x", LARGE, None),
            Goal("peak memory, 10,000 pages", "≤ 300 MB", LARGE, None),
        ]
    return out


def parallel_efficiency(r: Results, pages: int, cores: int) -> float:
    timing = r.timings[f"cold@{pages}"]
    return timing.cpu / (timing.mean * cores)


def efficiency(r: Results, pages: int, cores: int) -> str:
    """CPU seconds of the whole process tree over what the cores could have given."""
    timing = r.timings[f"cold@{pages}"]
    value = parallel_efficiency(r, pages, cores)
    return (
        f"{value:.2f} = {timing.cpu:.2f} CPU s / ({timing.mean:.2f} s × {cores} cores), "
        f"mlguide cold at {pages:,} pages"
    )


def print_report(r: Results, checked: list[Goal], machine: dict[str, str], cores: int) -> None:
    print(
        f"\n{machine['date']}, {machine['cpu']}, Python {machine['python']}; "
        f"{machine['tools']}; {machine['runs']}; {machine['load']}\n"
    )
    print("| build, median seconds | 1 page (the guide) | 1,000 pages | 10,000 pages |")
    print("|---|---:|---:|---:|")
    for key, label in ROWS:
        cells = [r.timings.get(f"{key}@{n}") for n in SIZES]
        print(f"| {label} | " + " | ".join(f"{c.median:.3f}" if c else "—" for c in cells) + " |")
    print("\n| CPU seconds, all processes (user + system, mean) | 1 page | 1,000 | 10,000 |")
    print("|---|---:|---:|---:|")
    for key, label in ROWS:  # steadier than wall time when other work shares the cores
        cells = [r.timings.get(f"{key}@{n}") for n in SIZES]
        print(f"| {label} | " + " | ".join(f"{c.cpu:.2f}" if c else "—" for c in cells) + " |")
    print_profile(r.profile)
    print("\n| goal (issue #26) | target | measured | |")
    print("|---|---|---|---|")
    for g in checked:
        mark = {True: "✓", False: "✗", None: "–"}[g.ok]
        print(f"| {g.what} | {g.goal} | {g.measured} | {mark} |")
    print()
    for pages in (1000, 10000):
        if f"cold@{pages}" in r.timings:
            print(f"parallel efficiency: {efficiency(r, pages, cores)}")
    for pages, m in sorted(r.memory.items()):
        print(
            f"peak memory, {pages:,} pages: {m.tree_mb:.0f} MB all processes (PSS), "
            f"{m.largest_mb:.0f} MB the largest one; Pagefind {m.indexer_mb:.0f} MB beside them"
        )
    if r.serve_edit is not None:
        print(f"serve: one post of 1,000 edited -> rebuilt page on disk in {r.serve_edit:.3f} s")
    default = r.timings["cold@1000"].median
    for key, timing in sorted(r.timings.items()):
        if key.startswith("without "):
            name = key.split("@")[0].removeprefix("without ")
            cost = default - timing.median
            print(
                f"feature cost, {name}: {cost:+.2f} s of the 1,000-page cold build "
                f"({100 * cost / default:+.0f}%; {timing.median:.2f} s without it)"
            )
    if "cards drawn@1000" in r.timings:
        cost = r.timings["cards drawn@1000"].median - default
        print(
            f"feature cost, cards, first render (a card for each of 1,000 posts): {cost:+.2f} s "
            f"of the cold build ({100 * cost / default:+.0f}%)"
        )
    if r.cards_current is not None:
        print(f"feature cost, cards, steady state (every card current): {r.cards_current:.3f} s")
    for note in r.notes:
        print(note)


def print_profile(profile: dict[str, dict[str, float]]) -> None:
    """CPU seconds per stage, every process, biggest first (by the cold build)."""
    if not profile:
        return
    builds = list(profile)
    first = profile[builds[0]]
    stages = sorted({s for p in profile.values() for s in p}, key=lambda s: -first.get(s, 0.0))
    print(f"\n| CPU seconds per stage, 1,000 pages | {' | '.join(builds)} |")
    print("|---|" + "---:|" * len(builds))
    for stage in stages:
        cells = (f"{profile[b][stage]:.2f}" if profile[b].get(stage) else "–" for b in builds)
        print(f"| {stage} | {' | '.join(cells)} |")
    print(f"| **total** | {' | '.join(f'{sum(profile[b].values()):.2f}' for b in builds)} |")
