"""Rules on the fields of a struct: params, results, and the fields of declared types.

Fields match by wire name. A field whose new spec says ``"renamedFrom": "old"``
matches the old field of that name and is reported as a wire rename; without it, a
rename is a removal plus an addition (the removal's hint suggests ``renamedFrom``).
Each declared type is compared once, in the flows of all its uses across the project,
so a shared type's change is reported where it is declared, naming its users.
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.breaking.context import Comparison, Flow, Pair
from specgen.breaking.rules_types import compare_enums, compare_type
from specgen.breaking.side import Side, Site, named_refs
from specgen.ir import FieldIR, IRType, NamedRef, StructIR
from specgen.spec.v2 import FieldDef, ParamDef


@dataclass(frozen=True, slots=True)
class FieldMeta:
    """What the spec says about a field beyond its type (the IR does not keep it)."""

    site: Site
    deprecated: bool | str = False
    renamed_from: str | None = None
    subject: tuple[str, ...] = ()


def field_meta(side: Side, struct: StructIR, name: str, fallback: Site) -> FieldMeta:
    """Where field ``name`` of ``struct`` is written, and its deprecation and old name."""
    if struct.origin in ("params", "results"):
        doc = side.documents.get(struct.owner)
        if doc is not None:
            items: list[ParamDef] = getattr(doc.spec, struct.origin)
            for index, item in enumerate(items):
                if item.name == name:
                    return FieldMeta(
                        Site(doc, (struct.origin, index)),
                        item.deprecated,
                        item.renamed_from,
                        ("command", struct.owner, struct.origin, name),
                    )
            return FieldMeta(Site(doc, (struct.origin,)))
    if struct.origin == "types":
        doc = side.declared_in.get(struct.name)
        if doc is not None:
            typedef = doc.spec.types.get(struct.name)
            fields: dict[str, FieldDef] = (typedef.fields or {}) if typedef else {}
            item_def = fields.get(name)
            if item_def is None:
                return FieldMeta(Site(doc, ("types", struct.name, "fields")))
            return FieldMeta(
                Site(doc, ("types", struct.name, "fields", name)),
                item_def.deprecated,
                item_def.renamed_from,
                ("type", struct.name, name),
            )
    return FieldMeta(fallback)


def _describe(struct: StructIR, name: str, context: str = "") -> str:
    if struct.origin == "params":
        return f"param '{name}'"
    if struct.origin == "results":
        return f"result '{name}'"
    return f"field '{name}' of {context or struct.name}"


def compare_structs(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison,
    command: str,
    old: StructIR,
    new: StructIR,
    flow: Flow,
    pair: Pair,
    what: str,
) -> None:
    """Fields added, removed, renamed, made optional or required, or retyped.

    ``what`` names a declared type with its users (fields of other structs name their
    struct themselves).
    """
    context = what if new.origin == "types" and what.startswith("type ") else ""
    context = context.removeprefix("type ")
    old_fields = {f.name: f for f in old.fields}
    matched: set[str] = set()
    added: list[str] = []
    for new_field in new.fields:
        new_meta = field_meta(cmp.new, new, new_field.name, pair.new)
        origin = _origin(new_field, new_meta, old_fields)
        if origin is None:
            added.append(new_field.name)
            _added(cmp, command, new, new_field, flow, Pair(pair.old, new_meta.site), context)
            continue
        matched.add(origin.name)
        old_meta = field_meta(cmp.old, old, origin.name, pair.old)
        here = Pair(old_meta.site, new_meta.site)
        if origin.name != new_field.name:
            cmp.report(
                "WIRE_FIELD_RENAMED",
                command,
                f"{_describe(new, new_field.name, context)} was '{origin.name}' on the wire",
                here,
                hint=f"peers built from the old spec still use '{origin.name}'; keep both "
                "fields (the old one deprecated) until every peer is updated",
            )
        _compare_field(
            cmp, command, origin, new_field, flow, here, _describe(new, new_field.name, context)
        )
    for old_field in old.fields:
        if old_field.name not in matched:
            old_meta = field_meta(cmp.old, old, old_field.name, pair.old)
            removed_pair = Pair(old_meta.site, pair.new)
            _removed(cmp, command, old, old_field, flow, removed_pair, (added, context))


def _origin(new_field: FieldIR, meta: FieldMeta, old_fields: dict[str, FieldIR]) -> FieldIR | None:
    if new_field.name in old_fields:
        return old_fields[new_field.name]
    if meta.renamed_from is not None:
        return old_fields.get(meta.renamed_from)
    return None


def _added(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison,
    command: str,
    struct: StructIR,
    field: FieldIR,
    flow: Flow,
    pair: Pair,
    context: str,
) -> None:
    if Flow.INPUT in flow and not field.optional:
        cmp.report(
            "WIRE_PARAM_ADDED_REQUIRED",
            command,
            f"required {_describe(struct, field.name, context)} added; old clients do not send it",
            pair,
            hint="make it optional (with a default), or add it under a new command",
        )


def _removed(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison,
    command: str,
    struct: StructIR,
    field: FieldIR,
    flow: Flow,
    pair: Pair,
    added_and_context: tuple[list[str], str],
) -> None:
    added, context = added_and_context
    old_meta = field_meta(cmp.old, struct, field.name, pair.old)
    hint = 'deprecate it first ("deprecated": true) and remove it once that is released'
    if added:
        hint = f'if it was renamed, say so in the new field: "renamedFrom": "{field.name}"; ' + hint
    what = _describe(struct, field.name, context)
    if Flow.OUTPUT in flow:
        cmp.report(
            "WIRE_RESULT_FIELD_REMOVED",
            command,
            f"{what} removed; old clients expect it",
            pair,
            hint=hint,
            subject=old_meta.subject,
        )
    elif Flow.INPUT in flow:
        cmp.report(
            "SOURCE_PARAM_REMOVED",
            command,
            f"{what} removed; the new server ignores it and old callers that pass it stop "
            "compiling",
            pair,
            hint=hint,
            subject=old_meta.subject,
        )


def _compare_field(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison, command: str, old: FieldIR, new: FieldIR, flow: Flow, pair: Pair, what: str
) -> None:
    if Flow.INPUT in flow and old.optional and not new.optional:
        cmp.report(
            "WIRE_PARAM_MADE_REQUIRED",
            command,
            f"{what} is now required; old clients may leave it out",
            pair,
            hint="keep it optional and give it a default",
        )
    if Flow.OUTPUT in flow and not old.optional and new.optional:
        cmp.report(
            "WIRE_RESULT_MADE_OPTIONAL",
            command,
            f"{what} is now optional; old clients expect it every time",
            pair,
            hint="keep sending it; add a new optional field if the value may be missing",
        )
    type_pair = pair.at("type")
    compare_type(cmp, command, old.type, new.type, flow, type_pair, what, compare_structs)


def declared_flows(side: Side) -> tuple[dict[str, Flow], dict[str, list[str]]]:
    """How each declared type is used (params: INPUT, results: OUTPUT), and its direct users.

    The flows spread through the graph of declared types once per flow (linear in the
    project's size); the users are the commands that name a type in their own params or
    results (through their inline types too), not the ones that reach it through another
    declared type.
    """
    flows: dict[str, Flow] = {}
    users: dict[str, list[str]] = {}
    for flow, label in ((Flow.INPUT, "params"), (Flow.OUTPUT, "results")):
        stack: list[str] = []
        for command in side.commands.values():
            struct = command.params if flow is Flow.INPUT else command.results
            for name in _declared_below(side, struct):
                users.setdefault(name, []).append(f"{command.name} {label}")
                stack.append(name)
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            flows[name] = flows.get(name, Flow.NONE) | flow
            declared = side.structs.get(name)
            if declared is not None:
                stack.extend(_declared_below(side, declared))
    return flows, users


def _declared_below(side: Side, start: StructIR) -> list[str]:
    """The declared types ``start``'s fields name, looking through inline types only."""
    found: list[str] = []
    seen: set[str] = set()
    stack: list[IRType] = [f.type for f in start.fields]
    while stack:
        for ref in named_refs(stack.pop()):
            if ref.name in seen:
                continue
            seen.add(ref.name)
            if ref.name in side.declared_in:
                found.append(ref.name)
                continue
            struct = side.struct(ref)
            if struct is not None:
                stack.extend(f.type for f in struct.fields)
    return found


def compare_declared_types(cmp: Comparison) -> None:
    """Each declared type in both versions once; types that are gone."""
    for name, new_doc in cmp.new.declared_in.items():
        old_doc = cmp.old.declared_in.get(name)
        if old_doc is None or (name in cmp.old.externals and name in cmp.new.externals):
            continue  # external types: rules_external
        if old_doc.spec.name in cmp.unchanged and new_doc.spec.name == old_doc.spec.name:
            continue  # declared by a spec whose text did not change
        flow = cmp.declared_flows.get(name, Flow.NONE)
        users = cmp.declared_users.get(name, [])
        what = f"type {name}" + used_by(users)
        pair = Pair(Site(old_doc, ("types", name)), Site(new_doc, ("types", name)))
        owner = new_doc.spec.name
        old_ref = _ref(cmp.old, name)
        new_ref = _ref(cmp.new, name)
        old_struct, new_struct = cmp.old.struct(old_ref), cmp.new.struct(new_ref)
        if old_struct is not None and new_struct is not None:
            compare_structs(cmp, owner, old_struct, new_struct, flow, pair.at("fields"), what)
            continue
        old_enum, new_enum = cmp.old.enum(old_ref), cmp.new.enum(new_ref)
        if old_enum is not None and new_enum is not None:
            compare_enums(cmp, owner, old_enum, new_enum, flow, pair.at("enum"), what)
            continue
        compare_type(cmp, owner, old_ref, new_ref, flow, pair, what, compare_structs)
    for name, old_doc in cmp.old.declared_in.items():
        if name in cmp.new.declared_in:
            continue
        owner_now = cmp.new.documents.get(old_doc.spec.name)
        old_site = Site(old_doc, ("types", name))
        new_site = Site(owner_now, ("types",)) if owner_now is not None else old_site
        cmp.report(
            "SOURCE_TYPE_REMOVED",
            old_doc.spec.name,
            f"type {name} is gone; code that imports it stops compiling",
            Pair(old_site, new_site),
            hint="keep the type (deprecated) until its users moved, or rename it back",
        )


def used_by(users: list[str], shown: int = 4) -> str:
    """`` (used by a/b params, c/d results and 3 more)``, or nothing without users."""
    if not users:
        return ""
    more = f" and {len(users) - shown} more" if len(users) > shown else ""
    return f" (used by {', '.join(users[:shown])}{more})"


def _ref(side: Side, name: str) -> NamedRef:
    kind = "enum" if name in side.enums and name not in side.structs else "struct"
    doc = side.declared_in[name]
    return NamedRef(name, doc.spec.name, kind)  # type: ignore[arg-type]  # one of the two
