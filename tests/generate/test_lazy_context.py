"""LazyContext: a template context built once, when a file is rendered, and shared."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from specgen.adapters import LazyContext, load_registry
from specgen.config import load_config
from specgen.generate.pipeline import build_context, plan_files
from specgen.ir import resolve_commands
from specgen.renderers.render_plan import render_file
from specgen.validate import validate_paths
from specgen.validate.adapter_rules import choose_adapters

EXAMPLES = Path(str(resources.files("specgen") / "examples" / "specs"))


def test_builds_on_first_read_only_and_once() -> None:
    calls: list[int] = []

    def build() -> dict[str, object]:
        calls.append(1)
        return {"name": "x", "items": [1, 2]}

    context = LazyContext(build)
    assert calls == []
    assert context["name"] == "x"
    assert dict(context) == {"name": "x", "items": [1, 2]}
    assert len(context) == 2
    assert calls == [1]


def test_planning_builds_no_context_and_rendering_builds_each_once() -> None:
    config, _ = load_config(EXAMPLES)
    report = validate_paths([EXAMPLES], config.aliases)
    commands = resolve_commands(report.documents, config.aliases)
    registry = load_registry()
    adapters, _ = choose_adapters(report.documents, commands, registry, None)
    planned = plan_files(commands, adapters, build_context(commands, config))
    lazy = {id(entry.file.context): entry.file.context for entry in planned}
    contexts = [c for c in lazy.values() if isinstance(c, LazyContext)]
    assert len(contexts) > len(commands)  # the built-in adapters plan lazily
    assert len(contexts) < len(planned)  # files of one part share a context
    assert all(c._values is None for c in contexts)  # noqa: SLF001  # nothing built while planning
    first = [render_file(entry.file, entry.adapter) for entry in planned]
    built = {id(c): c._values for c in contexts}  # noqa: SLF001
    assert all(values is not None for values in built.values())
    again = [render_file(entry.file, entry.adapter) for entry in planned]
    assert again == first
    assert all(c._values is built[id(c)] for c in contexts)  # noqa: SLF001  # kept, not rebuilt
