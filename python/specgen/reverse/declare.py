"""One TypeScript declaration -> a spec ``types`` entry, with the names it refers to.

An interface (or object type alias) becomes a struct (inherited members included:
those of the same file by default, or wherever a ``members`` hook finds them), a union
of string literals an enum. Anything else cannot be a spec type and is reported. A
generic interface is declared for one use when ``values`` give its parameters.
Reverse and ``specgen migrate --from`` both carry types into specs through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from specgen.diagnostics import CODES, Diagnostic, Location, Severity
from specgen.spec.sourcemap import JsonPath, format_path
from specgen.tsread.model import (
    GenericUse,
    TsAlias,
    TsField,
    TsFile,
    TsInterface,
    TsType,
    TypeProblem,
)
from specgen.tsread.parser import SourcePos
from specgen.tsread.typetext import rename_refs
from specgen.typeexpr import Union, parse_type_expr, render_ts


def located(  # noqa: PLR0913  # a located diagnostic has this many parts
    code: str,
    message: str,
    file: str,
    pos: SourcePos | None = None,
    path: JsonPath = (),
    *,
    hint: str = "",
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic at ``file:pos``, naming the spec JSON path the item went to."""
    line, column = (pos.line, pos.column) if pos else (1, 1)
    return Diagnostic(
        code,
        severity or CODES[code].severity,
        message,
        Location(file, line, column, format_path(path)),
        hint,
    )


def type_problem_diagnostics(
    problems: tuple[TypeProblem, ...], file: str, path: JsonPath
) -> list[Diagnostic]:
    """A warning per construct of a type that the spec format reads differently.

    A construct read as the same type on the wire (``Readonly<T>``) is a note instead.
    """
    diags = []
    for problem in problems:
        code = _PROBLEM_CODES.get(problem.kind, "SG509")
        replaced = f" (written `{problem.written}`, read as `{problem.replacement}`)"
        if not problem.replacement:
            replaced = f" (`{problem.written}` dropped)"
        diags.append(
            located(
                code,
                problem.message + replaced,
                file,
                problem.pos,
                path,
                hint=_problem_hint(code, problem),
            )
        )
    return diags


_PROBLEM_CODES = {"any": "SG502", "expanded": "SG551"}


def _problem_hint(code: str, problem: TypeProblem) -> str:
    if code == "SG502":
        return "use `unknown` or a named type"
    if code == "SG551":
        return "nothing to do: the generated type is structurally the same"
    if not problem.replacement:
        return "left out: a spec field has an identifier name and a data type"
    return "check the field's type in the spec"


@dataclass
class Declared:
    """The ``types`` entry made from a declaration (None when it cannot be one)."""

    entry: dict[str, Any] | None
    refs: list[tuple[str, TsFile, SourcePos, JsonPath]] = field(default_factory=list)
    """Names the entry's fields use: (name, file using it, where, spec path of the type)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    generics: list[tuple[GenericUse, TsFile]] = field(default_factory=list)
    """Uses of generic types in the entry's fields, with the file that writes each."""


Members = Callable[[TsInterface, TsFile], list[tuple[TsField, TsFile]]]
"""The fields of an interface, inherited ones first, each with the file that declares it."""


def same_file_members(decl: TsInterface, file: TsFile) -> list[tuple[TsField, TsFile]]:
    """The fields of ``decl`` and of the interfaces of ``file`` it extends."""
    inherited = [f for p in decl.extends for f in inherited_fields(file, p, frozenset({decl.name}))]
    return [(f, file) for f in [*inherited, *decl.fields]]


def declare_type(
    name: str,
    decl: TsInterface | TsAlias,
    file: TsFile,
    *,
    values: dict[str, str] | None = None,
    members: Members = same_file_members,
) -> Declared:
    """The spec ``types`` entry for ``decl`` (declared in ``file``) under ``name``.

    ``values`` (parameter -> type expression) declare a generic interface for one use.
    """
    path: JsonPath = ("types", name)
    entry: dict[str, Any] = {}
    if decl.description:
        entry["description"] = decl.description
    out = Declared(entry)
    if isinstance(decl, TsAlias):
        if decl.values is None:
            out.entry = None
            out.diagnostics.append(
                located(
                    "SG509",
                    f"type alias '{name}' = `{decl.type.written}` is not a struct or a string enum",
                    file.display,
                    decl.pos,
                    path,
                    hint="write its target in place of the name, or declare an alias "
                    "in specgen.toml",
                )
            )
            return out
        entry["enum"] = list(decl.values)
        return out
    if decl.type_params and values is None:  # used bare: each parameter takes its default
        values = parameter_values(decl, ())
        out.diagnostics.extend(missing_defaults(name, decl, file, values, ("types", name)))
        out.refs.extend((ref, file, decl.pos, path) for ref in default_refs(decl))
    entry["fields"] = _fields(members(decl, file), path, values, out)
    out.diagnostics.extend(type_problem_diagnostics(decl.dropped, file.display, path))
    if values:
        out.refs = [r for r in out.refs if r[0] not in values]
    return out


