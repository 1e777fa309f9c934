"""ConformanceChecker: measure a tree of hand-written commands against the conventions.

Each command folder is checked for a spec, a Types file that parses, Params and
Result interfaces extending the bases, a static accessor, no ``any`` in its
types, and no ``Commands.execute`` call in any of its files other than the
accessor's own forwarding call. Files outside every command folder are searched
for raw calls too. A file is parsed only when it has to be: every Types file, and
other files only when their bytes mention ``Commands.execute``. A command whose spec
declares an adapter is held only to that adapter's rules (``specgen.audit.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specgen.audit.findings import CommandAudit
from specgen.audit.rules import applicable_rules
from specgen.codebase import (
    TYPES_SUFFIX,
    CommandDir,
    SpecIndex,
    index_specs,
    scan_tree,
    skipped_note,
)
from specgen.codebase.settings import MigrationSettings
from specgen.commandline.paths import shown
from specgen.commandline.progress import counted
from specgen.diagnostics import Diagnostic, Location, coded
from specgen.naming import command_type_name
from specgen.tsread.extract import extract
from specgen.tsread.model import TsFile
from specgen.tsread.pairs import pick_pair
from specgen.tsread.parser import SourcePos, parse_typescript


@dataclass
class AuditReport:
    """Every command's audit, plus raw calls found outside command folders."""

    root: Path
    commands: list[CommandAudit] = field(default_factory=list)
    loose_findings: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """Files that could not be read (the scan went on without them)."""

    @property
    def findings(self) -> list[Diagnostic]:
        """Every finding, in a stable order."""
        every = [d for c in self.commands for d in c.findings] + self.loose_findings
        return sorted(every + self.problems, key=Diagnostic.sort_key)


def _finding(code: str, message: str, file: str, pos: SourcePos | None, hint: str) -> Diagnostic:
    line, column = (pos.line, pos.column) if pos else (1, 1)
    return coded(code, message, Location(file, line, column), hint)


