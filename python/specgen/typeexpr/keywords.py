"""Names with a fixed meaning in type expressions, and what to suggest for unsupported ones.

A name that is not listed here is a reference to a named type (``Ref``).
"""

from __future__ import annotations

from typing import Final

from specgen.typeexpr.ast import PRIMITIVES, SIZED_NUMBERS

NAMED_TYPE_HINT: Final = 'declare a named type in "types"'
FUNCTION_HINT: Final = (
    'a field holds data, not behaviour: declare a named type in "types", or a command'
)

UNSUPPORTED_KEYWORDS: Final[dict[str, tuple[str, str]]] = {
    "never": ("`never` is not supported", "remove the field, or use `null`"),
    "void": ("`void` is not supported", "use `null` or `undefined`"),
    "symbol": ("`symbol` is not supported", "use `string`; symbols cannot cross the wire"),
    "bigint": (
        "`bigint` is not supported",
        "use `i64` or `u64`; their TypeScript form follows the 64-bit mapping setting",
    ),
    "this": ("`this` types are not supported", "name the type instead"),
    "keyof": ("`keyof` is not supported", "list the keys as a literal union, e.g. `'a' | 'b'`"),
    "typeof": ("`typeof` is not supported", NAMED_TYPE_HINT),
    "readonly": (
        "`readonly` is not supported",
        "remove `readonly`; the generated code decides mutability",
    ),
    "unique": ("`unique symbol` is not supported", "use `string`"),
    "infer": ("`infer` is not supported", NAMED_TYPE_HINT),
    "import": (
        "import types are not supported",
        "refer to the type by its name; names are resolved across the project",
    ),
    "new": ("constructor types are not supported", FUNCTION_HINT),
    "abstract": ("constructor types are not supported", FUNCTION_HINT),
    "Function": ("function types are not supported", FUNCTION_HINT),
    "Object": ("`Object` is not supported", "use `object` or `Record<string, T>`"),
    "String": ("`String` is not supported", "use `string`"),
    "Number": ("`Number` is not supported", "use `number`, or a sized number such as `i32`"),
    "Boolean": ("`Boolean` is not supported", "use `boolean`"),
    "Symbol": ("`Symbol` is not supported", "use `string`"),
    "BigInt": ("`BigInt` is not supported", "use `i64` or `u64`"),
}
"""Names that are TypeScript constructs specgen rejects: name -> (message, hint)."""

_UTILITY_HINT: Final = 'declare a named type in "types" with exactly the fields you need'

GENERIC_HINTS: Final[dict[str, str]] = {
    "Map": "use `Record<string, T>`",
    "ReadonlyMap": "use `Record<string, T>`",
    "WeakMap": "use `Record<string, T>`",
    "Set": "use `T[]`",
    "ReadonlySet": "use `T[]`",
    "WeakSet": "use `T[]`",
    "ReadonlyArray": "use `T[]`",
    "Promise": "use the resolved type `T` itself",
    "PromiseLike": "use the resolved type `T` itself",
    "Awaited": "use the resolved type `T` itself",
    "Partial": _UTILITY_HINT,
    "Required": _UTILITY_HINT,
    "Readonly": _UTILITY_HINT,
    "Pick": _UTILITY_HINT,
    "Omit": _UTILITY_HINT,
    "Exclude": "list the remaining members as a union",
    "Extract": "list the remaining members as a union",
    "NonNullable": "write the type without `null` and `undefined`",
    "ReturnType": NAMED_TYPE_HINT,
    "Parameters": NAMED_TYPE_HINT,
    "InstanceType": NAMED_TYPE_HINT,
}
"""Hints for generic types other than ``Array`` and ``Record``."""

DEFAULT_GENERIC_HINT: Final = (
    'generic types are not supported; declare a concrete named type in "types"'
)

RESERVED: Final = frozenset(
    (*PRIMITIVES, *SIZED_NUMBERS, "true", "false", "any", "object", "Array", "Record")
) | frozenset(UNSUPPORTED_KEYWORDS)
"""Every name that never parses to a ``Ref``."""
