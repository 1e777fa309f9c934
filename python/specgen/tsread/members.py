"""The members of an interface body or object type: the fields a spec carries, and the rest.

A property with an identifier name is a field. Everything else (index signatures,
methods, call signatures, a quoted name that is not an identifier) cannot be a spec
field: it is left out and kept as a problem, so the caller reports it where it is.
"""

from __future__ import annotations

from specgen.naming import IDENTIFIER
from specgen.tsread.comments import node_description
from specgen.tsread.model import TsField, TsType, TypeProblem
from specgen.tsread.parser import Node, ParsedSource, code_children
from specgen.tsread.strings import string_value
from specgen.tsread.typetext import read_type


def member_name(parsed: ParsedSource, member: Node) -> str | None:
    """The name of a property signature (a quoted one unquoted), else None."""
    name_node = member.child_by_field_name("name")
    if member.type != "property_signature" or name_node is None:
        return None
    name = parsed.text(name_node)
    if name_node.type == "string":
        name = string_value(parsed, name_node) or name
    return name


def dropped_members(parsed: ParsedSource, body: Node) -> tuple[TypeProblem, ...]:
    """The members of ``body`` that `read_fields` leaves out, each as a problem."""
    problems = []
    for member in body.named_children:
        if member.type == "comment":
            continue
        name = member_name(parsed, member)
        if name is None:
            what = f"{member.type.replace('_', ' ')} is not in the spec type language"
        elif IDENTIFIER.fullmatch(name) is None:
            what = f"field name '{name}' is not an identifier a spec can carry"
        else:
            continue
        written = " ".join(parsed.text(member).split())
        problems.append(TypeProblem("unsupported", parsed.pos(member), written, what, ""))
    return tuple(problems)


def read_fields(parsed: ParsedSource, body: Node) -> tuple[TsField, ...]:
    """The fields of ``body``: each property with an identifier name, in order."""
    fields = []
    for member in body.named_children:
        name = member_name(parsed, member)
        name_node = member.child_by_field_name("name")
        if name is None or name_node is None or IDENTIFIER.fullmatch(name) is None:
            continue  # see `dropped_members`
        annotation = member.child_by_field_name("type")
        type_nodes = code_children(annotation) if annotation else []
        type_node = type_nodes[0] if type_nodes else None
        ts_type = read_type(parsed, type_node) if type_node is not None else None
        fields.append(
            TsField(
                name,
                ts_type if ts_type is not None else read_type_unknown(parsed, member),
                any(c.type == "?" for c in member.children),
                node_description(parsed, member),
                parsed.pos(name_node),
            )
        )
    return tuple(fields)


def read_type_unknown(parsed: ParsedSource, member: Node) -> TsType:
    """A field written without a type annotation: TypeScript reads it as ``any``."""
    written = " ".join(parsed.text(member).split())
    problem = TypeProblem(
        "any", parsed.pos(member), written, "a field without a type is `any`", "unknown"
    )
    return TsType("unknown", written, (problem,))
