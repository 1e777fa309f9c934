"""Literal values in TypeScript source: a string's value, an expression's wrappers removed."""

from __future__ import annotations

import json

from specgen.tsread.parser import Node, ParsedSource

_WRAPPERS = frozenset({"as_expression", "satisfies_expression", "parenthesized_expression"})


def unwrap(node: Node | None) -> Node | None:
    """``x as const``, ``(x)``, ``x satisfies T`` -> ``x``."""
    while node is not None and node.type in _WRAPPERS:
        node = node.named_children[0] if node.named_children else None
    return node


def string_value(parsed: ParsedSource, node: Node | None) -> str | None:
    """The value of a string literal (or a template string without substitutions)."""
    node = unwrap(node)
    if node is None or node.type not in {"string", "template_string"}:
        return None
    if any(c.type == "template_substitution" for c in node.named_children):
        return None
    raw = parsed.text(node)
    if node.type == "string" and "\\" in raw:
        if raw.startswith('"'):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError:
                return None
            return value if isinstance(value, str) else None
        return None
    return raw[1:-1]
