"""v1 -> v2 migration of CommandSpecs.

Migration is a function of the v1 model: it returns the v2 JSON data and a list of
diagnostics for everything it could not carry over. Params and results that restate
a base field (``success`` and ``error`` of every result, ``userId`` of every params;
see ``specgen.base_fields``) are dropped with a note when their type is compatible,
and are an error when it conflicts. The source is told which v1 index each kept
field had, so a problem in the migrated spec is still located in the v1 file.

Examples written as plain strings become v2 examples with a note. Real v1 specs name
types they never declare (v1 had no ``types`` block): migration reports each such
reference (SG403), except the names the project config declares (``[external_types]``,
``[aliases]``), which the caller passes as ``declared``; ``specgen migrate --from DIR``
fills the others in from the codebase.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from specgen.base_fields import base_field, base_interface
from specgen.diagnostics import Diagnostic
from specgen.spec.custom_types import custom_type_entry
from specgen.spec.default_values import default_mismatch, unquoted_default
from specgen.spec.document import SourceText
from specgen.spec.v1 import CommandSpecV1, ExampleV1, FieldV1, as_flag
from specgen.spec.v1_types import v1_type_text
from specgen.typeexpr import PRIMITIVES, SIZED_NUMBERS, TypeExprError, iter_refs, parse_type_expr

_KNOWN_NAMES = set(PRIMITIVES) | set(SIZED_NUMBERS)


@dataclass
class Migration:
    """The result of migrating one v1 spec."""

    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    undeclared: dict[str, list[tuple[str | int, ...]]] = field(default_factory=dict)
    """Names used but not declared, with the v1 JSON paths of the types naming them."""
    v1_indexes: dict[tuple[str, int], int] = field(default_factory=dict)
    """(``params``/``results``, v2 index) -> v1 index, for the fields that moved."""
    types: dict[str, Any] = field(default_factory=dict)
    """The types the spec declares itself (its ``customTypes``): defaults are checked on them."""


_ENVIRONMENTS = ("server", "browser", "both")


def _unknown_environments(spec: CommandSpecV1, out: Migration, src: SourceText) -> None:
    """SG104 for an environment v2 does not know (v2 rejects it the same way)."""
    written: list[tuple[tuple[str | int, ...], str]] = []
    if spec.environment is not None:
        written.append((("environment",), spec.environment))
    written += [(("environments", i), e) for i, e in enumerate(spec.environments or ())]
    for path, value in written:
        if value not in _ENVIRONMENTS:
            out.diagnostics.append(
                src.diagnostic(
                    "SG104",
                    f"invalid value {value!r}",
                    path,
                    hint="expected 'server', 'browser' or 'both'",
                )
            )


def _environment(spec: CommandSpecV1) -> str:
    envs = set(spec.environments or ())
    if spec.environment:
        envs.add(spec.environment)
    if {"server", "browser"} <= envs or "both" in envs:
        return "both"
    if "browser" in envs:
        return "browser"
    return "server"


_ADAPTER_FOR_ENVIRONMENT = {
    "server": "server-only",
    "browser": "browser-only",
    "both": "full-stack",
}


def _field(
    item: FieldV1, path: tuple[str | int, ...], out: Migration, src: SourceText
) -> dict[str, Any] | None:
    """The v2 form of a v1 param or result; None when it restates a base field."""
    type_text = v1_type_text(item.type)
    base = base_field(str(path[0]), item.name)
    if base is not None:
        _restated_base_field(item, base.compatible(type_text), path, out, src)
        return None
    if type_text != item.type.strip():
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 type '{item.type}' migrated as '{type_text}'",
                (*path, "type"),
                hint="review the migrated type; prefer a named type over unknown",
            )
        )
    _string_flags(item, path, out, src)
    _unsaid(item, path, out, src)
    result: dict[str, Any] = {"name": item.name, "type": type_text}
    if item.is_optional():
        result["optional"] = True
    if item.description:
        result["description"] = item.description
    if item.default is not None:
        result["default"] = _default(item, type_text, path, out, src)
    elif "default" in item.model_fields_set:
        _dropped_null(f"v1 default null of '{item.name}'", (*path, "default"), out, src)
    for extra in sorted(item.model_extra or {}):
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 field '{extra}' has no v2 equivalent and was dropped",
                (*path, extra),
                key=True,
                hint="move the information into the description if it matters",
            )
        )
    return result


def _unsaid(item: FieldV1, path: tuple[str | int, ...], out: Migration, src: SourceText) -> None:
    """SG402 where the v1 field leaves migration to guess: no type, or contradictory flags."""
    if "type" not in item.model_fields_set:
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 field '{item.name}' has no type; migrated as 'unknown'",
                path,
                hint='write its type ("type": "string", a named type...)',
            )
        )
    optional, required = as_flag(item.optional), as_flag(item.required)
    if optional is not None and required is not None and optional == required:
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 field '{item.name}' says both optional: {str(optional).lower()} and "
                f"required: {str(required).lower()}; migrated as "
                f"{'optional' if optional else 'required'} ('optional' wins)",
                (*path, "required"),
                hint="keep one of the two flags",
            )
        )


def _default(
    item: FieldV1, type_text: str, path: tuple[str | int, ...], out: Migration, src: SourceText
) -> object:
    """The v2 default of a v1 field, with what migration says about it.

    As written when it fits; unquoted with a note when only that fits (``"10"`` for a
    number); as written with SG206 when no reading of it is a value of the type.
    """
    written = json.dumps(item.default, ensure_ascii=False)[:60]
    found, value = unquoted_default(item.default, type_text, out.types)
    if found:
        message = f"v1 default {written} of '{item.name}' is read as {json.dumps(value)}"
        note = f"v2 writes the {type_text} value, without the quotes"
        out.diagnostics.append(src.diagnostic("SG402", message, (*path, "default"), hint=note))
        return value
    problem = default_mismatch(item.default, type_text, out.types)
    if problem is not None:
        message = f"v1 default {written} of '{item.name}' is not a value of its type {type_text}"
        out.diagnostics.append(src.diagnostic("SG206", message, (*path, "default"), hint=problem))
    return item.default


def _string_flags(
    item: FieldV1, path: tuple[str | int, ...], out: Migration, src: SourceText
) -> None:
    """``"required": "false"``: read as the boolean with a note; any other text is an error."""
    for key, value in (("optional", item.optional), ("required", item.required)):
        if not isinstance(value, str):
            continue
        flag = as_flag(value)
        if flag is None:
            message = f"v1 '{key}' is {json.dumps(value)}, neither true nor false"
            hint = f'write "{key}": true or false'
            out.diagnostics.append(src.diagnostic("SG103", message, (*path, key), hint=hint))
        else:
            message = f"v1 '{key}' is the string {json.dumps(value)}; read as {str(flag).lower()}"
            out.diagnostics.append(
                src.diagnostic("SG402", message, (*path, key), hint="v2 writes the boolean")
            )


_COMMAND_LINE_STARTS = ("./", "$ ", "jtag ", "specgen ", "npm ", "npx ")


def _string_example(
    text: str, name: str, path: tuple[str | int, ...], out: Migration, src: SourceText
) -> dict[str, Any]:
    """A v1 example written as a plain string: a command line, else a description."""
    stripped = text.strip()
    if stripped.startswith(_COMMAND_LINE_STARTS) or name in stripped.split():
        out.diagnostics.append(
            src.diagnostic(
                "SG406",
                "v1 example is a plain string; migrated as the example's command, "
                "with a description to write",
                path,
                hint="replace the description 'Example' with what the example shows",
            )
        )
        return {"description": "Example", "command": stripped}
    out.diagnostics.append(
        src.diagnostic(
            "SG406",
            "v1 example is a plain string; migrated as the example's description",
            path,
            hint="add the command line or params it stands for, if any",
        )
    )
    return {"description": stripped}


def _restated_base_field(
    item: FieldV1,
    compatible: bool,  # the one verdict this helper reports
    path: tuple[str | int, ...],
    out: Migration,
    src: SourceText,
) -> None:
    """Report a v1 field that restates a base field (the caller drops it)."""
    owner = str(path[0])
    base = base_interface(owner)
    spec_field = base_field(owner, item.name)
    base_type = spec_field.base_type if spec_field else "?"
    if compatible:
        out.diagnostics.append(
            src.diagnostic(
                "SG404",
                f"v1 {owner[:-1]} '{item.name}' restates {base}.{item.name} and was dropped",
                (*path, "name"),
                hint=f"generated {owner} extend {base}, which declares it ({base_type})",
            )
        )
    else:
        out.diagnostics.append(
            src.diagnostic(
                "SG405",
                f"v1 {owner[:-1]} '{item.name}: {item.type}' conflicts with "
                f"{base}.{item.name} ({base_type})",
                (*path, "type"),
                hint=f"rename the field (generated {owner} extend {base}), "
                f"or give it the base's type so migration can drop it",
            )
        )


def _dropped_null(what: str, path: tuple[str | int, ...], out: Migration, src: SourceText) -> None:
    """SG402 for a v1 ``null`` that v2 cannot say: its null and absent are the same."""
    out.diagnostics.append(
        src.diagnostic(
            "SG402",
            f"{what} was dropped: v2 has no null value there (it reads as absent)",
            path,
            hint="leave it out, or say in the description what null meant",
        )
    )


def _example(
    item: ExampleV1, path: tuple[str | int, ...], out: Migration, src: SourceText
) -> dict[str, Any]:
    if "expected_result" in item.model_fields_set and item.expected_result is None:
        _dropped_null("v1 example's expectedResult null", (*path, "expectedResult"), out, src)
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    return {
        k: v
        for k, v in data.items()
        if k in {"description", "command", "params", "expectedResult", "notes"}
    }


def _fields(
    items: list[FieldV1], owner: str, out: Migration, src: SourceText
) -> list[dict[str, Any]]:
    """The kept fields of ``owner``, noting the v1 index of each one that moved."""
    kept: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        entry = _field(item, (owner, index), out, src)
        if entry is None:
            continue
        if len(kept) != index:
            out.v1_indexes[(owner, len(kept))] = index
        kept.append(entry)
    return kept


def _undeclared_types(  # noqa: PLR0913  # the fields, where they are, and what is declared
    fields: list[dict[str, Any]],
    prefix: str,
    out: Migration,
    src: SourceText,
    declared: Collection[str],
    *,
    at: tuple[str | int, ...] | None = None,
) -> None:
    """SG403 for each name ``fields`` use that nothing declares.

    ``at``: where to report (a custom type's key) instead of each field's own type.
    """
    for v2_index, item in enumerate(fields):
        index = out.v1_indexes.get((prefix, v2_index), v2_index)
        try:
            expr = parse_type_expr(item["type"])
        except TypeExprError:
            continue  # validation of the migrated spec reports the syntax error
        path = at or (prefix, index, "type")
        for ref in iter_refs(expr):
            if ref.name in _KNOWN_NAMES or ref.name in declared:
                continue
            out.undeclared.setdefault(ref.name, []).append(path)
            out.diagnostics.append(
                src.diagnostic(
                    "SG403",
                    f"type '{ref.name}' is used but a v1 spec cannot declare it",
                    path,
                    key=at is not None,
                    index=None if at is not None else ref.span.start,
                    hint=f"run `specgen migrate --from DIR` (DIR: the codebase's TypeScript "
                    f'sources) to fill it in, or declare "{ref.name}" in "types"',
                )
            )


def _examples(spec: CommandSpecV1, out: Migration, src: SourceText) -> list[dict[str, Any]]:
    """The v2 examples: v1 ``examples`` in order, then the single v1 ``example``."""
    examples = [
        _string_example(e, spec.name, ("examples", i), out, src)
        if isinstance(e, str)
        else _example(e, ("examples", i), out, src)
        for i, e in enumerate(spec.examples)
    ]
    if isinstance(spec.example, str):
        examples.append(_string_example(spec.example, spec.name, ("example",), out, src))
    elif spec.example is not None:
        examples.append(_example(spec.example, ("example",), out, src))
    return examples


def _custom_types(spec: CommandSpecV1, out: Migration, src: SourceText) -> dict[str, Any]:
    """v1 ``customTypes`` whose shape is clear, as v2 ``types`` (the others: SG402)."""
    if not isinstance(spec.custom_types, dict):
        return {}
    types: dict[str, Any] = {}
    for name, value in spec.custom_types.items():
        entry = custom_type_entry(value, v1_type_text)
        path = ("customTypes", name)
        if entry is None:
            out.diagnostics.append(
                src.diagnostic(
                    "SG402",
                    f"v1 custom type '{name}' is neither a struct nor an enum in a form "
                    "migration reads, and was dropped",
                    path,
                    key=True,
                    hint=f'value was {json.dumps(value)[:60]}; declare "{name}" in "types"',
                )
            )
            continue
        kind = "an enum" if "enum" in entry else "a struct"
        out.diagnostics.append(
            src.diagnostic(
                "SG413",
                f"v1 custom type '{name}' is declared in types as {kind}",
                path,
                key=True,
                hint="review it in the migrated spec",
            )
        )
        types[name] = entry
    return types


def _dropped_fields(spec: CommandSpecV1, out: Migration, src: SourceText) -> None:
    """SG402 for each v1 field with no v2 equivalent.

    That is ``category``, fields v1 does not know, and ``customTypes`` when it is not a
    map of types (a map is migrated type by type).
    """
    custom = None if isinstance(spec.custom_types, dict) else spec.custom_types
    dropped = {"category": spec.category, "customTypes": custom}
    dropped.update(spec.model_extra or {})
    for key, value in dropped.items():
        if value is None:
            continue
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 field '{key}' has no v2 equivalent and was dropped",
                (key,),
                key=True,
                hint=f'value was {json.dumps(value)[:60]}; declare types in "types" instead'
                if key == "customTypes"
                else "move the information into the description if it matters",
            )
        )


def migrate_v1(
    spec: CommandSpecV1, src: SourceText, *, declared: Collection[str] = ()
) -> Migration:
    """Migrate a v1 model to v2 JSON data, reporting what did not carry over.

    ``declared``: type names the project config declares (external types, aliases); a v1
    spec that uses them does not need to declare them, so they are not SG403.
    """
    out = Migration(data={})
    _unknown_environments(spec, out, src)
    environment = _environment(spec)
    examples = _examples(spec, out, src)
    data: dict[str, Any] = {
        "version": 2,
        "name": spec.name,
        "description": spec.description,
        "environment": environment,
        "adapter": _ADAPTER_FOR_ENVIRONMENT[environment],
    }
    custom = _custom_types(spec, out, src)
    out.types = custom
    if custom:
        data["types"] = custom
    data["params"] = _fields(spec.params, "params", out, src)
    data["results"] = _fields(spec.results, "results", out, src)
    if examples:
        data["examples"] = examples
    if spec.access_level is not None:
        data["accessLevel"] = spec.access_level
    if environment == "both":
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                "a command for both environments migrates to the full-stack adapter",
                ("environment",) if spec.environment else ("environments",),
                hint='set "adapter" to server-only or browser-only if no Rust service is wanted',
            )
        )
    _dropped_fields(spec, out, src)
    declared = {*declared, *custom}
    _undeclared_types(data["params"], "params", out, src, declared)
    _undeclared_types(data["results"], "results", out, src, declared)
    for name, entry in custom.items():
        fields = [{"type": f["type"]} for f in entry.get("fields", {}).values()]
        _undeclared_types(fields, "customTypes", out, src, declared, at=("customTypes", name))
    src.v1_indexes = dict(out.v1_indexes)
    out.data = data
    return out
