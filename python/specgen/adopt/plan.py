"""The adopt plan of one command's Types file: its edits, or why it gets none.

``plan_file`` reads the file through the parser, decides which fixes apply (the base
interfaces, the factories, the static accessor), builds their text in the file's
style, resolves the imports they need, and checks that the edited file still parses.
Any error leaves the plan without edits: a file is edited completely or not at all.
``--check``, ``--diff`` and the default apply all read the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from specgen.adopt import edits as kinds
from specgen.adopt.bases import BaseFields, conflicts
from specgen.adopt.edits import CommandNames, Edit
from specgen.adopt.imports import ImportResolver, Need, import_edits
from specgen.adopt.locate import FileLayout, InterfaceSite, locate
from specgen.adopt.runtime import (
    COMMAND_INPUT,
    COMMAND_PARAMS,
    COMMAND_RESULT,
    COMMANDS,
    CONTEXT,
    CREATE_PAYLOAD,
    SESSION_ID,
    TRANSFORM_PAYLOAD,
    Role,
)
from specgen.adopt.style import FileStyle, detect_style
from specgen.base_fields import PAYLOAD_FIELDS
from specgen.codebase import CommandDir
from specgen.codebase.settings import MigrationSettings
from specgen.commandline.paths import shown
from specgen.diagnostics import Diagnostic, Location, coded
from specgen.naming import command_type_name
from specgen.tsread.extract import extract
from specgen.tsread.model import TsFile, TsInterface
from specgen.tsread.pairs import pick_pair
from specgen.tsread.parser import SourcePos, parse_typescript


@dataclass
class FilePlan:
    """What adopt does to one Types file."""

    command: CommandDir
    path: Path
    display: str
    original: bytes
    name: str
    """The command name the file's accessor carries (or will)."""
    edits: list[Edit] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    reasons: dict[tuple[str, str], str] = field(default_factory=dict)
    """(audit code, text its message contains) -> why adopt left that finding alone."""
    types: TsFile | None = None
    """The file as read when planned: the audit after the plan reuses it when unedited."""

    def leave(self, code: str, mentioning: str, reason: str) -> None:
        """Say why the audit finding ``code`` whose message contains ``mentioning`` is left."""
        self.reasons.setdefault((code, mentioning), reason)

    def reason_for(self, finding: Diagnostic) -> str | None:
        """Why adopt left ``finding`` (an audit finding of this file) alone, when it knows."""
        for (code, mentioning), reason in self.reasons.items():
            if code == finding.code and mentioning in finding.message:
                return reason
        return None

    @property
    def updated(self) -> bytes:
        """The file's bytes with every edit applied (the original when there is none)."""
        return apply_edits(self.original, self.edits)

    def position(self, offset: int) -> SourcePos:
        """The 1-based line and column of byte ``offset`` of the original file."""
        line_start = self.original.rfind(b"\n", 0, offset) + 1
        column = len(self.original[line_start:offset].decode("utf-8", errors="replace"))
        return SourcePos(self.original.count(b"\n", 0, offset) + 1, column + 1)


def apply_edits(original: bytes, edits: list[Edit]) -> bytes:
    """``original`` with every insertion made (same offsets keep their planned order)."""
    out: list[bytes] = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: e.offset):  # sorted() is stable
        out.append(original[cursor : edit.offset])
        out.append(edit.text.encode("utf-8"))
        cursor = edit.offset
    out.append(original[cursor:])
    return b"".join(out)


def error(code: str, message: str, file: str, pos: SourcePos | None, hint: str) -> Diagnostic:
    """A located adopt diagnostic."""
    line, column = (pos.line, pos.column) if pos else (1, 1)
    return coded(code, message, Location(file, line, column), hint)


def command_name(types: TsFile, command: CommandDir) -> str:
    """The accessor's string, else the file's one ``Commands.execute`` string, else the path."""
    accessor = next((a for a in types.accessors if a.forwards), None)
    if accessor is not None and (accessor.command_name or accessor.forwarded):
        return accessor.command_name or accessor.forwarded or command.rel
    strings = {c.command for c in types.execute_calls if c.command}
    if command.rel in strings or len(strings) != 1:
        return command.rel
    return strings.pop()


