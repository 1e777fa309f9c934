"""Validate a whole project: load every spec, check each, then check them together."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.diagnostics import Diagnostic, Location, coded, has_errors
from specgen.external.model import ExternalDecl
from specgen.realpaths import RealPaths
from specgen.spec.document import SpecDocument
from specgen.spec.loader import load_spec_file
from specgen.validate.aliases import check_aliases
from specgen.validate.defaults import check_defaults
from specgen.validate.external import check_project_externals, check_spec_externals
from specgen.validate.registry import TypeRegistry, check_commands, check_cycles, check_expressions
from specgen.validate.spec_checks import ParsedField, check_spec, installed_adapters


@dataclass
class ProjectReport:
    """Every document that loaded and every diagnostic found, sorted for output."""

    documents: list[SpecDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is an error."""
        return not has_errors(self.diagnostics)


def discover_spec_files(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand ``paths`` (files, or folders searched for ``*.json``) into sorted files.

    The diagnostics: an error for a path that does not exist, a warning for a folder
    without any spec (a mistyped path would otherwise check or generate nothing, quietly).
    """
    files: list[Path] = []
    diags: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                message, hint = "no spec file (*.json) in this folder", "spec files end in .json"
                diags.append(_on_path(path, "SG007", message, f"check the path; {hint}"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            diags.append(_on_path(path, "SG001", "no such file or folder", "check the path"))
    unique: dict[Path, Path] = {}
    real = RealPaths()
    for file in files:
        unique.setdefault(real.resolve(file), file)
    return list(unique.values()), diags


def _on_path(path: Path, code: str, message: str, hint: str) -> Diagnostic:
    """A diagnostic about ``path`` as a whole (no line in it)."""
    return coded(code, message, Location(str(path)), hint)


def validate_documents(
    documents: Iterable[SpecDocument],
    aliases: Mapping[str, str] | None = None,
    known_adapters: Collection[str] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> list[Diagnostic]:
    """Single-spec checks on each document, then the project-wide checks.

    ``aliases`` and ``externals`` (external types) come from the project config.
    """
    docs = list(documents)
    if known_adapters is None:  # built-ins and installed plugins, looked up once
        known_adapters = installed_adapters()
    registry = TypeRegistry(aliases, externals)
    diags: list[Diagnostic] = []
    parsed: list[ParsedField] = []
    for doc in docs:
        check = check_spec(doc, known_adapters)
        diags.extend(check.diagnostics)
        parsed.extend(check.fields)
        diags.extend(check_spec_externals(doc))
        registry.add_document(doc)
    diags.extend(registry.diagnostics)
    diags.extend(check_project_externals(docs, externals or {}, list(aliases or {})))
    diags.extend(check_aliases(registry))
    diags.extend(check_commands(docs, registry))
    diags.extend(check_expressions(registry, parsed))
    diags.extend(check_cycles(registry, parsed))
    diags.extend(check_defaults(registry, parsed))
    return diags


def validate_paths(
    paths: Sequence[Path],
    aliases: Mapping[str, str] | None = None,
    known_adapters: Collection[str] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> ProjectReport:
    """Load and validate every spec under ``paths``."""
    files, missing = discover_spec_files(paths)
    report = validate_files(files, aliases, known_adapters, externals)
    report.diagnostics = sorted([*missing, *report.diagnostics], key=Diagnostic.sort_key)
    return report


def validate_in_project(
    paths: Sequence[Path],
    spec_dirs: Sequence[Path],
    aliases: Mapping[str, str] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> ProjectReport:
    """Validate the specs under ``paths`` as part of the project whose specs are in ``spec_dirs``.

    When every spec given lies in one of ``spec_dirs``, the project's other specs are
    loaded too, as ``generate`` loads them: a type another spec declares is known. Only
    what concerns the specs given is kept (a problem in another spec is kept when it
    names one of them). Otherwise the paths are checked on their own.
    """
    given, found = discover_spec_files(paths)
    real = RealPaths()
    homes = [real.resolve(d) for d in spec_dirs if d.is_dir()]
    chosen = {real.resolve(f) for f in given}
    inside = bool(given) and all(any(h in f.parents for h in homes) for f in chosen)
    project = discover_spec_files(list(spec_dirs))[0] if inside else []
    others = [f for f in project if real.resolve(f) not in chosen]
    report = validate_files([*given, *others], aliases, externals=externals)
    named = {str(f) for f in given}
    elsewhere = {str(f) for f in others}

    def concerns_given(diag: Diagnostic) -> bool:
        in_other = diag.location.file in elsewhere
        return not in_other or any(place.file in named for place in diag.related)

    kept = [d for d in report.diagnostics if concerns_given(d)]
    report.diagnostics = sorted([*found, *kept], key=Diagnostic.sort_key)
    report.documents = [doc for doc in report.documents if doc.file in named]
    report.files = [str(f) for f in given]
    return report


def validate_files(
    files: Sequence[Path],
    aliases: Mapping[str, str] | None = None,
    known_adapters: Collection[str] | None = None,
    externals: Mapping[str, ExternalDecl] | None = None,
) -> ProjectReport:
    """Load and validate spec files (as `discover_spec_files` lists them).

    A v1 spec may use the names ``aliases`` and ``externals`` declare without SG403.
    """
    diags: list[Diagnostic] = []
    report = ProjectReport(files=[str(f) for f in files])
    declared = {*(aliases or {}), *(externals or {})}
    for file in files:
        result = load_spec_file(file, declared=declared)
        diags.extend(result.diagnostics)
        if result.document is not None:
            report.documents.append(result.document)
    diags.extend(validate_documents(report.documents, aliases, known_adapters, externals))
    report.diagnostics = sorted(diags, key=Diagnostic.sort_key)
    return report
