"""JSON values of TypeScript literals: a factory's defaults and an enum's members.

A default in the params factory is a literal (string, number, boolean, null, array of
these); an enum member's value is a string or a number, given or counted on from the
member before (``enum Level { Low, High }`` is 0 and 1).
"""

from __future__ import annotations

from specgen.tsread.parser import Node, ParsedSource
from specgen.tsread.strings import string_value, unwrap
from specgen.typeexpr import Literal, Union, parse_type_expr

_MAX_LITERAL_DEPTH = 16

EnumValue = str | int | float
"""The value of an enum member."""


def literal_values(text: str) -> tuple[str, ...] | None:
    """The values of a union of string literals (``'a' | 'b'``), else None."""
    expr = parse_type_expr(text)
    members = expr.members if isinstance(expr, Union) else (expr,)
    values = []
    for member in members:
        if not isinstance(member, Literal) or not isinstance(member.value, str):
            return None
        values.append(member.value)
    return tuple(values)


def literal(parsed: ParsedSource, node: Node | None, depth: int = 0) -> tuple[bool, object]:  # noqa: PLR0911  # one return per literal kind
    """A JSON value for a literal expression (string, number, boolean, null, array)."""
    node = unwrap(node)
    if node is None or depth > _MAX_LITERAL_DEPTH:
        return False, None
    kind = node.type
    if kind in {"string", "template_string"}:
        value = string_value(parsed, node)
        return value is not None, value
    if kind in {"true", "false"}:
        return True, kind == "true"
    if kind == "null":
        return True, None
    text = parsed.text(node)
    if kind in {"number", "unary_expression"}:
        try:
            number = float(text.replace("_", ""))
        except ValueError:
            return False, None
        return True, int(number) if number.is_integer() and "." not in text else number
    if kind == "array":
        items = [literal(parsed, item, depth + 1) for item in node.named_children]
        return all(ok for ok, _ in items), [value for _, value in items]
    return False, None


def enum_members(parsed: ParsedSource, body: Node) -> dict[str, EnumValue]:
    """Each member of an enum body whose value can be read, with that value.

    A member without an initializer follows a numeric one (or is the first: 0); a
    member whose value is computed (``A = B | C``) is left out, and so is every member
    counted on from it.
    """
    members: dict[str, EnumValue] = {}
    following: int | float | None = 0
    for member in body.named_children:
        if member.type == "enum_assignment":
            name_node = member.child_by_field_name("name") or member.named_children[0]
            ok, value = literal(parsed, member.child_by_field_name("value"))
            if not ok or not isinstance(value, str | int | float) or isinstance(value, bool):
                following = None
                continue
        elif member.type in {"property_identifier", "string"}:
            name_node, value = member, following
            if value is None:
                continue
        else:
            continue
        name = string_value(parsed, name_node) or parsed.text(name_node)
        members[name] = value
        following = value + 1 if isinstance(value, int | float) else None
    return members
