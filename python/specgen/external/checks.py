"""Syntax checks of external declarations, shared by spec validation and config loading.

Each check returns `Problem`s (code, message, hint, and the offset in the checked
text where it starts); the caller locates them in its own file (a spec's JSON or
the config's TOML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from specgen.naming import RUST_KEYWORDS, TS_RESERVED
from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    TypeExpr,
    TypeExprError,
    parse_type_expr,
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a declaration's value."""

    code: str
    message: str
    hint: str
    index: int = 0
    """Offset in the checked string where the problem starts."""


_TS_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_RUST_IDENTIFIER = re.compile(r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*")
_RUST_PATH_ROOTS = frozenset({"crate", "self", "super"})
_MODULE_BAD_CHARS = re.compile(r"[\s'\"`\\]")
_TS_EXTENSION = re.compile(r"\.(?:[cm]?ts|tsx|d\.ts)$")


def check_module(module: str) -> list[Problem]:  # noqa: PLR0911  # one answer per kind of mistake
    """A TypeScript module specifier generated code can import from (SG130)."""
    if not module.strip():
        return [Problem("SG130", "the module is empty", "give an alias, a package or a './' path")]
    bad = _MODULE_BAD_CHARS.search(module)
    if bad is not None:
        return [
            Problem(
                "SG130",
                f"the module contains {bad.group()!r}",
                "write the module as an import statement would, without quotes or spaces",
                bad.start(),
            )
        ]
    if module.startswith("/"):
        return [
            Problem(
                "SG130",
                f"module '{module}' is an absolute path",
                "use an alias, a package, or a './' path relative to the TypeScript root",
            )
        ]
    if module in {".", ".."} or module.endswith("/"):
        return [Problem("SG130", f"module '{module}' names a folder", "name the module's file")]
    extension = _TS_EXTENSION.search(module)
    if extension is not None:
        return [
            Problem(
                "SG130",
                f"module '{module}' ends with a TypeScript file extension",
                "write the module as an import statement does: no extension, or '.js' where "
                "the tsconfig resolves 'nodenext' ([typescript] import_extension adds it to "
                "'./' paths)",
                extension.start(),
            )
        ]
    if module.startswith(".") and not module.startswith(("./", "../")):
        return [Problem("SG130", f"module '{module}' is not a path", "start it with './'")]
    return []


def check_ts_name(name: str) -> list[Problem]:
    """An exported TypeScript name (SG132)."""
    if not _TS_IDENTIFIER.fullmatch(name):
        return [
            Problem(
                "SG132",
                f"'{name}' is not a TypeScript identifier",
                "give the name the module exports, e.g. 'UUID'",
            )
        ]
    if name in TS_RESERVED:
        return [Problem("SG132", f"'{name}' is a TypeScript keyword", "give the exported name")]
    return []


def check_rust_path(path: str, *, allow_glob: bool = False) -> list[Problem]:
    """A Rust path such as ``uuid::Uuid`` or ``crate::system::Pressure`` (SG131).

    ``allow_glob`` accepts ``a::b::*`` and ``a::B as C`` (the forms of a ``use`` line).
    """
    text = path
    alias_at = text.find(" as ")
    if allow_glob and alias_at >= 0:
        alias = text[alias_at + 4 :].strip()
        if not _RUST_IDENTIFIER.fullmatch(alias) or alias in RUST_KEYWORDS:
            return [
                Problem("SG131", f"'{alias}' is not a Rust identifier", "fix the alias", alias_at)
            ]
        text = text[:alias_at]
    offset = 2 if text.startswith("::") else 0
    segments = text[offset:].split("::")
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if last and allow_glob and segment == "*" and position > 0:
            break
        problem = _segment_problem(segment, first=position == 0, last=last)
        if problem is not None:
            message, hint = problem
            return [Problem("SG131", message, hint, offset)]
        offset += len(segment) + 2
    return []


def _segment_problem(segment: str, *, first: bool, last: bool) -> tuple[str, str] | None:
    if "<" in segment or "[" in segment or "&" in segment:
        return (
            f"'{segment}' is not a path segment: a path names a type, without generics",
            "use 'wire' for a representation such as Vec<u8>, or declare a type alias in Rust",
        )
    if not _RUST_IDENTIFIER.fullmatch(segment):
        what = "an empty path segment" if not segment else f"'{segment}' is not a Rust identifier"
        return what, "write a path such as 'uuid::Uuid' or 'crate::system::pressure::PressureLevel'"
    if segment in _RUST_PATH_ROOTS:
        if first and not last:
            return None
        return f"'{segment}' may only start a path", "write the path from crate, self or super"
    if segment in RUST_KEYWORDS:
        return f"'{segment}' is a Rust keyword", "write it as a raw identifier (r#name)"
    return None


def check_wire(text: str) -> list[Problem]:
    """A wire representation: a type expression of primitives, arrays, records and null."""
    try:
        expr = parse_type_expr(text)
    except TypeExprError as exc:
        return [Problem(exc.code, exc.message, exc.hint, exc.span.start)]
    return _wire_problems(expr)


def _wire_problems(expr: TypeExpr) -> list[Problem]:  # noqa: PLR0911  # one branch per node kind
    hint = "use primitives, arrays, Record<string, T> and '| null', e.g. 'Record<string, unknown>'"
    if isinstance(expr, Primitive):
        if expr.kind in ("null", "undefined"):
            message = f"'{expr.kind}' alone carries no value"
            return [Problem("SG210", message, hint, expr.span.start)]
        return []
    if isinstance(expr, Sized):
        return []
    if isinstance(expr, ArrayOf):
        return _wire_problems(expr.element)
    if isinstance(expr, RecordOf):
        return _wire_problems(expr.value)
    if isinstance(expr, Ref):
        message = f"a wire representation cannot name the type '{expr.name}'"
        return [Problem("SG210", message, hint, expr.span.start)]
    if isinstance(expr, (Literal, ObjectType)):
        message = "a wire representation cannot be a literal or an inline object"
        return [Problem("SG210", message, hint, expr.span.start)]
    rest = [m for m in expr.members if not (isinstance(m, Primitive) and m.kind == "null")]
    if len(rest) == 1 and len(expr.members) == 2:  # T | null
        return _wire_problems(rest[0])
    message = "a wire representation can only be a union with null (T | null)"
    return [Problem("SG210", message, hint, expr.span.start)]
