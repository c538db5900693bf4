"""Messages name where a value came from, and rule codes read as codes.

A placeholder address passed with `--base-url` is the flag's fault, not `mlguide.yml`'s; and
the rule a warning belongs to is printed as `(rule: base-url)`, which no one takes for a value
to fill in, as they took `[base-url]`.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from mlguide.cli import main
from mlguide.errors import Finding

from .conftest import POST, write


def blog(tmp_path: Path, config: str) -> Path:
    write(tmp_path / "content" / "small-post.md", POST)
    write(tmp_path / "mlguide.yml", config)
    return tmp_path


def test_a_placeholder_passed_with_the_flag_blames_the_flag(tmp_path: Path) -> None:
    root = blog(tmp_path, "base_url: https://ada.mlguide.dev/\n")
    result = CliRunner().invoke(
        main, ["-C", str(root), "build", "--strict", "--base-url", "https://guide.example.com/"]
    )
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error: ")]
    assert lines == [
        "error: --base-url https://guide.example.com/ is a placeholder address: pass the "
        "address the site is published at (rule: base-url)"
    ]
    assert "mlguide.yml" not in result.output


def test_a_placeholder_in_the_file_still_blames_the_file(tmp_path: Path) -> None:
    root = blog(tmp_path, "title: Notes\nbase_url: https://example.com/\n")
    result = CliRunner().invoke(main, ["-C", str(root), "build"])
    assert result.exit_code == 0
    warning = next(ln for ln in result.output.splitlines() if ln.startswith("warning: "))
    assert "mlguide.yml:2: `base_url` is still the placeholder https://example.com/" in warning
    assert warning.endswith("(rule: base-url)")


def test_a_real_address_passed_with_the_flag_is_not_a_placeholder(tmp_path: Path) -> None:
    root = blog(tmp_path, "base_url: https://example.com/\n")
    result = CliRunner().invoke(
        main, ["-C", str(root), "build", "--strict", "--base-url", "https://ada.mlguide.dev/"]
    )
    assert result.exit_code == 0, result.output


def test_a_refused_flag_value_names_the_flag(tmp_path: Path) -> None:
    root = blog(tmp_path, "base_url: https://ada.mlguide.dev/\n")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--base-url", "ftp://x"])
    assert result.exit_code == 1
    assert result.output.startswith("error: --base-url ") and "mlguide.yml" not in result.output


def test_rule_codes_are_labelled_as_codes() -> None:
    finding = Finding("missing-image", "image `a.png` not found", Path("post.md"), 3)
    assert str(finding) == "post.md:3: image `a.png` not found (rule: missing-image)"
    assert str(finding.as_error()) == str(finding)
    assert "[" not in str(finding)
