"""The package as a user gets it: the wheel's contents, and the wheel installed and run.

The wheel is built the way it would be published (`python -m build`: an sdist, then the wheel
from the sdist), so a file the sdist forgets is missing from the wheel here too. Installs go
into fresh venvs outside the repository, so nothing can be imported from the source tree.
"""

from __future__ import annotations

import email
import email.message
import re
import shutil
import stat
import tarfile
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from mlguide import __version__

from .installing import CONSTRAINTS, DISTRIBUTION, REPO, STEM, FreshVenvs, clean_env, run

# The guide's own words; no file of the package may contain them (the wheel is the tool).
GUIDE_PHRASES = (b"10 steps to build", b"machine learning model")


# One worker builds the wheel for these and the publishing recipes (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("wheel")


def wheel_files(wheel: Path) -> dict[str, bytes]:
    """Every file in the wheel, by its path inside it."""
    with zipfile.ZipFile(wheel) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}


def tracked(*paths: str) -> list[str]:
    """Files under `paths` that git does not ignore: what hatchling selects, symlinks aside."""
    files = run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *paths], cwd=REPO
    ).stdout.splitlines()
    # git records a symlink as the link, not as what it points at.
    return [name for name in files if not (REPO / name).is_symlink()]


def test_wheel_holds_the_engine_templates_fonts_and_their_licences(wheel: Path) -> None:
    files = wheel_files(wheel)
    package = {name for name in files if not name.startswith(f"{STEM}-")}

    expected = {name.removeprefix("src/") for name in tracked("src/mlguide")}
    # The templates reach the package through a symlink in the source tree; the wheel must
    # hold the real files, where templating.DEFAULT_TEMPLATES reads them.
    templates = {name: f"mlguide/defaults/{name}" for name in tracked("templates")}
    expected |= set(templates.values())
    assert package == expected
    for source, name in templates.items():
        assert files[name] == (REPO / source).read_bytes(), name
    for required in (
        "mlguide/cli.py",
        "mlguide/engine/gifwriter.py",
        "mlguide/defaults/templates/base.html.j2",
        "mlguide/defaults/templates/style.css",
        "mlguide/defaults/templates/anim.js",
        "mlguide/fonts/Inter-Regular.otf",
        "mlguide/fonts/JetBrainsMono-Regular.ttf",
        "mlguide/fonts/LICENSE-Inter.txt",
        "mlguide/fonts/LICENSE-JetBrainsMono.txt",
    ):
        assert required in files, required

    with zipfile.ZipFile(wheel) as zf:
        links = [i.filename for i in zf.infolist() if stat.S_ISLNK(i.external_attr >> 16)]
    assert links == []

    metadata = files[f"{STEM}-{__version__}.dist-info/METADATA"].decode()
    assert "Requires-Python: >=3.11" in metadata
    assert "Provides-Extra: test" in metadata
    entry_points = files[f"{STEM}-{__version__}.dist-info/entry_points.txt"].decode()
    assert re.search(r"^mlguide = mlguide\.entry:run$", entry_points, re.MULTILINE)
    # The licences travel with the wheel: mlguide's, and the bundled fonts'.
    licences = f"{STEM}-{__version__}.dist-info/licenses/"
    assert files[licences + "LICENSE"] == (REPO / "LICENSE").read_bytes()
    assert licences + "src/mlguide/fonts/LICENSE-Inter.txt" in files


def wheel_metadata(wheel: Path) -> email.message.Message:
    return email.message_from_bytes(wheel_files(wheel)[f"{STEM}-{__version__}.dist-info/METADATA"])


def test_the_metadata_is_complete_and_the_index_will_take_it(wheel: Path) -> None:
    """What the package index shows and checks: a free name, the version, the licence as an
    SPDX expression, addresses, classifiers it knows, and a description."""
    from trove_classifiers import classifiers as known

    meta = wheel_metadata(wheel)
    assert (meta["Name"], meta["Version"]) == (DISTRIBUTION, __version__)
    assert meta["License-Expression"] == "MIT AND OFL-1.1 AND Apache-2.0"
    assert "License" not in meta  # the old free-text field, which the expression replaces
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert set(urls) >= {"Homepage", "Repository", "Documentation", "Issues"}
    assert all(u.startswith("https://") for u in urls.values())
    classifiers = meta.get_all("Classifier")
    assert classifiers and set(classifiers) <= known, set(classifiers) - known
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639: not both
    assert meta["Description-Content-Type"] == "text/markdown"
    description = meta.get_payload()
    assert f"pipx install {DISTRIBUTION}" in description
    assert urls["Documentation"] in description


