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
    if kind in _TYPE_NAMES or kind == "merged_type":
        value = error.get("input")
        expected = _TYPE_NAMES.get(kind, error["msg"])
        message = f"expected {expected}, found {_json_kind(value)}"
        return source.diagnostic("SG103", message, path, hint="fix the value's JSON type")
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"invalid value {error.get('input')!r}"
        return source.diagnostic("SG104", message, path, hint=f"expected {expected}")
    message = error["msg"].removeprefix("Value error, ")
    return source.diagnostic("SG104", message, path, hint="see docs/spec-reference.md")


def _members(annotation: Any) -> list[Any]:  # noqa: ANN401  # annotations are arbitrary objects
    """The members of a union pydantic tags (two or more besides None), else []."""
    if typing.get_origin(annotation) not in (Union, types.UnionType):
        return []
    members = [a for a in typing.get_args(annotation) if a is not type(None)]
    return members if len(members) > 1 else []


def _tag_name(member: Any) -> str:  # noqa: ANN401  # annotations are arbitrary objects
    return str(getattr(member, "__name__", member))


def _step(current: Any, part: str | int) -> Any:  # noqa: ANN401  # annotations are arbitrary
    """The annotation of ``part`` inside a value of ``current`` (None: not known)."""
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        found = [f.annotation for n, f in current.model_fields.items() if (f.alias or n) == part]
        return found[0] if found else None
    args = typing.get_args(current)
    if not args:
        return None
    return args[-1] if typing.get_origin(current) is dict else args[0]


def _untagged(loc: JsonPath, model: type[BaseModel]) -> tuple[JsonPath, int | None]:
    """``loc`` without the union member names pydantic puts in it (``examples.0.str``).

    Also returns the length of the path where the first union was met (None: no union).
    """
    current: Any = model
    path: list[str | int] = []
    union_at: int | None = None
    for part in loc:
        members = _members(current)
        if members:
            union_at = len(path) if union_at is None else union_at
            current = next((m for m in members if _tag_name(m) == part), None)
            continue
        path.append(part)
        current = _step(current, part) if current is not None else None
    return tuple(path), union_at


def _merged(errors: list[ErrorDetails], path: JsonPath) -> ErrorDetails:
    """One error for a value no member of a union accepts: "expected X or Y"."""
    kinds = list(dict.fromkeys(e["type"] for e in errors if e["type"] in _TYPE_NAMES))
    first = errors[0]
    if not kinds:
        return first | {"loc": path}
    names = " or ".join("a boolean" if k == "bool_type" else _TYPE_NAMES[k] for k in kinds)
    return first | {"loc": path, "type": "merged_type", "msg": names}


def _plain_errors(error: ValidationError, model: type[BaseModel]) -> list[ErrorDetails]:
    """Pydantic's errors with real JSON paths, one per value a union rejects as a whole.

    A union reports an error per member; when one member looked inside the value (an
    object where an object or a string may be), its errors are the ones that matter.
    """
    plain: list[ErrorDetails] = []
    unions: dict[JsonPath, list[tuple[JsonPath, ErrorDetails]]] = {}
    for item in error.errors(include_url=False):
        path, union_at = _untagged(tuple(item["loc"]), model)
        if union_at is None:
            plain.append(item | {"loc": path})
        else:
            unions.setdefault(path[:union_at], []).append((path, item))
    for at, found in unions.items():
        deep = [e | {"loc": p} for p, e in found if len(p) > len(at)]
        plain.extend(deep or [_merged([e for _p, e in found], at)])
    return plain


def structure_diagnostics(
    error: ValidationError, source: SourceText, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in ``source``."""
    return [_one(e, source, model) for e in _plain_errors(error, model)]
