"""What a new blog holds, for the host it will be published on: every file `mlguide init`
writes, as bytes by path, computed before anything is written.

Every blog gets a commented `mlguide.yml` (from the settings table, so every key is
documented), a first post (unless `content/` holds posts already: a blog brought from another
generator), an example animated scene, `requirements.txt` (how CI installs
mlguide) and a `.gitignore`. Then the host's own files: the GitHub Pages workflow,
`netlify.toml`, or what Cloudflare Pages reads (`.python-version`); `static/_headers` (long
caching for the hashed files under `assets/`, on Netlify and Cloudflare) and `static/CNAME`
for a custom domain are published at the site root. Nothing here refers to a file of
mlguide's own repository: a blog is a folder of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from mlguide import __version__
from mlguide.paths import project_paths
from mlguide.site.config.loader import CONFIG_SETTINGS
from mlguide.site.config.settings import commented_yaml

STARTER = Path(__file__).resolve().parent.parent / "starter"
DISTRIBUTION = "mlguide-blog"  # the name on the package index (`mlguide` there is another project)
HOSTS = ("github", "netlify", "cloudflare", "none")
PYTHON = "3.11"  # the Python each host's build uses (the oldest mlguide supports)
PLACEHOLDER_URL = "https://example.com/"
# Cloudflare Pages keeps its build settings in its dashboard, not in a file of the repository.
CLOUDFLARE_BUILD = {
    "Build command": "python -m pip install -r requirements.txt && mlguide build --strict"
    " && mlguide check",
    "Build output directory": "build",
}
# The SHA-256 of every version mlguide shipped of each starter file that is the same for every
# blog, by its path in the blog: such a file holds nothing of the writer's, so `init --force`
# replaces it without a backup (any other file it replaces is kept as NAME.bak). When a starter
# file changes, add the new version's digest here (a test checks the current one is listed).
SHIPPED: dict[str, frozenset[str]] = {
    "assets/scenes/hello.py": frozenset(
        (
            "1d87c3c301ef9c2f00476151c45bd9d521c8a3f85ccbe2fee972ec954c738211",
            "1cfcd6931b4257eff2cefd4e198183e416c183daa3aeb8938219c12c153bc742",
            "5b5cfd555060211a9504ee0cbad7ba3c1357ae01ed9d36746265da17abed5828",
            "7a4d54179c91fd23fff84f3524740105f6765a8a4591e2d0c1b5ad136477b9bb",
        )
    ),
    ".github/workflows/publish.yml": frozenset(
        (
            "8b580ef9e1a606890f8a5a8166214da5b45d4c9dfebefc2bd31902b14c8492fd",
            "6aad581fa44a9fedc6fa066135d13172e7cdd51865b2059d34c1c1b5b173279f",
            "a30953f07921ba2f8bb8e51cbe765fe9bcf3c1293345e3394a9f85e765626272",
        )
    ),
    "netlify.toml": frozenset(
        ("4ed5ce6911b8b7fd6e8165912a56365c42974dd01f7af71b9323822c22cde88d",)
    ),
    ".python-version": frozenset(
        ("49a506dd32096b010d75205acf3430c9ae6c40351888129499e5a5e487126c93",)  # 3.11
    ),
}
# How the blog is published, in the first post: what `init` set up for the host, and no other.
_PUBLISHING = {
    "github": "When it is ready, commit and push: the workflow `mlguide init` wrote for GitHub"
    " Pages (`.github/workflows/publish.yml`) builds the site with `mlguide build --strict`,"
    " runs the publish checklist and publishes it.",
    "netlify": "When it is ready, commit and push: Netlify builds the site with"
    " `mlguide build --strict` (`netlify.toml` says how), runs the publish checklist and"
    " publishes it.",
    "cloudflare": "When it is ready, commit and push: Cloudflare Pages builds the site with"
    " the command `mlguide init` printed (`mlguide build --strict`, then the publish"
    " checklist) and publishes it.",
    "none": "When it is ready, `mlguide build --strict` builds it into `build/`, stopping at"
    " any warning or unmet item of the publish checklist: upload that folder to any static"
    " host.",
}
_HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


@dataclass(frozen=True)
class Blog:
    title: str
    author: str
    base_url: str | None
    host: str = "github"
    domain: str | None = None  # a custom domain: static/CNAME, and the default base_url


def starter_files(root: Path, blog: Blog, today: dt.date) -> dict[Path, bytes]:
    """Every file `init` writes, by its path: nothing is written until all of them are known."""
    paths = project_paths(root)
    base_url = site_url(blog)
    values = {"title": _yaml_str(blog.title), "author": _yaml_str(blog.author)}
    values["base_url"] = base_url or f"{PLACEHOLDER_URL}  # set it before publishing"
    config = (
        "# Site settings: every key mlguide reads, with what it does. Uncomment to change.\n\n"
        + commented_yaml(CONFIG_SETTINGS, values)
    )
    welcome = _welcome(blog.host)
    files = {
        paths.config: config.encode(),
        paths.content / "welcome.md": welcome.replace("{date}", today.isoformat()).encode(),
        paths.scenes / "hello.py": _starter("assets/scenes/hello.py"),
        root / "requirements.txt": requirements().encode(),
        root / ".gitignore": _starter("gitignore"),
    }
    if _has_posts(paths.content):  # the writer's posts (a blog brought from elsewhere): none added
        del files[paths.content / "welcome.md"]
    if blog.host == "github":
        files[root / ".github" / "workflows" / "publish.yml"] = _starter("hosts/github-publish.yml")
    if blog.host == "netlify":
        files[root / "netlify.toml"] = _starter("hosts/netlify.toml")
    if blog.host == "cloudflare":
        files[root / ".python-version"] = f"{PYTHON}\n".encode()
    if blog.host in ("netlify", "cloudflare"):
        base_path = urlsplit(base_url or PLACEHOLDER_URL).path or "/"
        headers = _starter("hosts/headers").decode().replace("{base_path}", base_path)
        files[paths.static / "_headers"] = headers.encode()
    if blog.domain:
        files[paths.static / "CNAME"] = f"{blog.domain}\n".encode()
    return files


def site_url(blog: Blog) -> str | None:
    """Where the site will be: `--base-url`, else the custom domain's root."""
    if blog.base_url:
        return blog.base_url
    return f"https://{blog.domain}/" if blog.domain else None


