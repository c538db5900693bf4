"""Audit each kind of page of the built site, as a host would serve it: one line per page and
preset (Lighthouse mobile and desktop scores, axe-core violations, Nu HTML Checker errors,
console errors and failed requests). Exits 1 when a score is below 100 or anything is found.

The site is served on 127.0.0.1 (a free port) at its base path, read from the build marker,
so links and the 404 page resolve as they will in production. Kinds of page that this build
does not have print "not in this build" and do not fail: a one-post site has no second home
page, tags or archive worth the name, so `--demo` writes 30 posts (the guide and 29 synthetic
ones, benchmarks/corpus.py) with this project's mlguide.yml into a temporary folder, builds
them and audits that. The search row types a query into the box on every kind of page (it
fails where no results come), then audits the open results in Lighthouse's snapshot mode (no
performance score: nothing loads), axe and the console. Run through scripts/audit.sh, which
installs the tools; raw reports go to .cache/audit/reports/.

`--screenshots DIR` saves the README's screenshots instead (1280x900 and 390x844, light and
dark, of each kind of page and the open search results), as palette PNGs.

`--tutorial` builds tests/fixtures/tutorial/ (one post with every code block, callout,
picture and player of docs/code-and-callouts.md and docs/images-and-media.md, and a
page with a hero, a code block and a callout) into a temporary folder and audits that;
with `--screenshots DIR` it saves docs' tutorial-*.png, scrolled to the post's code blocks.

Run: .venv/bin/python scripts/audit_pages.py --lighthouse CLI.js --axe axe.min.js --vnu vnu.jar
     [--build DIR | --demo [POSTS] | --tutorial] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FLAGS = [  # Chromium on this machine class: no sandbox as root, no background traffic
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Viewports of Lighthouse's own presets, so axe and the console see the page Lighthouse scored.
PRESETS: dict[str, tuple[list[str], dict[str, Any]]] = {
    "mobile": (
        [],
        {
            "viewport": {"width": 412, "height": 823},
            "device_scale_factor": 1.75,
            "is_mobile": True,
            "has_touch": True,
        },
    ),
    "desktop": (["--preset=desktop"], {"viewport": {"width": 1350, "height": 940}}),
}

GUIDE = "ten-steps-to-build-a-machine-learning-model/"
QUERY = "model"  # a word of the guide's, so every build has results for it
DEMO_POSTS = 30  # three home pages at the default per_page of 10, every tag on several posts
# The search results state in Lighthouse's snapshot mode, driven by Puppeteer (Lighthouse's own
# dependency). Snapshots do not emulate: the viewport is set to the preset's here.
SNAPSHOT_JS = """
import {createRequire} from "node:module";
import {pathToFileURL} from "node:url";
import {writeFileSync} from "node:fs";
const [cli, url, query, viewport, desktop, report, chromium, flags] = process.argv.slice(2);
const puppeteer = createRequire(cli)("puppeteer-core");
const lh = await import(new URL("../core/index.js", pathToFileURL(cli)).href);
const browser = await puppeteer.launch({executablePath: chromium, args: JSON.parse(flags)});
try {
  const page = await browser.newPage();
  await page.setViewport(JSON.parse(viewport));
  await page.goto(url, {waitUntil: "load"});
  const opener = await page.$("[data-search-open]");
  if (opener) await opener.click(); else await page.focus("#search-input");
  await page.keyboard.type(query);
  await page.waitForSelector("#search-results:not([hidden]) li a", {timeout: 30000});
  const formFactor = desktop === "1" ? "desktop" : "mobile";
  const result = await lh.snapshot(page, {
    config: desktop === "1" ? lh.desktopConfig : undefined,
    flags: {formFactor, screenEmulation: {disabled: true}},
  });
  writeFileSync(report, JSON.stringify(result.lhr));
} finally {
  await browser.close();
}
"""
SHOTS: dict[str, Any] = {
    "1280": {"width": 1280, "height": 900},
    "390": {"width": 390, "height": 844},
}
SHOT_NAMES = {  # kind of page: file name stem in the screenshots folder
    "home": "home",
    "a page": "page",
    "home page 2": "home-page-2",
    "the guide": "guide",
    "a tag page": "tag",
    "tags index": "tags",
    "archive": "archive",
    "search results": "search",
}


@dataclass(frozen=True)
class Page:
    name: str
    path: str | None  # relative to the base path; None: not in this build
    skip_audits: tuple[str, ...] = ()  # Lighthouse audits that do not apply to this page
    search: bool = False  # audited with the search results open over it
    redirect: bool = False  # an old URL: the browser goes on to the page it leads to


def html_file(build: Path, path: str) -> Path:
    """The file a page path is served from (absolute, as the Nu checker reports it)."""
    return (
        build / path / "index.html" if path.endswith("/") or not path else build / path
    ).resolve()


def discover(build: Path) -> list[Page]:
    """Each kind of page, if this build has one (pagination, tags and archive come later)."""

    def page(name: str, path: str) -> Page:
        return Page(name, path if html_file(build, path).is_file() else None)

    tags = sorted(p.parent for p in build.glob("tags/*/index.html"))
    return [
        page("home", ""),
        page("home page 2", "page/2/"),
        page("the guide", GUIDE),
        Page("a tag page", f"tags/{tags[0].name}/" if tags else None),
        page("archive", "archive/"),
        # Hosts send 404.html for any missing path; audited at its own URL, since Lighthouse
        # fails every 404 status by design. Its `noindex` is deliberate, so is-crawlable is off.
        Page("404", "404.html" if (build / "404.html").is_file() else None, ("is-crawlable",)),
    ]


def discover_more(build: Path) -> list[Page]:
    """The kinds of page `discover` does not list: a post other than the guide (the first with a
    figure, if any has one), the first with a displayed formula and the first notebook post
    (their pages carry the math and notebook styles), a standalone page (About), an old URL
    that redirects, the tags index, and the search results (over the home page here;
    `where_search_works` moves them to the first kind of page where search works)."""
    posts: dict[str, bool] = {}  # folder: has a figure
    for file in sorted(build.rglob("index.html")):  # a permalink pattern nests posts
        html = file.read_text(encoding="utf-8", errors="replace")
        folder = file.parent.relative_to(build).as_posix()
        is_post = re.search(r'<main [^>]*class="[^"]*\bpage-post\b', html) is not None
        if is_post and f"{folder}/" != GUIDE:
            posts[folder] = "<figure" in html
    post = next((name for name, figure in posts.items() if figure), next(iter(posts), None))
    math_post = notebook_post = None  # science pages load math.css and notebook.css
    for file in sorted(build.rglob("index.html")):  # a permalink pattern nests posts
        html = file.read_text(encoding="utf-8", errors="replace")
        if 'class="page-post"' not in html:
            continue
        folder = file.parent.relative_to(build).as_posix()
        if notebook_post is None and 'class="nb-outputs"' in html:
            notebook_post = folder
        elif math_post is None and '<math display="block"' in html:
            math_post = folder
    home = html_file(build, "")
    search = home.is_file() and "data-search" in home.read_text(encoding="utf-8")
    standalone = next(
        (
            f"{file.parent.relative_to(build).as_posix()}/"
            for file in sorted(build.rglob("index.html"))
            if 'class="page-page"' in file.read_text(encoding="utf-8", errors="replace")
        ),
        None,
    )
    return [
        Page("a post", f"{post}/" if post else None),
        Page("a math post", f"{math_post}/" if math_post else None),
        Page("a notebook post", f"{notebook_post}/" if notebook_post else None),
        Page("a page", standalone),
        # Audited where the browser lands: Lighthouse and axe follow the refresh, the Nu
        # checker reads the redirect page itself.
        Page("a redirect", redirect_from(build), redirect=True),
        Page("tags index", "tags/" if html_file(build, "tags/").is_file() else None),
        Page("search results", "" if search else None, search=True),
    ]


def redirect_from(build: Path) -> str | None:
    """The first old URL in the build's `_redirects` (`/base/old/ /base/new/ 301`), relative
    to the site's base path; None if the build has none."""
    rules = build / "_redirects"
    if not rules.is_file():
        return None
    marker = json.loads((build / ".mlguide-build.json").read_text())
    base = urlsplit(marker["base_url"]).path or "/"
    first = rules.read_text(encoding="utf-8").split()
    return first[0][len(base) :] if first and first[0].startswith(base) else None


