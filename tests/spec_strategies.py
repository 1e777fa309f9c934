"""Hypothesis strategies for random *valid* CommandSpec v2 projects (module ``spec_strategies``).

A project is made of clusters. A cluster (``cluster``) is two or three specs whose types
refer to each other across files (by value, and through optional, nullable, array and
record fields, cycles included). Every name it draws holds ``MARK``, which ``numbered``
replaces with the cluster's number, so clusters drawn by separate Hypothesis examples
join into one project without a collision. Two clusters in five are showcases, sure to
hold the rarest shapes (a self-referencing struct, an inline object in an inline object,
a struct passed across files).

What is drawn stays inside what docs/spec-reference.md calls valid:

- command names ``g<cluster>n<spec>/<segments>``: distinct after PascalCase, and (their
  last segment ending in a letter) never equal to a type name, which ends in digits;
- type names ``<stem><cluster>T<spec><index>``: distinct after PascalCase, not reserved;
- field names: camelCase, snake_case, keywords of both languages, digits, single
  letters, distinct after case conversion within one struct;
- enum and literal-union values with distinct, non-empty variant names;
- type expressions: primitives, sized numbers, aliases, ``object``, ``T[]``,
  ``Array<T>``, ``Record<string, T>``, ``T | null``, ``T | undefined``, literal unions,
  inline objects, references to named types of the same or another spec; a struct holds
  by value (through required fields, inline objects included) only types declared
  before it, so no required cycle exists (SG304).

A few inputs the reference allows are not drawn because the generator mishandles them
today (each is demonstrated by an expected-failure test in test_property_compile.py and
test_hostile_specs.py): see ``KNOWN_GAPS``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from hypothesis import strategies as st

from specgen.naming import camel_case, pascal_case, spec_file_name

ADAPTER_ENVIRONMENTS: dict[str, str] = {
    "rust-ipc": "server",
    "server-only": "server",
    "browser-only": "browser",
    "full-stack": "both",
    "trait-only": "server",
    "types": "server",
}
"""The built-in adapters and the environment each implies (``types`` runs nowhere: any)."""

RUST_BACKED = frozenset({"rust-ipc", "full-stack", "trait-only", "types"})
IPC_BACKED = frozenset({"rust-ipc", "full-stack"})
"""Adapters whose server command calls the Rust service through a typed IPC mixin."""

ALIASES: dict[str, str] = {
    "UUID": "string",
    "Millis": "u64",
    "Tags": "string[]",
    "Meta": "Record<string, unknown>",
}
"""Project aliases (``ProjectConfig.aliases``) the drawn type expressions may use."""

KNOWN_GAPS: dict[str, str] = {
    "rust-backed-ref-to-ts-only-type": (
        "a Rust-backed spec never refers to a type declared by a TypeScript-only spec: "
        "wire.rs imports it from a Rust module that does not exist"
    ),
    "optional-nullable-ipc-param": (
        "an optional (or `| undefined`) param of an IPC-backed command is never also "
        "nullable: the ts-rs binding drops `| null` and the server command does not type-check"
    ),
    "digit-first-variant": (
        "no enum or literal value whose variant name would start with a digit ('2fa'): "
        "the Rust variant is not an identifier"
    ),
    "digit-first-field": (
        "no field name whose first word is a number ('_0'): the Rust field is not an identifier"
    ),
    "object-prototype-field": (
        "no field named like a member of Object.prototype ('constructor', 'toString'): "
        "tsc rejects object literals that leave such an optional field out"
    ),
    "base-interface-field": (
        "no param named context/sessionId/userId and no result named "
        "success/error/context/sessionId: they clash with CommandParams/CommandResult"
    ),
    "quote-in-rust-backed-value": (
        "no '\"' or '\\\\' or line break in enum values of Rust-backed specs: ts-rs prints "
        "them unescaped into the bindings"
    ),
    "inline-object-member-collision": (
        "members of one inline object are distinct after case conversion (not checked by SG302)"
    ),
    "inline-object-cycle": (
        "no required cycle through an inline object (not checked by SG304; the generator crashes)"
    ),
}
"""Legal inputs the strategies avoid, and why (generator bugs, see the test files)."""

PRIMITIVES = ("string", "number", "boolean", "unknown", "object")
SIZED = ("i32", "u32", "i64", "u64", "f32", "f64")

OBJECT_PROTOTYPE = frozenset(
    "constructor toString toLocaleString valueOf hasOwnProperty isPrototypeOf "
    "propertyIsEnumerable __proto__ __defineGetter__ __defineSetter__ __lookupGetter__ "
    "__lookupSetter__".split()
)
PARAM_BASE_NAMES = frozenset({"context", "sessionId", "userId"})
RESULT_BASE_NAMES = frozenset({"success", "error", "context", "sessionId"})

AWKWARD_FIELD_NAMES = (
    # keywords of Rust and/or TypeScript (escaped as r#type, self_, ... in Rust)
    "type", "fn", "async", "await", "self", "Self", "super", "crate", "match", "class",
    "impl", "trait", "mod", "loop", "move", "ref", "mut", "dyn", "gen", "box", "yield",
    "default", "new", "delete", "in", "let", "static", "enum", "interface", "function",
    "typeof", "abstract", "union", "where", "use", "pub", "return", "null", "true",
    # case styles, digits, single letters
    "gpuName", "gpu_name_2", "HTTPServer", "totalVRAMMb", "x", "Z", "a1", "v2Count",
    "item_3_count", "ID", "snake_case_name", "camelCaseName", "_private", "trailing_",
    "x_y_z", "dataV2", "n9", "prototype", "context", "success", "error", "_",
)  # fmt: skip
"""Field names that are legal but hard: keywords, case styles, digits, single letters."""

SAFE_VALUES = (
    "in-progress", "UPPER", "x.y", "it's", "a b", "café", "naïve", "done", "ok", "v2",
    "snake_case", "kebab-case", "CamelCase", "with space", "slash/ed", "colon:ed", "plus+",
    "#hash", "q?", "x=1", "emoji😀x", "<tag>", "a&b", "tab sep", "${braces}", "`tick`",
    "star*/slash", "Ünïcode9", "lower", "MiXeD", "ALL_CAPS", "x", "Y", "don't-stop",
)  # fmt: skip
"""Enum and literal values every target takes (the variant names differ in PascalCase)."""

# Values with line breaks, control, bidi or invisible characters are rejected by
# validation (SG104) for every adapter (quotes and backslashes are escaped);
# tests/generate/test_hostile_specs.py covers both.

DESCRIPTIONS = (
    "",
    "Plain description.",
    "Two lines:\nthe second one.",
    "Uses `code`, 'single' and \"double\" quotes.",
    "Unicode: café ✓ 日本語 😀",
    "Markdown *emphasis*, [link](x) and <b>html</b> & ampersand.",
    "A trailing backslash \\",
)

TYPE_KINDS: tuple[Literal["struct", "enum"], ...] = ("struct", "struct", "enum")
"""Kinds of declared types, structs twice as often as enums."""

STEMS = ("Node", "item", "HTTPInfo", "x_y", "Data", "a", "Q", "userProfile", "Vec_like")
"""Type name stems: PascalCase spellings differ and contain no digits."""

SEGMENTS = ("list", "get-item", "do_it", "x-ray", "sub/op", "deep/nested/run", "a", "v2-mode-on")
"""Command name tails; each ends with a letter, so no command name equals a type name."""


@dataclass(frozen=True)
class NamedType:
    """A type declared in a cluster: where, and in which order (by-value refs go backwards)."""

    name: str
    kind: Literal["struct", "enum"]
    spec: int
    order: int


@dataclass(frozen=True)
class Scope:
    """What a type expression at one place may use."""

    types: tuple[NamedType, ...]
    """Named types it may refer to."""
    owner_order: int | None
    """Declaration order of the struct being declared; None for params and results."""
    rust_backed: bool


@dataclass(frozen=True)
class Expr:
    """A drawn type expression: its text, and what a caller must know about it."""

    text: str
    nullable: bool = False
    union: bool = False
    """A union at the top: needs parentheses before ``[]``."""


def _ts_literal(value: str) -> str:
    """A quoted string literal for a type expression (the lexer takes JS escapes)."""
    out = []
    for ch in value:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch in "\u2028\u2029" or (ord(ch) < 0x20 and ch != "\t"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _variant_ok(value: str) -> bool:
    variant = pascal_case(value)
    return bool(variant) and not variant[0].isdigit()


@st.composite
def enum_values(draw: st.DrawFn, rust_backed: bool) -> list[str]:
    """One to five values with distinct variant names."""
    del rust_backed  # every adapter takes the same values now
    pool = SAFE_VALUES
    values = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5, unique_by=pascal_case))
    assert all(_variant_ok(v) for v in values)
    return values


def _random_field_name() -> st.SearchStrategy[str]:
    return st.from_regex(r"\A[a-z][a-zA-Z0-9_]{0,10}\Z", fullmatch=True)


def field_names(
    *, max_size: int, exclude: frozenset[str] = frozenset()
) -> st.SearchStrategy[list[str]]:
    """Distinct names (after camelCase conversion) for the fields of one struct."""
    excluded = {camel_case(n) for n in exclude}
    name = st.one_of(st.sampled_from(AWKWARD_FIELD_NAMES), _random_field_name()).filter(
        lambda n: n not in OBJECT_PROTOTYPE and camel_case(n) not in excluded
    )
    return st.lists(name, max_size=max_size, unique_by=camel_case)


def _refs(scope: Scope, direct: bool) -> list[NamedType]:
    if not direct or scope.owner_order is None:
        return list(scope.types)
    return [t for t in scope.types if t.kind == "enum" or t.order < scope.owner_order]


LEAVES = ("primitive", "primitive", "sized", "sized", "alias", "literal", "ref", "ref", "ref")
COMPOUNDS = ("array", "record", "nullable", "object")
"""Kinds of type expression, by weight; compounds nest at most two deep."""


@st.composite
def type_expr(draw: st.DrawFn, scope: Scope, depth: int = 0, direct: bool = True) -> Expr:
    """A type expression; ``direct`` when its value sits by value in the struct declared."""
    kinds = list(LEAVES)
    if depth < 2:  # each compound adds a level; inline objects and literals add types
        kinds += [*COMPOUNDS, *(["generic-array"] if depth == 0 else [])]
    kind = draw(st.sampled_from(kinds))
    if kind in COMPOUNDS or kind == "generic-array":
        return draw(_compound(kind, scope, depth, direct))
    return draw(_leaf(kind, scope, direct))


@st.composite
def _leaf(draw: st.DrawFn, kind: str, scope: Scope, direct: bool) -> Expr:
    refs = _refs(scope, direct)
    if kind == "ref" and refs:
        return Expr(draw(st.sampled_from(refs)).name)
    if kind == "literal":
        values = draw(enum_values(scope.rust_backed))
        return Expr(" | ".join(_ts_literal(v) for v in values), union=len(values) > 1)
    choices = {"sized": SIZED, "alias": tuple(sorted(ALIASES))}.get(kind, PRIMITIVES)
    return Expr(draw(st.sampled_from(choices)))


@st.composite
def _compound(draw: st.DrawFn, kind: str, scope: Scope, depth: int, direct: bool) -> Expr:
    if kind == "object":
        return Expr(draw(inline_object(scope, depth + 1, direct)))
    inner = draw(type_expr(scope, depth + 1, direct=False))
    if kind == "array":
        return Expr(f"({inner.text})[]" if inner.union else f"{inner.text}[]")
    if kind == "generic-array":
        return Expr(f"Array<{inner.text}>")
    if kind == "record":
        return Expr(f"Record<string, {inner.text}>")
    if inner.nullable:  # already nullable: keep it
        return inner
    text = draw(st.sampled_from([f"{inner.text} | null", f"null | {inner.text}"]))
    return Expr(text, nullable=True, union=True)


@st.composite
def inline_object(draw: st.DrawFn, scope: Scope, depth: int, direct: bool) -> str:
    """``{ a: T; b?: U }`` with members distinct after case conversion."""
    names = draw(field_names(max_size=3))
    members = []
    for name in names:
        optional = draw(st.booleans())
        expr = draw(type_expr(scope, depth, direct=direct and not optional))
        members.append(f"{name}{'?' if optional else ''}: {expr.text}")
    separator = draw(st.sampled_from(["; ", ", "]))
    return "{ " + separator.join(members) + " }" if members else "{}"


@st.composite
def field_def(
    draw: st.DrawFn, scope: Scope, *, no_optional_nullable: bool = False
) -> tuple[dict[str, Any], bool]:
    """``{"type", "optional"?, "description"?}`` of one field, and whether it is optional."""
    optional = draw(st.booleans())
    expr = draw(type_expr(scope, direct=not optional))
    undefined = not optional and draw(st.integers(0, 5)) == 0
    if no_optional_nullable and (optional or undefined) and expr.nullable:
        optional = undefined = False  # KNOWN_GAPS["optional-nullable-ipc-param"]
    text = f"{expr.text} | undefined" if undefined else expr.text
    definition: dict[str, Any] = {"type": text}
    if optional:
        definition["optional"] = True
    description = draw(st.sampled_from(DESCRIPTIONS))
    if description:
        definition["description"] = description
    return definition, optional or undefined


DEFAULTED: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("string", st.sampled_from(["", "plain", 'it\'s "quoted"', "multi\nline", "😀"])),
    ("number", st.integers(-1000, 1000)),
    ("boolean", st.booleans()),
    ("u32", st.integers(0, 1000)),
    ("UUID", st.just("00000000-0000-0000-0000-000000000000")),
    ("'low' | 'high'", st.sampled_from(["low", "high"])),
)
"""Types an optional param with a ``default`` gets, and defaults of that type."""


@st.composite
def params(draw: st.DrawFn, scope: Scope, *, results: bool, ipc: bool) -> list[dict[str, Any]]:
    """The ``params`` (or ``results``) list of a spec."""
    exclude = (RESULT_BASE_NAMES if results else PARAM_BASE_NAMES) | frozenset(SHOWCASE_FIELDS)
    items = []
    for name in draw(field_names(max_size=3 if results else 4, exclude=exclude)):
        if not results and draw(st.integers(0, 4)) == 0:
            type_text, default = draw(st.sampled_from(DEFAULTED))
            item = {"name": name, "type": type_text, "optional": True, "default": draw(default)}
        else:
            definition, _ = draw(field_def(scope, no_optional_nullable=ipc and not results))
            item = {"name": name, **definition}
        items.append(item)
    return items


@st.composite
def rust_settings(draw: st.DrawFn, name: str) -> dict[str, Any]:
    """An optional ``rust`` block: traits, a command prefix that owns the name."""
    block: dict[str, Any] = {}
    traits = ["ManagedService", "MetricsEmitter", "Configurable", "Lifecycle"]
    if draw(st.booleans()):
        block["traits"] = draw(st.lists(st.sampled_from(traits), unique=True, max_size=4))
    if draw(st.booleans()):
        segments = name.split("/")
        cut = draw(st.integers(1, len(segments) - 1))
        block["command_prefix"] = "/".join(segments[:cut]) + "/"
    if draw(st.booleans()):
        block["module"] = "modules/" + name.split("/", maxsplit=1)[0]
    return block


@st.composite
def examples(draw: st.DrawFn, name: str) -> list[dict[str, Any]]:
    """Zero to two usage examples."""
    found = []
    for index in range(draw(st.integers(0, 2))):
        example: dict[str, Any] = {"description": draw(st.sampled_from(DESCRIPTIONS)) or "Run"}
        if draw(st.booleans()):
            example["command"] = f"./jtag {name} --n={index}"
        if draw(st.booleans()):
            example["params"] = {"n": index, "tag": "x"}
        if draw(st.booleans()):
            example["expectedResult"] = {"success": True}
        if draw(st.booleans()):
            example["notes"] = draw(st.sampled_from(DESCRIPTIONS)) or "note"
        found.append(example)
    return found


MARK = "\u00a7"
"""Stands for the cluster's number in every name it draws; ``numbered`` fills it in."""

