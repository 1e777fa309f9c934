"""Rendering a plan: each planned file through its adapter's template, Rust through rustfmt.

The Rust files render first and go to rustfmt (`specgen.renderers.format`) while the
other files render; `StartedRender.finish` waits for it. A large run calls
`start_render` in two processes, one per share of the plan
(`specgen.generate.parallel`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from specgen.renderers.format import PendingFormat
from specgen.renderers.templating import render, template
from specgen.writer import OutputFile, Owner

if TYPE_CHECKING:
    from specgen.adapters.base import Adapter, Planned, PlannedFile


def render_files(planned: Sequence[Planned]) -> tuple[list[OutputFile], list[str]]:
    """Render every planned file; rustfmt formats the Rust ones while the rest render."""
    started = start_render(planned)
    formatted, notes = started.finish()
    return sorted([*started.ready, *formatted], key=lambda file: file.path), notes


@dataclass
class StartedRender:
    """Rendered files: the non-Rust ones ready, the Rust ones in rustfmt until `finish`."""

    ready: list[OutputFile]
    """The rendered files that need no formatting."""
    pending: PendingFormat
    meta: dict[str, tuple[Owner, str]]
    """Owner and spec of each Rust file."""

    def finish(self) -> tuple[list[OutputFile], list[str]]:
        """Wait for rustfmt: the Rust files (sorted by path) and a note when it did not run."""
        formatted = self.pending.result()
        files = [
            OutputFile(path, formatted.files[path], *self.meta[path])
            for path in sorted(formatted.files)
        ]
        return files, [formatted.note] if formatted.note else []


def start_render(planned: Sequence[Planned]) -> StartedRender:
    """Render the Rust files and start rustfmt on them; then render the others."""
    rust = [entry for entry in planned if entry.file.path.endswith(".rs")]
    other = [entry for entry in planned if not entry.file.path.endswith(".rs")]
    pending = PendingFormat(
        {entry.file.path: render_file(entry.file, entry.adapter) for entry in rust},
        laid_out={entry.file.path for entry in rust if entry.file.formatted},
    )
    try:
        ready = [_rendered(entry) for entry in other]
    except BaseException:
        pending.close()  # end rustfmt now; its scratch folder goes
        raise
    meta: dict[str, tuple[Owner, str]] = {
        entry.file.path: (entry.file.owner, entry.spec) for entry in rust
    }
    return StartedRender(ready, pending, meta)


def _rendered(entry: Planned) -> OutputFile:
    item = entry.file
    return OutputFile(item.path, render_file(item, entry.adapter), item.owner, entry.spec)


def compile_templates(planned: Sequence[Planned]) -> None:
    """Compile the templates of ``planned`` now (a forked worker inherits them compiled)."""
    for entry in planned:
        template(*_template_of(entry.file, entry.adapter))


def _template_of(item: PlannedFile, adapter: Adapter | None) -> tuple[str, str, str]:
    """(adapter name, template, template package) of a planned file."""
    if adapter is None:  # specgen's own files (the Rust module index)
        return "", item.template, "specgen"
    return adapter.name, item.template, adapter.template_package


def render_file(item: PlannedFile, adapter: Adapter | None) -> bytes:
    """The bytes of one planned file, as its template renders them (before formatting)."""
    name, template_name, package = _template_of(item, adapter)
    return render(name, template_name, item.context, package)