def domain_problem(domain: str, base_url: str | None) -> str | None:
    """Why `--domain` cannot be used as given, or None. A CNAME file holds a bare host name."""
    if not _HOST_NAME.fullmatch(domain):
        return (
            f"--domain {domain!r} is not a host name: give it as blog.example.org, without "
            "https:// or a path, in lower case"
        )
    host = urlsplit(base_url).hostname if base_url else domain
    if host != domain:
        return f"--domain {domain} and --base-url {base_url} name different hosts"
    return None


def requirements() -> str:
    """How CI installs the mlguide that wrote this blog: from where it was installed when that
    is a URL (a git repository, a released file), else this version from the package index."""
    spec = f"{DISTRIBUTION}=={__version__}"
    try:
        dist = metadata.distribution(DISTRIBUTION)
        raw = dist.read_text("direct_url.json")
        direct = json.loads(raw) if raw else {}
        urls = dist.metadata.get_all("Project-URL") or []
    except (metadata.PackageNotFoundError, ValueError):
        direct, urls = {}, []
    url = direct.get("url", "")
    if url.startswith(("http://", "https://")):
        vcs = direct.get("vcs_info", {})
        spec = (
            f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}"
            if vcs.get("vcs") == "git"
            else f"{DISTRIBUTION} @ {url}"
        )
    repository = next(
        (u.split(",", 1)[1].strip() for u in urls if u.startswith("Repository,")),
        "https://github.com/OWNER/mlguide",
    )
    return (
        "# What the publishing workflow installs: mlguide, at the version that started\n"
        f"# this blog. On the package index it is `{DISTRIBUTION}` (`mlguide` there is\n"
        "# another project). To install it from a git tag instead, use a line such as\n"
        f"# {DISTRIBUTION} @ git+{repository}@v{__version__}\n"
        f"{spec}\n"
    )


def _has_posts(content: Path) -> bool:
    """Any post at all, `welcome.md` included: a post that is there is the writer's, never a
    starter file to replace (even one named like the starter's first post)."""
    try:
        return any(
            p.suffix.lower() in (".md", ".markdown") and p.is_file() for p in content.rglob("*")
        )
    except OSError:
        return False


def is_starter_headers(text: bytes) -> bool:
    """`static/_headers` as init writes it, for any base path: nothing of the writer's."""
    template = _starter("hosts/headers")
    before, _, after = template.partition(b"{base_path}")
    return re.fullmatch(re.escape(before) + rb"/\S*" + re.escape(after), text) is not None


def _welcome(host: str) -> str:
    """The first post, its Publishing paragraph (the file's last) saying what init set up for
    `host` and nothing else, wrapped as the rest of the file is (never inside a `code span`,
    which a writer copies whole)."""
    text = _starter("content/welcome.md").decode()
    start = text.rindex("\n\n") + 2  # the last paragraph
    said = " ".join(text[start:].replace("{publishing}", _PUBLISHING[host]).split())
    words = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), said)
    lines = textwrap.wrap(words, 92, break_long_words=False, break_on_hyphens=False)
    return text[:start] + "\n".join(lines).replace("\0", " ") + "\n"


def _starter(name: str) -> bytes:
    return (STARTER / name).read_bytes()


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string