SHOWCASES = ("none", "none", "none", "rust", "typescript")
"""How often a cluster is a showcase of the rarest shapes (see ``cluster``), and of which side."""

SHOWCASE_FIELDS = ("showcaseNext", "showcaseNested", "showcaseRef")
"""Field names only showcase clusters use (drawn names never equal them in camelCase)."""


def _adapters(draw: st.DrawFn, showcase: str) -> list[str]:
    """Two or three adapters; a showcase starts with two Rust-backed or two TS-only ones."""
    count = draw(st.integers(2, 3))
    adapters = [draw(st.sampled_from(sorted(ADAPTER_ENVIRONMENTS))) for _ in range(count)]
    if showcase != "none":
        side = RUST_BACKED if showcase == "rust" else set(ADAPTER_ENVIRONMENTS) - RUST_BACKED
        adapters[:2] = [draw(st.sampled_from(sorted(side))) for _ in range(2)]
    return adapters


def _declare(draw: st.DrawFn, count: int, showcase: str) -> list[NamedType]:
    """The named types of each spec of the cluster, in declaration order."""
    declared: list[NamedType] = []
    for spec in range(count):
        kinds = [draw(st.sampled_from(TYPE_KINDS)) for _ in range(draw(st.integers(0, 2)))]
        if showcase != "none" and spec == 0:
            kinds = ["struct", *kinds[1:]]  # the showcase struct comes first
        for position, kind in enumerate(kinds):
            name = f"{draw(st.sampled_from(STEMS))}{MARK}T{spec}{position}"
            declared.append(NamedType(name, kind, spec, len(declared)))
    return declared


