"""The text of each addition, in the shape the generated Types files have.

The factories and the static accessor are the ones ``templates/shared/types.ts.jinja``
writes, under the file's own names (its Params/Result interfaces, its context and
session id types) and in the file's style (indent, quotes, semicolons, trailing
commas, line endings). Every function returns the text of one insertion; where it
goes is the plan's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.adopt.style import FileStyle
from specgen.base_fields import PAYLOAD_FIELDS

ACCESSOR = "static-accessor"
FACTORY = "factory"
EXTENDS = "extends-base"
IMPORT = "import"
EDIT_KINDS = (ACCESSOR, FACTORY, EXTENDS, IMPORT)
"""The kinds of edit adopt makes, in report order."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One insertion: ``text`` goes in at byte ``offset``; ``summary`` says what it adds."""

    offset: int
    text: str
    kind: str
    summary: str


@dataclass(frozen=True, slots=True)
class CommandNames:
    """The names the additions for one command use, as the file spells them."""

    command: str
    """The command name (``gpu/stats``)."""
    prefix: str
    """``<Name>``: the accessor's name and the factories' infix."""
    params: str
    result: str
    context: str
    session_id: str
    params_base: str
    command_input: str
    commands: str
    create_payload: str
    transform_payload: str


def _commas(style: FileStyle) -> tuple[str, str]:
    return ("," if style.call_commas else ""), ("," if style.object_commas else "")


def params_factory(names: CommandNames, style: FileStyle, *, base_keys: bool) -> str:
    """``create<Name>Params``: the payload helper puts the base fields on ``data``.

    ``base_keys`` omits every base key from ``data`` (``keyof CommandParams``, as
    generated); without it only ``context`` and ``sessionId`` are omitted, for Params
    that restate another base field as required.
    """
    call, obj = _commas(style)
    omitted = f"keyof {names.params_base}" if base_keys else _payload_keys(style)
    return style.lines(
        [
            (0, f"/** Builds {names.params}; the runtime fills the base fields. */"),
            (0, f"export const create{names.prefix}Params = ("),
            (1, f"context: {names.context},"),
            (1, f"sessionId: {names.session_id},"),
            (1, f"data: Omit<{names.params}, {omitted}>{call}"),
            (0, f"): {names.params} =>"),
            (1, f"{names.create_payload}(context, sessionId, {{"),
            (2, f"...data{obj}"),
            (1, f"}}){style.semi}"),
        ]
    )


def _result_data(names: CommandNames, style: FileStyle) -> str:
    return f"Omit<{names.result}, {_payload_keys(style)}>"


def _payload_keys(style: FileStyle) -> str:
    """The keys the payload helper fills, as a union of string literals."""
    return " | ".join(style.string(name) for name in PAYLOAD_FIELDS)


def result_factory(names: CommandNames, style: FileStyle) -> str:
    """``create<Name>Result``: the payload helper puts the base fields on ``data``."""
    call, _ = _commas(style)
    returned = f"{names.create_payload}(context, sessionId, data){style.semi}"
    return style.lines(
        [
            (0, f"/** Builds {names.result}; the runtime fills the base fields. */"),
            (0, f"export const create{names.prefix}Result = ("),
            (1, f"context: {names.context},"),
            (1, f"sessionId: {names.session_id},"),
            (1, f"data: {_result_data(names, style)}{call}"),
            (0, f"): {names.result} => {returned}"),
        ]
    )


def result_from_params_factory(names: CommandNames, style: FileStyle) -> str:
    """``create<Name>ResultFromParams``: a result carrying its params' base fields."""
    call, _ = _commas(style)
    explained = "`differences` is the result without base fields."
    return style.lines(
        [
            (0, f"/** Derives a {names.result} from its params: {explained} */"),
            (0, f"export const create{names.prefix}ResultFromParams = ("),
            (1, f"params: {names.params},"),
            (1, f"differences: {_result_data(names, style)}{call}"),
            (
                0,
                f"): {names.result} => {names.transform_payload}(params, differences){style.semi}",
            ),
        ]
    )


def accessor(names: CommandNames, style: FileStyle) -> str:
    """The static accessor ``<Name>``, with its usage comment, forwarding to ``Commands``."""
    call, obj = _commas(style)
    command = style.string(names.command)
    comment = names.command.replace("*/", "*\\/").replace("`", "'")
    accepted = f"{names.command_input}<{names.params}>"
    return style.lines(
        [
            (0, "/**"),
            (0, f" * {names.prefix} — the typed way to call `{comment}`."),
            (0, " *"),
            (0, " * Usage:"),
            (0, f" *   const result = await {names.prefix}.execute({{ ... }});"),
            (0, " */"),
            (0, f"export const {names.prefix} = {{"),
            (1, f"execute(params: {accepted}): Promise<{names.result}> {{"),
            (2, f"return {names.commands}.execute<{names.params}, {names.result}>("),
            (3, f"{command},"),
            (3, f"params as Partial<{names.params}>{call}"),
            (2, f"){style.semi}"),
            (1, "},"),
            (1, f"commandName: {command} as const{obj}"),
            (0, f"}} as const{style.semi}"),
        ]
    )
