"""The math corpus run through mlguide's own Markdown pipeline, and checked.

Each corpus page (entries sharing `page`, or one entry) becomes one Markdown post: a display
formula as `$$ … $$` (with Markdown's `(2)` after it when the entry has an `eqno`), an inline
one inside a sentence. The post is parsed and rendered by mlguide exactly as a build does (its
macros given as the post's front matter would), and each formula's HTML is what mlguide writes
for it. `check_html` then tests that HTML against the entry's `expect` (README.md has the
schema); `BROWSER_CHECK` tests the same page laid out in Chromium. Used by score.py and by
tests/test_math_corpus.py.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "formulas.yaml"


@dataclass(frozen=True)
class Entry:
    id: str
    tex: str
    display: bool
    expect: dict[str, Any]
    category: tuple[str, ...]
    page: str
    macros: dict[str, str]
    eqno: str | None
    source: str
    sees: str


@dataclass
class Result:
    id: str
    html: str  # what mlguide writes for the formula
    warnings: list[str] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)


def load_corpus(path: Path = CORPUS) -> list[Entry]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Entry(
            e["id"],
            e["tex"],
            bool(e["display"]),
            e.get("expect") or {},
            tuple(e["category"]),
            e.get("page") or e["id"],
            e.get("macros") or {},
            None if e.get("eqno") is None else str(e["eqno"]),
            e["source"],
            e["sees"],
        )
        for e in data
    ]


def pages(entries: list[Entry]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        out.setdefault(e.page, []).append(e)
    return out


def markdown_of(group: list[Entry]) -> str:
    """The page as an author would write it in Markdown."""
    blocks = []
    for e in group:
        tex = e.tex.strip()
        if e.display:
            blocks.append(f"$$\n{tex}\n$$" + (f" ({e.eqno})" if e.eqno is not None else ""))
        else:
            blocks.append(f"Inline: the value ${tex}$ follows.")
    return "\n\n".join(blocks) + "\n"


def render_corpus(entries: list[Entry]) -> dict[str, Result]:
    """Every entry's HTML as mlguide renders its page."""
    from mlguide.site.render.markdown import parser
    from mlguide.site.render.markdown.math import MATH_TOKENS
    from mlguide.site.render.markdown.page import Ids, PageEnv

    md = parser.markdown_parser()
    results: dict[str, Result] = {}
    for page_id, group in pages(entries).items():
        macros: dict[str, str] = {}
        for e in group:
            macros.update(e.macros)
        page = PageEnv(Path(f"{page_id}.md"), Ids(), macros=macros)
        env = {"page": page}
        tokens = md.parse(markdown_of(group), env)
        found: list[tuple[list[Any], int]] = []
        for i, t in enumerate(tokens):
            if t.type in MATH_TOKENS:
                found.append((tokens, i))
            for j, c in enumerate(t.children or []):
                if c.type in MATH_TOKENS:
                    found.append((t.children or [], j))
        if len(found) != len(group):
            for e in group:
                results[e.id] = Result(e.id, "", fails=[f"page parsed into {len(found)} formulas"])
            continue
        for e, (seq, idx) in zip(group, found, strict=True):
            token = seq[idx]
            out = md.renderer.rules[token.type](seq, idx, md.options, env)
            line = (token.meta or {}).get("line")
            warnings = [f.message for f in page.findings if line is None or f.line == line]
            results[e.id] = Result(e.id, str(out), warnings)
    return results


# --- checks on the HTML ----------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u2061\u2062\u2063\u2064\u200b\u200c\u200d\ufeff"), None)
_NORMAL = {
    "\u2212": "-", "\u2032": "'", "\u00a0": " ", "\u2009": " ", "\u2005": " ", "\u2003": " ",
    "\u2002": " ", "\u200a": " ", "\u2217": "*", "\u2223": "|", "\u2215": "/", "\u00b7": "\u22c5",
    "\u2225": "\u2016",
}  # fmt: skip
_FUNCS = {"log", "ln", "exp", "sin", "cos", "tan", "tanh", "det", "lg", "Pr", "arg", "sigmoid"}
_GREEK_CAPS = {"GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI",
               "OMEGA"}  # fmt: skip
