"""SpecValidator: the checks that need one spec only.

Command name form, adapter and Rust settings, field names (identifiers, repeats,
collisions after case conversion), type names and enum values, and the syntax of
every type expression. Cross-spec checks live in ``registry.py``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from specgen.diagnostics import Diagnostic
from specgen.naming import (
    COMMAND_NAME,
    IDENTIFIER,
    camel_case,
    command_type_name,
    pascal_case,
    reserved_external_name,
    reserved_field_name,
    reserved_type_name,
    snake_case,
    spec_file_name,
    variant_problems,
)
from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath
from specgen.spec.structure import did_you_mean
from specgen.spec.v2 import KNOWN_TRAITS
from specgen.typeexpr import TypeExpr, TypeExprError, parse_type_expr
from specgen.validate.fields import FieldSite, iter_fields
from specgen.writer._paths import segment_too_long, windows_reserved


@dataclass
class ParsedField:
    """A field whose type expression parsed."""

    document: SpecDocument
    site: FieldSite
    expr: TypeExpr


@dataclass
class SpecCheck:
    """Diagnostics of one spec and the parsed fields later checks build on."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    fields: list[ParsedField] = field(default_factory=list)


def _check_name(doc: SpecDocument, out: SpecCheck) -> None:
    name = doc.spec.name
    if not COMMAND_NAME.fullmatch(name):
        out.diagnostics.append(
            doc.source.diagnostic(
                "SG110",
                f"command name '{name}' is not in group/verb form",
                ("name",),
                hint="use lowercase path segments such as 'gpu/stats' or 'ai/model/list'",
            )
        )


def installed_adapters() -> list[str]:
    """Every adapter name generation accepts: the built-ins and the installed plugins'."""
    from specgen.adapters import load_registry  # noqa: PLC0415  # loads plugins: only when asked

    return load_registry().names()


def _unknown_adapter_hint(name: str, known_adapters: Collection[str]) -> str:
    from specgen.adapters import ENTRY_POINT_GROUP, load_registry  # noqa: PLC0415  # error path

    broken = load_registry().broken.get(name)
    if broken is not None:
        return f"the plugin that provides it failed to load: {broken}"
    guess = did_you_mean(name, sorted(known_adapters))
    if guess is not None:
        return f"did you mean '{guess}'?"
    return (
        "use one of " + ", ".join(sorted(known_adapters)) + ", or install the plugin that "
        f"provides '{name}' (entry point group {ENTRY_POINT_GROUP})"
    )


def _check_adapter_and_rust(
    doc: SpecDocument, known_adapters: Collection[str], out: SpecCheck
) -> None:
    spec = doc.spec
    src = doc.source
    if spec.adapter is not None and spec.adapter not in known_adapters:
        out.diagnostics.append(
            src.diagnostic(
                "SG113",
                f"adapter '{spec.adapter}' is neither built in nor provided by an installed plugin",
                ("adapter",),
                hint=_unknown_adapter_hint(spec.adapter, known_adapters),
            )
        )
    if spec.rust is None:
        return
    for index, trait in enumerate(spec.rust.traits):
        if trait not in KNOWN_TRAITS:
            guess = did_you_mean(trait, list(KNOWN_TRAITS))
            hint = (
                f"did you mean '{guess}'?" if guess else "known traits: " + ", ".join(KNOWN_TRAITS)
            )
            out.diagnostics.append(
                src.diagnostic(
                    "SG114", f"unknown Rust trait '{trait}'", ("rust", "traits", index), hint=hint
                )
            )
    prefix = spec.rust.command_prefix
    if prefix is not None and (not prefix.endswith("/") or not spec.name.startswith(prefix)):
        out.diagnostics.append(
            src.diagnostic(
                "SG115",
                f"command prefix '{prefix}' does not own the command '{spec.name}'",
                ("rust", "command_prefix"),
                hint=f"use '{spec.name.split('/')[0]}/' (a prefix ends with '/')",
            )
        )


def _check_field_names(doc: SpecDocument, sites: list[FieldSite], out: SpecCheck) -> None:
    src = doc.source
    seen: dict[tuple[str, str], FieldSite] = {}
    converted: dict[tuple[str, str], FieldSite] = {}
    for site in sites:
        loc_path, key = site.name_path, site.name_is_key
        if not IDENTIFIER.fullmatch(site.name):
            out.diagnostics.append(
                src.diagnostic(
                    "SG112",
                    f"field name '{site.name}' is not an identifier",
                    loc_path,
                    key=key,
                    hint="use letters, digits and '_' (camelCase), not starting with a digit",
                )
            )
            continue
        first = seen.get((site.owner, site.name))
        if first is not None:
            out.diagnostics.append(
                src.diagnostic(
                    "SG111",
                    f"field '{site.name}' is declared twice in {site.owner}",
                    loc_path,
                    key=key,
                    related=(src.locate(first.name_path, key=first.name_is_key),),
                    hint="remove or rename one of them",
                )
            )
            continue
        seen[(site.owner, site.name)] = site
        why = reserved_field_name(site.name, site.owner)
        if why is not None:
            out.diagnostics.append(
                src.diagnostic(
                    "SG303",
                    f"field name '{site.name}' cannot be used: {why}",
                    loc_path,
                    key=key,
                    hint="choose a more specific name",
                )
            )
        wire = camel_case(site.name)
        other = converted.get((site.owner, wire))
        if other is not None:
            out.diagnostics.append(
                src.diagnostic(
                    "SG302",
                    f"fields '{other.name}' and '{site.name}' of {site.owner} both become '{wire}'",
                    loc_path,
                    key=key,
                    related=(src.locate(other.name_path, key=other.name_is_key),),
                    hint="rename one; generated code uses camelCase in TS and snake_case in Rust",
                )
            )
            continue
        converted[(site.owner, wire)] = site


