"""Turn pydantic validation errors into located diagnostics (SG101-SG104).

pydantic reports a ``loc`` tuple per error; with ``by_alias`` locs that is exactly
the JSON path of the offending value, so the source map can place it.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from specgen.diagnostics import Diagnostic
from specgen.spec.document import SourceText
from specgen.spec.sourcemap import JsonPath

_TYPE_NAMES = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "an integer",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "list_type": "an array",
    "tuple_type": "an array",
    "float_type": "a number",
}


def _json_kind(value: object) -> str:
    kinds = {bool: "a boolean", str: "a string", dict: "an object", list: "an array"}
    for py_type, name in kinds.items():
        if isinstance(value, py_type):
            return name
    if value is None:
        return "null"
    return "a number"


def _unwrap(annotation: Any) -> Any:  # noqa: ANN401  # annotations are arbitrary objects
    """Strip ``X | None`` down to ``X``."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation


def allowed_keys(model: type[BaseModel], parent: JsonPath) -> list[str]:
    """Field names (wire spelling) valid in the object at ``parent`` of ``model`` data."""
    current: Any = model
    for part in parent:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            found = [
                f.annotation
                for name, f in current.model_fields.items()
                if (f.alias or name) == part
            ]
            if not found:
                return []
            current = found[0]
            continue
        args = typing.get_args(current)
        if not args:
            return []
        current = args[-1] if typing.get_origin(current) is dict else args[0]
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``word``, ignoring case, '-' and '_'; None if none is close."""

    def norm(text: str) -> str:
        return text.replace("_", "").replace("-", "").lower()

    for candidate in candidates:
        if norm(candidate) == norm(word):
            return candidate
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _one(error: ErrorDetails, source: SourceText, model: type[BaseModel]) -> Diagnostic:
    path: JsonPath = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = allowed_keys(model, path[:-1])
        guess = did_you_mean(name, allowed)
        hint = f"did you mean '{guess}'?" if guess else "allowed here: " + ", ".join(allowed)
        return source.diagnostic("SG101", f"unknown field '{name}'", path, hint=hint, key=True)
    if kind == "missing":
        return source.diagnostic(
            "SG102",
            f"missing required field '{path[-1]}'",
            path,
            hint=f'add "{path[-1]}" to this object',
        )
    if kind in _TYPE_NAMES:
        value = error.get("input")
        message = f"expected {_TYPE_NAMES[kind]}, found {_json_kind(value)}"
        return source.diagnostic("SG103", message, path, hint="fix the value's JSON type")
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"invalid value {error.get('input')!r}"
        return source.diagnostic("SG104", message, path, hint=f"expected {expected}")
    message = error["msg"].removeprefix("Value error, ")
    return source.diagnostic("SG104", message, path, hint="see docs/spec-reference.md")


def structure_diagnostics(
    error: ValidationError, source: SourceText, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in ``source``."""
    return [_one(e, source, model) for e in error.errors(include_url=False)]
