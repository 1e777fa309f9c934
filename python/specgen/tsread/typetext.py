"""Read a TypeScript type node as a spec type expression (canonical TS syntax).

The spec format has a small type language (``specgen.typeexpr``): primitives,
literal unions, ``T | null``, arrays, ``Record<string, T>``, object types and
names. A hand-written file may use more. Each construct outside that language is
replaced by the closest type the spec can express (``unknown`` when there is
none) and reported as a ``TypeProblem`` at its position, so nothing is dropped
silently; ``any`` becomes ``unknown``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from specgen.naming import pascal_case
from specgen.tsread.model import GenericUse, TsType, TypeProblem
from specgen.tsread.parser import Node, ParsedSource, code_children
from specgen.tsread.strings import string_value
from specgen.typeexpr import (
    ArrayOf,
    ObjectType,
    RecordOf,
    Ref,
    TypeExpr,
    TypeExprError,
    Union,
    iter_refs,
    parse_type_expr,
    render_ts,
)

_PLAIN = frozenset({"string", "number", "boolean", "unknown", "undefined"})
_ARRAYS = frozenset({"Array", "ReadonlyArray"})
_NULLISH_LITERALS = frozenset({"null", "undefined"})
_BUILTIN_GENERICS = frozenset(
    """Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters
    InstanceType Awaited Promise PromiseLike Map Set WeakMap WeakSet ReadonlyMap ReadonlySet
    Uppercase Lowercase Capitalize Uncapitalize Iterable Iterator""".split()
)
"""Generic types of TypeScript's library: not types of the codebase to instantiate."""
UTILITY_TYPES = frozenset({"Partial", "Required", "Pick", "Omit"})
"""Utility types expanded into a struct of their own when their argument is an interface."""
_KEYED = frozenset({"Pick", "Omit"})
IDENTIFIER_TEXT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
MAX_DEPTH = 64
"""Deeper types are not read (a spec type nests a few levels; this bounds recursion)."""


