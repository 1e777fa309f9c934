"""Compare two versions of a project's specs: every rule, then the project's policy.

The comparison itself is a pure function of the two lists of documents (tests call
it directly); reading git, the config and the command line are elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from specgen.breaking.context import Comparison
from specgen.breaking.deprecation import allow_removals, deprecated_subjects, deprecation_warnings
from specgen.breaking.findings import BreakingReport, Finding
from specgen.breaking.rules_commands import compare_commands
from specgen.breaking.rules_external import compare_externals
from specgen.breaking.rules_fields import compare_declared_types, declared_flows
from specgen.breaking.settings import BreakingSettings
from specgen.breaking.side import build_side
from specgen.breaking.unchanged import borrow_unchanged, stubbed, unchanged_commands
from specgen.external.model import ExternalDecl
from specgen.spec.document import SpecDocument


def compare_documents(
    old: Sequence[SpecDocument],
    new: Sequence[SpecDocument],
    aliases: Mapping[str, str] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> tuple[list[Finding], int]:
    """Every rule's findings between ``old`` and ``new``, and the commands compared.

    No policy is applied here: no deprecation, category or ignore.
    """
    new_side = build_side(new, aliases or {}, externals)
    unchanged = unchanged_commands(old, new)
    old_side = build_side(stubbed(old, unchanged), aliases or {}, externals)
    borrow_unchanged(old_side, new_side, unchanged)
    cmp = Comparison(old_side, new_side, unchanged=unchanged)
    cmp.declared_flows, cmp.declared_users = declared_flows(cmp.new)
    compared = compare_commands(cmp)
    compare_declared_types(cmp)
    compare_externals(cmp)
    return cmp.findings, compared


def check_breaking(  # noqa: PLR0913  # the two versions, then keyword-only options
    old: Sequence[SpecDocument],
    new: Sequence[SpecDocument],
    aliases: Mapping[str, str] | None = None,
    *,
    settings: BreakingSettings | None = None,
    released: Sequence[SpecDocument] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> BreakingReport:
    """Findings with the policy applied: deprecations, categories and ignores.

    ``released`` are the specs at ``allow_removal_after`` (None when it is not set).
    """
    settings = settings or BreakingSettings()
    findings, compared = compare_documents(old, new, aliases, externals)
    released_set = deprecated_subjects(released) if released is not None else None
    findings = allow_removals(
        findings,
        deprecated_subjects(old),
        released_set,
        settings.allow_removal_after or "",
    )
    findings += deprecation_warnings(new)
    report = BreakingReport(commands_compared=compared, old_specs=len(old), new_specs=len(new))
    for finding in sorted(findings, key=Finding.sort_key):
        if finding.rule.rule_class not in settings.categories:
            continue
        ignore = next((i for i in settings.ignores if i.matches(finding)), None)
        if ignore is not None:
            report.ignored.append((finding, ignore.reason))
        else:
            report.findings.append(finding)
    return report
