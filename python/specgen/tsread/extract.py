"""The extractor: one parsed TypeScript file -> a ``TsFile`` of what it declares and calls.

One pass over the top-level statements finds imports, re-exports, interfaces, type
aliases, enums (a string enum reads as a union of its values; each member's value is
kept), static accessors and the params factory's defaults (literals as values, other
expressions as written); one walk over the whole tree finds every ``any`` and every
``Commands.execute`` call (marking the accessors' own forwarding calls as sanctioned).
Both reverse and audit read files through here.
"""

from __future__ import annotations

import json
from pathlib import Path

from specgen.tsread.comments import node_description
from specgen.tsread.interface_parts import interface_parts
from specgen.tsread.literals import enum_members, literal, literal_values
from specgen.tsread.members import dropped_members, read_fields
from specgen.tsread.model import (
    Accessor,
    AnyUse,
    Default,
    ExecuteCall,
    OtherDefault,
    TsAlias,
    TsFile,
    TsImport,
    TsInterface,
    TsType,
)
from specgen.tsread.parser import Node, ParsedSource, code_children, find_nodes, parse_typescript
from specgen.tsread.strings import string_value, unwrap
from specgen.tsread.typetext import read_type

EXECUTE_OBJECT = "Commands"
"""The runtime object whose ``execute`` runs a command by name."""

_CALLS = "(call_expression) @call"
_ANY_AND_CALLS = "(predefined_type) @type (call_expression) @call"
_SPREAD_OBJECTS = "(object (spread_element)) @object"
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function"})