class _Reader:
    """One conversion: collects problems while it builds the text."""

    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.problems: list[TypeProblem] = []
        self.generics: list[GenericUse] = []
        self.depth = 0

    def problem(self, node: Node, message: str, replacement: str, kind: str = "unsupported") -> str:
        written = " ".join(self.parsed.text(node).split())
        self.problems.append(
            TypeProblem(kind, self.parsed.pos(node), written, message, replacement)
        )
        return replacement

    def convert(self, node: Node) -> str:
        if self.depth >= MAX_DEPTH:
            return self.problem(node, f"type nests deeper than {MAX_DEPTH} levels", "unknown")
        self.depth += 1
        try:
            return self.convert_node(node)
        finally:
            self.depth -= 1

    def convert_node(self, node: Node) -> str:  # noqa: PLR0911  # one branch per node kind
        kind = node.type
        if kind == "predefined_type":
            return self.predefined(node)
        if kind == "type_identifier":
            return self.parsed.text(node)
        if kind == "literal_type":
            return self.literal(node)
        if kind == "parenthesized_type":
            inner = code_children(node)
            return f"({self.convert(inner[0])})" if inner else "unknown"
        if kind == "readonly_type":
            return self.convert(code_children(node)[0])
        if kind == "array_type":
            return f"({self.convert(code_children(node)[0])})[]"
        if kind == "union_type":
            return self.union(node)
        if kind == "generic_type":
            return self.generic(node)
        if kind == "object_type":
            return self.object(node)
        return self.problem(
            node, f"{kind.replace('_', ' ')} is not in the spec type language", "unknown"
        )

    def predefined(self, node: Node) -> str:
        word = self.parsed.text(node)
        if word == "any":
            return self.problem(node, "`any` is not allowed in command types", "unknown", "any")
        if word in _PLAIN:
            return word
        if word == "object":
            return "Record<string, unknown>"
        return self.problem(node, f"`{word}` is not in the spec type language", "unknown")

    def literal(self, node: Node) -> str:
        value = node.named_children[0] if node.named_children else node
        if value.type == "string":
            return self.parsed.text(value)
        text = self.parsed.text(value)
        if text in _NULLISH_LITERALS:
            return text
        if value.type in {"true", "false"}:
            return self.problem(node, "boolean literal types become `boolean`", "boolean")
        return self.problem(node, "number literal types become `number`", "number")

    def generic(self, node: Node) -> str:
        name_node = node.child_by_field_name("name")
        args_node = node.child_by_field_name("type_arguments")
        name = self.parsed.text(name_node) if name_node else ""
        args = code_children(args_node) if args_node else []
        if name in _ARRAYS and len(args) == 1:
            return f"({self.convert(args[0])})[]"
        if name == "Record" and len(args) == 2:
            key = args[0]
            if self.parsed.text(key) != "string":
                self.problem(key, "Record keys are strings in the spec", "string")
            return f"Record<string, {self.convert(args[1])}>"
        if name == "Readonly" and len(args) == 1:
            return self.readonly(node, args[0])
        expanded = self.utility(node, name, args) if name in UTILITY_TYPES else None
        if expanded is not None:
            return expanded
        if args and name not in _BUILTIN_GENERICS and "." not in name:
            texts = tuple(self.convert(arg) for arg in args)
            instance = instance_name(name, texts)
            self.generics.append(GenericUse(instance, name, texts, self.parsed.pos(node)))
            return instance
        return self.problem(
            node, f"generic type `{name}<...>` is not in the spec type language", "unknown"
        )

    def readonly(self, node: Node, arg: Node) -> str:
        """``Readonly<T>`` is ``T``: readonly has no meaning on the wire."""
        text = self.convert(arg)
        try:
            shown = render_ts(parse_type_expr(text))
        except TypeExprError:  # read_type reports it
            shown = text
        message = "`Readonly<...>` is its argument on the wire: readonly is left out"
        self.problem(node, message, shown, "expanded")
        return text

    def utility(self, node: Node, name: str, args: list[Node]) -> str | None:
        """``Partial<T>``, ``Required<T>``, ``Pick<T, 'a'>``, ``Omit<T, 'a'>`` as an instance.

        ``T`` must be a plain name and the keys string literals; None otherwise (the
        caller reports the type as outside the spec type language).
        """
        if not args or args[0].type != "type_identifier":
            return None
        if name in _KEYED and len(args) == 2:
            keys = string_keys(self.parsed, args[1])
            if keys is None:
                return None
        elif name not in _KEYED and len(args) == 1:
            keys = ()
        else:
            return None
        target = self.parsed.text(args[0])
        instance = utility_name(name, target, keys)
        self.generics.append(GenericUse(instance, name, (target, *keys), self.parsed.pos(node)))
        return instance

    def object(self, node: Node) -> str:
        members = code_children(node)
        if len(members) == 1 and members[0].type == "index_signature":
            return self.index_signature(members[0])
        parts = []
        for member in members:
            if member.type != "property_signature":
                self.problem(
                    member, f"{member.type.replace('_', ' ')} in an object type is dropped", ""
                )
                continue
            parts.append(self.property_text(member))
        return "{ " + "; ".join(parts) + " }" if parts else "Record<string, unknown>"

    def index_signature(self, node: Node) -> str:
        annotations = [c for c in node.named_children if c.type == "type_annotation"]
        value = code_children(annotations[-1])[0] if annotations else None
        return f"Record<string, {self.convert(value) if value else 'unknown'}>"

    def property_text(self, node: Node) -> str:
        name_node = node.child_by_field_name("name")
        annotation = node.child_by_field_name("type")
        name = self.parsed.text(name_node) if name_node else "_"
        optional = any(c.type == "?" for c in node.children)
        value = self.convert(code_children(annotation)[0]) if annotation else "unknown"
        return f"{name}{'?' if optional else ''}: {value}"

    def union(self, node: Node) -> str:
        members = _union_members(node)
        nullish = [self.parsed.text(m) for m in members if _is_nullish(self.parsed, m)]
        rest = [m for m in members if not _is_nullish(self.parsed, m)]
        kinds = {_literal_kind(m) for m in rest}
        if rest and kinds == {"string"}:
            core = " | ".join(self.parsed.text(m.named_children[0]) for m in rest)
        elif rest and kinds == {"boolean"}:
            core = "boolean"
        elif len(rest) == 1:
            core = self.convert(rest[0])
        elif rest and kinds == {"number"}:
            core = self.problem(node, "number literal types become `number`", "number")
        else:
            core = self.problem(
                node, "a union of different types is not in the spec type language", "unknown"
            )
        return " | ".join([core, *dict.fromkeys(nullish)])


def _union_members(node: Node) -> list[Node]:
    members: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "union_type":
            stack.extend(reversed(code_children(current)))
        elif (
            current.type == "parenthesized_type"
            and code_children(current)
            and (code_children(current)[0].type == "union_type")
        ):
            stack.append(code_children(current)[0])
        else:
            members.append(current)
    return members


def _is_nullish(parsed: ParsedSource, node: Node) -> bool:
    if node.type == "literal_type":
        return parsed.text(node) in _NULLISH_LITERALS
    return node.type == "predefined_type" and parsed.text(node) == "undefined"


