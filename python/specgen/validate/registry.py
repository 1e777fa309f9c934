"""TypeRegistry: every named type and command of a project, checked as a whole.

Types declared in one spec may be used by any other, so names are resolved across
the project: unknown references, a type defined in two files, names that collide
after case conversion (also with the names generated for each command), and cycles
of required fields that no finite value could satisfy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from specgen.diagnostics import Diagnostic
from specgen.external.model import ExternalDecl
from specgen.naming import (
    IDENTIFIER,
    camel_case,
    command_type_name,
    pascal_case,
    reserved_field_name,
    variant_problems,
)
from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath
from specgen.spec.structure import did_you_mean
from specgen.spec.v2 import TypeDef
from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    TypeExpr,
    Union,
)
from specgen.validate.spec_checks import ParsedField
from specgen.values import value_type


@value_type
class TypeEntry:
    """A named type and where it is declared."""

    name: str
    definition: TypeDef
    document: SpecDocument

    @property
    def path(self) -> JsonPath:
        """JSON path of the declaration (its key in ``types``)."""
        return ("types", self.name)


_NULLISH = ("null", "undefined")


class TypeRegistry:
    """All named types of a project, by name; first declaration wins.

    External types are known types: declared in a spec's ``types`` (the same
    declaration may repeat in several specs) or in the config's ``[external_types]``;
    a spec's declaration wins over the config's.
    """

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        externals: Mapping[str, ExternalDecl] | None = None,
    ) -> None:
        """Start empty; ``aliases`` and ``externals`` are what the project config declares."""
        self.aliases = dict(aliases or {})
        self.config_externals = dict(externals or {})
        self.alias_source: Mapping[str, str] = aliases or {}
        """The aliases as given (an ``AliasTable`` knows where each is written)."""
        self.types: dict[str, TypeEntry] = {}
        self.diagnostics: list[Diagnostic] = []
        self._by_pascal: dict[str, TypeEntry] = {}

    def add_document(self, doc: SpecDocument) -> None:
        """Register the types ``doc`` declares, reporting duplicates and collisions."""
        for name, definition in doc.spec.types.items():
            entry = TypeEntry(name, definition, doc)
            first = self.types.get(name)
            if first is not None and definition.external and first.definition.external:
                continue  # the same external type again: compared by check_project_externals
            if first is not None:
                self.diagnostics.append(
                    doc.source.diagnostic(
                        "SG301",
                        f"type '{name}' is already defined in {first.document.file}",
                        entry.path,
                        key=True,
                        related=(first.document.source.locate(first.path, key=True),),
                        hint="keep one definition; other specs can refer to it by name",
                    )
                )
                continue
            other = self._by_pascal.get(pascal_case(name))
            if other is not None:
                self.diagnostics.append(
                    doc.source.diagnostic(
                        "SG302",
                        f"types '{other.name}' and '{name}' collide after case conversion",
                        entry.path,
                        key=True,
                        related=(other.document.source.locate(other.path, key=True),),
                        hint="rename one; both become the same Rust and TypeScript name",
                    )
                )
                continue
            self.types[name] = entry
            self._by_pascal[pascal_case(name)] = entry

    def lookup_case_insensitive(self, pascal_name: str) -> TypeEntry | None:
        """The type whose PascalCase spelling is ``pascal_name``, if any."""
        return self._by_pascal.get(pascal_case(pascal_name))

    def known_names(self) -> list[str]:
        """Every name a type expression may refer to."""
        return sorted({*self.types, *self.aliases, *self.config_externals})

    def is_known(self, name: str) -> bool:
        """Whether ``name`` is a declared type, a configured alias or external type."""
        return name in self.types or name in self.aliases or name in self.config_externals


def check_commands(docs: Iterable[SpecDocument], registry: TypeRegistry) -> list[Diagnostic]:
    """Commands defined twice, and command-derived names that collide with others."""
    diags: list[Diagnostic] = []
    by_name: dict[str, SpecDocument] = {}
    by_pascal: dict[str, SpecDocument] = {}
    for doc in docs:
        name = doc.spec.name
        first = by_name.get(name)
        if first is not None:
            diags.append(
                doc.source.diagnostic(
                    "SG305",
                    f"command '{name}' is already defined in {first.file}",
                    ("name",),
                    related=(first.source.locate(("name",)),),
                    hint="each command has exactly one spec; remove or rename one",
                )
            )
            continue
        by_name[name] = doc
        base = command_type_name(name)
        other = by_pascal.get(base)
        if other is not None:
            diags.append(
                doc.source.diagnostic(
                    "SG302",
                    f"commands '{other.spec.name}' and '{name}' both generate '{base}'",
                    ("name",),
                    related=(other.source.locate(("name",)),),
                    hint="rename one command",
                )
            )
            continue
        by_pascal[base] = doc
        for generated in (base, f"{base}Params", f"{base}Result"):
            entry = registry.lookup_case_insensitive(generated)
            if entry is not None:
                diags.append(
                    entry.document.source.diagnostic(
                        "SG302",
                        f"type '{entry.name}' collides with '{generated}', "
                        f"generated for command '{name}'",
                        entry.path,
                        key=True,
                        related=(doc.source.locate(("name",)),),
                        hint="rename the type",
                    )
                )
    return diags


Locate = Callable[[str, str, int, str], Diagnostic]
"""Makes the diagnostic (code, message, index into the expression, hint) at its place."""


def field_locator(parsed: ParsedField) -> Locate:
    """Diagnostics at a character of a spec field's type expression."""
    source = parsed.document.source
    path = parsed.site.type_path

    def locate(code: str, message: str, start: int, hint: str) -> Diagnostic:
        return source.diagnostic(code, message, path, index=start, hint=hint)

    return locate


