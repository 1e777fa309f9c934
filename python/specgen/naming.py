"""NamingConventions: case conversion and the reserved words of each target language.

One concept has one name across Rust, TypeScript and the wire; this module is the
only place that converts between the spellings, so two names that collide after
conversion are found here before any file is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from specgen.base_fields import PARAMS, RESULTS, base_field_names, base_interface

UNSAFE_VALUE_CHARS = re.compile(
    "[\x00-\x1f\x7f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
"""Characters an enum or literal value may not hold: line breaks, control, invisible and
bidi characters (rustc and clippy deny some in literals; docs show them on one line).
``"`` and ``\\`` are fine: every target escapes them (ts-rs through ``#[ts(rename)]``)."""

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
COMMAND_NAME = re.compile(r"[a-z][a-z0-9_-]*(/[a-z][a-z0-9_-]*)+")


def words(text: str) -> list[str]:
    """Split any spelling into lowercase words: 'gpu/stats', 'totalVRAMMb', 'x_y-z'."""
    return [w.lower() for w in _WORD.findall(text)]


_NAME_CACHE = 1 << 16
"""Conversions remembered: a run converts each name many times (Rust, TS, docs, wire)."""


@lru_cache(maxsize=_NAME_CACHE)
def pascal_case(text: str) -> str:
    """``gpu/stats`` -> ``GpuStats``; ``sentinel/extend-budget`` -> ``SentinelExtendBudget``."""
    return "".join([w.capitalize() for w in _WORD.findall(text)])  # capitalize lowercases the rest


@lru_cache(maxsize=_NAME_CACHE)
def camel_case(text: str) -> str:
    """``gpu_name`` -> ``gpuName``."""
    pascal = pascal_case(text)
    return pascal[:1].lower() + pascal[1:]


@lru_cache(maxsize=_NAME_CACHE)
def snake_case(text: str) -> str:
    """``totalVRAMMb`` -> ``total_vram_mb``."""
    return "_".join(_WORD.findall(text)).lower()


def command_type_name(command: str) -> str:
    """The ``<Name>`` of a command's types, accessor and classes (PascalCase of all segments)."""
    return pascal_case(command)


def spec_file_name(command: str) -> str:
    """The conventional spec file name of a command: ``gpu/stats`` -> ``gpu-stats.json``."""
    return command.replace("/", "-") + ".json"


RUST_KEYWORDS = frozenset(
    """as async await break const continue crate dyn else enum extern false fn for gen if impl
    in let loop match mod move mut pub ref return self Self static struct super trait true type
    unsafe use where while abstract become box do final macro override priv try typeof unsized
    virtual yield""".split()
)
"""Strict and reserved keywords of Rust 2024."""

RUST_UNESCAPABLE = frozenset({"self", "Self", "super", "crate", "_"})
"""Keywords that cannot be written as raw identifiers (``r#self`` is invalid)."""

TS_RESERVED = frozenset(
    """break case catch class const continue debugger default delete do else enum export extends
    false finally for function if import in instanceof new null return super switch this throw
    true try typeof var void while with implements interface let package private protected
    public static yield await""".split()
)
"""Reserved words of TypeScript (strict mode); legal as property names, not as type names."""

_TS_TYPE_WORDS = frozenset(
    "any unknown never object string number boolean symbol bigint undefined void".split()
)
_GLOBAL_TYPE_NAMES = frozenset(
    """Array ReadonlyArray Record Promise Map Set WeakMap WeakSet Object Function Symbol Number
    String Boolean BigInt Date Error RegExp JSON Math Partial Required Readonly Pick Omit Exclude
    Extract NonNullable ReturnType Parameters Awaited Option Result Vec Box Rc Arc Cell RefCell
    HashMap HashSet BTreeMap BTreeSet Some None Ok Err Value Serialize Deserialize TS Default Clone
    Debug Send Sync Sized Copy Fn FnMut FnOnce Iterator""".split()
)
_RUNTIME_NAMES = frozenset(
    """CommandParams CommandResult CommandInput Commands CommandBase ManagedService ServiceModule
    HealthStatus PressureLevel Lifecycle MetricsEmitter Configurable CommandError CommandContext
    SessionId CommandPayload CommandFailure Commander IpcClient IpcConstructor createPayload
    transformPayload commandError serde serde_json std core alloc ts_rs managed_service bool
    char str usize isize u8 u16 u32 u64 u128 i8 i16 i32 i64 i128 f32 f64""".split()
)


