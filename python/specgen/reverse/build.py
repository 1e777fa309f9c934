"""Build a CommandSpec v2 from a command folder's Types file (the reverse engineer).

The spec takes: the command name (the accessor's ``commandName``, else the string
its ``execute`` forwards, else the folder path), the description (the header
comment, else the README), the Params and Result interfaces' own fields (the base
fields they restate are dropped), each field's comment as its description, ``?:``
as optional, defaults from the params factory (`specgen.reverse.defaults`), the
fields of parents declared in other files (found through the imports), and every
type the fields reach (found, and declared, referenced or made external, by
`specgen.reverse.collect`).
Anything it cannot carry over exactly is a located diagnostic; nothing is dropped
silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from specgen.codebase import TYPES_SUFFIX, CommandDir
from specgen.codebase.settings import MigrationSettings
from specgen.diagnostics import Diagnostic, Severity
from specgen.naming import COMMAND_NAME, command_type_name
from specgen.reverse.collect import Home, Root, TypeCollector
from specgen.reverse.declare import (
    default_refs,
    located,
    missing_defaults,
    parameter_values,
    strip_undefined,
    type_problem_diagnostics,
)
from specgen.reverse.defaults import Pending, drop_nominal_defaults, factory_default
from specgen.reverse.typesource import TypeSource
from specgen.spec.sourcemap import JsonPath
from specgen.spec.v2 import CommandSpecV2
from specgen.tsread.comments import comment_lines
from specgen.tsread.model import Accessor, TsField, TsFile, TsInterface
from specgen.tsread.pairs import pick_pair
from specgen.tsread.parser import SourcePos
from specgen.tsread.typetext import rename_refs

NO_PARAMS_MARKER = "_noParams"

diagnostic = located
"""A diagnostic at ``file:pos``, naming the spec JSON path the item went to."""


@dataclass
class ReverseResult:
    """The spec made from one command (None when it could not be made) and the report.

    ``homes`` says where each type of the spec's ``types`` comes from, ``own_types``
    which of them the command's own files declare: `specgen.reverse.ownership` uses
    both to keep one declaration of a type per project.
    """

    command: CommandDir
    name: str
    spec: dict[str, Any] | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    homes: dict[str, Home] = field(default_factory=dict)
    own_types: frozenset[str] = frozenset()
    positions: dict[str, tuple[str, SourcePos]] = field(default_factory=dict)
    """Where each type of ``types`` was first used (file, position), for diagnostics."""


def header_description(raws: tuple[str, ...], names: tuple[str, ...]) -> str:
    """The description in the header comments, without a title line and JSDoc tags.

    A first line that names the command, or reads like a title (``Gpu Stats
    Command - Shared Types``, ``GpuStats — gpu/stats``), is left out.
    """
    paragraphs: list[list[str]] = [[]]
    for line in (line for raw in raws for line in comment_lines(raw)):
        if line.startswith("@"):
            break
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return ""
    first = paragraphs[0][0]
    titled = (
        any(name and name in first for name in names)
        or " — " in first
        or " - " in first
        or (len(paragraphs[0]) == 1 and len(paragraphs) > 1)
    )
    if titled:
        paragraphs[0] = paragraphs[0][1:]
        paragraphs = [p for p in paragraphs if p]
    return " ".join(paragraphs[0]) if paragraphs else ""


def readme_description(command: CommandDir) -> str:
    """The first paragraph of the command's README.md that is not a heading."""
    try:
        text = (command.path / "README.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    paragraph: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("#", "```", "|", "-", "*")) or not stripped:
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    return " ".join(paragraph)


class _Builder:
    """One command: collects the spec parts and the diagnostics."""

    def __init__(
        self, command: CommandDir, types: TsFile, settings: MigrationSettings, source: TypeSource
    ) -> None:
        self.command = command
        self.types = types
        self.settings = settings
        self.source = source
        self.diags: list[Diagnostic] = []
        self.pending: list[Pending] = []
        """Params with an enum member's default, checked once the types are collected."""
        rust_backed = command.has_ipc_mixin or any(
            settings.bindings_dir in imp.module.split("/") for imp in types.imports
        )
        self.collector = TypeCollector(
            command, settings, source, self.diags, rust_backed=rust_backed
        )

    def note(  # noqa: PLR0913  # a located diagnostic has this many parts
        self,
        code: str,
        message: str,
        pos: SourcePos | None,
        path: JsonPath = (),
        *,
        hint: str = "",
        severity: Severity | None = None,
    ) -> None:
        self.diags.append(
            diagnostic(code, message, self.types.display, pos, path, hint=hint, severity=severity)
        )

    # -- name and description ---------------------------------------------------------------

    def command_name(self) -> str:
        accessors = sorted(self.types.accessors, key=lambda a: not a.forwards)
        accessor: Accessor | None = accessors[0] if accessors else None
        name = (accessor.command_name or accessor.forwarded) if accessor else None
        if accessor is None:
            self.note(
                "SG503",
                f"no static accessor: no exported const object with an `execute` calling "
                f"`{self.settings.execute_object}.execute`",
                SourcePos(1, 1),
                hint="the generated Types file will have one; call sites can then use it",
            )
        elif accessor.command_name is None:
            self.note(
                "SG510",
                f"accessor '{accessor.name}' has no `commandName` member",
                accessor.pos,
                ("name",),
                hint="the generated accessor declares it",
            )
        if name and COMMAND_NAME.fullmatch(name) is None:
            self.note(
                "SG510",
                f"the accessor's command name {name!r} is not in group/verb form; "
                f"the folder path '{self.command.rel}' is used",
                accessor.pos if accessor is not None else None,
                ("name",),
                hint="fix the accessor's commandName",
            )
            name = None
        elif name and name != self.command.rel:
            self.note(
                "SG510",
                f"the accessor names the command '{name}', its folder is '{self.command.rel}'",
                accessor.pos if accessor is not None else None,
                ("name",),
                hint="the accessor's name is used; move the folder to match it",
            )
        final = name or self.command.rel
        expected = command_type_name(final) + TYPES_SUFFIX
        if self.types.path.name != expected:
            self.note(
                "SG510",
                f"Types file is named '{self.types.path.name}', the convention is '{expected}'",
                SourcePos(1, 1),
                ("name",),
                hint="generated code uses the conventional name",
            )
        return final

    def description(self, name: str) -> str:
        names = (name, command_type_name(name), self.types.path.stem)
        text = header_description(self.types.header, names) if self.types.header else ""
        text = text or readme_description(self.command)
        if not text:
            self.note(
                "SG510",
                "no description found (no header comment, no README paragraph)",
                SourcePos(1, 1),
                ("description",),
                hint="write one in the spec",
            )
            text = f"The {name} command."
        return text

    # -- fields ------------------------------------------------------------------------------

    def field_entry(
        self, ts_field: TsField, path: JsonPath, file: TsFile, *, param: bool
    ) -> dict[str, Any]:
        """The spec entry of a field declared in ``file`` (the Types file, or a parent's)."""
        problems = type_problem_diagnostics(ts_field.type.problems, file.display, (*path, "type"))
        self.diags.extend(problems)
        self.collector.uses(ts_field.type.generics, file)
        type_text, optional = strip_undefined(ts_field.type.text, ts_field.optional)
        entry: dict[str, Any] = {"name": ts_field.name, "type": type_text}
        if optional:
            entry["optional"] = True
        if ts_field.description:
            entry["description"] = ts_field.description
        if param and optional:
            default = factory_default(self.types, self.source, ts_field.name, path, self.diags)
            if default is not None:
                entry["default"] = default.value
            if default is not None and default.enum_home is not None:
                self.pending.append((entry, path, ts_field.type.refs, default))
        return entry

    def own_fields(
        self,
        interface: TsInterface,
        file: TsFile,
        base: str,
        base_fields: tuple[str, ...],
        seen: frozenset[tuple[str, str]] = frozenset(),
    ) -> list[tuple[TsField, TsFile]]:
        """The fields of ``interface`` (declared in ``file``), its parents' first.

        A parent declared in another file of the codebase is found through the
        file's imports; each field comes with the file its type names are looked up in.
        """
        fields: list[tuple[TsField, TsFile]] = []
        seen = seen | {(str(file.path), interface.name)}
        for parent, exported in zip(
            interface.extends, interface.exported_as or interface.extends, strict=True
        ):
            if base in (parent, exported):
                continue
            found = self.parent(interface, file, parent, base)
            if found is None or (str(found[1].path), found[0].name) in seen:
                continue
            fields.extend(self.own_fields(*found, base, base_fields, seen))
        skip = {*base_fields, NO_PARAMS_MARKER}
        fields.extend((f, file) for f in interface.fields if f.name not in skip)
        key = "params" if base == self.settings.params_base else "results"
        self.diags.extend(type_problem_diagnostics(interface.dropped, file.display, (key,)))
        return fields

    def parent(
        self, interface: TsInterface, file: TsFile, parent: str, base: str
    ) -> tuple[TsInterface, TsFile] | None:
        """The interface ``parent`` names in ``file`` (declared there or imported), or None."""
        found = self.source.lookup(file, parent)
        if found is not None and isinstance(found.declaration, TsInterface) and found.file:
            return found.declaration, found.file
        self.diags.append(
            diagnostic(
                "SG506",
                f"'{interface.name}' extends '{parent}', whose declaration is not found "
                "(neither declared in the file nor imported from a file of the codebase); "
                "its fields are not in the spec",
                file.display,
                interface.pos,
                hint=f"extend only {base}, or add the fields to the spec",
            )
        )
        return None

    def parameter_values(self, interface: TsInterface, key: str) -> dict[str, str]:
        """A generic Params or Result: each parameter's default (else ``unknown``, reported)."""
        if not interface.type_params:
            return {}
        values = parameter_values(interface, ())
        self.diags.extend(missing_defaults(interface.name, interface, self.types, values, (key,)))
        return values

    def check_base(self, interface: TsInterface | None, role: str, base: str) -> None:
        if interface is None:
            self.note(
                "SG506",
                f"no {role} interface (expected '{self.command.pascal}{role}')",
                SourcePos(1, 1),
                ("params" if role == "Params" else "results",),
                hint=f"the spec has no {role.lower()}; add them by hand if the command has some",
            )
        elif not interface.extends_base(base):
            self.note(
                "SG506",
                f"'{interface.name}' does not extend {base}",
                interface.pos,
                hint=f"declare it as `interface {interface.name} extends {base}`",
            )

    # -- the whole spec ----------------------------------------------------------------------

    def build(self) -> ReverseResult:
        name = self.command_name()
        settings = self.settings
        params_if, result_if = pick_pair(self.types, self.command.pascal)
        self.check_base(params_if, "Params", settings.params_base)
        self.check_base(result_if, "Result", settings.result_base)
        if params_if is None and result_if is None:
            return ReverseResult(self.command, name, None, self.diags)
        roots: list[Root] = []
        params: list[dict[str, Any]] = []
        results: list[dict[str, Any]] = []
        for interface, target, key, base, base_fields in (
            (params_if, params, "params", settings.params_base, settings.params_base_fields),
            (result_if, results, "results", settings.result_base, settings.result_base_fields),
        ):
            if interface is None:
                continue
            values = self.parameter_values(interface, key)  # a generic Params or Result
            roots.extend((r, self.types, interface.pos, (key,)) for r in default_refs(interface))
            for ts_field, home in self.own_fields(interface, self.types, base, base_fields):
                path: JsonPath = (key, len(target))
                entry = self.field_entry(ts_field, path, home, param=key == "params")
                if values:
                    entry["type"] = rename_refs(entry["type"], values)
                target.append(entry)
                roots.extend(
                    (r, home, ts_field.pos, (*path, "type"))
                    for r in ts_field.type.refs
                    if r not in values
                )
        collector = self.collector
        collector.collect(roots)
        drop_nominal_defaults(self.pending, collector, self.types.display, self.diags)
        collector.finish(params, results)
        spec: dict[str, Any] = {
            "version": 2,
            "name": name,
            "description": self.description(name),
            **self.placement(),
        }
        if collector.declared:
            spec["types"] = collector.declared
        spec["params"] = params
        spec["results"] = results
        spec["accessLevel"] = "ai-safe"
        try:
            CommandSpecV2.model_validate(spec)
        except ValidationError as exc:
            self.note(
                "SG509",
                f"the spec made from this file is not valid: {exc.errors()[0]['msg']}",
                SourcePos(1, 1),
                hint="fix the Types file, or write the spec by hand",
                severity=Severity.ERROR,
            )
            return ReverseResult(self.command, name, None, self.diags)
        positions = {n: collector.used_at[n] for n in collector.declared if n in collector.used_at}
        homes, own = dict(collector.homes), frozenset(collector.own)
        return ReverseResult(self.command, name, spec, self.diags, homes, own, positions)

    def placement(self) -> dict[str, str]:
        """Environment and adapter, from the folders and where the types come from."""
        command = self.command
        if self.collector.rust_backed:
            if command.has_browser:
                return {"environment": "both", "adapter": "full-stack"}
            return {"environment": "server", "adapter": "rust-ipc"}
        if command.has_browser and not command.has_server:
            return {"environment": "browser", "adapter": "browser-only"}
        environment = "both" if command.has_browser else "server"
        return {"environment": environment, "adapter": "server-only"}


def reverse_command(
    command: CommandDir,
    types: TsFile,
    settings: MigrationSettings,
    source: TypeSource | None = None,
) -> ReverseResult:
    """Build the v2 spec of ``command`` from its parsed Types file ``types``."""
    if types.syntax_problems:
        diags = [
            diagnostic(
                "SG501",
                f"syntax error: {p.message}; no spec is made from this file",
                types.display,
                p.pos,
                hint="fix the TypeScript first (tsc shows the same place)",
                severity=Severity.ERROR,
            )
            for p in types.syntax_problems
        ]
        return ReverseResult(command, command.rel, None, diags)
    source = source or TypeSource(settings.execute_object)
    builder = _Builder(command, types, settings, source)
    return builder.build()