_SCRIPTED = ("msub", "msup", "msubsup", "munder", "mover", "munderover")
_BOLD_NAME = re.compile(r"^MATHEMATICAL (?:SANS-SERIF )?BOLD(?: ITALIC| SCRIPT| FRAKTUR)? ")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).translate(_INVISIBLE)
    s = "".join(_NORMAL.get(ch, ch) for ch in s)
    return re.sub(r"\s+", "", s)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def parse_fragment(fragment: str) -> ET.Element:
    def entity(m: re.Match[str]) -> str:
        if m.group(1) in ("amp", "lt", "gt", "quot", "apos"):
            return m.group(0)
        ch = html.unescape(m.group(0))
        return f"&#{ord(ch[0])};" if len(ch) == 1 else m.group(0)

    fragment = re.sub(r"&([A-Za-z][A-Za-z0-9]*);", entity, fragment)
    return ET.fromstring(f"<root>{fragment}</root>")


def visible_text(el: ET.Element) -> str:
    """Token text a reader sees: not annotations, only the first child of <semantics>."""
    name = _local(el.tag)
    if name in ("annotation", "annotation-xml", "style", "script"):
        return ""
    if name == "semantics":
        kids = list(el)
        return visible_text(kids[0]) if kids else ""
    parts = [el.text or ""]
    for k in el:
        parts += [visible_text(k), k.tail or ""]
    return "".join(parts)


def _is_bold_of(ch: str, base: str) -> bool:
    try:
        name, bname = unicodedata.name(ch), unicodedata.name(base)
    except ValueError:
        return False
    if not _BOLD_NAME.match(name):
        return False
    rest = _BOLD_NAME.sub("", name)
    for pattern, shape in (
        (r"LATIN (CAPITAL|SMALL) LETTER (\w)$", "{0} {1}"),
        (r"GREEK (CAPITAL|SMALL) LETTER (\w+)$", "{0} {1}"),
        (r"GREEK (?:LUNATE )?(\w+) SYMBOL$", "{0} SYMBOL"),
        (r"DIGIT (\w+)$", "DIGIT {0}"),
    ):
        if m := re.match(pattern, bname):
            return rest == shape.format(*m.groups())
    return False


def _bold_present(root: ET.Element, base: str) -> bool:
    for el in root.iter():
        if any(_is_bold_of(ch, base) for ch in el.text or ""):
            return True
        style = (el.get("style") or "").replace(" ", "").lower()
        if ("font-weight:bold" in style or "font-weight:700" in style) and base in visible_text(el):
            return True
    return False


def _rows(root: ET.Element) -> int:
    return max(
        (
            sum(1 for k in el if _local(k.tag) in ("mtr", "mlabeledtr"))
            for el in root.iter()
            if _local(el.tag) == "mtable"
        ),
        default=0,
    )