def _literal_kind(node: Node) -> str:
    if node.type != "literal_type" or not node.named_children:
        return "other"
    value = node.named_children[0].type
    if value == "string":
        return "string"
    if value in {"true", "false"}:
        return "boolean"
    if value in {"number", "unary_expression"}:
        return "number"
    return "other"


def string_keys(parsed: ParsedSource, node: Node) -> tuple[str, ...] | None:
    """The keys of ``'a' | 'b'`` (each a string literal), sorted; None for anything else."""
    members = _union_members(node) if node.type == "union_type" else [node]
    keys = []
    for member in members:
        if member.type != "literal_type" or not member.named_children:
            return None
        key = string_value(parsed, member.named_children[0])
        if key is None:
            return None
        keys.append(key)
    return tuple(sorted(set(keys)))


def utility_name(generic: str, target: str, keys: tuple[str, ...]) -> str:
    """The name of a utility type's expansion: the target's, the utility's, then the keys.

    ``Partial<User>`` -> ``UserPartial``, ``Pick<User, 'id' | 'name'>`` -> ``UserPickIdName``.
    """
    return target + generic + _pascal_words(" ".join(keys))


def _pascal_words(text: str) -> str:
    """``text``'s words (split at anything not a letter or digit) joined in PascalCase."""
    words = "".join(c if c.isalnum() else " " for c in text).split()
    return "".join(pascal_case(w) if w.islower() else w[0].upper() + w[1:] for w in words)


def instance_name(generic: str, args: tuple[str, ...]) -> str:
    """The name of a generic's instance: its arguments' names, then its own.

    ``Page<ChatMessage>`` -> ``ChatMessagePage``, ``Page<string[]>`` -> ``StringListPage``.
    """
    return "".join(_pascal_words(arg.replace("[]", " List ")) for arg in args) + generic


def read_type(parsed: ParsedSource, node: Node) -> TsType:
    """The spec type of the type node ``node`` (a ``type_annotation``'s child)."""
    reader = _Reader(parsed)
    text = reader.convert(node)
    written = " ".join(parsed.text(node).split())
    try:
        expr = parse_type_expr(text)
    except TypeExprError as exc:
        reader.problem(node, f"cannot be read as a spec type: {exc.message}", "unknown")
        return TsType("unknown", written, tuple(reader.problems))
    refs = tuple(dict.fromkeys(ref.name for ref in iter_refs(expr)))
    generics = tuple(reader.generics)
    return TsType(render_ts(expr), written, tuple(reader.problems), refs, generics)


def _renamed(expr: TypeExpr, renames: dict[str, str]) -> TypeExpr:
    if isinstance(expr, Ref):
        return replace(expr, name=renames.get(expr.name, expr.name))
    if isinstance(expr, ArrayOf):
        return replace(expr, element=_renamed(expr.element, renames))
    if isinstance(expr, RecordOf):
        return replace(expr, value=_renamed(expr.value, renames))
    if isinstance(expr, Union):
        return replace(expr, members=tuple(_renamed(m, renames) for m in expr.members))
    if isinstance(expr, ObjectType):
        fields = tuple(replace(f, type=_renamed(f.type, renames)) for f in expr.fields)
        return replace(expr, fields=fields)
    return expr


def _substituted(expr: TypeExpr, values: dict[str, TypeExpr]) -> TypeExpr:
    if isinstance(expr, Ref):
        return values.get(expr.name, expr)
    if isinstance(expr, ArrayOf):
        return replace(expr, element=_substituted(expr.element, values))
    if isinstance(expr, RecordOf):
        return replace(expr, value=_substituted(expr.value, values))
    if isinstance(expr, Union):
        return replace(expr, members=tuple(_substituted(m, values) for m in expr.members))
    if isinstance(expr, ObjectType):
        fields = tuple(replace(f, type=_substituted(f.type, values)) for f in expr.fields)
        return replace(expr, fields=fields)
    return expr


def rename_refs(text: str, renames: dict[str, str]) -> str:
    """``text`` (a spec type expression) with the names in ``renames`` replaced.

    A replacement may be any type expression (a generic's parameter becomes its argument).
    """
    expr = parse_type_expr(text)
    if not any(ref.name in renames for ref in iter_refs(expr)):
        return text
    if all(IDENTIFIER_TEXT.fullmatch(v) for v in renames.values()):
        return render_ts(_renamed(expr, renames))
    values = {name: parse_type_expr(value) for name, value in renames.items()}
    return render_ts(_substituted(expr, values))