def every_kind(build: Path) -> list[Page]:
    """`discover` and `discover_more` together, in reading order."""
    pages = {p.name: p for p in (*discover(build), *discover_more(build))}
    order = ["home", "home page 2", "the guide", "a post", "a math post", "a notebook post"]
    order += ["a page", "a redirect", "a tag page", "tags index"]
    return [pages[n] for n in (*order, "archive", "search results", "404")]


class Handler(SimpleHTTPRequestHandler):
    """build/ at the base path; anything missing gets 404.html with status 404, like a host."""

    base = "/"
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".webp": "image/webp",
        ".js": "text/javascript",
        ".xml": "application/xml",
    }

    def send_head(self) -> Any:
        if not unquote(urlsplit(self.path).path).startswith(self.base):
            self.send_error(404)  # outside the site, e.g. /robots.txt of a project site
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + unquote(urlsplit(path).path)[len(self.base) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing a connection early is not a finding


@contextmanager
def serve(build: Path, base: str) -> Iterator[str]:
    handler = type("SiteHandler", (Handler,), {"base": base})
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=build))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(cli: Path, url: str, preset: str, page: Page, report: Path) -> dict[str, int | None]:
    """Scores 0-100 per category from one Lighthouse run (its Chrome is started and stopped
    by Lighthouse itself, in the temporary folder this run deletes). The search results are a
    snapshot, which has no performance score (None)."""
    if page.search:
        return snapshot(cli, url, preset, report)
    argv = [
        "node",
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={' '.join(FLAGS)}",
        "--max-wait-for-load=60000",
        *PRESETS[preset][0],
    ]
    if page.skip_audits:
        argv.append(f"--skip-audits={','.join(page.skip_audits)}")
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0 or not report.is_file():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise AuditError(f"Lighthouse failed on {url} ({preset}): {tail}")
    return scores_of(report)