def reserved_type_name(name: str) -> str | None:
    """Why ``name`` cannot name a type in some target, or None when it can."""
    if name in RUST_KEYWORDS or name in TS_RESERVED or name in _TS_TYPE_WORDS:
        return f"'{name}' is a keyword in Rust or TypeScript"
    if name in _GLOBAL_TYPE_NAMES:
        return f"'{name}' is a built-in type name in Rust or TypeScript"
    if name in _RUNTIME_NAMES:
        return f"'{name}' is a name of the specgen runtime the generated code imports"
    return None


_TS_TYPES_FILE_NAMES = frozenset(
    """CommandParams CommandResult CommandInput Commands CommandError CommandContext SessionId
    createPayload transformPayload Serialize Deserialize TS BTreeMap""".split()
)


def reserved_external_name(name: str) -> str | None:
    """Why ``name`` cannot name an external type, or None when it can.

    An external type is imported, never declared: only names that generated Types
    and wire files already use, keywords and built-in type names are taken.
    """
    if name in RUST_KEYWORDS or name in TS_RESERVED or name in _TS_TYPE_WORDS:
        return f"'{name}' is a keyword in Rust or TypeScript"
    if name in _GLOBAL_TYPE_NAMES:
        return f"'{name}' is a built-in type name in Rust or TypeScript"
    if name in _TS_TYPES_FILE_NAMES:
        return f"'{name}' is a name generated code already imports"
    return None


def rust_variant_name(value: str) -> str:
    """The Rust variant of an enum value: PascalCase, ``V`` before a leading digit."""
    variant = pascal_case(value) or "Empty"
    return "V" + variant if variant[0].isdigit() else variant


_PROTOTYPE_NAMES = frozenset(
    """toString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable
    toLocaleString __defineGetter__ __defineSetter__ __lookupGetter__
    __lookupSetter__""".split()
)
"""Methods every object inherits: an optional field of that name cannot be typed (tsc takes
an object literal's inherited method for it). ``constructor`` and ``__proto__`` are legal
fields: tsc accepts them, and samples write ``__proto__`` as a computed key."""
_BASE_FIELDS = {owner: frozenset(base_field_names(owner)) for owner in (PARAMS, RESULTS)}


def reserved_field_name(name: str, owner: str) -> str | None:
    """Why a field of ``owner`` ('params', 'results' or a type) cannot be called ``name``."""
    if name in _PROTOTYPE_NAMES:
        return f"'{name}' is a member of every JavaScript object (Object.prototype)"
    if name in _BASE_FIELDS.get(owner, ()):
        return f"'{name}' is already a field of {base_interface(owner)}, which the {owner} extend"
    return None


def rust_field_name(name: str) -> str:
    """The Rust spelling of a wire field: snake_case, keywords escaped (``r#type``, ``self_``)."""
    snake = snake_case(name) or "_"
    if snake[0].isdigit():
        snake = "f_" + snake
    if snake in RUST_UNESCAPABLE:
        return snake + "_"
    if snake in RUST_KEYWORDS:
        return "r#" + snake
    return snake


@dataclass(frozen=True, slots=True)
class VariantProblem:
    """Why string value ``index`` of an enum or literal union cannot become a variant."""

    index: int
    message: str
    first_index: int | None = None
    """The earlier value it collides with; None when the value has no name at all."""


def variant_problems(values: Sequence[str]) -> list[VariantProblem]:
    """String values that give no Rust variant name, or the same one as an earlier value."""
    problems: list[VariantProblem] = []
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        variant = pascal_case(value)
        bad = UNSAFE_VALUE_CHARS.search(value)
        if bad is not None:
            problems.append(
                VariantProblem(
                    index,
                    f"value {value!r} contains U+{ord(bad.group()):04X}, which "
                    "generated code cannot carry verbatim (line breaks, control, "
                    "invisible and bidi characters)",
                )
            )
        elif not variant:
            problems.append(VariantProblem(index, f"value {value!r} has no letters or digits"))
        elif variant in seen:
            first = seen[variant]
            message = (
                f"value {value!r} repeats"
                if values[first] == value
                else f"values {values[first]!r} and {value!r} both become the variant '{variant}'"
            )
            problems.append(VariantProblem(index, message, first))
        else:
            seen[variant] = index
    return problems
