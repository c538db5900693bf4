"""mlguide.yml: every key declared once, every problem named with its line, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlguide.errors import ErrorGroup, MlguideError
from mlguide.site.config.loader import (
    CONFIG_SETTINGS,
    Config,
    base_url_findings,
    is_placeholder,
    load_config,
)
from mlguide.site.config.settings import BASE_URL, commented_yaml, reference_table
from mlguide.site.content.readers.mlguide import FRONT_MATTER

from .conftest import REPO, write


def load(tmp_path: Path, text: str, base_url: str | None = None) -> Config:
    return load_config(write(tmp_path / "mlguide.yml", text), base_url)


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(MlguideError) as info:
        load(tmp_path, text)
    return str(info.value)


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "mlguide.yml")
    assert (config.title, config.per_page, config.search, config.share) == (
        "mlguide",
        10,
        True,
        False,
    )
    assert not config.config_found and not config.base_url_given
    assert config.author_link == config.base_url


def test_values_are_read_and_social_links_sorted(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        title: Blog
        base_url: HTTPS://Example.COM/sub
        per_page: 5
        search: false
        social:
          Zeta: https://z.example/
          Alpha: mailto:me@example.com
        """,
    )
    assert (config.title, config.per_page, config.search) == ("Blog", 5, False)
    assert config.base_url == "https://example.com/sub/"
    assert config.base_path == "/sub/"
    assert config.social == (("Alpha", "mailto:me@example.com"), ("Zeta", "https://z.example/"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x\nbase_ulr: https://e.com/\n", "mlguide.yml:2: unknown config key `base_ulr` (did you mean `base_url`?)"),
        ("title: [1, 2]\n", "mlguide.yml:1: `title` must be text, not a list"),
        ("social: [a]\n", "mlguide.yml:1: `social` must be a mapping of `name: URL` lines, not a list"),
        ("base_url: example.com\n", "mlguide.yml:1: `base_url` must be an absolute http(s) URL"),
        ("base_url: https://exa mple.com/\n", "mlguide.yml:1: `base_url` contains characters that are not allowed"),
        ("search: yes please\n", "mlguide.yml:1: `search` must be true or false, not text"),
        ("per_page: 0\n", "mlguide.yml:1: `per_page` must be a whole number of 1 or more, not 0"),
        ("social:\n  x: javascript:alert(1)\n", "mlguide.yml:2: `social` link `x` must be an http(s), mailto or relative URL, not a `javascript:` URL"),
        ("author_url: 'vbscript:msgbox'\n", "mlguide.yml:1: `author_url` must be an http(s), mailto or relative URL"),
        ('title: "a\\x01b"\n', "mlguide.yml:1: `title` contains the control character U+0001"),
        ("language: english please\n", "mlguide.yml:1: `language` must be a language tag"),
        ("title: a\ntitle: b\n", "mlguide.yml:2: `title` is given twice, on lines 1 and 2"),
        ("title: ok\nauthor: 'unclosed\n", "mlguide.yml:2: invalid YAML"),
        ("title: ok\nsocial: {a: b\nauthor: x\n", "mlguide.yml:2: invalid YAML"),
        ("title: ok\n  author: x\n", "mlguide.yml:2: invalid YAML"),
        ("- just\n- a list\n", "mlguide.yml:1: expected a mapping of `key: value` lines"),
    ],
    ids=[
        "unknown-key", "wrong-type", "social-type", "bad-base-url", "base-url-space",
        "bool", "int", "javascript-social", "vbscript-author-url", "control-character",
        "language", "duplicate-key", "unclosed-quote", "unclosed-brace", "bad-indent",
        "not-mapping",
    ],
)  # fmt: skip
def test_config_errors_name_file_line_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert error_for(tmp_path, text).startswith(expected)


def test_every_problem_is_reported_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ErrorGroup) as info:
        load(tmp_path, "title: [x]\nper_page: -1\nsearch: 3\nanalytics: true\n")
    lines = str(info.value).splitlines()
    assert [line.split(":")[1] for line in lines[:-1]] == ["1", "2", "3", "4"]
    assert lines[-1] == "4 errors"


def test_a_new_bool_key_is_not_mistaken_for_social_links(tmp_path: Path) -> None:
    """Before the settings table, every non-string key was checked as the `social` mapping."""
    assert load(tmp_path, "share: true\n").share is True


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mlguide.yml"
    path.write_bytes("\ufefftitle: Bom\n".encode())
    assert load_config(path).title == "Bom"


def test_cli_base_url_overrides_and_normalises(tmp_path: Path) -> None:
    config = load(tmp_path, "base_url: https://a.example/\n", "https://b.example/x")
    assert config.base_url == "https://b.example/x/" and config.base_url_given


@pytest.mark.parametrize(
    "url", ["ftp://x.example/", "https://x.example/?q=1", "/relative/", "https://a b/"]
)
def test_base_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        BASE_URL.read(url)


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://example.com/", True),
        ("https://blog.example.org/", True),
        ("http://localhost:8000/", True),
        ("http://127.0.0.1:9000/", True),
        ("https://site.test/", True),
        ("https://user.github.io/repo/", False),
        ("https://example.github.io/mlguide/", False),
        ("https://mlguide.dev/", False),
    ],
)
def test_placeholder_urls(url: str, placeholder: bool) -> None:
    assert is_placeholder(url) is placeholder


def test_base_url_warnings(tmp_path: Path) -> None:
    path = tmp_path / "mlguide.yml"
    assert "no mlguide.yml" in base_url_findings(load_config(path), path)[0].message
    assert (
        "`base_url` is not set" in base_url_findings(load(tmp_path, "title: x\n"), path)[0].message
    )
    placeholder = base_url_findings(load(tmp_path, "base_url: https://example.com/\n"), path)
    assert "still the placeholder https://example.com/" in placeholder[0].message
    assert base_url_findings(load(tmp_path, "base_url: https://mlguide.dev/\n"), path) == []


def test_commented_config_parses_back_and_documents_every_key() -> None:
    text = commented_yaml(CONFIG_SETTINGS, {"title": '"Mine"'})
    for setting in CONFIG_SETTINGS:
        assert f"{setting.name}:" in text
    import yaml

    assert yaml.safe_load(text) == {"title": "Mine"}


def test_the_configuration_reference_is_the_settings_tables() -> None:
    """docs/configuration.md's tables are generated from the declarations: edit those, then
    run `python scripts/reference_docs.py`."""
    page = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert reference_table(CONFIG_SETTINGS) in page
    assert reference_table(FRONT_MATTER) in page


def test_an_example_domain_the_user_wrote_is_not_called_still_the_placeholder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mlguide.yml"
    (finding,) = base_url_findings(load(tmp_path, "base_url: https://ada.example.org/\n"), path)
    assert "still" not in finding.message
    assert "https://ada.example.org/ is on a reserved example domain" in finding.message