def snapshot(cli: Path, url: str, preset: str, report: Path) -> dict[str, int | None]:
    """Lighthouse's snapshot mode on the page at url with QUERY typed into its search box."""
    options = PRESETS[preset][1]
    viewport = {
        **options["viewport"],
        "deviceScaleFactor": options.get("device_scale_factor", 1),
        "isMobile": options.get("is_mobile", False),
        "hasTouch": options.get("has_touch", False),
    }
    script = Path(tempfile.gettempdir()) / "snapshot.mjs"
    script.write_text(SNAPSHOT_JS)
    argv = [str(cli.resolve()), url, QUERY, json.dumps(viewport), str(int(preset == "desktop"))]
    argv += [str(report), CHROMIUM, json.dumps(FLAGS[1:])]
    report.unlink(missing_ok=True)
    done = subprocess.run(["node", str(script), *argv], capture_output=True, text=True)
    if done.returncode != 0 or not report.is_file():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise AuditError(f"Lighthouse snapshot failed on {url} ({preset}): {tail}")
    return {**scores_of(report), "performance": None}


def scores_of(report: Path) -> dict[str, int | None]:
    lhr = json.loads(report.read_text())
    return {k: round(100 * (lhr["categories"][k]["score"] or 0)) for k in CATEGORIES}


def details(report: Path, violations: list[str], nu: list[str], errors: list[str]) -> list[str]:
    """What to fix, under a page's line: what cost Lighthouse points, then each finding."""
    below = failing_audits(report)
    return (
        ([f"Lighthouse below 1: {', '.join(below)}"] if below else [])
        + [f"axe: {v}" for v in violations]
        + [f"Nu: {e}" for e in nu]
        + errors
        + errored(report)
    )


def failing_audits(report: Path) -> list[str]:
    """Scored audits that did not pass, with their score (an audit can count in two categories:
    listed once). A metric just under 1 can still round to a category score of 100."""
    lhr = json.loads(report.read_text())
    return sorted(
        {
            f"{audit_id} {score:.2f}"
            for category in lhr["categories"].values()
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            if (audit_id := ref["id"])
            and (score := lhr["audits"][audit_id]["score"] or 0) < 1
            and lhr["audits"][audit_id]["scoreDisplayMode"] in ("binary", "numeric")
        }
    )


def errored(report: Path) -> list[str]:
    """Audits Lighthouse could not run (they score nothing, so they would pass unseen)."""
    audits = json.loads(report.read_text())["audits"]
    failed = sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error")
    return [f"Lighthouse could not run: {', '.join(failed)}"] if failed else []


