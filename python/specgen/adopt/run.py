"""Adopt over many commands: plan every Types file, say what is left, write atomically.

What is left for a human is what audit would still find once the plan is applied
(``any``, raw ``Commands.execute`` calls, missing specs, what adopt declined to do and
why): the conformance checker runs on the planned bytes, so the list is exactly the
audit that follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specgen.adopt.imports import ImportResolver, TreeIndex
from specgen.adopt.plan import AdoptContext, FilePlan, error, plan_file
from specgen.adopt.runtime import runtime_map
from specgen.audit.checker import ConformanceChecker
from specgen.audit.findings import KIND_BY_CODE
from specgen.codebase import CommandDir, index_specs
from specgen.codebase.settings import MigrationSettings
from specgen.commandline.progress import counted
from specgen.diagnostics import Diagnostic, Severity
from specgen.tsread.model import TsFile
from specgen.writer import write_atomic


@dataclass
class AdoptRun:
    """Every plan, what audit will still find after them, and the problems met."""

    plans: list[FilePlan] = field(default_factory=list)
    left: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def edited(self) -> list[FilePlan]:
        """The plans that change their file."""
        return [p for p in self.plans if p.edits]

    @property
    def edit_count(self) -> int:
        """How many edits the plans make in all."""
        return sum(len(p.edits) for p in self.plans)

    @property
    def errors(self) -> list[Diagnostic]:
        """Every error: bad paths, files that cannot be adopted."""
        every = self.problems + [d for p in self.plans for d in p.errors]
        return sorted((d for d in every if d.severity is Severity.ERROR), key=Diagnostic.sort_key)

    def left_kinds(self) -> dict[str, int]:
        """Findings left per audit kind (slug), in audit's report order."""
        counts: dict[str, int] = {}
        for finding in self.left:
            kind = KIND_BY_CODE.get(finding.code)
            if kind is not None:
                counts[kind.slug] = counts.get(kind.slug, 0) + 1
        order = list(KIND_BY_CODE.values())
        return dict(sorted(counts.items(), key=lambda kv: [k.slug for k in order].index(kv[0])))


class _PlannedChecker(ConformanceChecker):
    """The conformance checker, reading planned files as they will be.

    A Types file the plan leaves unedited is measured from what planning read of it,
    not parsed a second time: on an adopted tree that is every file.
    """

    def __init__(
        self, settings: MigrationSettings, plans: list[FilePlan], cwd: Path | None
    ) -> None:
        super().__init__(settings, index_specs(list(settings.spec_dirs)), cwd)
        self.planned = {p.path: p.updated for p in plans}
        self.unedited = {p.path: p.types for p in plans if not p.edits and p.types is not None}

    def read(self, path: Path, problems: list[Diagnostic]) -> bytes | None:
        planned = self.planned.get(path)
        return planned if planned is not None else super().read(path, problems)

    def types_file(self, path: Path, raw: bytes, where: str) -> TsFile:
        known = self.unedited.get(path)
        if known is not None and known.display == where:
            return known
        return super().types_file(path, raw, where)


def _tree_roots(commands: list[CommandDir], settings: MigrationSettings) -> list[Path]:
    if settings.commands_dir.is_dir():
        root = settings.commands_dir.resolve()
        if all(root in c.path.resolve().parents for c in commands):
            return [root]
    return sorted({c.path.resolve().parent for c in commands})


def plan_commands(
    commands: list[CommandDir], settings: MigrationSettings, cwd: Path | None = None
) -> AdoptRun:
    """Plan adopt for every command; nothing is written."""
    run = AdoptRun()
    tree = TreeIndex(_tree_roots(commands, settings))
    context = AdoptContext(settings, ImportResolver(tree, runtime_map(settings.config)), cwd)
    checker = ConformanceChecker(settings, index_specs([]), cwd)
    for command in counted(commands, "adopt: planning", len(commands)):
        path = command.types_file
        if path is None:
            continue
        original = checker.read(path, run.problems)
        if original is None:
            continue
        run.plans.append(plan_file(command, path, original, context))
    after = _PlannedChecker(settings, run.plans, cwd)
    plans = {p.path: p for p in run.plans}
    for command in counted(commands, "adopt: checking", len(commands)):
        audit = after.check(command, run.problems)
        for finding in audit.findings:
            if finding.code not in KIND_BY_CODE:
                continue
            owner = plans.get(command.types_file or command.path)
            reason = owner.reason_for(finding) if owner is not None else None
            run.left.append(
                Diagnostic(
                    finding.code,
                    finding.severity,
                    finding.message,
                    finding.location,
                    reason or finding.hint,
                )
            )
    run.left.sort(key=Diagnostic.sort_key)
    return run


def apply_plans(run: AdoptRun) -> list[FilePlan]:
    """Write every edited file (whole-file atomic replace); the plans written.

    A file that changed on disk since it was planned is not written (an error), nor is
    one that cannot be written: the replace is atomic, so it keeps its old bytes.
    """
    written = []
    for plan in run.edited:
        reason = ""
        try:
            current = plan.path.read_bytes()
        except OSError as exc:
            current = None
            reason = exc.strerror or "unreadable"
        if current != plan.original:
            plan.errors.append(
                error(
                    "SG522",
                    "the file changed while adopt ran"
                    + (f" ({reason})" if current is None else "")
                    + "; nothing written",
                    plan.display,
                    None,
                    "run adopt again",
                )
            )
            plan.edits = []
            continue
        try:
            write_atomic(plan.path, plan.updated, compare=False)
        except OSError as exc:
            plan.errors.append(
                error(
                    "SG524",
                    f"cannot write the edited file: {exc.strerror or exc}; the file is unchanged",
                    plan.display,
                    None,
                    "check the folder's permissions and free space, then run adopt again",
                )
            )
            plan.edits = []
            continue
        written.append(plan)
    return written
