"""What the converter costs a process before its first formula: a QuickJS context, Temml
loaded into it, and mhchem added (only for a page that uses `\\ce`/`\\pu`). Prints the
median of several fresh contexts, in milliseconds.

    .venv/bin/python benchmarks/math/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import quickjs

from mlguide.site.render.markdown.mathml import MHCHEM, TEMML

_RENDER = "temml.renderToString({0}, {{throwOnError: true}}).length"


def once(temml: str, mhchem: str) -> dict[str, float]:
    times: dict[str, float] = {}
    start = time.perf_counter()
    context = quickjs.Context()
    context.eval(temml)
    times["context + Temml"] = time.perf_counter() - start
    start = time.perf_counter()
    context.eval(_RENDER.format(json.dumps("x^2")))
    times["first formula"] = time.perf_counter() - start
    start = time.perf_counter()
    context.eval(mhchem)
    times["mhchem added"] = time.perf_counter() - start
    start = time.perf_counter()
    context.eval(_RENDER.format(json.dumps("\\ce{CO2 + C -> 2 CO}")))
    times["first \\ce formula"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    temml = TEMML.read_text(encoding="utf-8")
    mhchem = MHCHEM.read_text(encoding="utf-8")
    results = [once(temml, mhchem) for _ in range(runs)]
    print(f"Temml {len(temml) // 1024} KB, mhchem {len(mhchem) // 1024} KB; median of {runs}:")
    for name in results[0]:
        median = statistics.median(r[name] for r in results)
        print(f"  {name:<20} {median * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