@st.composite
def _struct(draw: st.DrawFn, named: NamedType, scope: Scope, showcase: bool) -> dict[str, Any]:
    """The fields of a declared struct; the showcase struct adds recursion and nesting."""
    fields: dict[str, Any] = {}
    taken = frozenset(SHOWCASE_FIELDS)
    for field_name in draw(field_names(max_size=4, exclude=taken)):
        fields[field_name] = draw(field_def(scope))[0]
    if showcase:
        recursive = draw(
            st.sampled_from(
                [
                    {"type": named.name, "optional": True},
                    {"type": f"{named.name} | null"},
                    {"type": f"{named.name} | undefined"},
                ]
            )
        )
        fields[SHOWCASE_FIELDS[0]] = recursive  # boxed in Rust: it leads back to itself
        leaf = draw(type_expr(scope, depth=2))  # by value: only types declared before
        fields[SHOWCASE_FIELDS[1]] = {"type": f"{{ inner: {{ leaf: {leaf.text} }}; n?: i32 }}"}
    return fields


@st.composite
def cluster(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two or three specs that refer to each other's types; names carry ``MARK``.

    Two clusters in five are showcases of the rarest shapes: the first spec declares a
    struct that refers to itself and nests an inline object in an inline object, and
    the second spec (same side: both Rust-backed or both TypeScript-only) takes that
    struct as a param, a reference across files.
    """
    kind = draw(st.sampled_from(SHOWCASES))
    adapters = _adapters(draw, kind)
    declared = _declare(draw, len(adapters), kind)
    showcase = declared[0] if kind != "none" else None
    specs = []
    for spec, adapter in enumerate(adapters):
        rust_backed = adapter in RUST_BACKED
        visible = tuple(
            t for t in declared if not rust_backed or adapters[t.spec] in RUST_BACKED
        )  # KNOWN_GAPS["rust-backed-ref-to-ts-only-type"]
        name = f"g{MARK}n{spec}/{draw(st.sampled_from(SEGMENTS))}"
        document: dict[str, Any] = {"version": 2, "name": name}
        if draw(st.integers(0, 9)) == 0:
            document["$schema"] = "./spec.schema.json"
        document["description"] = draw(st.sampled_from(DESCRIPTIONS)) or f"Command {name}."
        document["environment"] = ADAPTER_ENVIRONMENTS[adapter]
        document["adapter"] = adapter
        if rust_backed and draw(st.booleans()):
            document["rust"] = draw(rust_settings(name))
        types: dict[str, Any] = {}
        for named in (t for t in declared if t.spec == spec):
            if named.kind == "enum":
                definition: dict[str, Any] = {"enum": draw(enum_values(rust_backed))}
            else:
                scope = Scope(visible, named.order, rust_backed)
                definition = {"fields": draw(_struct(named, scope, named is showcase))}
            description = draw(st.sampled_from(DESCRIPTIONS))
            if description:
                definition["description"] = description
            types[named.name] = definition
        if types:
            document["types"] = types
        scope = Scope(visible, None, rust_backed)
        ipc = adapter in IPC_BACKED
        document["params"] = draw(params(scope, results=False, ipc=ipc))
        if showcase is not None and spec == 1:
            document["params"].append({"name": SHOWCASE_FIELDS[2], "type": showcase.name})
        document["results"] = draw(params(scope, results=True, ipc=ipc))
        document["examples"] = draw(examples(name))
        document["accessLevel"] = draw(st.sampled_from(["ai-safe", "system", "owner-only"]))
        specs.append(document)
    return specs


def numbered(specs: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """The cluster with ``MARK`` replaced by ``index`` in every name (and everywhere else)."""
    text = json.dumps(specs, ensure_ascii=False).replace(MARK, str(index))
    result: list[dict[str, Any]] = json.loads(text)
    return result


def write_specs(folder: Path, specs: Sequence[dict[str, Any]]) -> list[Path]:
    """Write each spec as ``<folder>/<name with / as ->.json``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        path = folder / spec_file_name(spec["name"])
        path.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