def open_search(page: Any, timeout: float = 10_000) -> None:
    """Types QUERY into the search box; returns when results are listed (raises on timeout)."""
    page.evaluate("window.scrollTo(0, 0)")
    if page.locator("[data-search-open]").count():  # the icon opens the search dialog
        page.click("[data-search-open]")
    else:
        page.focus("#search-input")
    page.keyboard.type(QUERY)
    page.wait_for_selector("#search-results:not([hidden]) li a", timeout=timeout)


def search_from(browser: Any, url: str) -> str | None:
    """None when the search box of the page at url lists results for QUERY; else why not."""
    context = browser.new_context(**PRESETS["desktop"][1])
    page = context.new_page()
    index: dict[str, int] = {}  # the paths pagefind.js was asked for at: HTTP status
    page.on(
        "response",
        lambda r: index.update({urlsplit(r.url).path: r.status}) if "pagefind.js" in r.url else 0,
    )
    page.goto(url, wait_until="load")
    try:
        open_search(page)
        return None
    except Exception:  # noqa: BLE001 (Playwright's TimeoutError: no results came)
        asked = ", ".join(f"{path} {status}" for path, status in index.items())
        return f"no results for “{QUERY}” in 10 s; pagefind.js: {asked or 'not requested'}"
    finally:
        context.close()


