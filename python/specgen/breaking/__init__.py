"""Spec-version comparison: what a change breaks, by stable rule id (docs/breaking.md).

``check_breaking(old_documents, new_documents)`` compares two versions of a project's
specs; ``run_breaking`` adds the config, git and the new specs' validation, as
``specgen breaking`` runs it.
"""

from specgen.breaking.engine import check_breaking, compare_documents
from specgen.breaking.findings import BreakingReport, Finding
from specgen.breaking.rules import RULE_BY_ID, RULES, Rule, RuleClass
from specgen.breaking.run import BreakingRun, run_breaking
from specgen.breaking.settings import BreakingSettings, Ignore

__all__ = [
    "RULES",
    "RULE_BY_ID",
    "BreakingReport",
    "BreakingRun",
    "BreakingSettings",
    "Finding",
    "Ignore",
    "Rule",
    "RuleClass",
    "check_breaking",
    "compare_documents",
    "run_breaking",
]
