"""Where adopt edits a Types file, found through the TypeScript parser.

``locate`` reads the top-level statements of a parsed file once: its imports (with
the byte range of each ``{ ... }`` list, to add names to it), every name the file
declares at top level, its interfaces (where an ``extends`` clause goes or ends),
its factory declarations, and the byte offsets new imports and new declarations go
to. Offsets are byte offsets of the file as read; nothing here edits anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.tsread.interface_parts import interface_parts
from specgen.tsread.parser import Node, ParsedSource, SourcePos, code_children

_DECLARATIONS = frozenset(
    {
        "interface_declaration",
        "type_alias_declaration",
        "class_declaration",
        "abstract_class_declaration",
        "function_declaration",
        "generator_function_declaration",
        "enum_declaration",
    }
)
_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function"})
_WRAPPERS = frozenset({"ambient_declaration", "expression_statement"})
"""``declare ...`` and a statement that holds a declaration (``namespace X {}`` unexported)."""
_NAMED_ONLY = frozenset({"internal_module", "module", "import_alias", "function_signature"})
"""Declarations whose name only matters: a namespace, ``import X = ...``, ``declare function``."""


@dataclass(frozen=True, slots=True)
class ImportList:
    """One ``import [type] { ... } from 'module'`` statement with a braced name list."""

    module: str
    type_only: bool
    names: dict[str, str]
    """Local name -> exported name."""
    last_item_end: int
    """Byte offset just after the last specifier (or after its trailing comma)."""
    trailing_comma: bool
    multiline: bool
    item_indent: str
    """The indent of the last specifier's line (multi-line lists)."""
    last_item_start: int
    """Byte offset of the last specifier."""
    comment_end: int | None
    """End of a comment after the last specifier (and its comma) on its line, else None."""


@dataclass(frozen=True, slots=True)
class InterfaceSite:
    """Where an interface's ``extends`` clause is, or would go."""

    name: str
    pos: SourcePos
    is_alias: bool
    """Declared as ``type X = { ... }``: no ``extends`` clause can be added."""
    generic: bool
    extends_end: int | None
    """End of the existing ``extends`` list, else None."""
    head_end: int
    """End of the name (or type parameters): where `` extends Base`` goes."""
    statement_end: int


@dataclass
class FactoryParams:
    """The parameter types a ``create*`` factory gives ``context`` and ``sessionId``."""

    context: str | None = None
    session_id: str | None = None


@dataclass
class FileLayout:
    """What adopt needs to know about a Types file's top level."""

    imports: list[ImportList] = field(default_factory=list)
    imported: dict[str, tuple[str, bool, SourcePos]] = field(default_factory=dict)
    """Every imported local name -> (module, type-only, where)."""
    modules: list[str] = field(default_factory=list)
    """Every module the file imports from, as written, in order."""
    relative_imports: int = 0
    bare_imports: int = 0
    declared: set[str] = field(default_factory=set)
    """Names declared at top level (types, classes, functions, consts)."""
    interfaces: dict[str, InterfaceSite] = field(default_factory=dict)
    factory_ends: dict[str, int] = field(default_factory=dict)
    """``create*`` const or function name -> end of its statement."""
    factory_types: FactoryParams = field(default_factory=FactoryParams)
    imports_end: int | None = None
    """End of the last import statement."""
    header_end: int | None = None
    """End of the comments before the first statement, when the file starts with some."""
    body_end: int = 0
    """End of the last top-level statement or comment."""
    first_pos: SourcePos = field(default_factory=lambda: SourcePos(1, 1))
    """Where the first statement (not a comment) starts: where the imports are."""


def _string_text(parsed: ParsedSource, node: Node | None) -> str | None:
    if node is None or node.type != "string":
        return None
    return parsed.text(node)[1:-1]


def _line_indent(parsed: ParsedSource, offset: int) -> str:
    start = parsed.source.rfind(b"\n", 0, offset) + 1
    line = parsed.source[start:offset]
    return line[: len(line) - len(line.lstrip(b" \t"))].decode("ascii", "replace")


