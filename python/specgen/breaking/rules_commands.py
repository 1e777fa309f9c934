"""Rules on a command as a whole: removed, renamed, sides lost, access raised, Rust module.

Commands match by name, or by ``"renamedFrom"`` in the new spec. A command that is
gone is located where it was (the old spec): there is no new place to point at.
"""

from __future__ import annotations

from specgen.breaking.context import Comparison, Flow, Pair
from specgen.breaking.rules_fields import compare_structs
from specgen.breaking.side import Site
from specgen.ir import CommandIR

ENVIRONMENT_SIDES = {"server": {"server"}, "browser": {"browser"}, "both": {"server", "browser"}}
ADAPTER_SIDES: dict[str, set[str]] = {
    "rust-ipc": {"Rust", "TypeScript"},
    "full-stack": {"Rust", "TypeScript"},
    "trait-only": {"Rust", "TypeScript"},
    "types": {"Rust", "TypeScript"},
    "server-only": {"TypeScript"},
    "browser-only": {"TypeScript"},
}
"""The languages each built-in adapter emits; a plugin adapter's sides are not known."""
ACCESS_RANK = {"ai-safe": 0, "system": 1, "owner-only": 2}


def compare_commands(cmp: Comparison) -> int:
    """Compare every command of the old side with its new self; the number compared."""
    renamed = {
        doc.spec.renamed_from: name
        for name, doc in cmp.new.documents.items()
        if doc.spec.renamed_from and doc.spec.renamed_from not in cmp.new.documents
    }
    compared = 0
    for name, old_doc in sorted(cmp.old.documents.items()):
        new_name = name if name in cmp.new.documents else renamed.get(name)
        old_root = Site(old_doc, ())
        if new_name is None:
            cmp.report(
                "WIRE_COMMAND_REMOVED",
                name,
                f"command {name} removed; old clients still call it",
                Pair(old_root, old_root),
                hint='deprecate it first ("deprecated": true) and remove it once that is '
                'released, or say "renamedFrom" in the spec that replaces it',
                subject=("command", name),
            )
            continue
        new_doc = cmp.new.documents[new_name]
        pair = Pair(old_root, Site(new_doc, ()))
        if new_name != name:
            cmp.report(
                "WIRE_COMMAND_RENAMED",
                new_name,
                f"command {name} is now {new_name}; old clients call the old name",
                Pair(old_root, Site(new_doc, ("renamedFrom",))),
                hint=f"keep {name} (deprecated) beside {new_name} until every client moved",
            )
        compared += 1
        if name in cmp.unchanged:
            continue  # same text, same aliases: only the types it names can differ, and
            # those are compared where they are declared
        compare_command(cmp, cmp.old.commands[name], cmp.new.commands[new_name], pair)
    return compared


def compare_command(cmp: Comparison, old: CommandIR, new: CommandIR, pair: Pair) -> None:
    """Sides, access level, Rust module, then params (INPUT) and results (OUTPUT)."""
    command = new.name
    lost = sorted(ENVIRONMENT_SIDES[old.environment] - ENVIRONMENT_SIDES[new.environment])
    if lost:
        cmp.report(
            "WIRE_ENVIRONMENT_SIDE_REMOVED",
            command,
            f"environment {old.environment} -> {new.environment}: no longer runs in the "
            f"{' and '.join(lost)}",
            pair.at("environment"),
            hint="callers on that side lose the command; keep the environment until they moved",
        )
    if old.adapter in ADAPTER_SIDES and new.adapter in ADAPTER_SIDES:
        gone = sorted(ADAPTER_SIDES[old.adapter] - ADAPTER_SIDES[new.adapter])
        if gone:
            cmp.report(
                "WIRE_ADAPTER_SIDE_REMOVED",
                command,
                f"adapter {old.adapter} -> {new.adapter}: no {' or '.join(gone)} side any more",
                pair.at("adapter"),
                hint=f"code that uses the generated {' and '.join(gone)} loses it",
            )
        both_rust = "Rust" in ADAPTER_SIDES[old.adapter] & ADAPTER_SIDES[new.adapter]
        if both_rust and old.rust.module != new.rust.module:
            cmp.report(
                "SOURCE_RUST_MODULE_CHANGED",
                command,
                f"Rust module {old.rust.module} -> {new.rust.module}; `use` paths of the "
                "wire types change",
                pair.at("rust", "module"),
                hint="Rust code that `use`s the wire types by path must follow the move",
            )
    if ACCESS_RANK[new.access_level] > ACCESS_RANK[old.access_level]:
        cmp.report(
            "WIRE_ACCESS_LEVEL_RAISED",
            command,
            f"access level {old.access_level} -> {new.access_level}: callers allowed before "
            "are refused",
            pair.at("accessLevel"),
            hint="add a new command with the higher level, and deprecate this one",
        )
    compare_structs(cmp, command, old.params, new.params, Flow.INPUT, pair.at("params"), "params")
    compare_structs(
        cmp, command, old.results, new.results, Flow.OUTPUT, pair.at("results"), "results"
    )
