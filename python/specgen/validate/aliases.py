"""Checks on the type aliases of the project config (``[aliases]`` in specgen.toml).

An alias is expanded wherever its name is used, so each must be a valid type
expression the targets can express, name only known types, and never lead back to
itself (``UUID = "UUID"``, or ``A = "B"`` with ``B = "A[]"``): such an alias has no
finite expansion. Each problem is located at the alias in the config file.
"""

from __future__ import annotations

from collections.abc import Mapping

from specgen.config import AliasTable
from specgen.diagnostics import Diagnostic, Location, coded
from specgen.typeexpr import (
    ArrayOf,
    ObjectType,
    RecordOf,
    Ref,
    TypeExpr,
    TypeExprError,
    Union,
    parse_type_expr,
)
from specgen.validate.registry import ExprChecker, Locate, TypeRegistry

MAX_ALIAS_CHAIN = 16
"""How many aliases deep an expansion may go (the resolver expands no deeper)."""


def _locator(aliases: Mapping[str, str], name: str) -> Locate:
    def locate(code: str, message: str, start: int, hint: str) -> Diagnostic:
        where = (
            aliases.locate(name, start)
            if isinstance(aliases, AliasTable)
            else Location("[aliases]")
        )
        return coded(code, f"alias '{name}': {message}", where, hint)

    return locate


def _refs(expr: TypeExpr) -> list[Ref]:
    """Every named reference inside ``expr``."""
    if isinstance(expr, Ref):
        return [expr]
    if isinstance(expr, ArrayOf):
        return _refs(expr.element)
    if isinstance(expr, RecordOf):
        return _refs(expr.value)
    if isinstance(expr, ObjectType):
        return [r for member in expr.fields for r in _refs(member.type)]
    if isinstance(expr, Union):
        return [r for member in expr.members for r in _refs(member)]
    return []


def check_aliases(registry: TypeRegistry) -> list[Diagnostic]:
    """Syntax, semantics, unknown names and cycles of every alias of ``registry``."""
    source = registry.alias_source
    diags: list[Diagnostic] = []
    edges: dict[str, list[Ref]] = {}
    loaded = isinstance(source, AliasTable) and source.file is not None
    for name, text in source.items():
        locate = _locator(source, name)
        try:
            expr = parse_type_expr(text)
        except TypeExprError as exc:
            if not loaded:  # a loaded config reported it already (AliasTable.syntax_problems)
                diags.append(locate(exc.code, exc.message, exc.span.start, exc.hint))
            continue
        checker = ExprChecker(registry, locate)
        checker.check(expr)
        diags.extend(checker.diagnostics)
        edges[name] = [r for r in _refs(expr) if r.name in source and r.name not in registry.types]
    diags.extend(_cycles(source, edges))
    diags.extend(_too_deep(source, edges))
    return diags


def _cycles(source: Mapping[str, str], edges: dict[str, list[Ref]]) -> list[Diagnostic]:
    """Aliases whose expansion leads back to themselves, or goes too deep, reported once each."""
    diags: list[Diagnostic] = []
    reported: set[frozenset[str]] = set()
    for start in edges:  # in config order: a cycle is reported at its first alias
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            node, trail = stack.pop()
            for ref in edges.get(node, []):
                if ref.name == start:
                    members = frozenset(trail)
                    if members not in reported:
                        reported.add(members)
                        diags.append(_cycle(source, start, trail, edges))
                elif ref.name not in trail:
                    stack.append((ref.name, (*trail, ref.name)))
    return diags


def _too_deep(source: Mapping[str, str], edges: dict[str, list[Ref]]) -> list[Diagnostic]:
    """Chains longer than the resolver expands, reported at the alias that starts each."""
    depth: dict[str, int] = {}

    def measure(name: str, trail: frozenset[str]) -> int:
        if len(trail) > MAX_ALIAS_CHAIN:  # deep enough to report; no need to go further
            return 1
        if name not in depth:
            inner = [
                measure(r.name, trail | {name})
                for r in edges.get(name, [])
                if r.name not in trail | {name}
            ]
            depth[name] = 1 + max(inner, default=0)
        return depth[name]

    for name in edges:
        measure(name, frozenset())
    deep = {name for name, d in depth.items() if d > MAX_ALIAS_CHAIN}
    inner = {r.name for name in deep for r in edges.get(name, [])}
    message = f"expands through more than {MAX_ALIAS_CHAIN} aliases"
    hint = "write the type directly instead of through a chain of aliases"
    return [
        _locator(source, name)("SG205", message, 0, hint)
        for name in edges
        if name in deep and name not in inner
    ]


def _cycle(
    source: Mapping[str, str], start: str, trail: tuple[str, ...], edges: dict[str, list[Ref]]
) -> Diagnostic:
    first = next(r for r in edges[start] if r.name == (trail[1] if len(trail) > 1 else start))
    if len(trail) == 1:
        message = "refers to itself; its expansion never ends"
    else:
        message = f"aliases form a cycle {' -> '.join([*trail, start])}; the expansion never ends"
    hint = 'end the chain at a real type (string, a type from a spec\'s "types")'
    return _locator(source, start)("SG205", message, first.span.start, hint)