def test_the_version_is_written_in_one_place() -> None:
    """`__version__` is the source; pyproject.toml reads it, and says no version of its own."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/mlguide/__init__.py"
    written = [
        p.relative_to(REPO).as_posix()
        for p in [REPO / "pyproject.toml", *(REPO / "src").rglob("*.py")]
        if re.search(r"""^(version|__version__)\s*=\s*["']\d""", p.read_text(), re.M)
    ]
    assert written == ["src/mlguide/__init__.py"]


def test_wheel_holds_none_of_the_guide(wheel: Path) -> None:
    """The wheel is the tool: no page of the guide, no picture of it, none of its words.

    The guide's scenes live in the project (`assets/scenes/`), not in the package.
    """
    files = wheel_files(wheel)
    guide = {(REPO / name).read_bytes() for name in tracked("content", "assets")}
    from_guide = sorted(name for name, data in files.items() if data in guide)
    assert from_guide == []
    with_guide_text = sorted(
        name for name, data in files.items() if any(p in data.lower() for p in GUIDE_PHRASES)
    )
    assert with_guide_text == [], f"the guide's text is in the wheel: {with_guide_text}"


def test_sdist_holds_what_the_wheel_is_built_from_and_not_the_guide(dist: Path) -> None:
    (sdist,) = dist.glob(f"{STEM}-*.tar.gz")
    with tarfile.open(sdist) as tf:
        tops = {PurePosixPath(m.name).parts[1] for m in tf.getmembers() if m.isfile()}
    ours = {"src", "templates", "pyproject.toml", "constraints.txt", "LICENSE"}
    # hatchling adds PKG-INFO and .gitignore (which tells the wheel build what to skip).
    assert tops == ours | {"PKG-INFO", ".gitignore"}


# What a new user runs, in order, in a new folder: start a blog, build it as CI would, check it.
USER_STEPS = [
    ["--version"],
    ["init", "blog", "--title", "Hello", "--base-url", "https://hello.mlguide.dev/"],
    ["-C", "blog", "new", "A second post"],
    ["build", "-C", "blog", "--drafts"],  # the global option after the command
]
# Then as for publishing: a strict build without the draft, and the checklist on it.
PUBLISH_STEPS = [["build", "-C", "blog", "--strict"], ["-C", "blog", "check"]]


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_repository(
    wheel: Path, tmp_path: Path, fresh_venv: FreshVenvs
) -> None:
    venv = fresh_venv(tmp_path / "venv")
    env = clean_env(venv)
    run(["python", "-m", "pip", "install", "-q", "-c", CONSTRAINTS, wheel], cwd=tmp_path, env=env)
    mlguide = shutil.which("mlguide", path=env["PATH"])
    assert mlguide == str(venv / "bin" / "mlguide")

    # The package in use is the installed one, with real template files.
    where = run(
        [
            "python",
            "-c",
            "import mlguide.site.render.templating as t; print(t.__file__, t.DEFAULT_TEMPLATES)",
        ],
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    site_packages = next((venv / "lib").glob("python3.*/site-packages"))
    assert Path(where[0]).is_relative_to(site_packages)
    templates = Path(where[1])
    assert not templates.is_symlink() and (templates / "base.html.j2").is_file()

    outputs = [run([mlguide, *step], cwd=tmp_path, env=env).stdout for step in USER_STEPS]

    assert outputs[0].strip() == f"mlguide, version {__version__}"
    project = tmp_path / "blog"
    assert "mlguide new" in outputs[1]  # init says what to do next
    build = project / "build"
    post = (build / "welcome" / "index.html").read_text(encoding="utf-8")
    assert "<title>Welcome to your new blog · Hello</title>" in post
    assert (build / "a-second-post" / "index.html").is_file()  # the draft, with --drafts
    published = [run([mlguide, *step], cwd=tmp_path, env=env).stdout for step in PUBLISH_STEPS]
    assert not (build / "a-second-post").exists()  # a draft is not published
    assert (project / "assets" / "generated" / "cards" / "welcome-1200x630.png").is_file()
    assert (project / "assets" / "scenes" / "hello.py").is_file()  # the example scene
    # Installed from a file, it pins its own version under the name the index knows.
    pins = [ln for ln in (project / "requirements.txt").read_text().splitlines() if ln[:1] != "#"]
    assert pins == [f"{DISTRIBUTION}=={__version__}"]
    assert "checklist:" in published[1]
