"""What an external type or a runtime name is, wherever it was declared.

An `ExternalDecl` is the same whether a spec or the project config declared it;
`RuntimeBinding` says where one runtime name (`RUNTIME_NAMES`) is imported from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from specgen.diagnostics import Location
from specgen.spec.v2 import TypeDef


@dataclass(frozen=True, slots=True)
class ExternalDecl:
    """A type that lives elsewhere: where TypeScript imports it, how Rust names it."""

    name: str
    """The key: the name specs use and generated code refers to."""
    ts_module: str
    """Module specifier as declared (alias, package, or './' path relative to the TS root)."""
    ts_name: str
    """The name the module exports (the key unless declared otherwise)."""
    rust_path: str | None = None
    """Rust path to ``use`` (e.g. ``uuid::Uuid``), or None."""
    rust_wire: str | None = None
    """Type expression of the wire representation Rust uses instead, or None."""
    description: str = ""
    declared_at: Location | None = field(default=None, compare=False)
    """Where the config declares it (None for a spec's declaration)."""

    @property
    def has_rust(self) -> bool:
        """Whether Rust code can refer to the type (a path or a wire representation)."""
        return self.rust_path is not None or self.rust_wire is not None

    def same_home(self, other: ExternalDecl) -> bool:
        """Whether ``other`` declares the same type (descriptions aside)."""
        return (self.ts_module, self.ts_name, self.rust_path, self.rust_wire) == (
            other.ts_module,
            other.ts_name,
            other.rust_path,
            other.rust_wire,
        )

    @classmethod
    def from_typedef(cls, name: str, typedef: TypeDef) -> ExternalDecl:
        """The declaration of a spec's ``types`` entry (which must be external)."""
        external = typedef.external
        if external is None:  # pragma: no cover - callers pass external entries only
            msg = f"type {name!r} is not external"
            raise ValueError(msg)
        rust = external.rust
        return cls(
            name=name,
            ts_module=external.typescript.module,
            ts_name=external.typescript.name or name,
            rust_path=rust.path if rust else None,
            rust_wire=rust.wire if rust else None,
            description=typedef.description,
        )


ImportKind = Literal["type", "value"]


@dataclass(frozen=True, slots=True)
class RuntimeName:
    """A name of the runtime that generated TypeScript uses."""

    key: str
    """Its key in ``[typescript.runtime]``."""
    local: str
    """specgen's name for it; generated code refers to it by this name."""
    kind: ImportKind
    """Whether generated code uses it as a type only or as a value too."""


RUNTIME_NAMES: dict[str, RuntimeName] = {
    name.key: name
    for name in (
        RuntimeName("context", "CommandContext", "type"),
        RuntimeName("session_id", "SessionId", "type"),
        RuntimeName("error", "CommandError", "type"),
        RuntimeName("command_params", "CommandParams", "type"),
        RuntimeName("command_result", "CommandResult", "type"),
        RuntimeName("command_input", "CommandInput", "type"),
        RuntimeName("command_base", "CommandBase", "value"),
        RuntimeName("commands", "Commands", "value"),
        RuntimeName("ipc_client", "IpcClient", "value"),
        RuntimeName("ipc_constructor", "IpcConstructor", "type"),
        RuntimeName("commander", "Commander", "type"),
        RuntimeName("create_payload", "createPayload", "value"),
        RuntimeName("transform_payload", "transformPayload", "value"),
        RuntimeName("command_failure", "CommandFailure", "value"),
        RuntimeName("command_error", "commandError", "value"),
    )
}
"""Every runtime name a built-in template imports, by its ``[typescript.runtime]`` key."""


@dataclass(frozen=True, slots=True)
class RuntimeBinding:
    """Where one runtime name comes from in this project."""

    key: str
    module: str
    """Module specifier (same rules as an external type's module)."""
    name: str
    """The exported name (specgen's name unless configured otherwise)."""


def is_relative_module(module: str) -> bool:
    """Whether ``module`` is a './' or '../' path (relative to the TypeScript root)."""
    return module.startswith(("./", "../"))


def rust_name(path: str) -> str:
    """The name a ``use`` of ``path`` brings into scope (``uuid::Uuid`` -> ``Uuid``)."""
    head, _, alias = path.partition(" as ")
    return (alias or head.rsplit("::", 1)[-1]).strip().removeprefix("r#")