class ExprChecker:
    """Semantic checks on one parsed type expression (what the targets can express)."""

    def __init__(self, registry: TypeRegistry, locate: Locate) -> None:
        """Check against the names of ``registry``; ``locate`` places each diagnostic."""
        self.registry = registry
        self.locate = locate
        self.diagnostics: list[Diagnostic] = []

    def _report(self, code: str, message: str, start: int, hint: str) -> None:
        self.diagnostics.append(self.locate(code, message, start, hint))

    def check(self, expr: TypeExpr) -> None:
        """Check ``expr`` and everything inside it."""
        if isinstance(expr, Ref):
            self._check_ref(expr)
        elif isinstance(expr, ArrayOf):
            self.check(expr.element)
        elif isinstance(expr, RecordOf):
            self.check(expr.value)
        elif isinstance(expr, ObjectType):
            self._check_members(expr)
            for member in expr.fields:
                self.check(member.type)
        elif isinstance(expr, Literal) and not isinstance(expr.value, str):
            self._report(
                "SG204",
                f"literal type {expr.value!r} is not supported",
                expr.span.start,
                "use string literals ('a' | 'b'), or the plain type (number, boolean)",
            )
        elif isinstance(expr, Union):
            self._check_union(expr)

    def _check_members(self, obj: ObjectType) -> None:
        """Member names of an inline object: identifiers, not reserved, distinct once converted."""
        seen: dict[str, str] = {}
        for member in obj.fields:
            start = member.span.start
            if not IDENTIFIER.fullmatch(member.name):
                hint = "use letters, digits and '_' (camelCase), not starting with a digit"
                self._report(
                    "SG112", f"member name {member.name!r} is not an identifier", start, hint
                )
                continue
            why = reserved_field_name(member.name, "")
            if why is not None:
                self._report(
                    "SG303",
                    f"member name '{member.name}' cannot be used: {why}",
                    start,
                    "choose a more specific name",
                )
            wire = camel_case(member.name)
            if wire in seen:
                message = f"members '{seen[wire]}' and '{member.name}' both become '{wire}'"
                self._report("SG302", message, start, "rename one of them")
            seen[wire] = member.name

    def _check_ref(self, ref: Ref) -> None:
        if self.registry.is_known(ref.name):
            return
        guess = did_you_mean(ref.name, self.registry.known_names())
        hint = f"did you mean '{guess}'?" if guess else f'declare "{ref.name}" in "types" of a spec'
        self._report("SG203", f"unknown type '{ref.name}'", ref.span.start, hint)

    def _check_union(self, expr: Union) -> None:
        rest = [m for m in expr.members if not (isinstance(m, Primitive) and m.kind in _NULLISH)]
        if not rest:
            self._report(
                "SG204",
                "a union of only null and undefined carries no value",
                expr.span.start,
                "use an optional field of a real type",
            )
            return
        literals = [m for m in rest if isinstance(m, Literal) and isinstance(m.value, str)]
        if len(literals) == len(rest):
            self._check_variants(literals)
        if len(rest) == 1 or len(literals) == len(rest):
            for member in rest:
                self.check(member)
            return
        self._report(
            "SG204",
            "a union of different types cannot be represented in Rust",
            expr.span.start,
            "use a literal union ('a' | 'b'), T | null, or declare a struct with optional fields",
        )

    def _check_variants(self, literals: list[Literal]) -> None:
        """A literal union becomes a Rust enum: its values need distinct variant names."""
        for problem in variant_problems([str(m.value) for m in literals]):
            code = "SG104" if problem.first_index is None else "SG302"
            hint = "rename or remove one of them"
            self._report(code, f"union {problem.message}", literals[problem.index].span.start, hint)


