"""Which type alias values are interfaces in other words: object types and intersections.

``type X = { a: A }`` and ``type X = Base & Other<T> & { a: A }`` declare what an
interface would (``interface X extends Base, Other<T> { a: A }``); reverse reads them
as such, and adopt locates them as the type aliases they are.
"""

from __future__ import annotations

from specgen.tsread.parser import Node

_NAMED_TYPES = frozenset({"type_identifier", "generic_type", "nested_type_identifier"})


def interface_parts(value: Node) -> list[Node] | None:
    """The parts of an object type or of an intersection of object and named types.

    ``{ a: A }`` gives itself; ``Base & Other<T> & { a: A }`` its three parts. None for
    anything else (a union, a primitive, an intersection with another kind of type), and
    for an intersection without an object type (``A & B`` names no field of its own).
    """
    if value.type == "object_type":
        return [value]
    if value.type != "intersection_type":
        return None
    parts: list[Node] = []
    pending = [value]
    while pending:
        node = pending.pop()
        if node.type == "intersection_type":
            pending.extend(reversed(node.named_children))
        elif node.type in _NAMED_TYPES or node.type == "object_type":
            parts.append(node)
        else:
            return None
    return parts if any(p.type == "object_type" for p in parts) else None