def check_html(res: Result, e: Entry) -> list[str]:
    """What is wrong with the formula's HTML, by the entry's expectations (README.md)."""
    ex = e.expect
    if not res.html:
        if ex.get("empty") and not res.fails and not res.warnings:
            return []  # only definitions: mlguide writes nothing, as MathJax shows nothing
        return res.fails or ["nothing rendered"]
    if 'class="math-tex"' in res.html:
        return [f"shown as TeX: {'; '.join(res.warnings)[:120]}"]
    try:
        root = parse_fragment(res.html)
    except ET.ParseError as err:
        return [f"not XML: {err}"]
    vis_raw = visible_text(root)
    vis = norm(vis_raw)
    names = {_local(el.tag) for el in root.iter()}
    if "ref" in ex:  # an inline \eqref: a link showing the number
        return [] if vis == norm(ex["ref"]) else [f"ref shows {vis!r} not {ex['ref']}"]
    if ex.get("empty"):
        return [] if vis == "" else [f"should be empty, shows {vis[:40]!r}"]
    maths = [el for el in root.iter() if _local(el.tag) == "math"]
    if not maths:
        return ["no <math>"]
    fails: list[str] = []
    if "\\" in vis_raw:
        fails.append(f"visible backslash: {vis[:60]!r}")
    if "&" in vis_raw and r"\&" not in e.tex:
        fails.append("visible '&'")
    if "merror" in names:
        fails.append("merror")
    if e.display:
        m = maths[0]
        if m.get("display") != "block" and "block" not in (m.get("style") or ""):
            fails.append("not display=block")
    for item in ex.get("contains") or []:
        if not any(a in names for a in item.split("|")):
            fails.append(f"no <{item}>")
    for item in ex.get("absent") or []:
        if item in names:
            fails.append(f"has <{item}>")
    if "rows" in ex:
        want = ex["rows"]
        lo, hi = (want, want) if isinstance(want, int) else (want[0], want[1])
        if not lo <= _rows(root) <= hi:
            fails.append(f"rows {_rows(root)} != {want}")
    plain = unicodedata.normalize("NFKC", vis)  # 𝚘𝚗𝚎 (\texttt) reads as one
    for s in ex.get("text_includes") or []:
        alts = s if isinstance(s, list) else [s]
        if not any(
            norm(str(a)) in vis or (str(a).isascii() and norm(str(a)) in plain) for a in alts
        ):
            fails.append(f"text lacks {alts[0]!r}")
    for s in ex.get("text_excludes") or []:
        if norm(str(s)) in vis:
            fails.append(f"text shows {s!r}")
    for b in ex.get("bold") or []:
        if not _bold_present(root, str(b)):
            fails.append(f"{b} not bold")
    if "tag" in ex:
        if ex["tag"] is None:
            if re.search(r"\(\d+\)$", vis):
                fails.append("numbered but should not be")
        elif not vis.endswith(norm(ex["tag"])):
            fails.append(f"no tag {ex['tag']}")
    pos = 0
    for t in ex.get("tags") or []:
        k = vis.find(norm(t), pos)
        if k < 0:
            fails.append(f"no row tag {t}")
            break
        pos = k + len(norm(t))
    fails += _function_spacing(root) + _upright_greek(root)
    if ex.get("under") and e.display:
        u = norm(ex["under"])
        if not any(
            _local(el.tag) in ("munder", "munderover")
            and len(el)
            and u in norm(visible_text(el[0]))
            for el in root.iter()
        ):
            fails.append(f"no limit under {ex['under']}")
    return fails


def _function_spacing(root: ET.Element) -> list[str]:
    r"""`\log p`: TeX puts a thin space after a function name unless a fence follows (U+2061
    alone has no width in MathML Core, so `logp` would run together)."""
    for parent in root.iter():
        if _local(parent.tag) in _SCRIPTED:
            continue
        kids = list(parent)
        for i, k in enumerate(kids[:-1]):
            base = k
            while _local(base.tag) in _SCRIPTED and len(base):
                base = base[0]
            if _local(base.tag) != "mi" or norm(base.text or "") not in _FUNCS:
                continue
            nxt: ET.Element | None = kids[i + 1]
            if _local(nxt.tag) == "mo" and (nxt.text or "").strip() == "\u2061":
                nxt = kids[i + 2] if i + 2 < len(kids) else None
                if nxt is None:
                    continue
            if (
                _local(nxt.tag) in ("mstyle", "mpadded")
                and len(nxt)
                and _local(nxt[0].tag) == "mspace"
            ):
                continue
            if _local(nxt.tag) in ("mspace", "mo", "mtext") or (
                _local(nxt.tag) == "mrow" and len(nxt) and _local(nxt[0].tag) in ("mo", "mspace")
            ):
                continue
            return [f"no space after {base.text}"]
    return []


