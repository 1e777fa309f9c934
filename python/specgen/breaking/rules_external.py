"""Rules on external types (a type with a home elsewhere): where each side finds it.

An external type declared in both versions is compared once, where it is declared: a
new Rust path or wire form is a Rust wire type change (old Rust peers hold another type),
a new TypeScript module or exported name is a source change (imports move). The config's
external types are read once, from the current config, for both versions.
"""

from __future__ import annotations

from specgen.breaking.context import Comparison, Pair
from specgen.breaking.rules_fields import used_by
from specgen.breaking.side import Site


def _rust(path: str | None, wire: str | None) -> str:
    return f"path {path}" if path is not None else f"wire {wire}" if wire is not None else "none"


def compare_externals(cmp: Comparison) -> None:
    """Each external type of both versions: its Rust side, then its TypeScript side."""
    for name, new in sorted(cmp.new.externals.items()):
        old = cmp.old.externals.get(name)
        new_doc, old_doc = cmp.new.declared_in.get(name), cmp.old.declared_in.get(name)
        if old is None or new_doc is None or old_doc is None:
            continue
        pair = Pair(
            Site(old_doc, ("types", name, "external")), Site(new_doc, ("types", name, "external"))
        )
        users = cmp.declared_users.get(name, [])
        what = f"external type {name}" + used_by(users)
        owner = new_doc.spec.name
        before, after = _rust(old.rust_path, old.rust_wire), _rust(new.rust_path, new.rust_wire)
        if before != after:
            cmp.report(
                "WIRE_RUST_TYPE_CHANGED",
                owner,
                f"{what}: Rust {before} -> {after}; peers built from the old spec hold the "
                "old type",
                pair.at("rust"),
                hint="keep the Rust type until every Rust peer is rebuilt, or add a new field",
            )
        if (old.ts_module, old.ts_name) != (new.ts_module, new.ts_name):
            cmp.report(
                "SOURCE_TS_TYPE_CHANGED",
                owner,
                f"{what}: TypeScript {old.ts_name} from '{old.ts_module}' -> {new.ts_name} "
                f"from '{new.ts_module}'; code importing the old one may stop compiling",
                pair.at("typescript"),
            )