class ConformanceChecker:
    """Checks command folders of one tree against one project's settings."""

    def __init__(
        self, settings: MigrationSettings, specs: SpecIndex, cwd: Path | None = None
    ) -> None:
        """Check with ``settings``; ``specs`` says which commands have a spec."""
        self.settings = settings
        self.specs = specs
        self.cwd = cwd or Path.cwd()
        self.needle = settings.execute_object.encode()
        """Files without it cannot call ``Commands.execute`` (however the call is spaced)."""

    def show(self, path: Path) -> str:
        """A path as reports show it."""
        return shown(path, self.cwd)

    def read(self, path: Path, problems: list[Diagnostic]) -> bytes | None:
        """The bytes of ``path``; an unreadable file is a finding, not a crash."""
        try:
            return path.read_bytes()
        except OSError as exc:
            problems.append(
                _finding(
                    "SG001", f"cannot read file: {exc.strerror}", self.show(path), None, "check it"
                )
            )
            return None

    def check(self, command: CommandDir, problems: list[Diagnostic]) -> CommandAudit:
        """The audit of one command folder."""
        audit = CommandAudit(command, command.rel)
        types: TsFile | None = None
        where = self.show(command.types_file or command.path)
        if command.types_file is None:
            audit.findings.append(
                _finding(
                    "SG507",
                    f"'{command.rel}' has no shared/{command.pascal}{TYPES_SUFFIX}",
                    where,
                    None,
                    "declare its Params, Result and accessor there (or generate it from a spec)",
                )
            )
        else:
            raw = self.read(command.types_file, problems)
            if raw is not None:
                types = self.types_file(command.types_file, raw, where)
                self.check_types(audit, types)
        for path in command.files:
            if path != command.types_file:
                self.check_calls(audit, path, problems)
        spec = self.specs.find(audit.name, command.rel)
        audit.spec = spec
        if spec is None:
            audit.findings.append(
                _finding(
                    "SG505",
                    f"command '{audit.name}' has no spec",
                    where,
                    None,
                    f"run `specgen reverse {self.show(command.path)}` to write one",
                )
            )
        self.keep_applicable(audit)
        return audit

    def types_file(self, path: Path, raw: bytes, where: str) -> TsFile:
        """The Types file ``path``, read from ``raw`` as far as audit measures it."""
        return extract(
            parse_typescript(raw), path, where, self.settings.execute_object, detail=False
        )

    def keep_applicable(self, audit: CommandAudit) -> None:
        """Drop the findings whose rule does not apply to the adapter of the command's spec."""
        rules = applicable_rules(self.specs.adapter(audit.spec))
        audit.findings = [d for d in audit.findings if d.code in rules]
        if "SG502" not in rules:
            audit.any_uses = 0
        if "SG504" not in rules:
            audit.raw_calls = 0

    def check_types(self, audit: CommandAudit, types: TsFile) -> None:
        """Syntax, Params/Result, accessor, ``any`` and raw calls of the Types file."""
        if types.syntax_problems:
            audit.findings.extend(
                _finding(
                    "SG501",
                    f"syntax error: {p.message}; the rest of this file is not measured",
                    types.display,
                    p.pos,
                    "fix the TypeScript (tsc shows the same place)",
                )
                for p in types.syntax_problems
            )
            return
        accessor = next((a for a in types.accessors if a.forwards), None)
        if accessor is not None:
            audit.name = accessor.command_name or accessor.forwarded or audit.name
        self.check_pair(audit, types)
        if accessor is None:
            audit.findings.append(
                _finding(
                    "SG503",
                    f"no static accessor (an exported const with an execute that calls "
                    f"{self.settings.execute_object}.execute('{audit.name}', ...))",
                    types.display,
                    None,
                    "add it, or generate the Types file from a spec",
                )
            )
        for use in types.any_uses:
            audit.any_uses += 1
            audit.findings.append(
                _finding(
                    "SG502",
                    f"`{use.form}` in the types of '{audit.name}'",
                    types.display,
                    use.pos,
                    "use `unknown` or a named type",
                )
            )
        self.raw_calls(audit, types)
        self.notes(audit, types)

    def check_pair(self, audit: CommandAudit, types: TsFile) -> None:
        """Params and Result exist and extend the bases."""
        params, result = pick_pair(types, audit.command.pascal)
        for interface, role, base in (
            (params, "Params", self.settings.params_base),
            (result, "Result", self.settings.result_base),
        ):
            if interface is None:
                message, pos = f"no {role} interface", None
            elif not interface.extends_base(base):
                message, pos = f"'{interface.name}' does not extend {base}", interface.pos
            else:
                continue
            audit.findings.append(
                _finding("SG506", message, types.display, pos, f"declare it extending {base}")
            )

    def notes(self, audit: CommandAudit, types: TsFile) -> None:
        """Conventions that do not count against conformance."""
        expected = command_type_name(audit.name) + TYPES_SUFFIX
        if types.path.name != expected:
            audit.findings.append(
                _finding(
                    "SG510",
                    f"Types file of '{audit.name}' is named '{types.path.name}', not '{expected}'",
                    types.display,
                    None,
                    "rename it when the command is generated",
                )
            )
        if audit.name != audit.command.rel:
            audit.findings.append(
                _finding(
                    "SG510",
                    f"the accessor names the command '{audit.name}'; its folder is "
                    f"'{audit.command.rel}'",
                    types.display,
                    None,
                    "move the folder to match the command name",
                )
            )

    def raw_calls(self, audit: CommandAudit | None, parsed: TsFile) -> list[Diagnostic]:
        """Findings for the calls of ``parsed`` that are not an accessor's forwarding call."""
        found = [
            _finding(
                "SG504",
                f"raw {self.settings.execute_object}.execute("
                + (f"'{call.command}'" if call.command else "...")
                + ") outside a static accessor",
                parsed.display,
                call.pos,
                "call the command's static accessor instead (`await X.execute({...})`)",
            )
            for call in parsed.execute_calls
            if not call.sanctioned
        ]
        if audit is not None:
            audit.raw_calls += len(found)
            audit.findings.extend(found)
        return found

    def check_calls(
        self, audit: CommandAudit | None, path: Path, problems: list[Diagnostic]
    ) -> list[Diagnostic]:
        """Raw calls in a file other than a Types file (parsed only if it mentions them)."""
        raw = self.read(path, problems)
        if raw is None or self.needle not in raw or b"execute" not in raw:
            return []
        parsed = extract(
            parse_typescript(raw),
            path,
            self.show(path),
            self.settings.execute_object,
            detail=False,
        )
        return self.raw_calls(audit, parsed)


def run_audit(
    root: Path,
    settings: MigrationSettings,
    spec_dirs: list[Path] | None = None,
    cwd: Path | None = None,
) -> AuditReport:
    """Audit every command folder under ``root`` against the specs in ``spec_dirs``."""
    skipped: list[Path] = []
    specs = index_specs(spec_dirs if spec_dirs is not None else list(settings.spec_dirs), skipped)
    checker = ConformanceChecker(settings, specs, cwd)
    report = AuditReport(root)
    commands, loose = scan_tree(root, skipped)
    report.problems.extend(skipped_note(path, checker.show(path)) for path in skipped)
    for command in counted(commands, "audit", len(commands)):
        report.commands.append(checker.check(command, report.problems))
    for path in loose:
        report.loose_findings.extend(checker.check_calls(None, path, report.problems))
    return report
