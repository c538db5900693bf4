"""TeX to MathML at build time: no script on the page, and screen readers read the formula.

The converter is Temml 0.13.5 (MIT; `temml/temml.min.js` beside this module, copied
unchanged from the npm package `temml`; see `temml/NOTICE.md`), run in-process by QuickJS
(the `quickjs-ng` wheel, MIT). It was chosen by measurement (benchmarks/math/): on 338
formulas from public ML writing, Temml with mlguide's page layer (`equations.py`) renders
all of them correctly in Chromium, against 32 % for latex2mathml as mlguide used it before,
87 % for KaTeX's MathML and 94 % for MathJax's (which also needs Node). Temml writes MathML
Core, the part of MathML that Chromium implements: bold and script letters as Unicode
characters, tables aligned with CSS (`templates/math.css`), not attributes browsers ignore.

Commands that blogs brought from KaTeX or MathJax use and Temml lacks are added:
`\\KaTeX` (its logo, made as Temml makes `\\LaTeX`'s), `\\displaylines{a \\\\ b}` (lines
centred one under another, MathJax's `gathered`), and mhchem's `\\ce{…}`/`\\pu{…}` from
Temml's own extension (`temml/mhchem.min.js`), loaded into the context only when a formula
uses them (34 KB, about 4 ms: most sites never pay it; `benchmarks/math/startup.py`).

One JavaScript context per process, made on first use (worker processes are forked: each
makes its own, a context is never shared across a fork). It is bounded: a formula that runs
away (a macro that expands forever) stops at Temml's expansion limit, or at the time limit,
and one that nests too deep stops at QuickJS's stack limit.

That limit only helps if it is reached before the thread's real stack runs out: it was set
to 8 MB, the size of the main thread's stack (`ulimit -s`), and `${{{…x…}}}$` 2,000 braces
deep killed the build with a segmentation fault. Measured with Temml 0.13.5 on quickjs-ng
0.17 (x86-64): each level of braces takes about 7 KB of C stack (a 1 MB limit renders 100
levels, 2 MB 200, 8 MB 1,000), while the math corpus (`tests/test_math*.py`) and the guide
nest a few levels at most. The limit is measured from where each call starts, and the
caller may be any thread: a build's main thread (8 MB, or other sizes under another
`ulimit -s`), a forked worker's, or serve's rebuild thread (glibc gives a new thread the
`ulimit -s` size, 2 MB when it is unlimited; musl 128 KB). So every conversion of a process
runs on one thread of its own, made with a 32 MB stack, four times the 8 MB limit: a
formula 2,000 braces deep is a "cannot be rendered" warning, and the context is only ever
used from the thread that made it (quickjs-ng warns that a runtime used from two threads
may crash, even at different times). The hop to that thread costs some microseconds; Temml
takes about a millisecond per formula.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from mlguide.site.render.markdown.equations import TexSyntaxError, read_group

TEMML = Path(__file__).with_name("temml") / "temml.min.js"
TEMML_VERSION = "0.13.5"
MHCHEM = TEMML.with_name("mhchem.min.js")
_MHCHEM_USED = re.compile(r"\\(?:ce|pu)(?![A-Za-z])")
# TeX for the commands Temml lacks: (name, expansion; `#1` is the argument).
_ADDED_MACROS = (
    ("\\KaTeX", "\\textrm{K}\\kern-.17em\\raisebox{0.2em}{\\scriptstyle A}\\kern-.15em\\TeX"),
    ("\\displaylines", "\\begin{gathered}#1\\end{gathered}"),
)
# A formula wider than this many visible characters may not fit a 320 px phone column.
WIDE_FORMULA = 24
_MEMORY = 256 * 1024 * 1024
_JS_STACK = 8 * 1024 * 1024  # about 1,000 levels of braces (see the module's docstring)
_THREAD_STACK = 4 * _JS_STACK  # the converter thread's real stack: the limit comes first
_SECONDS = 10  # one formula; Temml takes about a millisecond
_TAGS = re.compile(r"<annotation.*?</annotation>|<[^>]+>", re.DOTALL)
_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)
_MARKS = re.compile("[\u0332\u0331]")  # Temml underlines the bad part of the TeX
# Results come back as JSON text: quickjs-ng hands long concatenated strings back as
# "ropes" its Python wrapper cannot convert ("Unknown quickjs tag: -6"); JSON is flat.
_CALL = (
    "(function(t,d,m){try{return JSON.stringify([true,temml.renderToString(t,"
    "{displayMode:d,macros:m,throwOnError:true,annotate:true,trust:false,maxExpand:1000})]);"
    "}catch(e){return JSON.stringify([false,String(e&&e.message||e)]);}})"
)


@dataclass(frozen=True)
class Converted:
    """The `<math>` element, or why there is none."""

    mathml: str | None
    error: str = ""


def convert(tex: str, display: bool, macros: Mapping[str, str] | None = None) -> Converted:
    """`tex` as MathML. `macros` maps `\\name` to its TeX (`#1`… for arguments)."""
    key = tuple(sorted((macros or {}).items()))
    return _convert(tex, display, key)


@lru_cache(maxsize=8192)
def _convert(tex: str, display: bool, macros: tuple[tuple[str, str], ...]) -> Converted:
    return _converter(os.getpid()).submit(_run, tex, display, macros).result()


@cache
def _converter(pid: int) -> ThreadPoolExecutor:
    """The process's one converter thread, with a stack far larger than QuickJS's limit
    (`pid`: a forked worker makes its own; threads do not survive a fork)."""
    old = threading.stack_size()
    threading.stack_size(_THREAD_STACK)
    try:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlguide-temml")
        pool.submit(int).result()  # the thread is made now, while the size is in force
    finally:
        threading.stack_size(old)
    return pool


def _run(tex: str, display: bool, macros: tuple[tuple[str, str], ...]) -> Converted:
    """One conversion, on the converter thread."""
    context = _context(os.getpid())
    if _MHCHEM_USED.search(tex):
        context = _with_mhchem(os.getpid())
    arguments = json.dumps([brace_underset_operators(tex), display, dict(macros)])
    try:
        ok, out = json.loads(context.eval(f"{_CALL}(...{arguments})"))
    except Exception as exc:  # noqa: BLE001 - QuickJS's own errors: time or memory ran out
        return Converted(None, _first_line(str(exc)) or "the converter gave up")
    if not ok:
        if "call stack size exceeded" in str(out):
            return Converted(None, "the formula nests too deep (braces, fractions, roots…)")
        return Converted(None, _message(str(out)))
    return Converted(str(out))


@cache
def _context(pid: int) -> Any:
    """The process's QuickJS context with Temml loaded (`pid`: a forked worker makes its own)."""
    import quickjs  # here: most sites have pages without formulas

    context = quickjs.Context()
    context.set_memory_limit(_MEMORY)
    context.set_max_stack_size(_JS_STACK)
    context.eval(TEMML.read_text(encoding="utf-8"))
    for name, expansion in _ADDED_MACROS:
        context.eval(f"temml.__defineMacro({json.dumps(name)}, {json.dumps(expansion)})")
    context.set_time_limit(_SECONDS)
    return context


