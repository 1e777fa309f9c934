"""Migrate a batch of spec files: each spec's outcome, decided before anything is written.

Every file is loaded (a v1 file migrates on load, see ``specgen.spec.migrate``); with
a codebase (``--from DIR``) the types the v1 specs name are filled in from it, each
definition going into exactly one spec of the batch (the spec of the command whose
Types file declares it, else the first spec that uses it), so the specs validate
together as one project. The migrated specs are then validated together; a spec with
errors fails alone and the types it owned move to another spec that uses them. A v2
file of the batch is not migrated but is validated with the others: one with errors
fails too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from specgen.config import ProjectConfig
from specgen.diagnostics import Diagnostic, Location, Severity, coded, has_errors
from specgen.reverse.collect import LIBRARY_TYPES
from specgen.spec.document import SpecDocument
from specgen.spec.loader import load_spec_file
from specgen.spec.migrate import migrate_v1
from specgen.spec.sourcemap import format_path
from specgen.spec.structure import structure_diagnostics
from specgen.spec.v2 import CommandSpecV2
from specgen.validate import discover_spec_files, validate_documents

if TYPE_CHECKING:
    from specgen.migrate.codebase import FoundType

_KEY_ORDER = ("version", "name", "description", "environment", "adapter", "rust", "types")


@dataclass
class SpecPlan:
    """One spec file of the batch: its migrated text, or why it has none."""

    source: Path
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failure: str = ""
    """Why the spec cannot be migrated (empty when it can)."""
    source_version: int = 1
    doc: SpecDocument | None = None
    data: dict[str, Any] = field(default_factory=dict)
    needs: dict[str, list[tuple[str | int, ...]]] = field(default_factory=dict)
    """v1 only: names it uses without declaring, with the JSON paths naming them."""
    base_diagnostics: list[Diagnostic] = field(default_factory=list)
    type_homes: dict[str, Location] = field(default_factory=dict)
    """Where each type this spec carries from the codebase is declared."""
    settled: set[str] = field(default_factory=set)
    """Names looked up in the codebase: their SG403 warnings give way to what was found."""

    @property
    def ok(self) -> bool:
        """Whether the spec migrated (it has a text to write)."""
        return not self.failure


def _first_error(diags: list[Diagnostic]) -> str:
    error = next(
        (d for d in sorted(diags, key=Diagnostic.sort_key) if d.severity is Severity.ERROR), None
    )
    if error is None:
        return "has errors"
    return f"{error.location}: {error.code} {error.message}"


def _load(path: Path) -> SpecPlan:
    plan = SpecPlan(path)
    result = load_spec_file(path)
    doc = result.document
    if doc is None or has_errors(result.diagnostics):
        plan.diagnostics = [d for d in result.diagnostics if d.code != "SG401"]
        plan.failure = _first_error(result.diagnostics)
        return plan
    plan.doc = doc
    plan.source_version = doc.source_version
    plan.data = dict(doc.data)
    if doc.source_version == 2:
        plan.text = doc.source.text
        plan.base_diagnostics = plan.diagnostics = result.diagnostics
        return plan
    assert doc.v1 is not None  # noqa: S101  # a v1 document keeps its v1 model
    plan.needs = migrate_v1(doc.v1, doc.source).undeclared
    plan.base_diagnostics = [d for d in result.diagnostics if d.code != "SG401"]
    return plan


def plan_batch(
    paths: list[Path],
    config: ProjectConfig | None = None,
    from_dir: Path | None = None,
    known_adapters: Collection[str] | None = None,
) -> list[SpecPlan]:
    """The outcome of migrating each file of ``paths``; nothing is written.

    Names the project config declares (``[aliases]``, ``[external_types]``), and the
    types a spec of the batch declares, are not undeclared: they are neither reported
    nor looked up in the codebase (the batch validates as one project).
    """
    config = config or ProjectConfig(Path.cwd())
    plans = [_load(path) for path in paths]
    migrating = [p for p in plans if p.ok and p.source_version == 1]
    configured = {*config.aliases, *config.external_types}
    configured |= {name for p in plans if p.ok for name in p.data.get("types", {})}
    for plan in migrating:  # a name another spec of the batch declares is not undeclared
        plan.settled = {n for n in plan.needs if n in configured}
        plan.needs = {n: v for n, v in plan.needs.items() if n not in configured}
    found: dict[str, dict[str, FoundType | None]] = {}
    if from_dir is not None and migrating:
        found = _find_types(migrating, plans, from_dir, config)
    fixed = [p for p in plans if p.ok and p.source_version == 2]
    alive = list(migrating)
    for _round in range(len(alive) + 1):  # each round either ends or drops a failed spec
        owners = _assign_owners(alive, found)
        extra = _assemble(alive, found, owners)
        failed = _validate(alive, fixed, extra, config, known_adapters)
        if not failed:
            break
        alive = [p for p in alive if p not in failed]
    return plans


def _find_types(
    migrating: list[SpecPlan], plans: list[SpecPlan], from_dir: Path, config: ProjectConfig
) -> dict[str, dict[str, FoundType | None]]:
    """For each v1 spec (by source path), the definitions of the names it needs.

    A tsconfig that cannot be read is reported once, with the first spec.
    """
    from specgen.migrate.codebase import TypeFinder, index_codebase  # noqa: PLC0415  # the TypeScript parser loads only for --from

    declared = {name: p for p in plans if p.ok for name in p.data.get("types", {})}
    ts_root = config.ts_root  # as generation lays it out
    index = index_codebase(
        from_dir, bindings_dir=config.typescript.bindings_dir, ts_root=ts_root.resolve()
    )
    finder = TypeFinder(index)
    found: dict[str, dict[str, FoundType | None]] = {}
    for plan in migrating:
        names = [n for n in plan.needs if n not in declared]
        command = str(plan.data["name"])
        found[str(plan.source)] = finder.resolve(command, names, plan.base_diagnostics)
        for name in sorted(plan.settled):
            declarer = declared.get(name)
            if declarer is None or declarer is plan:
                continue
            owner = str(declarer.data["name"])
            shadow = finder.shadowed(command, name, str(declarer.source), owner)
            plan.base_diagnostics += shadow
    migrating[0].base_diagnostics.extend(index.config_problems())  # once for the batch
    return found


def _assign_owners(
    alive: list[SpecPlan], found: dict[str, dict[str, FoundType | None]]
) -> dict[str, SpecPlan]:
    """Which spec of the batch declares each found type (exactly one)."""
    by_name = {str(p.data["name"]): p for p in alive}
    owners: dict[str, SpecPlan] = {}
    for plan in alive:
        for name, definition in found.get(str(plan.source), {}).items():
            if definition is None or name in owners:
                continue
            preferred = by_name.get(definition.owner_command or "")
            owners[name] = preferred if preferred is not None else plan
    return owners


def _assemble(
    alive: list[SpecPlan],
    found: dict[str, dict[str, FoundType | None]],
    owners: dict[str, SpecPlan],
) -> dict[str, list[Diagnostic]]:
    """Give each spec its types and its migrated text; the notes each type brings."""
    users: dict[str, list[SpecPlan]] = {}
    for plan in alive:
        for name in found.get(str(plan.source), {}):
            users.setdefault(name, []).append(plan)
    extra: dict[str, list[Diagnostic]] = {str(p.source): [] for p in alive}
    for plan in alive:
        defined = found.get(str(plan.source), {})
        types: dict[str, Any] = dict(plan.doc.data.get("types", {})) if plan.doc else {}
        notes = extra[str(plan.source)]
        plan.settled |= set(defined)
        plan.type_homes = {}
        for name, definition in defined.items():
            if definition is None:
                notes.extend(_unresolved(plan, name, defined, owners))
                continue
            if owners.get(name) is not plan:
                continue
            types[name] = _finished_entry(definition, users.get(name, []), notes)
            pos = definition.pos
            plan.type_homes[name] = Location(definition.file, pos.line, pos.column)
        data = {k: v for k, v in plan.data.items() if k != "types"}
        if types:
            data["types"] = types
        ordered = {k: data[k] for k in _KEY_ORDER if k in data}
        plan.data = ordered | {k: v for k, v in data.items() if k not in ordered}
        plan.text = json.dumps(plan.data, indent=2, ensure_ascii=False) + "\n"
    return extra


def _finished_entry(
    definition: FoundType, users: list[SpecPlan], notes: list[Diagnostic]
) -> dict[str, Any]:
    """The ``types`` entry of a found type, its Rust side settled for an external one."""
    entry: dict[str, Any] = json.loads(json.dumps(definition.entry))
    notes.extend(definition.diagnostics)
    where = Location(
        definition.file, definition.pos.line, definition.pos.column, f"$.types.{definition.name}"
    )
    if not definition.external:
        notes.append(
            coded(
                "SG407",
                f"type '{definition.name}' carried over from the codebase",
                where,
                f"review the {'enum' if 'enum' in entry else 'struct'}; it is now the spec's",
            )
        )
        return entry
    from specgen.adapters import load_registry  # noqa: PLC0415  # loads plugins; --from only

    module = entry["external"]["typescript"]["module"]
    rust_backed = load_registry().rust_backed_names()
    rust_users = [u for u in users if u.data.get("adapter") in rust_backed]
    if definition.rust_wire is not None:
        rust = f"Rust side: the wire type {definition.rust_wire}"
    elif rust_users:
        wire = "Record<string, unknown>" if definition.is_object else "unknown"
        entry["external"]["rust"] = {"wire": wire}
        rust = f"Rust side: {wire}, since {rust_users[0].data['name']} is Rust-backed"
    else:
        rust = "no Rust side (no Rust-backed adapter uses it)"
    notes.append(
        coded(
            "SG408",
            f"type '{definition.name}' refers to '{module}' as an external type; {rust}",
            where,
            "give external.rust a path (e.g. uuid::Uuid) where a Rust type exists",
        )
    )
    return entry


_SG403_NAME = re.compile(r"type '([^']+)'")


def undeclared_name(diag: Diagnostic) -> str:
    """The type name an SG403 warning is about."""
    match = _SG403_NAME.match(diag.message)
    return match.group(1) if match else ""


def _unresolved(
    plan: SpecPlan,
    name: str,
    defined: dict[str, FoundType | None],
    owners: dict[str, SpecPlan],
) -> list[Diagnostic]:
    """SG409 where the spec names a type the codebase does not have either.

    A name only a carried type uses (a field ``when: Date``) is reported where that
    type's declaration uses it, by the spec that carries the type.
    """
    assert plan.doc is not None  # noqa: S101  # only loaded specs are assembled
    hint = (
        f'declare "{name}" in "types" of the migrated spec, or as '
        f"[external_types.{name}] in specgen.toml"
    )
    direct = [
        plan.doc.source.diagnostic(
            "SG409",
            f"type '{name}' is used but neither the v1 spec nor the codebase declares it",
            path,
            hint=hint,
        )
        for path in plan.needs.get(name, [])[:1]
    ]
    if direct:
        return direct
    for user in defined.values():
        if user is None or owners.get(user.name) is not plan or name not in user.need_sites:
            continue
        file, pos, path = user.need_sites[name]
        message = (
            f"type '{name}', used by '{user.name}' (carried over from the codebase), "
            "is declared neither in the codebase nor in the spec"
        )
        library = LIBRARY_TYPES.get(name)
        return [
            coded(
                "SG409",
                message,
                Location(file, pos.line, pos.column, format_path(path)),
                f"{library}, in the migrated spec" if library else hint,
            )
        ]
    return []


def _relocated(diags: list[Diagnostic], homes: dict[str, Location]) -> list[Diagnostic]:
    """Diagnostics about a type carried from the codebase, moved to its declaration there.

    The v1 file has no ``types`` block to point at; the TypeScript declaration does.
    """
    if not homes:
        return diags
    moved = []
    for diag in diags:
        path = diag.location.json_path
        name = re.match(r"\$\.types\.([A-Za-z_$][\w$]*)", path)
        home = homes.get(name.group(1)) if name else None
        if home is None:
            moved.append(diag)
            continue
        where = Location(home.file, home.line, home.column, path)
        moved.append(replace(diag, location=where))
    return moved


def _validate(
    alive: list[SpecPlan],
    fixed: list[SpecPlan],
    extra: dict[str, list[Diagnostic]],
    config: ProjectConfig,
    known_adapters: Collection[str] | None,
) -> list[SpecPlan]:
    """Validate the batch as one project; return the specs that newly fail."""
    failed: list[SpecPlan] = []
    docs: dict[str, SpecDocument] = {}
    for plan in alive:
        assert plan.doc is not None  # noqa: S101  # only loaded specs are validated
        base = [
            d
            for d in plan.base_diagnostics
            if not (d.code == "SG403" and undeclared_name(d) in plan.settled)
        ]
        plan.diagnostics = base + extra[str(plan.source)]
        try:
            spec = CommandSpecV2.model_validate(plan.data, strict=True)
        except ValidationError as exc:
            found = structure_diagnostics(exc, plan.doc.source, CommandSpecV2)
            plan.diagnostics += _relocated(found, plan.type_homes)
            plan.failure = _first_error(plan.diagnostics)
            failed.append(plan)
            continue
        docs[plan.doc.file] = SpecDocument(plan.doc.source, plan.data, spec, 1, plan.doc.v1)
    others = [p.doc for p in fixed if p.doc is not None]
    batch = [*docs.values(), *others]
    kwargs = {} if known_adapters is None else {"known_adapters": known_adapters}
    checks = validate_documents(
        [*batch, *_project_context(config, batch, [p.source for p in [*alive, *fixed]])],
        config.aliases,
        externals=config.external_types,
        **kwargs,
    )
    for plan in alive:
        if plan in failed or plan.doc is None:
            continue
        mine = [d for d in checks if d.location.file == plan.doc.file and d.code != "SG203"]
        plan.diagnostics += _relocated(mine, plan.type_homes)
        if has_errors(plan.diagnostics):
            plan.failure = _first_error(plan.diagnostics)
            failed.append(plan)
        else:
            plan.failure = ""
    _check_v2(fixed, checks)
    return failed


def _check_v2(fixed: list[SpecPlan], checks: list[Diagnostic]) -> None:
    """Give each v2 spec of the batch its validation diagnostics; one with errors fails.

    A v2 spec is not migrated (its text is left as it is), but one that does not
    validate is not clean either: it fails like a v1 spec with errors, and is not written.
    """
    for plan in fixed:
        if plan.doc is None:
            continue
        mine = [d for d in checks if d.location.file == plan.doc.file]
        plan.diagnostics = plan.base_diagnostics + mine
        plan.failure = _first_error(plan.diagnostics) if has_errors(plan.diagnostics) else ""


def _project_context(
    config: ProjectConfig, batch: list[SpecDocument], sources: list[Path]
) -> list[SpecDocument]:
    """The project's other specs (``spec_dirs``): the types they declare are known.

    ``migrate specs/one.json`` validates its spec as ``validate`` would, with the rest of
    the project loaded; only the batch's own problems are reported. A spec of the
    project that is a source of the batch, or an earlier version of one of its commands
    (the target ``--out`` replaces), is left out.
    """
    names = {doc.spec.name for doc in batch}
    given = {source.resolve() for source in sources}
    files, _ = discover_spec_files([d for d in config.spec_dirs if d.is_dir()])
    context = []
    for file in files:
        if file.resolve() in given:
            continue
        doc = load_spec_file(file).document
        if doc is not None and doc.spec.name not in names:
            context.append(doc)
    return context