class _Locator:
    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.layout = FileLayout()

    def run(self) -> FileLayout:
        layout = self.layout
        statements = self.parsed.root.named_children
        in_header = True
        for stmt in statements:
            if stmt.type == "comment":
                if in_header:
                    layout.header_end = stmt.end_byte
                layout.body_end = stmt.end_byte
                continue
            in_header = False
            layout.body_end = stmt.end_byte
            if stmt.type == "import_statement":
                self.import_statement(stmt)
                layout.imports_end = stmt.end_byte
            elif stmt.type == "export_statement":
                decl = stmt.child_by_field_name("declaration")
                if decl is not None:
                    self.declaration(decl, stmt)
            else:
                self.declaration(stmt, stmt)
        code = [s for s in statements if s.type != "comment"]
        if code:
            layout.first_pos = self.parsed.pos(code[0])
        return layout

    def import_statement(self, stmt: Node) -> None:
        module = _string_text(self.parsed, stmt.child_by_field_name("source"))
        if module is None:
            return
        self.layout.modules.append(module)
        if module.startswith("."):
            self.layout.relative_imports += 1
        else:
            self.layout.bare_imports += 1
        type_only = any(c.type == "type" for c in stmt.children)
        for clause in stmt.named_children:
            if clause.type != "import_clause":
                continue
            for child in clause.named_children:
                if child.type == "identifier":
                    self.layout.imported[self.parsed.text(child)] = (
                        module,
                        type_only,
                        self.parsed.pos(child),
                    )
                elif child.type == "namespace_import":
                    for name in child.named_children:
                        self.layout.imported[self.parsed.text(name)] = (
                            module,
                            type_only,
                            self.parsed.pos(name),
                        )
                elif child.type == "named_imports":
                    self.named_imports(child, module, type_only)

    def named_imports(self, node: Node, module: str, type_only: bool) -> None:
        names: dict[str, str] = {}
        specs = [c for c in node.named_children if c.type == "import_specifier"]
        for spec in specs:
            imported = spec.child_by_field_name("name")
            alias = spec.child_by_field_name("alias")
            if imported is None:
                continue
            local = self.parsed.text(alias or imported)
            spec_type_only = type_only or any(c.type == "type" for c in spec.children)
            names[local] = self.parsed.text(imported)
            self.layout.imported[local] = (module, spec_type_only, self.parsed.pos(spec))
        if not specs:
            return
        last = specs[-1]
        after = [c for c in node.children if c.start_byte >= last.end_byte]
        comma = next((c for c in after if c.type == ","), None)
        tail = comma if comma is not None else last
        note = next(
            (
                c
                for c in after
                if c.type == "comment"
                and c.start_byte >= tail.end_byte
                and c.start_point[0] == tail.end_point[0]
            ),
            None,
        )
        closer = node.children[-1]
        self.layout.imports.append(
            ImportList(
                module,
                type_only,
                names,
                comma.end_byte if comma is not None else last.end_byte,
                comma is not None,
                closer.start_point[0] != last.end_point[0],
                _line_indent(self.parsed, last.start_byte),
                last.start_byte,
                note.end_byte if note is not None else None,
            )
        )

    def declaration(self, decl: Node, stmt: Node) -> None:
        if decl.type in _DECLARATIONS:
            self.named_declaration(decl, stmt)
        elif decl.type in {"lexical_declaration", "variable_declaration"}:
            for declarator in decl.named_children:
                name_node = declarator.child_by_field_name("name")
                if declarator.type != "variable_declarator" or name_node is None:
                    continue
                name = self.parsed.text(name_node)
                self.layout.declared.add(name)
                value = declarator.child_by_field_name("value")
                if name.startswith("create") and value is not None and value.type in _FUNCTIONS:
                    self.factory(name, value, stmt)
        elif decl.type in _WRAPPERS:
            for inner in code_children(decl):
                self.declaration(inner, stmt)
        elif decl.type in _NAMED_ONLY:
            name_node = decl.child_by_field_name("name") or next(
                (c for c in decl.named_children if c.type == "identifier"), None
            )
            if name_node is not None:
                self.layout.declared.add(self.parsed.text(name_node))

    def named_declaration(self, decl: Node, stmt: Node) -> None:
        name_node = decl.child_by_field_name("name")
        if name_node is None:
            return
        name = self.parsed.text(name_node)
        self.layout.declared.add(name)
        if decl.type == "function_declaration" and name.startswith("create"):
            self.factory(name, decl, stmt)
        if decl.type == "interface_declaration":
            self.interface(name, name_node, decl, stmt, is_alias=False)
        elif decl.type == "type_alias_declaration":
            value = decl.child_by_field_name("value")
            if value is not None and interface_parts(value) is not None:  # as reverse reads it
                self.interface(name, name_node, decl, stmt, is_alias=True)

    def factory(self, name: str, function: Node, stmt: Node) -> None:
        self.layout.factory_ends[name] = stmt.end_byte
        params = function.child_by_field_name("parameters")
        if params is None:
            return
        found = self.layout.factory_types
        for param in params.named_children:
            pattern = param.child_by_field_name("pattern")
            annotation = param.child_by_field_name("type")
            if pattern is None or annotation is None or not code_children(annotation):
                continue
            label = self.parsed.text(pattern)
            written = self.parsed.text(code_children(annotation)[0])
            if label == "context" and found.context is None:
                found.context = written
            elif label == "sessionId" and found.session_id is None:
                found.session_id = written

    def interface(
        self, name: str, name_node: Node, decl: Node, stmt: Node, *, is_alias: bool
    ) -> None:
        head_end = name_node.end_byte
        extends_end = None
        generic = False
        for child in decl.named_children:
            if child.type == "type_parameters":
                head_end = child.end_byte
                generic = any(p.child_by_field_name("value") is None for p in child.named_children)
            elif child.type == "extends_type_clause" and code_children(child):
                extends_end = code_children(child)[-1].end_byte
        self.layout.interfaces[name] = InterfaceSite(
            name,
            self.parsed.pos(name_node),
            is_alias,
            generic,
            extends_end,
            head_end,
            stmt.end_byte,
        )


def locate(parsed: ParsedSource) -> FileLayout:
    """The edit points of a parsed Types file."""
    return _Locator(parsed).run()
