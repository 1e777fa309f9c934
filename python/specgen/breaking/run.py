"""One ``specgen breaking`` run: config, the new specs, the old ones, the comparison.

Returns the report and the input problems; an input error (a new spec that does not
validate, a revision that does not exist, a bad ``[breaking]`` table) makes
``bad_input`` true and the comparison does not run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.breaking.deprecation import deprecated_subjects
from specgen.breaking.engine import check_breaking
from specgen.breaking.findings import BreakingReport
from specgen.breaking.settings import load_breaking_settings
from specgen.breaking.sources import read_at_ref, read_old
from specgen.caches import collection_paused
from specgen.commandline.paths import shown
from specgen.config import load_config
from specgen.diagnostics import CODES, Diagnostic, Location, has_errors
from specgen.validate import validate_paths


@dataclass
class BreakingRun:
    """The outcome: a report when the comparison ran, and every input diagnostic."""

    against: str
    report: BreakingReport = field(default_factory=BreakingReport)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def bad_input(self) -> bool:
        """True when an input error stopped the comparison."""
        return has_errors(self.diagnostics)


@collection_paused()
def run_breaking(against: str, spec_paths: Sequence[Path], cwd: Path) -> BreakingRun:
    """Compare the specs under ``spec_paths`` (default: spec_dirs) with ``against``."""
    run = BreakingRun(against)
    config, config_diags = load_config(cwd)
    settings, settings_diags = load_breaking_settings(config)
    run.diagnostics += config_diags + settings_diags
    targets = [Path(shown(p)) for p in (spec_paths or config.spec_dirs)]
    if not targets:
        run.diagnostics.append(
            Diagnostic(
                "SG703",
                CODES["SG703"].severity,
                "no spec files given and no spec_dirs configured",
                Location(str(cwd)),
                "pass --specs DIR or set spec_dirs in specgen.toml",
            )
        )
        return run
    new = validate_paths(targets, config.aliases, externals=config.external_types)
    if not new.ok:
        run.diagnostics += new.diagnostics
        run.diagnostics.append(
            Diagnostic(
                "SG703",
                CODES["SG703"].severity,
                "the current specs have errors: nothing was compared",
                Location(str(targets[0])),
                "fix them first (specgen validate)",
            )
        )
        return run
    if run.bad_input:
        return run
    old = read_old(against, targets, cwd, new.documents)
    run.diagnostics += old.diagnostics
    if old.failed:
        return run
    released = None
    after = settings.allow_removal_after
    if after is not None and deprecated_subjects(old.documents):
        at_release = read_at_ref(after, targets, cwd)
        run.diagnostics += at_release.diagnostics
        if at_release.failed:
            return run
        released = at_release.documents
    run.report = check_breaking(
        old.documents,
        new.documents,
        config.aliases,
        settings=settings,
        released=released,
        externals=config.external_types,
    )
    return run
