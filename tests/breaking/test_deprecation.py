"""Deprecation on each kind of thing: commands, params, results, fields of declared types.

While deprecated: a DEPRECATED warning. Removed after the old version deprecated it: the
removal's finding becomes a warning (the run passes). With a release point whose specs
did not deprecate it yet: the removal stays an error and says why.
"""

from __future__ import annotations

from breaking_support import BASE, Project, documents, edited, item
from specgen.breaking import check_breaking
from specgen.breaking.settings import BreakingSettings
from specgen.diagnostics import Severity

STATS, RESET = "gpu/stats", "gpu/reset"


def deprecate_everything(p: Project) -> None:
    p[RESET]["deprecated"] = "use gpu/restart"
    item(p[STATS], "params", "tags")["deprecated"] = True
    item(p[STATS], "results", "comment")["deprecated"] = "use note"
    p[STATS]["types"]["Info"]["fields"]["c"]["deprecated"] = True


def remove_everything(p: Project) -> None:
    del p[RESET]
    p[STATS]["params"] = [x for x in p[STATS]["params"] if x["name"] != "tags"]
    p[STATS]["results"] = [x for x in p[STATS]["results"] if x["name"] != "comment"]
    del p[STATS]["types"]["Info"]["fields"]["c"]


def test_each_deprecation_is_a_warning_naming_what_to_use() -> None:
    deprecated = edited(deprecate_everything)
    report = check_breaking(documents(BASE, "main:"), documents(deprecated))
    assert not report.breaking
    messages = sorted(f.message for f in report.findings)
    assert messages == [
        "command gpu/reset is deprecated: use gpu/restart",
        "field 'c' of Info is deprecated",
        "param 'tags' of gpu/stats is deprecated",
        "result 'comment' of gpu/stats is deprecated: use note",
    ]
    assert all(f.rule_id == "DEPRECATED" for f in report.findings)
    assert all(f.severity is Severity.WARNING for f in report.findings)
    command = next(f for f in report.findings if f.command == RESET)
    assert command.location.json_path == "$.deprecated"


def test_removing_what_the_old_version_deprecated_is_allowed() -> None:
    old = edited(deprecate_everything)
    new = edited(remove_everything, old)
    report = check_breaking(documents(old, "main:"), documents(new))
    removals = sorted(f.rule_id for f in report.findings)
    assert removals == [
        "SOURCE_PARAM_REMOVED",
        "WIRE_COMMAND_REMOVED",
        "WIRE_RESULT_FIELD_REMOVED",
        "WIRE_RESULT_FIELD_REMOVED",
    ]
    assert all(f.downgraded == "deprecated in the old version" for f in report.findings)
    assert report.breaking == []


def test_removing_without_a_deprecation_first_breaks() -> None:
    report = check_breaking(documents(BASE, "main:"), documents(edited(remove_everything)))
    assert len(report.breaking) == 4
    assert all("deprecate it first" in f.hint for f in report.breaking)


def test_a_release_point_needs_the_deprecation_released() -> None:
    old = edited(deprecate_everything)
    new = edited(remove_everything, old)
    settings = BreakingSettings(allow_removal_after="v1.2")
    not_yet = check_breaking(
        documents(old, "main:"), documents(new), settings=settings, released=documents(BASE)
    )
    assert len(not_yet.breaking) == 4
    assert all("not yet at v1.2" in f.hint for f in not_yet.breaking)
    shipped = check_breaking(
        documents(old, "main:"), documents(new), settings=settings, released=documents(old)
    )
    assert shipped.breaking == []
    assert all(f.downgraded == "deprecated at v1.2" for f in shipped.findings)
