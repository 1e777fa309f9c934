"""Deprecation: announced removals warn while they stand, and may later happen.

``"deprecated": true`` (or a sentence saying what to use instead) on a command, a
param, a result or a field of a declared type is a warning (rule ``DEPRECATED``) in
every run while it stands. Removing a deprecated thing is allowed, reported as a
warning instead of an error:

- without ``allow_removal_after``: when the old version already deprecated it;
- with ``allow_removal_after = "v1.2"``: only when the spec at ``v1.2`` already
  deprecated it (the deprecation has shipped in that release).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from specgen.breaking.findings import Finding
from specgen.breaking.side import Site
from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath

Subject = tuple[str, ...]


def _deprecations(doc: SpecDocument) -> Iterable[tuple[Subject, JsonPath, bool | str, str]]:
    """(subject, path, deprecated value, description) of every deprecated thing."""
    spec = doc.spec
    if spec.deprecated:
        yield ("command", spec.name), ("deprecated",), spec.deprecated, f"command {spec.name}"
    for origin, items in (("params", spec.params), ("results", spec.results)):
        for index, item in enumerate(items):
            if item.deprecated:
                label = f"{origin[:-1]} '{item.name}' of {spec.name}"
                subject = ("command", spec.name, origin, item.name)
                yield subject, (origin, index, "deprecated"), item.deprecated, label
    for type_name, typedef in spec.types.items():
        for field_name, field in (typedef.fields or {}).items():
            if field.deprecated:
                path: JsonPath = ("types", type_name, "fields", field_name, "deprecated")
                label = f"field '{field_name}' of {type_name}"
                yield ("type", type_name, field_name), path, field.deprecated, label


def deprecated_subjects(documents: Iterable[SpecDocument]) -> set[Subject]:
    """What the given specs deprecate."""
    return {subject for doc in documents for subject, _p, _v, _l in _deprecations(doc)}


def deprecation_warnings(documents: Iterable[SpecDocument]) -> list[Finding]:
    """One DEPRECATED warning for each deprecated thing of the new specs."""
    found = []
    for doc in documents:
        for _subject, path, value, label in _deprecations(doc):
            instead = f": {value}" if isinstance(value, str) else ""
            site = Site(doc, path)
            found.append(
                Finding(
                    "DEPRECATED",
                    doc.spec.name,
                    f"{label} is deprecated{instead}",
                    site.location(),
                    None,
                    "its removal is allowed once the deprecation is released "
                    "(see allow_removal_after in docs/breaking.md)",
                )
            )
    return found


def allow_removals(
    findings: list[Finding],
    deprecated_before: set[Subject],
    released: set[Subject] | None,
    released_at: str,
) -> list[Finding]:
    """Removals of deprecated things turned into warnings where the policy allows them.

    ``deprecated_before`` is what the old version deprecates; ``released`` what the
    ``allow_removal_after`` revision deprecates (None when no such point is set).
    """
    result = []
    for finding in findings:
        subject = finding.subject
        if not subject or subject not in deprecated_before:
            result.append(finding)
        elif released is None:
            result.append(replace(finding, downgraded="deprecated in the old version"))
        elif subject in released:
            result.append(replace(finding, downgraded=f"deprecated at {released_at}"))
        else:
            hint = (
                f"deprecated, but not yet at {released_at} (allow_removal_after): keep it "
                "until a release at or after that point carries the deprecation"
            )
            result.append(replace(finding, hint=hint))
    return result
