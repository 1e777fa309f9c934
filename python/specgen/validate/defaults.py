"""SG206: a param's ``default`` must be a value of its type.

Generated code writes the default verbatim (``limit: "10"`` in the params factory), so
a default of the wrong kind would only fail later, in tsc or rustc. Named types are
judged through the project's registry: a declared enum admits its strings, a struct an
object, an alias what its target admits; an external type is taken on trust.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from specgen.diagnostics import Diagnostic
from specgen.spec.default_values import NamedCheck, enum_or_struct, fits, mismatch_hint
from specgen.typeexpr import TypeExprError, parse_type_expr
from specgen.validate.registry import TypeRegistry
from specgen.validate.spec_checks import ParsedField


def check_defaults(registry: TypeRegistry, fields: Iterable[ParsedField]) -> list[Diagnostic]:
    """SG206 for each param or result whose ``default`` is not a value of its type."""
    named = _registry_check(registry)
    diags: list[Diagnostic] = []
    for parsed in fields:
        site = parsed.site
        if site.name_is_key or parsed.document.source_version == 1:
            continue  # struct fields have no default; migration checked a v1 spec's, in v1 terms
        owner, index = site.type_path[0], site.type_path[1]
        items = parsed.document.spec.params if owner == "params" else parsed.document.spec.results
        default = items[int(index)].default
        if default is None:
            continue
        hint = mismatch_hint(default, parsed.expr, site.type_text, named)
        if hint is not None:
            shown = json.dumps(default, ensure_ascii=False)
            diags.append(
                parsed.document.source.diagnostic(
                    "SG206",
                    f"default {shown[:60]} of '{site.name}' is not a value of its type "
                    f"{site.type_text}",
                    (owner, index, "default"),
                    hint=hint,
                )
            )
    return diags


def _registry_check(registry: TypeRegistry) -> NamedCheck:
    """What a named type admits, as the registry knows it (aliases followed once each)."""
    following: set[str] = set()

    def named(name: str, value: object) -> bool:
        entry = registry.types.get(name)
        if entry is not None:
            definition = entry.definition
            return definition.external is not None or enum_or_struct(
                value, definition.enum, definition.fields
            )
        target = registry.aliases.get(name)
        if target is None or name in following:  # unknown (SG203) or a loop (SG205)
            return True
        try:
            expr = parse_type_expr(target)
        except TypeExprError:
            return True  # reported where the alias is declared
        following.add(name)
        try:
            return fits(value, expr, named)
        finally:
            following.discard(name)

    return named