@dataclass(frozen=True)
class AdoptContext:
    """What every file's plan shares: the settings, the import resolver, the working folder."""

    settings: MigrationSettings
    resolver: ImportResolver
    cwd: Path | None = None
    bases: BaseFields = field(default_factory=BaseFields)


@dataclass
class _Names:
    """Which local name each role has in this file, and what it is exported as."""

    needs: dict[str, Need] = field(default_factory=dict)

    def use(self, local: str, exported: str, role: Role) -> str:
        self.needs.setdefault(local, Need(local, exported, role))
        return local


class _Planner:
    def __init__(
        self,
        plan: FilePlan,
        types: TsFile,
        layout: FileLayout,
        context: AdoptContext,
    ) -> None:
        self.plan = plan
        self.types = types
        self.layout = layout
        self.style: FileStyle = FileStyle()
        self.settings = context.settings
        self.resolver = context.resolver
        self.names = _Names()
        self.sequence: list[Edit] = []
        self.bases = context.bases

    # -- names ------------------------------------------------------------------------------

    def role_name(self, role: Role) -> str:
        """The local name of a runtime role in this file (the config's, else the default)."""
        runtime = self.resolver.runtime
        configured = runtime.name_for(role)
        if role is COMMAND_PARAMS:
            return self.names.use(
                self.settings.params_base, configured or self.settings.params_base, role
            )
        if role is COMMAND_RESULT:
            return self.names.use(
                self.settings.result_base, configured or self.settings.result_base, role
            )
        if role is COMMANDS:
            local = self.settings.execute_object
            return self.names.use(local, configured or local, role)
        if role in {CONTEXT, SESSION_ID}:
            local = self.payload_type(role, configured)
            return self.names.use(local, local, role)
        name = configured or role.default
        return self.names.use(name, name, role)

    def payload_type(self, role: Role, configured: str | None) -> str:
        """The context / session id type: as the file's factories, the config, the tree name it."""
        own = self.layout.factory_types
        written = own.context if role is CONTEXT else own.session_id
        if written:
            return written
        if configured:
            return configured
        contexts, sessions = self.resolver.tree.factory_type_names()
        votes = contexts if role is CONTEXT else sessions
        if votes:
            return min(votes, key=lambda n: (-votes[n], n))
        return role.default

    # -- fixes ------------------------------------------------------------------------------

    def add(self, offset: int, text: str, kind: str, summary: str) -> None:
        self.sequence.append(Edit(offset, text, kind, summary))

    def extend_base(self, interface: TsInterface | None, base_role: Role, role: str) -> bool:
        """Make ``interface`` extend its base; whether it will (False: left, with the reason)."""
        base = (
            self.settings.params_base if base_role is COMMAND_PARAMS else self.settings.result_base
        )
        code = "SG506"
        if interface is None:
            self.plan.leave(
                code,
                f"no {role} interface",
                f"no {role} interface to extend {base}: declare it (its fields are not known "
                "to adopt)",
            )
            return False
        if interface.extends_base(base):
            return True
        site: InterfaceSite = self.layout.interfaces[interface.name]
        if site.is_alias:
            reason = (
                f"'{interface.name}' is a type alias: declare it as `interface {interface.name} "
                f"extends {base}`"
            )
            # audit reads only interfaces: it reports a type alias as no interface at all
            self.plan.leave(code, f"'{interface.name}'", reason)
            self.plan.leave(code, f"no {role} interface", reason)
            return False
        clash = self.base_clash(interface, base_role)
        if clash:
            self.plan.leave(
                code,
                f"'{interface.name}'",
                f"'{interface.name}' restates base fields differently ({'; '.join(clash)}): "
                f"align them with {base}, then run adopt again",
            )
            return False
        local = self.role_name(base_role)
        if site.extends_end is not None:
            self.add(
                site.extends_end,
                f", {local}",
                kinds.EXTENDS,
                f"make {interface.name} extend {local}",
            )
        else:
            self.add(
                site.head_end,
                f" extends {local}",
                kinds.EXTENDS,
                f"make {interface.name} extend {local}",
            )
        return True

    def base_clash(self, interface: TsInterface, base_role: Role) -> list[str]:
        """Why ``extends`` the base would not compile (empty: it would, or unknown)."""
        base = (
            self.settings.params_base if base_role is COMMAND_PARAMS else self.settings.result_base
        )
        exported = self.resolver.runtime.name_for(base_role) or base
        need = Need(base, exported, base_role)
        home = self.resolver.home(need, self.plan.path, self.layout)
        fields = self.bases.fields(home, exported) if home is not None else None
        return conflicts(interface, fields) if fields is not None else []

    def command_names(self, params: TsInterface, result: TsInterface) -> CommandNames:
        prefix_p = params.name.removesuffix("Params")
        prefix_r = result.name.removesuffix("Result")
        prefix = (
            prefix_p if prefix_p == prefix_r and prefix_p else command_type_name(self.plan.name)
        )
        return CommandNames(
            command=self.plan.name,
            prefix=prefix,
            params=params.name,
            result=result.name,
            context="",
            session_id="",
            params_base="",
            command_input="",
            commands="",
            create_payload="",
            transform_payload="",
        )

    def factories(self, names: CommandNames, params: TsInterface) -> CommandNames:
        wanted = [f"create{names.prefix}{s}" for s in ("Params", "Result", "ResultFromParams")]
        missing = [name for name in wanted if name not in self.layout.declared]
        if not missing:
            return names
        names = replace(
            names,
            context=self.role_name(CONTEXT),
            session_id=self.role_name(SESSION_ID),
        )
        existing = [end for n, end in self.layout.factory_ends.items() if n in wanted]
        anchor = (
            max(existing)
            if existing
            else max(
                self.layout.interfaces[params.name].statement_end,
                self.layout.interfaces[names.result].statement_end,
            )
        )
        restated = {f.name for f in params.fields} & set(self.settings.params_base_fields)
        base_keys = not (restated - set(PAYLOAD_FIELDS))
        for factory in missing:
            if factory.endswith("ResultFromParams"):
                names = replace(names, transform_payload=self.role_name(TRANSFORM_PAYLOAD))
                text = kinds.result_from_params_factory(names, self.style)
            elif factory.endswith("Result"):
                names = replace(names, create_payload=self.role_name(CREATE_PAYLOAD))
                text = kinds.result_factory(names, self.style)
            else:
                names = replace(names, create_payload=self.role_name(CREATE_PAYLOAD))
                if base_keys:
                    names = replace(names, params_base=self.role_name(COMMAND_PARAMS))
                text = kinds.params_factory(names, self.style, base_keys=base_keys)
            self.add(anchor, self.style.eol * 2 + text, kinds.FACTORY, f"add factory {factory}")
        return names

    def accessor(self, names: CommandNames, params: TsInterface) -> None:
        if any(a.forwards for a in self.types.accessors):
            return
        site = self.layout.interfaces[params.name]
        if site.generic:
            self.plan.leave(
                "SG503", "", f"'{params.name}' takes type parameters: write the accessor by hand"
            )
            return
        if names.prefix in self.layout.declared or names.prefix in self.layout.imported:
            self.plan.leave(
                "SG503",
                "",
                f"the name '{names.prefix}' is taken in this file: rename that declaration or "
                "write the accessor by hand",
            )
            return
        names = replace(
            names,
            command_input=self.role_name(COMMAND_INPUT),
            commands=self.role_name(COMMANDS),
        )
        self.add(
            self.layout.body_end,
            self.style.eol * 2 + kinds.accessor(names, self.style),
            kinds.ACCESSOR,
            f"add static accessor {names.prefix} for '{names.command}'",
        )

    # -- imports ----------------------------------------------------------------------------

    def imports(self) -> list[Edit]:
        grouped: dict[tuple[str, bool], list[Need]] = {}
        where = self.layout.first_pos
        for need in self.names.needs.values():
            if need.local in self.layout.declared:
                continue
            imported = self.layout.imported.get(need.local)
            if imported is not None:
                module, type_only, pos = imported
                if type_only and not need.type_only:
                    self.plan.errors.append(
                        error(
                            "SG521",
                            f"'{need.local}' is imported with `import type` from '{module}', "
                            "but the added code uses it as a value",
                            self.plan.display,
                            pos,
                            f"import {need.local} as a value (drop `type`), then run adopt again",
                        )
                    )
                continue
            home = self.resolver.module(need, self.plan.path, self.layout)
            if home is None:
                self.plan.errors.append(self.unresolved(need, where))
                continue
            grouped.setdefault((home, need.type_only), []).append(need)
        return [
            Edit(offset, text, kinds.IMPORT, summary)
            for offset, text, summary in import_edits(grouped, self.layout, self.style)
        ]

    def unresolved(self, need: Need, where: SourcePos) -> Diagnostic:
        config = self.resolver.runtime.config_file
        config_name = config.name if config is not None else "specgen.toml"
        name_part = "" if need.exported == need.role.default else f', name = "{need.exported}"'
        return error(
            "SG521",
            f"cannot tell which module exports '{need.exported}' (needed by the code adopt adds "
            f"for '{self.plan.name}'): this file does not import it, no other file of the tree "
            f"imports it, and {config_name} has no [typescript.runtime] {need.role.key}",
            self.plan.display,
            where,
            f'add `{need.role.key} = {{ module = "<module>"{name_part} }}` under '
            f"[typescript.runtime] in {config_name} (or import it in this file by hand)",
        )

    # -- the whole file ---------------------------------------------------------------------

    def run(self, style: FileStyle) -> None:
        self.style = style
        params, result = pick_pair(self.types, self.plan.command.pascal)
        params_ok = self.extend_base(params, COMMAND_PARAMS, "Params")
        result_ok = self.extend_base(result, COMMAND_RESULT, "Result")
        if params is None or result is None:
            self.plan.leave(
                "SG503",
                "",
                "the accessor and factories need both a Params and a Result interface",
            )
        else:
            names = self.command_names(params, result)
            names = self.factories(names, params)
            if params_ok and result_ok:
                self.accessor(names, params)
            else:
                self.plan.leave(
                    "SG503",
                    "",
                    "the accessor's types need Params and Result extending the bases: "
                    "fix those first, then run adopt again",
                )
        import_list = self.imports()
        if self.plan.errors:
            return
        self.plan.edits = import_list + self.sequence


def plan_file(command: CommandDir, path: Path, original: bytes, context: AdoptContext) -> FilePlan:
    """The plan for the Types file ``path`` of ``command``, read as ``original``."""
    settings = context.settings
    display = shown(path, context.cwd)
    parsed = parse_typescript(original)
    types = extract(parsed, path, display, settings.execute_object)
    plan = FilePlan(command, path, display, original, command_name(types, command), types=types)
    if types.syntax_problems:
        first = types.syntax_problems[0]
        plan.errors.append(
            error(
                "SG520",
                f"syntax error: {first.message}; adopt leaves this file untouched",
                display,
                first.pos,
                "fix the TypeScript (tsc shows the same place), then run adopt again",
            )
        )
        return plan
    planner = _Planner(plan, types, locate(parsed), context)
    planner.run(detect_style(parsed))
    if plan.edits:
        problems = parse_typescript(plan.updated).syntax_problems()
        if problems:
            plan.errors.append(
                error(
                    "SG523",
                    f"the edited file would not parse ({problems[0].message}); nothing written",
                    display,
                    problems[0].pos,
                    "this is a bug in adopt: report it with the file; fix this command by hand",
                )
            )
            plan.edits = []
    return plan