def parameter_values(decl: TsInterface, args: Iterable[str]) -> dict[str, str]:
    """What each type parameter of ``decl`` stands for, given the ``args`` of a use.

    A parameter without an argument takes its default (``<T = number>``), else ``unknown``.
    """
    given = list(args)
    values = {}
    for index, (param, default) in enumerate(_with_defaults(decl)):
        fallback = default.text if default is not None else "unknown"
        values[param] = given[index] if index < len(given) else fallback
    return values


def _with_defaults(decl: TsInterface) -> list[tuple[str, TsType | None]]:
    """Each type parameter of ``decl`` with its default (None: it has none)."""
    defaults = [*decl.param_defaults, *([None] * len(decl.type_params))]
    return list(zip(decl.type_params, defaults, strict=False))


def missing_defaults(
    name: str, decl: TsInterface, file: TsFile, values: dict[str, str], path: JsonPath
) -> list[Diagnostic]:
    """A warning when a bare use leaves parameters without a default (read as unknown)."""
    missing = [param for param, default in _with_defaults(decl) if default is None]
    if not missing:
        return []
    return [
        located(
            "SG509",
            f"generic interface '{name}<{', '.join(decl.type_params)}>' is used without "
            f"type arguments: {', '.join(missing)} read as `unknown` "
            f"({', '.join(f'{p} = {v}' for p, v in values.items())})",
            file.display,
            decl.pos,
            path,
            hint="give the parameters defaults in the codebase, or declare a concrete struct",
        )
    ]


def default_refs(decl: TsInterface, given: int = 0) -> list[str]:
    """The names the defaults of ``decl``'s type parameters use, past the ``given`` first."""
    return [ref for d in decl.param_defaults[given:] if d is not None for ref in d.refs]


def _fields(
    found: Iterable[tuple[TsField, TsFile]],
    path: JsonPath,
    values: dict[str, str] | None,
    out: Declared,
) -> dict[str, Any]:
    """The ``fields`` of an interface's entry; their problems, generics and refs go to ``out``."""
    fields: dict[str, Any] = {}
    for member, home in found:
        field_path = (*path, "fields", member.name)
        out.diagnostics.extend(
            type_problem_diagnostics(member.type.problems, home.display, (*field_path, "type"))
        )
        out.generics.extend((use, home) for use in member.type.generics)
        type_text, optional = strip_undefined(member.type.text, member.optional)
        if values:
            type_text = rename_refs(type_text, values)
        item: dict[str, Any] = {"type": type_text}
        if member.description:
            item["description"] = member.description
        if optional:
            item["optional"] = True
        fields[member.name] = item
        out.refs.extend((r, home, member.pos, (*field_path, "type")) for r in member.type.refs)
    return fields


def inherited_fields(file: TsFile, parent: str, seen: frozenset[str]) -> list[TsField]:
    """Fields ``parent`` declares or inherits in ``file`` (a cycle of ``extends`` ends)."""
    declared = file.interfaces.get(parent)
    if declared is None or parent in seen:
        return []
    seen = seen | {parent}
    inherited = [f for p in declared.extends for f in inherited_fields(file, p, seen)]
    return inherited + list(declared.fields)


def strip_undefined(text: str, optional: bool) -> tuple[str, bool]:  # a pair in, a pair out
    """``T | undefined`` is an optional ``T`` in a spec."""
    if "undefined" not in text:
        return text, optional
    expr = parse_type_expr(text)
    if not isinstance(expr, Union):
        return text, optional
    members = [m for m in expr.members if render_ts(m) != "undefined"]
    if len(members) == len(expr.members) or not members:
        return text, optional
    kept = members[0] if len(members) == 1 else Union(tuple(members))
    return render_ts(kept), True
