"""The pre-commit rule: a command folder without a spec fails when new, warns when old.

New means git does not have it in HEAD: untracked, or added in the index (the
staged diff against HEAD). Old means HEAD has files in it: a migration in
progress, so it warns. Folders whose files are all ignored by git are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.codebase import CommandDir, SpecIndex
from specgen.commandline.paths import shown
from specgen.diagnostics import CODES, Diagnostic, Location
from specgen.enforce.git import GitState
from specgen.tsread.extract import read_ts_file


@dataclass
class EnforceReport:
    """What the check found: failures (new folders), warnings (old ones), and counts."""

    checked: int = 0
    with_spec: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failures(self) -> list[Diagnostic]:
        """New command folders without a spec."""
        return [d for d in self.diagnostics if d.code == "SG512"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Tracked command folders without a spec."""
        return [d for d in self.diagnostics if d.code == "SG505"]


def _accessor_name(command: CommandDir) -> str | None:
    if command.types_file is None:
        return None
    try:
        types = read_ts_file(command.types_file)
    except OSError:
        return None
    accessor = next((a for a in types.accessors if a.forwards), None)
    return (accessor.command_name or accessor.forwarded) if accessor else None


def has_spec(command: CommandDir, specs: SpecIndex) -> bool:
    """Whether a spec covers ``command`` (by its path, else by its accessor's name)."""
    if specs.find(command.rel) is not None:
        return True
    name = _accessor_name(command)
    return name is not None and specs.find(name) is not None


def enforce(commands: list[CommandDir], specs: SpecIndex, git: GitState) -> EnforceReport:
    """Check every command folder; each one without a spec fails or warns."""
    report = EnforceReport()
    for command in commands:
        status = git.status(command.path)
        if status == "ignored":
            continue
        report.checked += 1
        if has_spec(command, specs):
            report.with_spec += 1
            continue
        where = Location(shown(command.path))
        hint = f"run `specgen reverse {where.file}` (or `specgen new {command.rel}`)"
        if status == "tracked":
            report.diagnostics.append(
                Diagnostic(
                    "SG505",
                    CODES["SG505"].severity,
                    f"command folder '{command.rel}' has no spec (tracked: migration pending)",
                    where,
                    hint,
                )
            )
        else:
            report.diagnostics.append(
                Diagnostic(
                    "SG512",
                    CODES["SG512"].severity,
                    f"new command folder '{command.rel}' ({status}) has no spec",
                    where,
                    hint + "; new commands start from a spec",
                )
            )
    return report
