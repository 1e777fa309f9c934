"""The catalogue of breaking-change rules: stable ids, a class, and who breaks.

A rule id is a published name: CI configurations ignore rules by id, so an id is never
reworded or reused for another meaning; a rule that is no longer wanted stays listed.
docs/breaking.md documents each one (a test keeps the two in step).

Classes (what fails):

- ``WIRE``: a program built from the old spec and one built from the new spec no longer
  understand each other on the wire (the request or the response is refused or misread).
- ``SOURCE``: the wire still works, but code written against the old generated types
  stops compiling.

``breaks_ts`` says whether TypeScript code written against the old generated types stops
compiling against the new ones (``tsc --strict``); the property test checks it against
the compiler. A WIRE rule may break TypeScript too (a removed result field) or not (a
Rust-only number change).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RuleClass(enum.Enum):
    """What a rule's change breaks."""

    WIRE = "WIRE"
    SOURCE = "SOURCE"


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of breaking change."""

    id: str
    rule_class: RuleClass
    title: str
    who: str
    """Who breaks, in a few words (the docs table's column)."""
    breaks_ts: bool = False


_W = RuleClass.WIRE
_S = RuleClass.SOURCE
_OLD_CLIENTS = "old clients, new server"
_OLD_CALLERS = "code written against the old types"

RULES: tuple[Rule, ...] = (
    # Commands.
    Rule("WIRE_COMMAND_REMOVED", _W, "command removed", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_COMMAND_RENAMED", _W, "command renamed (renamedFrom)", _OLD_CLIENTS, breaks_ts=True),
    Rule(
        "WIRE_ENVIRONMENT_SIDE_REMOVED", _W, "environment lost a side", _OLD_CLIENTS, breaks_ts=True
    ),
    Rule(
        "WIRE_ADAPTER_SIDE_REMOVED",
        _W,
        "adapter no longer emits a side",
        _OLD_CLIENTS,
        breaks_ts=True,
    ),
    Rule("WIRE_ACCESS_LEVEL_RAISED", _W, "access level raised", _OLD_CLIENTS),
    Rule("SOURCE_RUST_MODULE_CHANGED", _S, "Rust module path changed", _OLD_CALLERS),
    # Fields a client sends (params, and every field of a type params use).
    Rule("WIRE_PARAM_ADDED_REQUIRED", _W, "required param added", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_PARAM_MADE_REQUIRED", _W, "param made required", _OLD_CLIENTS, breaks_ts=True),
    Rule("SOURCE_PARAM_REMOVED", _S, "param removed", _OLD_CALLERS, breaks_ts=True),
    Rule("WIRE_PARAM_TYPE_CHANGED", _W, "param type changed", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_PARAM_TYPE_NARROWED", _W, "param type narrowed", _OLD_CLIENTS, breaks_ts=True),
    Rule(
        "WIRE_PARAM_MADE_NON_NULLABLE",
        _W,
        "param no longer accepts null",
        _OLD_CLIENTS,
        breaks_ts=True,
    ),
    Rule("WIRE_PARAM_ENUM_VALUE_REMOVED", _W, "param value removed", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_PARAM_NUMBER_NARROWED", _W, "param number range narrowed", _OLD_CLIENTS),
    # Fields a server sends (results, and every field of a type results use).
    Rule("WIRE_RESULT_FIELD_REMOVED", _W, "result field removed", _OLD_CLIENTS, breaks_ts=True),
    Rule(
        "WIRE_RESULT_MADE_OPTIONAL", _W, "result field made optional", _OLD_CLIENTS, breaks_ts=True
    ),
    Rule("WIRE_RESULT_TYPE_CHANGED", _W, "result type changed", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_RESULT_TYPE_WIDENED", _W, "result type widened", _OLD_CLIENTS, breaks_ts=True),
    Rule(
        "WIRE_RESULT_MADE_NULLABLE",
        _W,
        "result field may now be null",
        _OLD_CLIENTS,
        breaks_ts=True,
    ),
    Rule("WIRE_RESULT_ENUM_VALUE_ADDED", _W, "result value added", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_RESULT_NUMBER_WIDENED", _W, "result number range widened", _OLD_CLIENTS),
    # Either direction.
    Rule("WIRE_FIELD_RENAMED", _W, "field renamed (renamedFrom)", _OLD_CLIENTS, breaks_ts=True),
    Rule("WIRE_RUST_TYPE_CHANGED", _W, "Rust wire type changed", "old Rust peers"),
    Rule("SOURCE_TYPE_REMOVED", _S, "named type removed", _OLD_CALLERS, breaks_ts=True),
    Rule(
        "SOURCE_TS_TYPE_CHANGED",
        _S,
        "TypeScript import of a type changed",
        _OLD_CALLERS,
        breaks_ts=True,
    ),
    # Deprecation (warnings: announced, not breaking yet).
    Rule("DEPRECATED", _S, "deprecated (removal announced)", _OLD_CALLERS),
)
RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
WARNING_RULES = frozenset({"DEPRECATED"})
"""Rules that report without breaking: their findings are warnings."""
