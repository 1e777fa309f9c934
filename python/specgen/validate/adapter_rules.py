"""The rules that need each command's adapter: an unknown one, and what Rust-backed asks.

They run after resolution, once the adapter of every command is known (a spec's own,
the project's default or ``--adapter``):

- SG113: no adapter by that name (validation already finds a spec's own unknown
  adapter; `drop_repeated_unknown_adapters` keeps one error per place);
- SG306: a Rust-backed command uses a type that only TypeScript declares;
- the external types of a Rust-backed command need a Rust side
  (`specgen.validate.external.check_external_rust_sides`).

An adapter is Rust-backed when it says so (`specgen.adapters.is_rust_backed`).
"""

from __future__ import annotations

from collections.abc import Sequence

from specgen.adapters import AdapterRegistry, is_rust_backed
from specgen.adapters.base import Adapter
from specgen.diagnostics import Diagnostic, Severity, has_errors
from specgen.ir import CommandIR
from specgen.spec.document import SpecDocument
from specgen.validate.external import check_external_rust_sides


def check_adapters(
    documents: Sequence[SpecDocument],
    commands: Sequence[CommandIR],
    registry: AdapterRegistry,
    override: str | None,
) -> tuple[dict[str, Adapter], list[Diagnostic]]:
    """The adapter of each command, and what is wrong with the choice (SG113, SG306, ...)."""
    adapters, diags = choose_adapters(documents, commands, registry, override)
    if not has_errors(diags):
        diags += check_rust_references(documents, commands, adapters)
        rust_backed = {n for n, a in adapters.items() if is_rust_backed(a)}
        diags += check_external_rust_sides(documents, commands, rust_backed)
    return adapters, diags


def _adapter_diagnostic(doc: SpecDocument, name: str, registry: AdapterRegistry) -> Diagnostic:
    """No adapter by that name: an error now, since nothing can be generated."""
    path = ("adapter",) if doc.spec.adapter else ("name",)
    hint = "available: " + ", ".join(registry.names())
    if name in registry.broken:
        hint = f"the plugin failed to load: {registry.broken[name]}"
    message = f"no adapter named '{name}'"
    return Diagnostic("SG113", Severity.ERROR, message, doc.source.locate(path), hint)


def choose_adapters(
    documents: Sequence[SpecDocument],
    commands: Sequence[CommandIR],
    registry: AdapterRegistry,
    override: str | None,
) -> tuple[dict[str, Adapter], list[Diagnostic]]:
    """The adapter of each command (``override`` wins); unknown names are errors."""
    by_name = {d.spec.name: d for d in documents}
    chosen: dict[str, Adapter] = {}
    diags: list[Diagnostic] = []
    for command in commands:
        name = override or command.adapter
        adapter = registry.get(name)
        if adapter is None:
            diags.append(_adapter_diagnostic(by_name[command.name], name, registry))
            continue
        chosen[command.name] = adapter
    return chosen, diags


def check_rust_references(
    documents: Sequence[SpecDocument], commands: Sequence[CommandIR], adapters: dict[str, Adapter]
) -> list[Diagnostic]:
    """A Rust-backed command may only use types that Rust code declares too (SG306)."""
    by_name = {d.spec.name: d for d in documents}
    diags = []
    for command in commands:
        if not is_rust_backed(adapters[command.name]):
            continue
        for ref in command.foreign:
            if is_rust_backed(adapters[ref.owner]):
                continue
            owner = by_name[ref.owner]
            diags.append(
                owner.source.diagnostic(
                    "SG306",
                    f"type '{ref.name}' is declared by the TypeScript-only command "
                    f"'{ref.owner}', but the Rust-backed command '{command.name}' uses it",
                    ("types", ref.name),
                    key=True,
                    hint="declare it in a Rust-backed spec (trait-only, or types for the wire "
                    "types alone) so Rust has it too",
                )
            )
    return diags


def drop_repeated_unknown_adapters(
    earlier: Sequence[Diagnostic], found: Sequence[Diagnostic]
) -> list[Diagnostic]:
    """``earlier`` without the SG113 errors that ``found`` reports at the same place.

    An unknown ``--adapter`` is found when adapters are chosen, a spec's own one by
    validation too: each place is said once.
    """
    unknown = {(d.location.file, d.location.line) for d in found if d.code == "SG113"}
    return [
        d for d in earlier if d.code != "SG113" or (d.location.file, d.location.line) not in unknown
    ]
