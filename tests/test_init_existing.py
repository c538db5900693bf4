"""`mlguide init` where files are there already: a writer's file is never lost, `--force`
included. Lists (.gitignore, requirements.txt, static/_headers) get init's lines added; other
files are replaced only with --force, the old bytes kept as NAME.bak unless mlguide shipped
them; a published file of static/ is never replaced."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlguide.cli import main
from mlguide.commands import existing
from mlguide.commands.init import Blog, init
from mlguide.commands.starter import SHIPPED, STARTER, requirements
from mlguide.errors import MlguideError

from .conftest import write

TODAY = dt.date(2026, 11, 27)
SPEC = requirements().splitlines()[-1]  # mlguide's own requirement line


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "init", *args])
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_gitignore_and_requirements_of_the_writers_get_lines_added_never_replaced(
    tmp_path: Path,
) -> None:
    """The tester's case B: the usual migration. init asks for no --force, keeps every line,
    adds only what it lacks, and says so; run again, --force or not, it adds nothing more."""
    ignore = b"secrets.env\nbuild/\n"
    reqs = b"requests==2.31"  # no newline at the end
    write(tmp_path / ".gitignore", ignore.decode())
    write(tmp_path / "requirements.txt", reqs.decode())
    code, output = run(tmp_path)
    assert code == 0, output
    gitignore = (tmp_path / ".gitignore").read_bytes()
    assert gitignore.startswith(ignore)
    lines = gitignore.decode().splitlines()
    assert "secrets.env" in lines and "/.mlguide-cache/" in lines and "__pycache__/" in lines
    assert "/build/" not in lines  # `build/` keeps it out already
    assert "added /.mlguide-cache/, .venv/, __pycache__/ to .gitignore" in output
    requirement = (tmp_path / "requirements.txt").read_text()
    assert requirement.startswith("requests==2.31\n") and requirement.endswith(f"\n{SPEC}\n")
    assert f"added {SPEC} to requirements.txt (its own lines are kept)" in output
    assert "wrote" not in "".join(line for line in output.splitlines() if ".gitignore" in line)

    before = tree(tmp_path)
    for again in ([], ["--force"]):
        code, output = run(tmp_path, *again)
        assert code == 0, output
        assert tree(tmp_path) == before, again  # nothing left to add, nothing replaced


def test_a_gitignore_that_is_a_link_is_left_as_it_is_with_the_lines_to_add(
    tmp_path: Path,
) -> None:
    """A `.gitignore` shared through a link: written, the link would become a file of its
    own; written through, the shared file would change. init says what to add instead."""
    shared = write(tmp_path / "dotfiles" / "gitignore", "secrets.env\n")
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / ".gitignore").symlink_to(shared)
    code, output = run(blog)
    assert code == 0, output
    assert (blog / ".gitignore").is_symlink()
    assert shared.read_text() == "secrets.env\n"
    assert "left .gitignore as it is (a link to" in output and "`/.mlguide-cache/`" in output
    assert "# mlguide" not in output  # lines to paste, not a comment that would swallow them


@pytest.mark.parametrize(
    "line",
    [
        "mlguide-blog==0.0.1",
        "MLGuide_Blog >= 0.0.1",
        "mlguide.blog @ git+https://github.com/ada/mlguide@v0.0.1",
        "-e git+https://github.com/ada/mlguide@main#egg=mlguide_blog",
    ],
)
def test_requirements_that_ask_for_mlguide_are_kept_as_they_are(tmp_path: Path, line: str) -> None:
    text = f"# mine\nnumpy\n{line}\n"
    write(tmp_path / "requirements.txt", text)
    code, output = run(tmp_path, "--force")
    assert code == 0, output
    assert (tmp_path / "requirements.txt").read_text() == text
    assert f"kept requirements.txt, which asks for `{line}`: this mlguide's line is `{SPEC}`" in (
        output
    )
    assert not (tmp_path / "requirements.txt.bak").exists()


# Every file that is the writer's when init meets it, with the host that writes it.
THEIRS = [
    ("mlguide.yml", "github", "title: Mine\n"),
    ("assets/scenes/hello.py", "github", "# my own scene\n"),
    (".github/workflows/publish.yml", "github", "name: Mine\n"),
    ("netlify.toml", "netlify", "[build]\n  command = 'make'\n"),
    (".python-version", "cloudflare", "3.12\n"),
]


@pytest.mark.parametrize(("name", "host", "text"), THEIRS, ids=[t[0] for t in THEIRS])
def test_force_keeps_the_writers_file_as_bak(
    tmp_path: Path, name: str, host: str, text: str
) -> None:
    write(tmp_path / name, text)
    code, output = run(tmp_path, "--host", host)
    assert code == 1
    assert (
        f"would overwrite {name} (pass --force to replace it; the old one is kept as "
        f"{name}.bak): nothing was written"
    ) in output
    assert tree(tmp_path) == {name: text.encode()}

    code, output = run(tmp_path, "--host", host, "--force")
    assert code == 0, output
    assert (tmp_path / f"{name}.bak").read_text() == text
    assert (tmp_path / name).read_bytes() != text.encode()
    assert f"kept the old {name} as {name}.bak" in output


def test_a_backup_never_replaces_an_older_backup(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "title: Third\n")
    write(tmp_path / "mlguide.yml.bak", "title: First\n")
    write(tmp_path / "mlguide.yml.bak2", "title: Second\n")
    code, output = run(tmp_path, "--force")
    assert code == 0, output
    assert (tmp_path / "mlguide.yml.bak").read_text() == "title: First\n"
    assert (tmp_path / "mlguide.yml.bak2").read_text() == "title: Second\n"
    assert (tmp_path / "mlguide.yml.bak3").read_text() == "title: Third\n"
    assert "kept the old mlguide.yml as mlguide.yml.bak3" in output


def test_force_replaces_a_version_mlguide_shipped_without_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = b"# Netlify settings of an earlier mlguide\n"
    digest = hashlib.sha256(earlier).hexdigest()
    monkeypatch.setitem(existing.SHIPPED, "netlify.toml", frozenset({digest}))
    (tmp_path / "netlify.toml").write_bytes(earlier)
    with pytest.raises(MlguideError, match=r"\(pass --force to replace it\)"):
        init(tmp_path, Blog("T", "", None, "netlify"), False, TODAY)
    started = init(tmp_path, Blog("T", "", None, "netlify"), True, TODAY)
    assert Path("netlify.toml") in started.written and not started.said
    assert (tmp_path / "netlify.toml").read_bytes() == (STARTER / "hosts/netlify.toml").read_bytes()
    assert not (tmp_path / "netlify.toml.bak").exists()


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("assets/scenes/hello.py", "assets/scenes/hello.py"),
        (".github/workflows/publish.yml", "hosts/github-publish.yml"),
        ("netlify.toml", "hosts/netlify.toml"),
    ],
)
def test_the_current_starter_files_are_listed_as_shipped(name: str, source: str) -> None:
    """Whoever changes a starter file adds its digest, so that the list holds every version
    and `init --force` in a blog an older mlguide started keeps no needless NAME.bak."""
    digest = hashlib.sha256((STARTER / source).read_bytes()).hexdigest()
    assert digest in SHIPPED[name]


def test_headers_of_the_writers_get_the_assets_rule_added(tmp_path: Path) -> None:
    mine = "/*\n  X-Frame-Options: DENY\n"
    write(tmp_path / "static" / "_headers", mine)
    code, output = run(tmp_path, "--host", "netlify", "--base-url", "https://a.mlguide.dev/b/")
    assert code == 0, output
    text = (tmp_path / "static" / "_headers").read_text()
    assert text.startswith(mine + "\n") and text.endswith(
        "/b/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
    )
    assert "added the caching of /b/assets/* to static/_headers" in output
    before = tree(tmp_path)
    assert run(tmp_path, "--host", "netlify", "--base-url", "https://a.mlguide.dev/b/")[0] == 0
    assert tree(tmp_path) == before  # the rule is there: nothing added twice


def test_force_replaces_inits_own_headers_written_for_another_address(tmp_path: Path) -> None:
    init(tmp_path, Blog("T", "", "https://a.mlguide.dev/old/", "netlify"), False, TODAY)
    started = init(tmp_path, Blog("T", "", "https://a.mlguide.dev/new/", "netlify"), True, TODAY)
    text = (tmp_path / "static" / "_headers").read_text()
    assert "/new/assets/*" in text and "/old/" not in text
    assert Path("static/_headers") in started.written
    assert not (tmp_path / "static" / "_headers.bak").exists()  # static/ is published


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_cname_naming_another_domain_is_never_replaced(tmp_path: Path, force: list[str]) -> None:
    write(tmp_path / "static" / "CNAME", "old.ada.dev\n")
    code, output = run(tmp_path, "--domain", "blog.ada.dev", *force)
    assert code == 1
    assert "CNAME: names old.ada.dev, not blog.ada.dev (--domain)" in output
    assert "nothing was written" in output
    assert tree(tmp_path) == {"static/CNAME": b"old.ada.dev\n"}


def test_a_cname_naming_the_domain_is_kept_as_it_is(tmp_path: Path) -> None:
    write(tmp_path / "static" / "CNAME", "Blog.Ada.Dev")
    code, output = run(tmp_path, "--domain", "blog.ada.dev")
    assert code == 0, output
    assert (tmp_path / "static" / "CNAME").read_text() == "Blog.Ada.Dev"


def test_init_again_in_its_own_blog_writes_nothing_and_says_so(tmp_path: Path) -> None:
    assert run(tmp_path)[0] == 0
    before = tree(tmp_path)
    code, output = run(tmp_path)
    assert code == 0, output
    assert tree(tmp_path) == before
    assert "nothing to write: every starter file is there already" in output


def test_a_link_to_nowhere_a_pipe_or_an_unreadable_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is replaced unless its bytes are known (kept, or mlguide's own): a link to
    nowhere is the writer's (where it points would be lost), a pipe is never read (it would
    hang), a file that cannot be read stops init, --force or not."""
    for name in ("mlguide.yml", ".gitignore"):
        (tmp_path / name).symlink_to(tmp_path / f"gone-{name}")
        code, output = run(tmp_path, "--force")
        assert code == 1 and "is a link to nothing" in output, output
        assert (tmp_path / name).is_symlink()
        (tmp_path / name).unlink()

    pipe = tmp_path / "netlify.toml"
    os.mkfifo(pipe)
    # A writer that closes at once, so that a read of the pipe (the bug) ends, not hangs.
    writer = threading.Thread(target=lambda: os.close(os.open(pipe, os.O_WRONLY)), daemon=True)
    writer.start()
    code, output = run(tmp_path, "--host", "netlify", "--force")
    while writer.is_alive():  # init did not read the pipe: a reader lets the writer go
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(0.05)
    assert code == 1 and "netlify.toml: is not a regular file" in output
    assert stat.S_ISFIFO(pipe.lstat().st_mode)

    write(tmp_path / "blocked" / "mlguide.yml", "title: Mine\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "mlguide.yml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, output = run(tmp_path / "blocked", "--force")
    assert code == 1 and "mlguide.yml: cannot be read (Permission denied)" in output
    assert (tmp_path / "blocked" / "mlguide.yml").read_text() == "title: Mine\n"
