"""`mlguide init`: a new blog that builds, checks and publishes from its first minute.

It writes a commented `mlguide.yml` (from the settings table, so every key is documented), a
first post, an example animated scene, the publishing workflow, `requirements.txt` and a
`.gitignore`. It never overwrites a file unless asked: what exists is listed instead.
Authoring may read the clock (the first post's date is today); builds never do.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from mlguide import __version__
from mlguide.errors import MlguideError, raise_all
from mlguide.fileio import write_file_atomically
from mlguide.paths import project_paths
from mlguide.site.config.loader import CONFIG_SETTINGS
from mlguide.site.config.settings import BASE_URL, TEXT, commented_yaml

STARTER = Path(__file__).resolve().parent.parent / "starter"


@dataclass(frozen=True)
class Blog:
    title: str
    author: str
    base_url: str | None


def starter_files(root: Path, blog: Blog, today: dt.date) -> dict[Path, bytes]:
    """Every file `init` writes, by its path: nothing is written until all of them are known."""
    paths = project_paths(root)
    values = {"title": _yaml_str(blog.title), "author": _yaml_str(blog.author)}
    values["base_url"] = blog.base_url or "https://example.com/  # set it before publishing"
    config = (
        "# Site settings: every key mlguide reads, with what it does. Uncomment to change.\n\n"
        + commented_yaml(CONFIG_SETTINGS, values)
    )
    welcome = (STARTER / "content" / "welcome.md").read_text(encoding="utf-8")
    return {
        paths.config: config.encode(),
        paths.content / "welcome.md": welcome.replace("{date}", today.isoformat()).encode(),
        paths.scenes / "hello.py": (STARTER / "assets" / "scenes" / "hello.py").read_bytes(),
        root / ".github" / "workflows" / "publish.yml": (
            STARTER / "github" / "publish.yml"
        ).read_bytes(),
        root / "requirements.txt": requirements().encode(),
        root / ".gitignore": (STARTER / "gitignore").read_bytes(),
    }


def requirements() -> str:
    """How CI installs the mlguide that wrote this blog: from where it was installed when
    that is a URL (a git repository, a released file), else this version."""
    spec = f"mlguide=={__version__}"
    try:
        raw = metadata.distribution("mlguide").read_text("direct_url.json")
        direct = json.loads(raw) if raw else {}
    except (metadata.PackageNotFoundError, ValueError):
        direct = {}
    url = direct.get("url", "")
    if url.startswith(("http://", "https://")):
        vcs = direct.get("vcs_info", {})
        spec = (
            f"mlguide @ git+{url}@{vcs['commit_id']}"
            if vcs.get("vcs") == "git"
            else f"mlguide @ {url}"
        )
    return (
        "# What the publishing workflow installs. Point it at where you get mlguide,\n"
        "# e.g. `mlguide @ git+https://github.com/OWNER/mlguide@v0.1.0`.\n"
        f"{spec}\n"
    )


def init(root: Path, blog: Blog, force: bool, today: dt.date) -> list[Path]:
    """Write the starter project; returns what was written, relative to `root`."""
    _check_options(blog)
    root = root.absolute()
    if root.exists() and not root.is_dir():
        raise MlguideError("is a file, not a folder", root)
    files = starter_files(root, blog, today)
    existing = sorted(p for p in files if p.exists())
    if existing and not force:
        names = ", ".join(str(p.relative_to(root)) for p in existing)
        raise MlguideError(
            f"would overwrite {names}: nothing was written (pass --force to replace them)", root
        )
    for path, data in files.items():
        write_file_atomically(path, data)
    return [p.relative_to(root) for p in files]


def _check_options(blog: Blog) -> None:
    """Each bad option is named on its own, all of them at once."""
    options = [("--title", TEXT, blog.title), ("--author", TEXT, blog.author)]
    if blog.base_url:
        options.insert(0, ("--base-url", BASE_URL, blog.base_url))
    errors = []
    for option, kind, value in options:
        try:
            kind.read(value)
        except ValueError as exc:
            errors.append(MlguideError(f"{option} {exc}"))
    raise_all(errors)


def _yaml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


def next_steps(root: Path) -> list[str]:
    """The three commands to run next."""
    steps = ['mlguide new "My first post"', "mlguide serve", "mlguide build --strict"]
    if root.resolve() != Path.cwd().resolve():
        steps = [f"cd {root}", *steps[:2]]
    return steps