def _check_type_names(doc: SpecDocument, out: SpecCheck) -> None:
    src = doc.source
    for name, typedef in doc.spec.types.items():
        path: JsonPath = ("types", name)
        if not IDENTIFIER.fullmatch(name):
            out.diagnostics.append(
                src.diagnostic(
                    "SG112",
                    f"type name '{name}' is not an identifier",
                    path,
                    key=True,
                    hint="use PascalCase letters and digits",
                )
            )
            continue
        why = reserved_external_name(name) if typedef.external else reserved_type_name(name)
        if why is not None:
            out.diagnostics.append(
                src.diagnostic(
                    "SG303",
                    f"type name '{name}' cannot be used: {why}",
                    path,
                    key=True,
                    hint=f"choose a more specific name, e.g. '{pascal_case(doc.spec.name)}{name}'",
                )
            )
        _check_enum_values(doc, name, typedef.enum or [], out)


def _check_enum_values(
    doc: SpecDocument, type_name: str, values: list[str], out: SpecCheck
) -> None:
    src = doc.source
    for problem in variant_problems(values):
        path: JsonPath = ("types", type_name, "enum", problem.index)
        if problem.first_index is None:
            hint = "enum values need a name a Rust variant can take"
            out.diagnostics.append(
                src.diagnostic("SG104", f"enum {problem.message}", path, hint=hint)
            )
            continue
        first = src.locate(("types", type_name, "enum", problem.first_index))
        out.diagnostics.append(
            src.diagnostic(
                "SG302",
                f"enum {problem.message}",
                path,
                related=(first,),
                hint="rename or remove one of them",
            )
        )


def _parse_types(doc: SpecDocument, sites: list[FieldSite], out: SpecCheck) -> None:
    for site in sites:
        try:
            expr = parse_type_expr(site.type_text)
        except TypeExprError as exc:
            out.diagnostics.append(
                doc.source.diagnostic(
                    exc.code, exc.message, site.type_path, index=exc.span.start, hint=exc.hint
                )
            )
            continue
        out.fields.append(ParsedField(doc, site, expr))


LONGEST_SUFFIX = "Integration.test.ts"
"""The longest text a generated file name adds to a command's PascalCase name."""
TYPE_FILE_SUFFIX = ".ts"
"""A named type of a Rust-backed command gets a ts-rs binding file ``<Type>.ts``."""


def command_name_segments(name: str) -> list[str]:
    """Every file and folder name a command's name becomes.

    Its folders, its longest file name, its Rust module folder and its spec file
    (``specgen new``).
    """
    return [
        *name.split("/"),
        command_type_name(name) + LONGEST_SUFFIX,
        snake_case(name),
        spec_file_name(name),
    ]


def name_path_problem(segments: list[str]) -> tuple[str, str] | None:
    """The first (code, reason) why one of ``segments`` cannot be a path segment, or None."""
    for segment in segments:
        too_long = segment_too_long(segment)
        if too_long is not None:
            return "SG118", too_long
    for segment in segments:
        reserved = windows_reserved(segment)
        if reserved is not None:
            return "SG119", reserved
    return None


def _check_path_segments(doc: SpecDocument, out: SpecCheck) -> None:
    """Names that become files and folders: short enough, and not a Windows device name."""
    src = doc.source
    if COMMAND_NAME.fullmatch(doc.spec.name):
        problem = name_path_problem(command_name_segments(doc.spec.name))
        if problem is not None:
            code, why = problem
            hint = "choose a shorter name" if code == "SG118" else "choose another name"
            message = f"command name '{doc.spec.name[:60]}' cannot be a path: {why}"
            out.diagnostics.append(src.diagnostic(code, message, ("name",), hint=hint))
    for name in doc.spec.types:
        if not IDENTIFIER.fullmatch(name):
            continue
        problem = name_path_problem([name + TYPE_FILE_SUFFIX])
        if problem is not None:
            code, why = problem
            hint = "choose a shorter name" if code == "SG118" else "choose a more specific name"
            message = f"type name '{name[:60]}' cannot be a file name: {why}"
            out.diagnostics.append(
                src.diagnostic(code, message, ("types", name), key=True, hint=hint)
            )


def check_spec(doc: SpecDocument, known_adapters: Collection[str] | None = None) -> SpecCheck:
    """Run every single-spec check on ``doc`` (``known_adapters``: default, the installed ones)."""
    if known_adapters is None:
        known_adapters = installed_adapters()
    out = SpecCheck()
    sites = list(iter_fields(doc))
    _check_name(doc, out)
    _check_adapter_and_rust(doc, known_adapters, out)
    _check_type_names(doc, out)
    _check_path_segments(doc, out)
    _check_field_names(doc, sites, out)
    _parse_types(doc, sites, out)
    return out