class _Extractor:
    def __init__(
        self, parsed: ParsedSource, result: TsFile, execute_object: str, *, detail: bool
    ) -> None:
        self.parsed = parsed
        self.result = result
        self.execute_object = execute_object
        self.detail = detail
        self.sanctioned: list[tuple[int, int]] = []
        self.namespaces: set[str] = set()
        """Local names of ``import * as X``: ``X.Name`` in an ``extends`` list is ``Name``."""
        self.renamed: dict[str, str] = {}
        """``import { Name as Local }``: local name -> imported name."""

    # -- top-level statements -------------------------------------------------------------

    def statements(self) -> None:
        root = self.parsed.root
        header: list[str] = []
        in_header = True
        for stmt in root.named_children:
            in_header = in_header and stmt.type == "comment"
            if in_header:
                header.append(self.parsed.text(stmt))
            self.statement(stmt)
        self.result.header = tuple(header)

    def statement(self, stmt: Node) -> None:
        if stmt.type == "import_statement":
            self.local_names(stmt)
            if self.detail:
                self.import_statement(stmt)
            return
        exported = stmt.type == "export_statement"
        decl = stmt.child_by_field_name("declaration") if exported else stmt
        if exported and decl is None:
            if self.detail:
                self.export_clause(stmt)
        elif decl is not None:
            self.declaration(decl, stmt, exported)

    def declaration(self, decl: Node, stmt: Node, exported: bool) -> None:
        if decl.type == "interface_declaration":
            self.interface(decl, stmt, exported)
        elif decl.type == "type_alias_declaration" and self.detail:
            self.alias(decl, stmt, exported)
        elif decl.type == "enum_declaration" and self.detail:
            self.enum(decl, stmt, exported)
        elif decl.type == "lexical_declaration":
            for declarator in decl.named_children:
                if declarator.type == "variable_declarator":
                    self.variable(declarator, exported)

    def local_names(self, stmt: Node) -> None:
        """Note the namespace imports and renamed imports (what `type_name` sees through)."""
        for clause in code_children(stmt):
            for child in code_children(clause) if clause.type == "import_clause" else ():
                if child.type == "namespace_import":
                    self.namespaces.update(self.parsed.text(n) for n in code_children(child))
                elif child.type == "named_imports":
                    for spec in code_children(child):
                        imported = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias")
                        if imported is not None and alias is not None:
                            self.renamed[self.parsed.text(alias)] = self.parsed.text(imported)

    def import_statement(self, stmt: Node) -> None:
        source = string_value(self.parsed, stmt.child_by_field_name("source"))
        if source is None:
            return
        type_only = any(c.type == "type" for c in stmt.children)
        for clause in stmt.named_children:
            if clause.type == "import_clause":
                self.import_names(clause, source, type_only)

    def import_names(self, clause: Node, module: str, type_only: bool) -> None:
        for child in clause.named_children:
            if child.type == "identifier":  # default import
                name = self.parsed.text(child)
                self.result.imports.append(
                    TsImport(name, "default", module, type_only, self.parsed.pos(child))
                )
            elif child.type == "named_imports":
                for spec in child.named_children:
                    if spec.type != "import_specifier":
                        continue
                    imported = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias")
                    if imported is None:
                        continue
                    local = alias or imported
                    spec_type_only = type_only or any(c.type == "type" for c in spec.children)
                    self.result.imports.append(
                        TsImport(
                            self.parsed.text(local),
                            self.parsed.text(imported),
                            module,
                            spec_type_only,
                            self.parsed.pos(spec),
                        )
                    )

    def export_clause(self, stmt: Node) -> None:
        source = string_value(self.parsed, stmt.child_by_field_name("source"))
        star = any(c.type == "*" for c in stmt.children)
        if (
            star
            and source is not None
            and not any(c.type == "namespace_export" for c in stmt.children)
        ):
            self.result.star_exports.append(source)
        for clause in stmt.named_children:
            if clause.type != "export_clause":
                continue
            for spec in clause.named_children:
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias")
                if spec.type != "export_specifier" or name is None:
                    continue
                exported_name = self.parsed.text(alias or name)
                self.result.reexports.add(exported_name)
                if source is not None:
                    self.result.imports.append(
                        TsImport(
                            exported_name,
                            self.parsed.text(name),
                            source,
                            type_only=True,
                            pos=self.parsed.pos(spec),
                        )
                    )

    def interface(self, decl: Node, stmt: Node, exported: bool) -> None:
        name_node = decl.child_by_field_name("name")
        body = decl.child_by_field_name("body")
        if name_node is None or body is None:
            return
        parents: list[Node] = []
        for child in decl.named_children:
            if child.type == "extends_type_clause":
                parents.extend(code_children(child))
        name = self.parsed.text(name_node)
        self.result.interfaces[name] = TsInterface(
            name,
            tuple(self.type_name(t) for t in parents),
            read_fields(self.parsed, body) if self.detail else (),
            node_description(self.parsed, stmt) if self.detail else "",
            self.parsed.pos(name_node),
            exported,
            *self.type_params(decl),
            dropped=dropped_members(self.parsed, body) if self.detail else (),
            exported_as=tuple(self.exported_name(t) for t in parents),
        )

    def type_name(self, node: Node) -> str:
        if node.type == "generic_type":
            inner = node.child_by_field_name("name")
            return self.parsed.text(inner) if inner else self.parsed.text(node)
        return self.parsed.text(node)

    def exported_name(self, node: Node) -> str:
        """An ``extends`` entry's name as its module exports it (see ``exported_as``)."""
        if node.type == "generic_type":
            node = node.child_by_field_name("name") or node
        module = node.child_by_field_name("module")
        name = node.child_by_field_name("name")
        if (
            node.type == "nested_type_identifier"
            and module is not None
            and name is not None
            and self.parsed.text(module) in self.namespaces
        ):
            return self.parsed.text(name)
        text = self.parsed.text(node)
        return self.renamed.get(text, text)

    def type_params(self, decl: Node) -> tuple[tuple[str, ...], tuple[TsType | None, ...]]:
        """The names of the type parameters and the default of each (None: no default)."""
        params = decl.child_by_field_name("type_parameters")
        if params is None:
            return (), ()
        names: list[str] = []
        defaults: list[TsType | None] = []
        for param in params.named_children:
            name = param.child_by_field_name("name")
            if name is None:
                continue
            names.append(self.parsed.text(name))
            default = param.child_by_field_name("value")  # `= T`: the type is its child
            inner = default.named_children[0] if default and default.named_children else None
            defaults.append(read_type(self.parsed, inner) if inner is not None else None)
        return tuple(names), tuple(defaults)

    def alias(self, decl: Node, stmt: Node, exported: bool) -> None:
        name_node = decl.child_by_field_name("name")
        value = decl.child_by_field_name("value")
        if name_node is None or value is None:
            return
        name = self.parsed.text(name_node)
        description = node_description(self.parsed, stmt)
        pos = self.parsed.pos(name_node)
        parts = interface_parts(value)
        if parts is not None:  # `{ ... }`, or `Base & { ... }`: an interface in other words
            base_nodes = [p for p in parts if p.type != "object_type"]
            objects = [p for p in parts if p.type == "object_type"]
            fields = tuple(f for p in objects for f in read_fields(self.parsed, p))
            self.result.interfaces[name] = TsInterface(
                name,
                tuple(self.type_name(p) for p in base_nodes),
                fields,
                description,
                pos,
                exported,
                *self.type_params(decl),
                dropped=tuple(d for p in objects for d in dropped_members(self.parsed, p)),
                exported_as=tuple(self.exported_name(p) for p in base_nodes),
            )
            return
        ts_type = read_type(self.parsed, value)
        values = literal_values(ts_type.text)
        self.result.aliases[name] = TsAlias(name, ts_type, values, description, pos, exported)

    def enum(self, decl: Node, stmt: Node, exported: bool) -> None:
        """A TypeScript ``enum``: a string enum when every member has a string value."""
        name_node = decl.child_by_field_name("name")
        body = decl.child_by_field_name("body")
        if name_node is None or body is None:
            return
        values: list[str] | None = []
        for member in body.named_children:
            value = (
                member.child_by_field_name("value") if member.type == "enum_assignment" else None
            )
            text = string_value(self.parsed, value)
            if text is None or values is None:
                values = None
                continue
            values.append(text)
        written = " ".join(self.parsed.text(decl).split())
        kept = tuple(values) if values else None
        union = " | ".join(json.dumps(v) for v in kept) if kept else "unknown"
        self.result.enum_members[self.parsed.text(name_node)] = enum_members(self.parsed, body)
        self.result.aliases[self.parsed.text(name_node)] = TsAlias(
            self.parsed.text(name_node),
            TsType(union, written),
            kept,
            node_description(self.parsed, stmt),
            self.parsed.pos(name_node),
            exported,
        )

    def variable(self, declarator: Node, exported: bool) -> None:
        name_node = declarator.child_by_field_name("name")
        value = unwrap(declarator.child_by_field_name("value"))
        if name_node is None or value is None:
            return
        name = self.parsed.text(name_node)
        if value.type == "object" and exported:
            self.accessor(name, name_node, value)
        elif (
            self.detail
            and value.type in _FUNCTIONS
            and name.startswith("create")
            and name.endswith("Params")
        ):
            self.defaults(value)

    def accessor(self, name: str, name_node: Node, obj: Node) -> None:
        execute_body: Node | None = None
        command_name: str | None = None
        for member in obj.named_children:
            key = member.child_by_field_name("name") or member.child_by_field_name("key")
            key_text = self.parsed.text(key) if key is not None else ""
            if member.type == "method_definition" and key_text == "execute":
                execute_body = member
            elif member.type == "pair" and key_text == "execute":
                value = unwrap(member.child_by_field_name("value"))
                if value is not None and value.type in _FUNCTIONS:
                    execute_body = value
            elif member.type == "pair" and key_text == "commandName":
                command_name = string_value(self.parsed, member.child_by_field_name("value"))
        if execute_body is None:
            return
        found = find_nodes(execute_body, _CALLS).get("call", [])
        calls = [n for n in found if self.execute_callee(n) is not None]
        forwarded = self.call_command(calls[0]) if calls else None
        self.sanctioned.append((execute_body.start_byte, execute_body.end_byte))
        self.result.accessors.append(
            Accessor(name, self.parsed.pos(name_node), command_name, forwarded, bool(calls))
        )

    def defaults(self, function: Node) -> None:
        for node in find_nodes(function, _SPREAD_OBJECTS).get("object", []):
            for pair in node.named_children:
                if pair.type != "pair":
                    continue
                key = pair.child_by_field_name("key")
                value_node = unwrap(pair.child_by_field_name("value"))
                ok, value = literal(self.parsed, value_node)
                if key is not None and ok:
                    self.result.defaults.append(Default(self.parsed.text(key), value))
                elif key is not None and value_node is not None:
                    self.result.other_defaults.append(self.other_default(key, value_node))
            return

    def other_default(self, key: Node, value: Node) -> OtherDefault:
        """A default that is not a literal; ``Name.Member`` may be an enum's member."""
        member: tuple[str, str] | None = None
        obj, prop = value.child_by_field_name("object"), value.child_by_field_name("property")
        if (
            value.type == "member_expression"
            and obj is not None
            and prop is not None
            and obj.type == "identifier"
            and prop.type == "property_identifier"
        ):
            member = (self.parsed.text(obj), self.parsed.text(prop))
        written = " ".join(self.parsed.text(value).split())
        return OtherDefault(self.parsed.text(key), written, member, self.parsed.pos(value))

    # -- the whole tree ----------------------------------------------------------------------

    def execute_callee(self, node: Node) -> Node | None:
        """The ``Commands.execute`` callee when ``node`` is a call of it, else None."""
        if node.type != "call_expression":
            return None
        function = node.child_by_field_name("function")
        if function is not None and function.type == "await_expression" and function.named_children:
            # tree-sitter reads `await X.f<T>(a)` as a call of `await X.f`; the callee is X.f
            function = function.named_children[0]
        if function is None or function.type != "member_expression":
            return None
        obj = function.child_by_field_name("object")
        prop = function.child_by_field_name("property")
        if (
            obj is not None
            and prop is not None
            and self.parsed.text(prop) == "execute"
            and self.parsed.text(obj) == self.execute_object
        ):
            return function
        return None

    def call_command(self, call: Node) -> str | None:
        args = call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        return string_value(self.parsed, first)

    def walk(self) -> None:
        found = find_nodes(self.parsed.root, _ANY_AND_CALLS)
        for node in found.get("type", []):
            if self.parsed.source[node.start_byte : node.end_byte] == b"any":
                self.result.any_uses.append(AnyUse(self.parsed.pos(node), self.any_form(node)))
        for node in found.get("call", []):
            callee = self.execute_callee(node)
            if callee is None:
                continue
            start = node.start_byte
            sanctioned = any(lo <= start < hi for lo, hi in self.sanctioned)
            self.result.execute_calls.append(
                ExecuteCall(self.parsed.pos(callee), self.call_command(node), sanctioned)
            )

    def any_form(self, node: Node) -> str:
        parent = node.parent
        kind = parent.type if parent is not None else ""
        if kind == "type_annotation":
            return ": any"
        if kind == "as_expression":
            return "as any"
        if kind == "array_type":
            return "any[]"
        if kind == "type_arguments" and parent is not None and parent.parent is not None:
            outer = parent.parent
            if outer.type == "type_assertion":
                return "<any>"
            name = outer.child_by_field_name("name")
            generic = self.parsed.text(name) if name is not None else "?"
            return "Record<string, any>" if generic == "Record" else f"{generic}<any>"
        return "any"


def extract(
    parsed: ParsedSource,
    path: Path,
    display: str,
    execute_object: str = EXECUTE_OBJECT,
    *,
    detail: bool = True,
) -> TsFile:
    """Read declarations, accessors, ``any`` and ``Commands.execute`` calls of a parsed file.

    With ``detail=False`` (what audit needs) interfaces are read without their fields
    and descriptions, and imports, type aliases and defaults are skipped.
    """
    result = TsFile(path, display, syntax_problems=parsed.syntax_problems())
    extractor = _Extractor(parsed, result, execute_object, detail=detail)
    extractor.statements()
    extractor.walk()
    return result


def read_ts_file(
    path: Path, display: str | None = None, execute_object: str = EXECUTE_OBJECT
) -> TsFile:
    """Parse and extract the file at ``path`` (raises OSError when it cannot be read)."""
    return extract(parse_typescript(path.read_bytes()), path, display or str(path), execute_object)
