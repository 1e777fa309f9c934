"""v1 -> v2 migration of CommandSpecs.

Migration is a pure function of the v1 model: it returns the v2 JSON data and a
list of diagnostics for everything it could not carry over. Params and results keep
their indexes, so a problem in the migrated spec is located in the v1 file.

Real v1 specs name types they never declare (v1 had no ``types`` block). Migration
reports each such reference (SG403) instead of guessing a shape for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from specgen.diagnostics import Diagnostic
from specgen.spec.document import SourceText
from specgen.spec.v1 import CommandSpecV1, ExampleV1, FieldV1
from specgen.typeexpr import PRIMITIVES, SIZED_NUMBERS, TypeExprError, iter_refs, parse_type_expr

# Loose spellings seen in real v1 specs and what they mean in v2.
_V1_TYPE_SPELLINGS = {
    "array": "unknown[]",
    "object[]": "Record<string, unknown>[]",
    "any": "unknown",
    "any[]": "unknown[]",
    "Object": "Record<string, unknown>",
    "String": "string",
    "Number": "number",
    "Boolean": "boolean",
}
_KNOWN_NAMES = set(PRIMITIVES) | set(SIZED_NUMBERS)


@dataclass
class Migration:
    """The result of migrating one v1 spec."""

    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)


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
) -> dict[str, Any]:
    type_text = _V1_TYPE_SPELLINGS.get(item.type.strip(), item.type.strip())
    if type_text != item.type.strip():
        out.diagnostics.append(
            src.diagnostic(
                "SG402",
                f"v1 type '{item.type}' migrated as '{type_text}'",
                (*path, "type"),
                hint="review the migrated type; prefer a named type over unknown",
            )
        )
    result: dict[str, Any] = {"name": item.name, "type": type_text}
    if item.is_optional():
        result["optional"] = True
    if item.description:
        result["description"] = item.description
    if item.default is not None:
        result["default"] = item.default
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


def _example(item: ExampleV1) -> dict[str, Any]:
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    return {
        k: v
        for k, v in data.items()
        if k in {"description", "command", "params", "expectedResult", "notes"}
    }


def _undeclared_types(
    fields: list[dict[str, Any]], prefix: str, out: Migration, src: SourceText
) -> None:
    for index, item in enumerate(fields):
        try:
            expr = parse_type_expr(item["type"])
        except TypeExprError:
            continue  # validation of the migrated spec reports the syntax error
        for ref in iter_refs(expr):
            if ref.name not in _KNOWN_NAMES:
                out.diagnostics.append(
                    src.diagnostic(
                        "SG403",
                        f"type '{ref.name}' is used but a v1 spec cannot declare it",
                        (prefix, index, "type"),
                        index=ref.span.start,
                        hint=f'declare "{ref.name}" in "types" of the migrated spec, '
                        "or fill it in from the codebase's Types files",
                    )
                )


def migrate_v1(spec: CommandSpecV1, src: SourceText) -> Migration:
    """Migrate a v1 model to v2 JSON data, reporting what did not carry over."""
    out = Migration(data={})
    environment = _environment(spec)
    examples = [_example(e) for e in spec.examples]
    if spec.example is not None:
        examples.append(_example(spec.example))
    data: dict[str, Any] = {
        "version": 2,
        "name": spec.name,
        "description": spec.description,
        "environment": environment,
        "adapter": _ADAPTER_FOR_ENVIRONMENT[environment],
        "params": [_field(p, ("params", i), out, src) for i, p in enumerate(spec.params)],
        "results": [_field(r, ("results", i), out, src) for i, r in enumerate(spec.results)],
    }
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
    dropped = {"category": spec.category, "customTypes": spec.custom_types}
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
    _undeclared_types(data["params"], "params", out, src)
    _undeclared_types(data["results"], "results", out, src)
    out.data = data
    return out