@cache
def _with_mhchem(pid: int) -> Any:
    """The process's context with mhchem added too, the first time a formula asks."""
    context = _context(pid)
    context.eval(MHCHEM.read_text(encoding="utf-8"))
    return context


_UNDERSET = re.compile(r"\\underset\s*(?=\{)")


def brace_underset_operators(tex: str) -> str:
    r"""Temml 0.13.5 puts the parts of `\underset{X}{\operatorname{argmin}}` (the name, U+2061,
    a space) straight into `<munder>`, which then has four children, and Chromium draws X
    beside the operator instead of under it. Braces around the base give `<munder>` its two
    children."""
    if "\\underset" not in tex:
        return tex
    out: list[str] = []
    i = 0
    try:
        while m := _UNDERSET.search(tex, i):
            below, j = read_group(tex, m.end())
            base, k = read_group(tex, j)
            if "\\operatorname" in base:
                base = "{" + base + "}"
            out.append(tex[i : m.start()] + "\\underset{" + below + "}{" + base + "}")
            i = k
    except TexSyntaxError:
        return tex  # the converter reports the braces
    out.append(tex[i:])
    return "".join(out)


def _message(error: str) -> str:
    """Temml's message without its position marks: `Undefined control sequence: \\foo`."""
    text = _MARKS.sub("", error).strip()
    text = re.sub(r"\s+at position \d+:.*", "", text, flags=re.S)
    text = re.sub(r"\s+at end of input:.*", " (at the end)", text, flags=re.S)
    return _first_line(text)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0].strip()


def with_source(mathml: str, tex: str) -> str:
    """The author's own TeX as the formula's annotation (copy-paste and tools get it back),
    not the numbered TeX the converter was given. Search leaves it out: the index reads the
    formula's text, and with the TeX beside it a result read `β\\beta-VAE`."""
    note = (
        '<annotation encoding="application/x-tex" data-pagefind-ignore="all">'
        f"{html.escape(tex.strip())}</annotation>"
    )
    return _ANNOTATION.sub(lambda _: note, mathml, count=1)


def visible_text(mathml: str) -> str:
    """What a reader sees of the formula, as plain text for headings' ids and the table of
    contents: `ℒ_ELBO`, `x^2`, `a/b`."""
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return " ".join(html.unescape(_TAGS.sub(" ", mathml)).split())
    return " ".join(_plain(root).split())


_SCRIPTS = {"msub": ("_",), "msup": ("^",), "msubsup": ("_", "^"), "mfrac": ("/",)}
_SPACED = frozenset("=≠≤≥<>≈∼≃≡∈∉⊂⊆→←↦")


def _plain(element: ElementTree.Element) -> str:
    name = element.tag.rsplit("}", 1)[-1]
    if name in ("annotation", "annotation-xml"):
        return ""
    kids = list(element)
    if name == "semantics":
        return _plain(kids[0]) if kids else ""
    if name in _SCRIPTS and len(kids) >= 2:
        parts = [_plain(kids[0])]
        for mark, kid in zip(_SCRIPTS[name], kids[1:], strict=False):
            text = " ".join(_plain(kid).split())
            parts.append(mark + (text if len(text) <= 1 or name == "mfrac" else f"{{{text}}}"))
        return "".join(parts) + " "
    text = (element.text or "").replace("\u2061", "").replace("\u2062", "")
    if name == "mo" and text.strip() in _SPACED:
        text = f" {text.strip()} "
    elif name == "mtext" or name == "mspace":
        text = f" {text} "
    return text + "".join(_plain(k) + (k.tail or "") for k in kids)


def is_wide(mathml: str) -> bool:
    return len("".join(visible_text(mathml).split())) > WIDE_FORMULA
