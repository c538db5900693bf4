"""Audit each kind of page of the built site, as a host would serve it: one line per page and
preset (Lighthouse mobile and desktop scores, axe-core violations, Nu HTML Checker errors,
console errors and failed requests). Exits 1 when a score is below 100 or anything is found.

The site is served on 127.0.0.1 (a free port) at its base path, read from the build marker,
so links and the 404 page resolve as they will in production. Kinds of page that this build
does not have yet print "not in this build" and do not fail. Run through scripts/audit.sh,
which installs the tools; raw reports go to .cache/audit/reports/.

Run: .venv/bin/python scripts/audit_pages.py --lighthouse CLI.js --axe axe.min.js --vnu vnu.jar
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Page:
    name: str
    path: str | None  # relative to the base path; None: not in this build
    skip_audits: tuple[str, ...] = ()  # Lighthouse audits that do not apply to this page


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
        page("the guide", "ten-steps-to-build-a-machine-learning-model/"),
        Page("a tag page", f"tags/{tags[0].name}/" if tags else None),
        page("archive", "archive/"),
        # Hosts send 404.html for any missing path; audited at its own URL, since Lighthouse
        # fails every 404 status by design. Its `noindex` is deliberate, so is-crawlable is off.
        Page("404", "404.html" if (build / "404.html").is_file() else None, ("is-crawlable",)),
    ]


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

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
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


def lighthouse(cli: Path, url: str, preset: str, page: Page, report: Path) -> dict[str, int]:
    """Scores 0-100 per category from one Lighthouse run (its Chrome is started and stopped
    by Lighthouse itself, in the temporary folder this run deletes)."""
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
    lhr = json.loads(report.read_text())
    return {k: round(100 * (lhr["categories"][k]["score"] or 0)) for k in CATEGORIES}


def details(report: Path, violations: list[str], nu: list[str], errors: list[str]) -> list[str]:
    """What to fix, under a page's line: what cost Lighthouse points, then each finding."""
    below = failing_audits(report)
    return (
        ([f"Lighthouse: {', '.join(below)}"] if below else [])
        + [f"axe: {v}" for v in violations]
        + [f"Nu: {e}" for e in nu]
        + errors
        + errored(report)
    )


def failing_audits(report: Path) -> list[str]:
    """Scored audits that did not pass (an audit can count in two categories: listed once)."""
    lhr = json.loads(report.read_text())
    return sorted(
        {
            audit_id
            for category in lhr["categories"].values()
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            if (audit_id := ref["id"])
            and (lhr["audits"][audit_id]["score"] or 0) < 1
            and lhr["audits"][audit_id]["scoreDisplayMode"] in ("binary", "numeric")
        }
    )


def errored(report: Path) -> list[str]:
    """Audits Lighthouse could not run (they score nothing, so they would pass unseen)."""
    audits = json.loads(report.read_text())["audits"]
    failed = sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "error")
    return [f"Lighthouse could not run: {', '.join(failed)}"] if failed else []


def browser_checks(browser: Any, url: str, preset: str, axe: str) -> tuple[list[str], list[str]]:
    """(axe violations, console errors and failed requests) at the preset's viewport."""
    context = browser.new_context(**PRESETS[preset][1])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else 0)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on(
        "response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else 0
    )
    page.goto(url, wait_until="load")
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 800, 600):  # lazy images and animations load as they scroll in
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(20)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
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


def audit(args: argparse.Namespace) -> bool:
    marker = json.loads((args.build / ".mlguide-build.json").read_text())
    base = urlsplit(marker["base_url"]).path or "/"
    pages = discover(args.build)
    present = [p for p in pages if p.path is not None]
    files = {p.name: html_file(args.build, p.path) for p in present if p.path is not None}
    nu = nu_errors(args.vnu, list(files.values()))
    axe = args.axe.read_text()
    reports = REPO / ".cache" / "audit" / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    ok = True
    from playwright.sync_api import sync_playwright

    with serve(args.build, base) as root, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS[1:])
        where = f"{shown(args.build)} at {root}; reports in {shown(reports)}"
        print(f"{tool_versions(args)}\nserving {where}")
        for page in pages:
            if page.path is None:
                print(f"{page.name:<12} not in this build")
                continue
            url = root + page.path
            for preset in PRESETS:
                report = reports / f"{page.name.replace(' ', '-')}-{preset}.json"
                scores = lighthouse(args.lighthouse, url, preset, page, report)
                violations, errors = browser_checks(browser, url, preset, axe)
                found = nu[files[page.name]]
                good = min(scores.values()) == 100 and not (violations or errors or found)
                ok &= good
                line = " ".join(
                    f"{short} {scores[k]:>3}"
                    for k, short in zip(CATEGORIES, ("perf", "a11y", "bp", "seo"), strict=True)
                )
                print(
                    f"{page.name:<12} {preset:<7} {line}  axe {len(violations)}  "
                    f"nu {len(found)}  console {len(errors)}  {'✓' if good else '✗'}"
                    + (f"  /{base.strip('/')}/{page.path}" if preset == "desktop" else "")
                )
                for detail in details(report, violations, found, errors)[:8]:
                    print(f"{'':<21}{detail[:160]}")
        browser.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--build", type=Path, default=REPO / "build")
    parser.add_argument("--lighthouse", type=Path, required=True, help="lighthouse/cli/index.js")
    parser.add_argument("--axe", type=Path, required=True, help="axe-core/axe.min.js")
    parser.add_argument("--vnu", type=Path, required=True, help="vnu-jar's vnu.jar")
    args = parser.parse_args()
    for tool in (args.lighthouse, args.axe, args.vnu):
        if not tool.is_file():
            print(f"audit: missing {tool}: run `make audit`", file=sys.stderr)
            return 2
    if not (args.build / ".mlguide-build.json").is_file():
        print(f"audit: {args.build} is not an mlguide build: run `make site`", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    work = Path(tempfile.mkdtemp(prefix="mlguide-audit-"))
    os.environ["TMPDIR"] = str(work)  # Chrome's profiles and sockets, deleted with it
    try:
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
