from pathlib import Path

import pytest

from mlguide.config import load_config, normalize_base_url
from mlguide.errors import MlguideError

from .conftest import write


def error_for(tmp_path: Path, text: str) -> str:
    write(tmp_path / "mlguide.yml", text)
    with pytest.raises(MlguideError) as info:
        load_config(tmp_path)
    return str(info.value)


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.title == "mlguide"
    assert config.base_url.endswith("/")
    assert config.author_url == config.base_url


def test_values_are_read_and_social_links_sorted(tmp_path: Path) -> None:
    write(
        tmp_path / "mlguide.yml",
        """
        title: Blog
        base_url: HTTPS://Example.COM/sub
        social:
          Zeta: https://z.example/
          Alpha: https://a.example/
    """,
    )
    config = load_config(tmp_path)
    assert config.title == "Blog"
    assert config.base_url == "https://example.com/sub/"
    assert config.base_path == "/sub/"
    assert config.social == (("Alpha", "https://a.example/"), ("Zeta", "https://z.example/"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: x\nbase_ulr: https://e.com/\n",
            "mlguide.yml:2: unknown config key `base_ulr` (did you mean `base_url`?)",
        ),
        ("title: [1, 2]\n", "mlguide.yml:1: `title` must be a string, not a list"),
        ("social: [a]\n", "mlguide.yml:1: `social` must be a mapping of name: URL strings"),
        (
            "base_url: example.com\n",
            "mlguide.yml:1: `base_url` must be an absolute http(s) URL such as "
            "https://example.com/blog/",
        ),
        ("title: ok\nauthor: 'unclosed\n", "mlguide.yml:2: invalid YAML"),
        ("title: ok\nsocial: {a: b\nauthor: x\n", "mlguide.yml:2: invalid YAML"),
        ("title: ok\n  author: x\n", "mlguide.yml:2: invalid YAML"),
        ("- just\n- a list\n", "mlguide.yml:1: expected a mapping of `key: value` lines"),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "social-type",
        "bad-base-url",
        "unclosed-quote",
        "unclosed-brace",
        "bad-indent",
        "not-mapping",
    ],
)
def test_config_errors_name_file_line_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert error_for(tmp_path, text).startswith(expected)


def test_cli_base_url_overrides_and_normalises(tmp_path: Path) -> None:
    write(tmp_path / "mlguide.yml", "base_url: https://a.example/\n")
    assert load_config(tmp_path, "https://b.example/x").base_url == "https://b.example/x/"


@pytest.mark.parametrize("url", ["ftp://x.example/", "https://x.example/?q=1", "/relative/"])
def test_normalize_base_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        normalize_base_url(url)
