"""The built-in adapters: the five of the seed's table and ``types``, each a short list of parts."""

from __future__ import annotations

from specgen.adapters import parts
from specgen.adapters.base import GenerationContext, PlannedFile
from specgen.ir.model import CommandIR


def _with_readme(
    command: CommandIR, ctx: GenerationContext, files: list[PlannedFile], *, accessor: bool = True
) -> list[PlannedFile]:
    return [*files, parts.readme(command, ctx, files, accessor=accessor)]


class RustIpcAdapter:
    """Rust service (wire types, handler, routing, scaffold) + TS types, IPC mixin, command."""

    name = "rust-ipc"
    template_package = "specgen"
    rust_backed = True

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan the full Rust-backed vertical."""
        files = [
            *parts.rust_module(command, context, contract=False),
            parts.types_file(command, context, rust_backed=True),
            parts.ipc_mixin(command, context),
            parts.server_command(command, context, via_ipc=True),
            *parts.ts_tests(command, context),
        ]
        return _with_readme(command, context, files)


class ServerOnlyAdapter:
    """A pure TypeScript server command: Types file + server command."""

    name = "server-only"
    template_package = "specgen"
    rust_backed = False

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan the TS-only server command."""
        files = [
            parts.types_file(command, context, rust_backed=False),
            parts.server_command(command, context, via_ipc=False),
            *parts.ts_tests(command, context),
        ]
        return _with_readme(command, context, files)


class BrowserOnlyAdapter:
    """A browser-only TypeScript command: Types file + browser command."""

    name = "browser-only"
    template_package = "specgen"
    rust_backed = False

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan the TS-only browser command."""
        files = [
            parts.types_file(command, context, rust_backed=False),
            parts.browser_command(command, context, forward=False),
            *parts.ts_tests(command, context),
        ]
        return _with_readme(command, context, files)


class FullStackAdapter:
    """Rust service + TS types, IPC mixin, server command and a browser command forwarding to it."""

    name = "full-stack"
    template_package = "specgen"
    rust_backed = True

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan both environments over a Rust service."""
        files = [
            *parts.rust_module(command, context, contract=False),
            parts.types_file(command, context, rust_backed=True),
            parts.ipc_mixin(command, context),
            parts.server_command(command, context, via_ipc=True),
            parts.browser_command(command, context, forward=True),
            *parts.ts_tests(command, context),
        ]
        return _with_readme(command, context, files)


class TraitOnlyAdapter:
    """A Rust contract trait + wire types, and the TS interfaces (no command)."""

    name = "trait-only"
    template_package = "specgen"
    rust_backed = True

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan the cross-cutting contract."""
        files = [
            *parts.rust_module(command, context, contract=True),
            parts.types_file(command, context, rust_backed=True, accessor=False),
            *parts.ts_tests(command, context, accessor=False),
        ]
        return _with_readme(command, context, files, accessor=False)


class TypesAdapter:
    """The shared contract alone: Rust wire types and a self-contained TS Types file.

    For a codebase that adopts the types before the commands (what ts-rs and
    typeshare do): ``wire.rs`` (serde + ts-rs, the same as every Rust-backed
    adapter's) and the Types file declaring params, result and the spec's own types
    itself, so it compiles without the ts-rs export. No factories or static accessor
    (they need the runtime's values), no command, test scaffold or README.
    """

    name = "types"
    template_package = "specgen"
    rust_backed = True

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Plan the wire types in both languages."""
        return [
            *parts.rust_module(command, context, contract=False, wire_only=True),
            parts.types_file(command, context, rust_backed=False, accessor=False),
        ]


BUILTIN = (
    RustIpcAdapter(),
    ServerOnlyAdapter(),
    BrowserOnlyAdapter(),
    FullStackAdapter(),
    TraitOnlyAdapter(),
    TypesAdapter(),
)
