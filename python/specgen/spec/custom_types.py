"""v1 ``customTypes`` -> v2 ``types``: the shapes hand-written v1 specs give them.

v1 had no agreed form for ``customTypes``; the ones met in real specs are each taken
as what they plainly say:

- a list of strings, or a string literal union (``"'a' | 'b'"``): an enum;
- ``{"enum": [...], "description": ...}``: an enum;
- a list of v1 fields (``{"name", "type", "optional" | "required", "description"}``),
  or ``{"fields": <that list, or a map>, "description": ...}``: a struct;
- a map of field name to type (``{"text": "string", "id?": "number"}``), a value may
  also be ``{"type", "optional", "description"}``: a struct, ``name?`` optional.

Anything else is left out with a warning that shows the value. Types go through the
same loose v1 spellings as params and results (``object[]``, ``array``...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from specgen.spec.v1 import FieldV1
from specgen.typeexpr import Literal, TypeExprError, Union, parse_type_expr

Entry = dict[str, Any]
Spelling = Callable[[str], str]
"""A v1 type as written -> its v2 type text (loose spellings mapped)."""


def custom_type_entry(value: object, spell: Spelling) -> Entry | None:
    """The v2 ``types`` entry of one v1 custom type, or None when its shape is not clear."""
    if isinstance(value, str):
        values = _literal_union(value)
        return {"enum": values} if values else None
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return {"enum": list(value)}
        return _struct(value, "", spell)
    if isinstance(value, dict):
        return _from_map(value, spell)
    return None


def _from_map(value: dict[str, Any], spell: Spelling) -> Entry | None:
    """``{"enum": [...]}``, ``{"fields": ...}`` (each with a description), or a field map."""
    description = value.get("description", "")
    if not isinstance(description, str):
        return None
    described: Entry = {"description": description} if description else {}
    if "enum" in value:
        values = value["enum"]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return None
        return described | {"enum": values}
    if "fields" in value:
        return _struct(value["fields"], description, spell)
    return _struct(value, "", spell)


def _literal_union(text: str) -> list[str] | None:
    try:
        expr = parse_type_expr(text)
    except TypeExprError:
        return None
    members = expr.members if isinstance(expr, Union) else (expr,)
    if all(isinstance(m, Literal) and isinstance(m.value, str) for m in members):
        return [str(m.value) for m in members if isinstance(m, Literal)]
    return None


def _struct(fields: object, description: str, spell: Spelling) -> Entry | None:
    """A struct from a list of v1 fields or a map of name to type."""
    pairs: list[tuple[str, object]]
    if isinstance(fields, list):
        if not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            return None
        pairs = [(f["name"], f) for f in fields]
    elif isinstance(fields, dict):
        pairs = list(fields.items())
    else:
        return None
    entry: Entry = {"description": description} if description else {}
    converted: Entry = {}
    for name, spec in pairs:
        field = _field(name, spec, spell)
        if field is None:
            return None
        converted[name.removesuffix("?")] = field
    entry["fields"] = converted
    return entry


def _field(name: str, spec: object, spell: Spelling) -> Entry | None:
    """A struct field: a type string, or a v1 field read as params are (`FieldV1`)."""
    written = {"type": spec} if isinstance(spec, str) else spec
    if not isinstance(written, dict) or not isinstance(written.get("type"), str):
        return None
    try:
        item = FieldV1.model_validate({**written, "name": name})
    except ValidationError:
        return None
    field: Entry = {"type": spell(item.type)}
    if item.description:
        field["description"] = item.description
    if name.endswith("?") or item.is_optional():
        field["optional"] = True
    return field