def check_expressions(registry: TypeRegistry, fields: Iterable[ParsedField]) -> list[Diagnostic]:
    """Unknown references and unsupported unions in every parsed field."""
    diags: list[Diagnostic] = []
    # Expressions found clean, by identity: a text is parsed once, so equal types share
    # one object, and what the checks find depends only on it and the registry. The
    # values keep each object alive, so no other object can take its id meanwhile.
    clean: dict[int, TypeExpr] = {}
    for parsed in fields:
        if id(parsed.expr) in clean:
            continue
        checker = ExprChecker(registry, field_locator(parsed))
        checker.check(parsed.expr)
        if checker.diagnostics:
            diags.extend(checker.diagnostics)
        else:
            clean[id(parsed.expr)] = parsed.expr
    return diags


def _direct_refs(expr: TypeExpr) -> list[Ref]:
    """Types a required value of ``expr`` holds by value: itself, or inside inline objects."""
    if isinstance(expr, Ref):
        return [expr]
    if isinstance(expr, ObjectType):
        return [r for m in expr.fields if not m.optional for r in _direct_refs(m.type)]
    return []


def check_cycles(registry: TypeRegistry, fields: Iterable[ParsedField]) -> list[Diagnostic]:
    """Cycles of required by-value fields between structs: no finite value exists.

    A cycle through an optional, nullable, array or record field is fine (the Rust
    renderer boxes it); one made only of required fields cannot be constructed.
    """
    edges: dict[str, list[tuple[str, ParsedField]]] = {}
    for parsed in fields:
        owner = parsed.site.owner
        if owner not in registry.types or parsed.site.optional:
            continue
        for ref in _direct_refs(parsed.expr):
            if ref.name in registry.types:
                edges.setdefault(owner, []).append((ref.name, parsed))
    diags: list[Diagnostic] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        _find_cycles(start, edges, diags, reported)
    return diags


def _find_cycles(
    start: str,
    edges: dict[str, list[tuple[str, ParsedField]]],
    diags: list[Diagnostic],
    reported: set[frozenset[str]],
) -> None:
    """Depth-first search from ``start``, iterative, reporting each cycle once."""
    stack: list[tuple[str, list[str], list[ParsedField]]] = [(start, [start], [])]
    while stack:
        node, trail, via = stack.pop()
        for target, parsed in edges.get(node, []):
            if target == start:
                members = frozenset(trail)
                if members in reported:
                    continue
                reported.add(members)
                chain = " -> ".join([*trail, start])
                closing = [*via, parsed][-1]
                diags.append(
                    closing.document.source.diagnostic(
                        "SG304",
                        f"required fields form a cycle {chain}; no finite value exists",
                        closing.site.name_path,
                        key=closing.site.name_is_key,
                        hint="make one field of the cycle optional, nullable or an array",
                    )
                )
            elif target not in trail:
                stack.append((target, [*trail, target], [*via, parsed]))