def settled(tab: Any, pending: dict[str, None], errors: list[str]) -> None:
    """Waits until the network is quiet. A page that never gets there (an image hot-linked
    from a host this machine cannot reach, or a machine too busy) is a finding on its line,
    not a traceback that ends the audit."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.wait_for_load_state("networkidle")
    except PlaywrightTimeout:
        waiting = ", ".join(list(pending)[:3]) or "no request pending: a busy machine?"
        errors.append(f"network still busy after 30 s: {waiting}")


def browser_checks(
    browser: Any, url: str, page: Page, preset: str, axe: str
) -> tuple[list[str], list[str]]:
    """(axe violations, console errors and failed requests) at the preset's viewport; for the
    search row, with the results open."""
    context = browser.new_context(**PRESETS[preset][1])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else 0)
    tab.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    tab.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    tab.on(
        "response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else 0
    )
    pending: dict[str, None] = {}  # requests not answered yet, in the order they were made
    tab.on("request", lambda r: pending.setdefault(r.url))
    tab.on("requestfinished", lambda r: pending.pop(r.url, None))
    tab.on("requestfailed", lambda r: pending.pop(r.url, None))
    tab.goto(url, wait_until="load")
    if page.redirect:  # the refresh leads on: judge the page the reader lands on
        tab.wait_for_url(lambda now: now != url, wait_until="load")
        errors.clear()  # the old page's requests, cut short by the refresh, are not failures
    height = tab.evaluate("document.body.scrollHeight")
    for y in range(0, height + 800, 600):  # lazy images and animations load as they scroll in
        tab.evaluate(f"window.scrollTo(0, {y})")
        tab.wait_for_timeout(20)
    settled(tab, pending, errors)
    if page.search:
        open_search(tab, 30_000)
        settled(tab, pending, errors)
    tab.add_script_tag(content=axe)
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    context.close()
    violations = [f"{v['id']} ({len(v['nodes'])})" for v in result["violations"]]
    return violations, errors


def nu_errors(jar: Path, files: list[Path]) -> dict[Path, list[str]]:
    """Nu HTML Checker errors per file, from one Java start for all pages."""
    done = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError) as exc:
        raise AuditError(f"Nu HTML Checker gave no report: {done.stderr[-200:]}") from exc
    found: dict[Path, list[str]] = {f: [] for f in files}
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            file = Path(unquote(urlsplit(m.get("url", "")).path))
            found.setdefault(file, []).append(f"line {m.get('lastLine', '?')}: {m['message']}")
    return found


def shown(path: Path) -> str:
    """A path as the user would type it from the working folder."""
    return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)


def tool_versions(args: argparse.Namespace) -> str:
    def npm(package_json: Path) -> str:
        data = json.loads(package_json.read_text())
        return f"{data['name']} {data['version']}"

    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    packages = (args.lighthouse.parents[1], args.axe.parent, args.vnu.parents[2])
    return ", ".join([*(npm(p / "package.json") for p in packages), " ".join(chromium.split()[:2])])


class AuditError(Exception):
    """A tool that failed to run, as one line."""


def where_search_works(browser: Any, root: str, pages: list[Page]) -> tuple[list[Page], bool]:
    """Tries the search box on each kind of page and prints where it works; the pages again,
    the search row opened over the first kind of page where it does (None if none), and
    whether it works everywhere."""
    search = next((p for p in pages if p.search and p.path is not None), None)
    if search is None:
        return pages, True
    tried = [p for p in pages if p.path is not None and not p.search and not p.redirect]
    failures = {p.name: why for p in tried if (why := search_from(browser, f"{root}{p.path}"))}
    works = next((p.path for p in tried if p.name not in failures), None)
    marks = ", ".join(f"{p.name} {'✗' if p.name in failures else '✓'}" for p in tried)
    print(f"{'search from':<14} {marks}  {'✗' if failures else '✓'}")
    for name, why in failures.items():
        print(f"{'':<23}{name}: {why}"[:200])
    moved = replace(search, path=works)
    return [moved if p is search else p for p in pages], not failures


def audit(args: argparse.Namespace) -> bool:
    marker = json.loads((args.build / ".mlguide-build.json").read_text())
    base = urlsplit(marker["base_url"]).path or "/"
    pages = every_kind(args.build)
    files = {
        p.name: html_file(args.build, p.path) for p in pages if p.path is not None and not p.search
    }
    nu = nu_errors(args.vnu, list(files.values()))
    axe = args.axe.read_text()
    reports = REPO / ".cache" / "audit" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with serve(args.build, base) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
        where = f"{shown(args.build)} at {root}; reports in {shown(reports)}"
        print(f"{tool_versions(args)}\nserving {where}")
        has_search = any(p.search and p.path is not None for p in pages)
        pages, ok = where_search_works(browser, root, pages)
        for page in pages:
            if page.path is None:
                missing = "no results on any page" if page.search and has_search else ""
                print(f"{page.name:<14} {missing or 'not in this build'}{'  ✗' if missing else ''}")
                continue
            url = root + page.path
            for preset in PRESETS:
                report = reports / f"{page.name.replace(' ', '-')}-{preset}.json"
                scores = lighthouse(args.lighthouse, url, preset, page, report)
                violations, errors = browser_checks(browser, url, page, preset, axe)
                found = [] if page.search else nu[files[page.name]]
                scored = [s for s in scores.values() if s is not None]
                good = min(scored) == 100 and not (violations or errors or found)
                ok &= good
                line = " ".join(
                    f"{short} {'-' if scores[k] is None else scores[k]:>3}"
                    for k, short in zip(CATEGORIES, ("perf", "a11y", "bp", "seo"), strict=True)
                )
                nu_count = "-" if page.search else len(found)
                path = f"/{base.strip('/')}/{page.path}".replace("//", "/")
                print(
                    f"{page.name:<14} {preset:<7} {line}  axe {len(violations)}  "
                    f"nu {nu_count}  console {len(errors)}  {'✓' if good else '✗'}"
                    + (f"  {path}" if preset == "desktop" else "")
                    + (f" + “{QUERY}” typed" if page.search and preset == "desktop" else "")
                )
                for detail in details(report, violations, found, errors)[:8]:
                    print(f"{'':<23}{detail[:160]}")
        browser.close()
    return ok


TUTORIAL_ANCHOR = "code-blocks"  # where the tutorial screenshots start


def screenshots(args: argparse.Namespace) -> None:
    """The README's screenshots of each kind of page: viewport-sized, light and dark (with
    --tutorial: of the tutorial post only, from its code blocks)."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    marker = json.loads((args.build / ".mlguide-build.json").read_text())
    base = urlsplit(marker["base_url"]).path or "/"
    args.screenshots.mkdir(parents=True, exist_ok=True)
    with serve(args.build, base) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
        pages, _ = where_search_works(browser, root, every_kind(args.build))
        for page in pages:
            if args.tutorial and page.name == "a post" and page.path is not None:
                page = replace(page, path=f"{page.path}#{TUTORIAL_ANCHOR}")
            elif args.tutorial or page.path is None or page.name not in SHOT_NAMES:
                continue
            for width, viewport in SHOTS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    tab = context.new_page()
                    tab.goto(root + page.path, wait_until="networkidle")
                    tab.evaluate("document.fonts.ready.then(() => 0)")
                    if page.search:
                        open_search(tab, 30_000)
                        tab.wait_for_load_state("networkidle")
                    tab.wait_for_timeout(300)  # images decoded, the first frame of a GIF shown
                    png = Image.open(io.BytesIO(tab.screenshot())).convert("RGB")
                    context.close()
                    name = "tutorial" if args.tutorial else SHOT_NAMES[page.name]
                    out = args.screenshots / f"{name}-{width}-{scheme}.png"
                    # A 256-colour palette keeps text crisp (no dithering) at a third of the size.
                    png.quantize(256, dither=Image.Dither.NONE).save(out, optimize=True)
                    print(f"{shown(out)}  {png.width}x{png.height}  {out.stat().st_size:,} bytes")
        browser.close()


