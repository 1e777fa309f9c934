"""The default of an optional param, read off the params factory.

A literal (``limit: 50``) is the default as written. ``Priority.High``, a member of an
enum the Types file declares or imports from the codebase, is the member's value
(``'high'``, or a number), unless the param's type is that enum kept as an external
reference: generated code then imports the codebase's (nominal) enum, and tsc does not
take the literal for one of its members. Any other expression (a constant, a call, a
computed member, an enum that cannot be found) cannot be carried into a spec: it is
reported (SG550) rather than dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.diagnostics import Diagnostic
from specgen.reverse.collect import TypeCollector
from specgen.reverse.declare import located
from specgen.reverse.typesource import TypeSource
from specgen.spec.sourcemap import JsonPath
from specgen.tsread.model import OtherDefault, TsAlias, TsFile
from specgen.tsread.parser import SourcePos

_HINT = "write the value in the spec as the param's default, if it has one"


@dataclass(frozen=True, slots=True)
class FactoryDefault:
    """A param's default; ``enum_home`` says which enum it is a member of, if it is one."""

    value: object
    enum_home: tuple[str, ...] | None = None
    written: str = ""
    pos: SourcePos | None = None


Pending = tuple[dict[str, Any], JsonPath, tuple[str, ...], FactoryDefault]
"""A param entry with an enum member's default, its spec path, its type's names, the default."""


def factory_default(
    types: TsFile, source: TypeSource, name: str, path: JsonPath, diags: list[Diagnostic]
) -> FactoryDefault | None:
    """The default the factory of ``types`` gives param ``name`` (None: none it can carry).

    A default that cannot be carried is reported into ``diags``, located at the
    factory and naming the spec path ``path`` of the param.
    """
    literal = next((d for d in types.defaults if d.name == name), None)
    if literal is not None:
        return FactoryDefault(literal.value)
    other = next((d for d in types.other_defaults if d.name == name), None)
    if other is None:
        return None
    found, why = _enum_member(types, source, other)
    if found is not None:
        return found
    not_carried(types.display, other, name, path, why=why, diags=diags)
    return None


def not_carried(  # noqa: PLR0913  # a located report of one default
    file: str, other: OtherDefault, name: str, path: JsonPath, *, why: str, diags: list[Diagnostic]
) -> None:
    """Report the default ``other`` of param ``name`` as not carried, and ``why``."""
    message = f"default `{other.written}` of '{name}' is not carried into the spec: {why}"
    diags.append(located("SG550", message, file, other.pos, (*path, "default"), hint=_HINT))


def _enum_member(
    types: TsFile, source: TypeSource, default: OtherDefault
) -> tuple[FactoryDefault | None, str]:
    """The value of ``Enum.Member`` (with the enum's home), or None and why it is not read."""
    if default.member is None:
        return None, "it is not a literal or an enum member"
    enum, member = default.member
    found = source.lookup(types, enum)
    if found is None:
        return None, f"'{enum}' is neither declared in the file nor imported by it"
    declaration, file = found.declaration, found.file
    members = file.enum_members.get(declaration.name) if file and declaration else None
    if members is None or file is None or not isinstance(declaration, TsAlias):
        return None, f"no enum '{enum}' is found through the file's imports"
    if member not in members:
        return None, f"enum '{enum}' has no member '{member}' with a string or number value"
    home = ("decl", str(file.path.resolve()), declaration.name)
    return FactoryDefault(members[member], home, default.written, default.pos), ""


def drop_nominal_defaults(
    pending: list[Pending], collector: TypeCollector, file: str, diags: list[Diagnostic]
) -> None:
    """Drop enum-member defaults of params whose type is that enum as an external reference.

    ``pending`` holds each param entry with a default from an enum member, its spec
    path, the names its type refers to, and the default; ``collector`` has the spec's
    types and where each comes from.
    """
    declared, homes = collector.declared, collector.homes
    for entry, path, refs, default in pending:
        external = [
            ref
            for ref in refs
            if homes.get(ref) == default.enum_home and "external" in declared.get(ref, {})
        ]
        if not external or default.pos is None:
            continue
        entry.pop("default", None)
        other = OtherDefault(entry["name"], default.written, None, default.pos)
        why = (
            f"the param's type is the codebase's enum '{external[0]}', an external reference "
            f"generated code imports, and tsc does not take {default.value!r} for one of its "
            "members"
        )
        not_carried(file, other, entry["name"], path, why=why, diags=diags)