def _upright_greek(root: ET.Element) -> list[str]:
    r"""TeX sets capital Greek upright (`\Delta W`); a lone letter in <mi> is italic unless
    mathvariant="normal"."""
    for el in root.iter():
        if _local(el.tag) == "mi" and el.get("mathvariant") != "normal":
            t = (el.text or "").strip()
            name = unicodedata.name(t, "") if len(t) == 1 else ""
            if len(t) == 1 and (
                "\u0391" <= t <= "\u03a9"
                or (
                    name.startswith("MATHEMATICAL ITALIC CAPITAL")
                    and name.split()[-1] in _GREEK_CAPS
                )
            ):
                return [f"italic capital Greek {t}"]
    return []


# --- in Chromium -------------------------------------------------------------------------------

PAGE_CSS = """
body{font:18px/1.5 "DejaVu Serif",serif;margin:16px;width:%(w)dpx;background:#fff;color:#111}
.f{border:1px solid #ddd;margin:0 0 10px;padding:4px 8px;position:relative}
.f.bad{border:2px solid #d00}
.id{font:11px/1.2 "DejaVu Sans Mono",monospace;color:#666}
.why{font:11px/1.2 "DejaVu Sans Mono",monospace;color:#b00}
.box{width:100%%}
:root{--danger:#b00;--surface:#eee;--radius-small:4px}
"""

# For each entry: a rendered formula (not for a reference link), no raw TeX visible, the rows
# of every table on lines of their own, limits under their operator, fences stretched, and
# equation numbers at the right margin.
BROWSER_CHECK = r"""
(expects) => {
  const ref = document.getElementById('ref-paren').getBoundingClientRect().height;
  const out = {};
  for (const [id, ex] of Object.entries(expects)) {
    const box = document.querySelector(`[data-id="${id}"] .box`);
    const fails = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let text = '';
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (n.parentElement.closest('annotation,annotation-xml')) continue;
      const rg = document.createRange(); rg.selectNodeContents(n);
      const rr = rg.getBoundingClientRect();
      if (rr.width > 0 && rr.height > 0) text += n.textContent;
    }
    if (text.replace(/^Inline: the value |\s*follows\.$/g, '').includes('\\')) fails.push('browser: visible backslash');
    if (text.includes('&') && !ex.amp) fails.push("browser: visible '&'");
    const math = box.querySelector('math');
    if (ex.ref) { out[id] = {fails, text}; continue; }
    if (!math) { out[id] = {fails: ex.empty ? fails : fails.concat(['browser: no math']), text}; continue; }
    const r = math.getBoundingClientRect();
    if ((r.width < 1 || r.height < 1) && !ex.empty) fails.push('browser: zero size');
    for (const t of box.querySelectorAll('mtable')) {
      const rows = [...t.children].filter(c => ['mtr', 'mlabeledtr'].includes(c.localName));
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1].getBoundingClientRect(), b = rows[i].getBoundingClientRect();
        if (a.height > 0 && b.height > 0 && b.top < a.top + 2) { fails.push('browser: table rows share a line'); break; }
      }
    }
    if (ex.rows_min >= 2 && box.querySelectorAll('mtable').length === 0) fails.push('browser: no table for rows');
    if (ex.under && ex.display) {
      let seen = false, good = false;
      for (const u of box.querySelectorAll('munder,munderover')) {
        const base = u.children[0], under = u.children[1];
        if (!base || !under) continue;
        if (!base.textContent.replace(/\s|\u2009|\u2061/g, '').includes(ex.under)) continue;
        seen = true;
        if (under.getBoundingClientRect().top >= base.getBoundingClientRect().bottom - 3) good = true;
      }
      if (seen && !good) fails.push('browser: limit not under ' + ex.under);
    }
    if (ex.stretchy) {
      let best = 0;
      for (const mo of box.querySelectorAll('mo')) {
        if (/^[()\[\]{}|\u2016\u27e8\u27e9\u230a\u230b\u2308\u2309\u2223\u2225]$/.test(mo.textContent.trim()))
          best = Math.max(best, mo.getBoundingClientRect().height);
      }
      if (best < ex.stretchy * ref) fails.push(`browser: fence ${(best / ref).toFixed(2)}x < ${ex.stretchy}x`);
    }
    const want = ex.tags || (ex.tag ? [ex.tag] : []);
    for (const tag of want) {
      const n = s => s.replace(/[\s\u00a0\u2009]/g, '');
      const cands = [...box.querySelectorAll('*')].filter(el => n(el.textContent) === n(tag));
      const el = cands[cands.length - 1];
      if (!el) { fails.push('browser: tag ' + tag + ' not found'); continue; }
      const tr = el.getBoundingClientRect(), br = box.getBoundingClientRect();
      if (tr.right < br.right - 0.12 * br.width) fails.push('browser: tag ' + tag + ' not at right margin');
    }
    out[id] = {fails, text};
  }
  return out;
}
"""