def demo_build(work: Path, posts: int) -> Path:
    """`posts` posts from benchmarks/corpus.py (the guide first) with this project's
    mlguide.yml, built in work/: a site with every kind of page."""
    import yaml

    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    settings = yaml.safe_load((REPO / "mlguide.yml").read_text(encoding="utf-8"))
    project = corpus.write_corpus(work / "demo", posts, ssgs=["mlguide"], config=settings)[
        "mlguide"
    ]
    # The menu's pages (About): the corpus has posts only, and names the guide's file anew.
    for page in sorted((REPO / "content" / "pages").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        text = text.replace(f"../{corpus.GUIDE.name}", f"../00000-{corpus.GUIDE.name}")
        target = Path(project) / "content" / "pages" / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), "build"],
        capture_output=True,
        text=True,
    )
    said = [line for line in done.stderr.splitlines() if line.startswith(("warning", "error"))]
    if done.returncode != 0 or said:
        raise AuditError(f"the demo site did not build cleanly: {(said or [done.stderr])[-1]}")
    print(f"demo: {posts} posts from benchmarks/corpus.py with mlguide.yml, built")
    return Path(project) / "build"


def tutorial_build(work: Path) -> Path:
    """tests/fixtures/tutorial built --strict in work/."""
    project = work / "tutorial"
    shutil.copytree(REPO / "tests" / "fixtures" / "tutorial", project)
    done = subprocess.run(
        [sys.executable, "-m", "mlguide", "-C", str(project), "build", "--strict"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise AuditError(f"the tutorial fixture did not build: {done.stderr.strip()[-300:]}")
    print("tutorial: tests/fixtures/tutorial built --strict")
    return project / "build"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--build", type=Path, default=REPO / "build")
    parser.add_argument(
        "--demo",
        type=int,
        nargs="?",
        const=DEMO_POSTS,
        metavar="POSTS",
        help=f"audit a temporary {DEMO_POSTS}-post site (benchmarks/corpus.py) instead of --build",
    )
    parser.add_argument(
        "--tutorial",
        action="store_true",
        help="audit tests/fixtures/tutorial (built into a temporary folder) instead of --build",
    )
    parser.add_argument(
        "--screenshots", type=Path, metavar="DIR", help="save screenshots into DIR, no audit"
    )
    parser.add_argument("--lighthouse", type=Path, required=True, help="lighthouse/cli/index.js")
    parser.add_argument("--axe", type=Path, required=True, help="axe-core/axe.min.js")
    parser.add_argument("--vnu", type=Path, required=True, help="vnu-jar's vnu.jar")
    args = parser.parse_args()
    if args.demo is not None and args.demo < 11:
        parser.error("--demo needs 11 posts or more, for a second home page")
    for tool in (args.lighthouse, args.axe, args.vnu):
        if not tool.is_file():
            print(f"audit: missing {tool}: run `make audit`", file=sys.stderr)
            return 2
    built = (args.build / ".mlguide-build.json").is_file()
    if args.demo is None and not args.tutorial and not built:
        print(f"audit: {args.build} is not an mlguide build: run `make site`", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    work = Path(tempfile.mkdtemp(prefix="mlguide-audit-"))
    os.environ["TMPDIR"] = str(work)  # Chrome's profiles and sockets, deleted with it
    try:
        if args.demo is not None:
            args.build = demo_build(work, args.demo)
        elif args.tutorial:
            args.build = tutorial_build(work)
        if args.screenshots:
            screenshots(args)
            return 0
        return 0 if audit(args) else 1
    except AuditError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("audit: interrupted", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
