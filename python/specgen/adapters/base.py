"""The Adapter protocol and what adapters plan: files, templates and owners.

An adapter is a class with a ``name``, the package holding its templates, whether
it is Rust-backed, and a ``plan()`` that maps one resolved command to planned files.
It does no I/O and renders nothing: the pipeline renders the plan and the writer
writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from functools import cached_property
from typing import Any, Protocol

from specgen.config import TypeScriptConfig
from specgen.ir.model import CommandIR, EnumIR, StructIR
from specgen.renderers.templating import LazyContext
from specgen.renderers.ts_imports import RuntimeImports
from specgen.renderers.ts_types import TsStyle
from specgen.values import value_type
from specgen.writer.plan import Owner

__all__ = [
    "Adapter",
    "GenerationContext",
    "Layout",
    "LazyContext",
    "Owner",
    "Planned",
    "PlannedFile",
    "is_rust_backed",
]


@value_type
class Layout:
    """Where each language's output goes, relative to the output root."""

    rust_dir: str = "rust"
    ts_dir: str = "ts"
    commands_dir: str = "commands"


@value_type
class GenerationContext:
    """Everything an adapter may look at besides its own command."""

    commands: Mapping[str, CommandIR]
    structs: Mapping[str, StructIR]
    enums: Mapping[str, EnumIR]
    typescript: TypeScriptConfig = field(default_factory=TypeScriptConfig)
    layout: Layout = field(default_factory=Layout)

    @property
    def ts_style(self) -> TsStyle:
        """The TypeScript rendering options."""
        return TsStyle(self.typescript.int64, self.typescript.optional_fields)

    @cached_property
    def runtime_imports(self) -> RuntimeImports:
        """Where each runtime name comes from; built once, it remembers its import lines."""
        return RuntimeImports.of(
            self.typescript.runtime_import,
            self.typescript.runtime,
            self.layout.ts_dir,
            self.typescript.import_extension,
        )


@value_type
class PlannedFile:
    """One output: its path under the root, its template, owner and context.

    ``context`` may be a `LazyContext`, built when the file is rendered.
    """

    path: str
    template: str
    owner: Owner
    context: Mapping[str, Any]
    formatted: bool = False
    """Rust only: the template lays the file out as rustfmt would, so the format step
    leaves it alone (unless `specgen.renderers.rust_layout.outgrows_layout` says otherwise)."""


class Adapter(Protocol):
    """What every adapter, built in or plugged in, provides."""

    name: str
    """The name specs use in their ``adapter`` field."""
    template_package: str
    """The Python package whose ``templates/<name>/`` folder holds this adapter's templates."""
    rust_backed: bool
    """True when its commands are served by Rust (it generates the Rust wire types): such
    a command may use only types that Rust has too (SG306), and its external types need
    a Rust side. A plugin may leave it out: it then counts as False (`is_rust_backed`)."""

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """The files to generate for ``command``."""
        ...


def is_rust_backed(adapter: Adapter) -> bool:
    """Whether ``adapter`` declares itself Rust-backed (a plugin without the attribute: no)."""
    return getattr(adapter, "rust_backed", False) is True


@value_type(slots=True)
class Planned:
    """A planned file, the adapter that renders it and the spec it comes from."""

    file: PlannedFile
    adapter: Adapter | None
    """None: one of specgen's own files (the Rust module index)."""
    spec: str
    """The spec file recorded as the file's owner in the manifest."""