def browser_expectations(entries: list[Entry]) -> dict[str, dict[str, Any]]:
    out = {}
    for e in entries:
        ex = e.expect
        rows, st = ex.get("rows"), ex.get("stretchy")
        out[e.id] = {
            "display": e.display,
            "under": norm(ex["under"]) if ex.get("under") else None,
            "stretchy": (1.4 if st is True else st) if st else None,
            "tag": ex.get("tag"),
            "tags": ex.get("tags"),
            "empty": bool(ex.get("empty")),
            "ref": "ref" in ex,
            "amp": r"\&" in e.tex,
            "rows_min": (rows if isinstance(rows, int) else rows[0]) if rows else 0,
        }
    return out


def page_html(
    entries: list[Entry],
    results: dict[str, Result],
    css: str,
    title: str,
    width: int = 760,
    marks: dict[str, list[str]] | None = None,
) -> str:
    """A contact sheet: each formula in a frame, a failing one framed in red with why."""
    parts = [
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>",
        f"<style>{css}</style><style>{PAGE_CSS % {'w': width}}</style></head><body>",
        f"<h1 style='font:14px sans-serif;margin:0 0 8px'>{html.escape(title)}</h1>",
        "<span style='position:absolute;left:-999px'><math><mo id='ref-paren'>(</mo></math></span>",
    ]
    for e in entries:
        r = results[e.id]
        bad = bool(marks and marks.get(e.id))
        body = (
            r.html if e.display else f"<p style='margin:0'>Inline: the value {r.html} follows.</p>"
        )
        why = (
            f"<div class='why'>{html.escape('; '.join(marks[e.id])[:300])}</div>"
            if bad and marks
            else ""
        )
        parts.append(
            f"<div class='f{' bad' if bad else ''}' data-id='{e.id}'><div class='id'>{e.id}</div>"
            f"<div class='box'>{body}</div>{why}</div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)


def browser_check(
    entries: list[Entry],
    results: dict[str, Result],
    css: str,
    sheets: Path | None = None,
    chromium: str = "/usr/bin/chromium",
) -> dict[str, list[str]]:
    """Failures found in Chromium, by entry id; contact sheets of 12 formulas into `sheets`."""
    import tempfile

    from playwright.sync_api import sync_playwright

    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 800, "height": 1000})
        sheet = Path(tmp) / "all.html"
        sheet.write_text(page_html(entries, results, css, "math corpus"), encoding="utf-8")
        page.goto(sheet.as_uri())
        page.wait_for_timeout(300)
        got = page.evaluate(BROWSER_CHECK, browser_expectations(entries))
        for e in entries:
            found[e.id] = list(got[e.id]["fails"])
        if sheets is not None:
            sheets.mkdir(parents=True, exist_ok=True)
            marks = {e.id: results[e.id].fails + found[e.id] for e in entries}
            for k in range(0, len(entries), 12):
                part = entries[k : k + 12]
                f = Path(tmp) / f"sheet-{k // 12 + 1:02d}.html"
                title = f"mlguide — formulas {k + 1}-{k + len(part)}"
                f.write_text(page_html(part, results, css, title, marks=marks), encoding="utf-8")
                page.goto(f.as_uri())
                page.wait_for_timeout(150)
                page.screenshot(path=str(sheets / f"sheet-{k // 12 + 1:02d}.png"), full_page=True)
        browser.close()
    return found
