"""Compiled templates: a shared template compiles once per process, whatever the adapter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
import pytest

from specgen.renderers import templating


@pytest.fixture
def fresh_templates() -> Iterator[None]:
    """Forget compiled templates before and after (other tests get fresh ones too)."""

    def forget() -> None:
        templating.environment.cache_clear()
        templating._template.cache_clear()  # noqa: SLF001  # the per-process cache under test
        templating._SHARED_CODE = templating._SharedCode()  # noqa: SLF001

    forget()
    yield
    forget()


@pytest.mark.usefixtures("fresh_templates")
def test_a_shared_template_compiles_once_for_every_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: Any, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = templating.template("rust-ipc", "README.md.jinja")
    second = templating.template("server-only", "README.md.jinja")
    assert compiled == ["README.md.jinja"]
    assert first is not second  # one Template per adapter environment, one compilation
    assert first.environment is not second.environment
    assert first.root_render_func.__code__ == second.root_render_func.__code__
