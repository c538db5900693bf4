"""Compiled templates shared by the builds of one process (serve, tests): reused while the
source is the same, compiled again the moment it changes, never reused across sources."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from mlguide.commands.build import BuildOptions, build
from mlguide.site.config.loader import load_config
from mlguide.site.render import compiled
from mlguide.site.render.templating import get_template, make_environment

from .conftest import write


def count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    names: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(
        self: jinja2.Environment,
        source: object,
        name: str | None = None,
        *args: object,
        **kwargs: object,
    ) -> object:
        names.append(name)
        return real(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_second_environment_reuses_the_compiled_built_in_templates(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(project / "mlguide.yml")
    get_template(make_environment(config, project / "templates"), "post.html.j2")
    names = count_compiles(monkeypatch)
    get_template(make_environment(config, project / "templates"), "post.html.j2")
    assert names == []


def test_an_edited_template_is_compiled_again_in_the_same_process(project: Path) -> None:
    template = project / "templates" / "post.html.j2"
    write(template, '{% extends "mlguide/post.html.j2" %}{% block main %}FIRST{% endblock %}')
    build(BuildOptions(project))
    page = project / "build" / "small-post" / "index.html"
    assert "FIRST" in page.read_text()
    # Same file, same size, same modification time: only the source's checksum differs.
    stat = template.stat()
    write(template, '{% extends "mlguide/post.html.j2" %}{% block main %}AGAIN{% endblock %}')
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(BuildOptions(project))
    assert "AGAIN" in page.read_text() and "FIRST" not in page.read_text()


def test_the_cache_is_bounded_and_checks_the_source() -> None:
    cache = compiled.ProcessBytecodeCache(capacity=2)
    env = jinja2.Environment(bytecode_cache=cache, **compiled.OPTIONS)  # type: ignore[arg-type]
    for n in range(3):
        bucket = cache.get_bucket(env, f"t{n}", f"/t{n}", "x")
        bucket.code = compile("1", "<t>", "eval")
        cache.dump_bytecode(bucket)
    assert cache.get_bucket(env, "t0", "/t0", "x").code is None  # dropped: the oldest
    assert cache.get_bucket(env, "t2", "/t2", "x").code is not None
    assert cache.get_bucket(env, "t2", "/t2", "y").code is None  # another source
