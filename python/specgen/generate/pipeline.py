"""The generation pipeline: validate -> resolve -> plan -> render -> format -> write.

Each step is a named function; ``run_generation`` only calls them in order and
stops at the first step that reports errors, so nothing is written from a spec
that does not validate. A large run renders and writes with a forked worker
(`specgen.generate.parallel`), under the same writer rules.

Everything that reads or writes the output root runs under the project lock
(`specgen.writer.lock`): exclusive for a writing run, shared for ``--check`` and
``--dry-run``. After a run that was killed while writing, the no-op shortcut is not
taken: the full run removes the killed run's leftovers and brings the manifest in line.
"""

from __future__ import annotations

import dataclasses
import posixpath
import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.adapters import AdapterRegistry, GenerationContext, PlannedFile, load_registry
from specgen.adapters.base import Adapter
from specgen.caches import collection_paused
from specgen.config import LANGUAGES, ProjectConfig
from specgen.diagnostics import Diagnostic, Severity, has_errors
from specgen.generate import parallel
from specgen.generate.fingerprint import input_fingerprint, is_fresh, record
from specgen.ir import CommandIR, resolve_commands
from specgen.realpaths import RealPaths
from specgen.renderers.format import PendingFormat
from specgen.renderers.templating import render, template
from specgen.spec.document import SpecDocument
from specgen.validate import discover_spec_files, validate_files
from specgen.validate.external import check_external_rust_sides
from specgen.writer import (
    Action,
    FileChange,
    OutputFile,
    Owner,
    WriteMode,
    WriteOptions,
    WriteReport,
    read_manifest,
    stopping,
    write_outputs,
)
from specgen.writer.errors import UnsafePathError, WriteConflictError
from specgen.writer.lock import project_lock

Planned = tuple[PlannedFile, Adapter | None, str]
"""A planned file, the adapter that renders it (None: specgen's own) and its spec."""

PROJECT_SPEC = "(project)"
"""The owner recorded for files made from the whole project (the Rust module index)."""


@dataclass
class GenerationResult:
    """What a run produced: diagnostics, the rendered files, the write report."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[OutputFile] = field(default_factory=list)
    report: WriteReport | None = None
    notes: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    """Every spec and config file read (for build systems to watch)."""
    commands: list[CommandIR] = field(default_factory=list)
    """The commands generated (empty when the run stopped early or found nothing to do)."""

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not has_errors(self.diagnostics)


def _adapter_diagnostic(doc: SpecDocument, name: str, registry: AdapterRegistry) -> Diagnostic:
    """No adapter by that name: an error now, since nothing can be generated."""
    path = ("adapter",) if doc.spec.adapter else ("name",)
    hint = "available: " + ", ".join(registry.names())
    if name in registry.broken:
        hint = f"the plugin failed to load: {registry.broken[name]}"
    message = f"no adapter named '{name}'"
    return Diagnostic("SG113", Severity.ERROR, message, doc.source.locate(path), hint)


def choose_adapters(
    documents: Sequence[SpecDocument],
    commands: Sequence[CommandIR],
    registry: AdapterRegistry,
    override: str | None,
) -> tuple[dict[str, Adapter], list[Diagnostic]]:
    """The adapter of each command (``override`` wins); unknown names are errors."""
    by_name = {d.spec.name: d for d in documents}
    chosen: dict[str, Adapter] = {}
    diags: list[Diagnostic] = []
    for command in commands:
        name = override or command.adapter
        adapter = registry.get(name)
        if adapter is None:
            diags.append(_adapter_diagnostic(by_name[command.name], name, registry))
            continue
        chosen[command.name] = adapter
    return chosen, diags


RUST_BACKED_ADAPTERS = frozenset({"rust-ipc", "full-stack", "trait-only", "types"})


def check_rust_references(
    documents: Sequence[SpecDocument], commands: Sequence[CommandIR], adapters: dict[str, Adapter]
) -> list[Diagnostic]:
    """A Rust-backed command may only use types that Rust code declares too (SG306)."""
    by_name = {d.spec.name: d for d in documents}
    diags = []
    for command in commands:
        if adapters[command.name].name not in RUST_BACKED_ADAPTERS:
            continue
        for ref in command.foreign:
            if adapters[ref.owner].name in RUST_BACKED_ADAPTERS:
                continue
            owner = by_name[ref.owner]
            diags.append(
                owner.source.diagnostic(
                    "SG306",
                    f"type '{ref.name}' is declared by the TypeScript-only command "
                    f"'{ref.owner}', but the Rust-backed command '{command.name}' uses it",
                    ("types", ref.name),
                    key=True,
                    hint="declare it in a Rust-backed spec (trait-only, or types for the wire "
                    "types alone) so Rust has it too",
                )
            )
    return diags


def plan_files(
    commands: Sequence[CommandIR],
    adapters: dict[str, Adapter],
    context: GenerationContext,
    existing_rust_modules: Collection[str] = (),
) -> list[Planned]:
    """Every planned file with the adapter that renders it and its spec."""
    planned: list[Planned] = []
    rust_modules: set[str] = set(existing_rust_modules)
    for command in commands:
        adapter = adapters[command.name]
        for item in adapter.plan(command, context):
            planned.append((item, adapter, command.spec_file))
            if item.path.startswith(context.layout.rust_dir + "/") and item.path.endswith(
                "/mod.rs"
            ):
                rust_modules.add(command.snake)
    if rust_modules:
        index = PlannedFile(
            posixpath.join(context.layout.rust_dir, "mod.rs"),
            "rust_index.rs.jinja",
            "generated",
            {"modules": sorted(rust_modules), "mark": "@generated by specgen"},
        )
        planned.append((index, None, PROJECT_SPEC))
    return planned


def render_files(
    planned: Sequence[Planned],
) -> tuple[list[OutputFile], list[str]]:
    """Render every planned file; rustfmt formats the Rust ones while the rest render."""
    started = start_render(planned)
    formatted, notes = started.finish()
    return sorted([*started.ready, *formatted], key=lambda file: file.path), notes


@dataclass
class StartedRender:
    """Rendered files: the non-Rust ones ready, the Rust ones in rustfmt until `finish`."""

    ready: list[OutputFile]
    """The rendered files that need no formatting."""
    pending: PendingFormat
    meta: dict[str, tuple[Owner, str]]
    """Owner and spec of each Rust file."""

    def finish(self) -> tuple[list[OutputFile], list[str]]:
        """Wait for rustfmt: the Rust files (sorted by path) and a note when it did not run."""
        formatted = self.pending.result()
        files = [
            OutputFile(path, formatted.files[path], *self.meta[path])
            for path in sorted(formatted.files)
        ]
        return files, [formatted.note] if formatted.note else []


def start_render(planned: Sequence[Planned]) -> StartedRender:
    """Render the Rust files and start rustfmt on them; then render the others."""
    rust = [entry for entry in planned if entry[0].path.endswith(".rs")]
    other = [entry for entry in planned if not entry[0].path.endswith(".rs")]
    pending = PendingFormat(
        {item.path: render_file(item, adapter) for item, adapter, _ in rust},
        laid_out={item.path for item, _, _ in rust if item.formatted},
    )
    try:
        ready = [
            OutputFile(item.path, render_file(item, adapter), item.owner, spec)
            for item, adapter, spec in other
        ]
    except BaseException:
        pending.close()  # end rustfmt now; its scratch folder goes
        raise
    meta: dict[str, tuple[Owner, str]] = {item.path: (item.owner, spec) for item, _, spec in rust}
    return StartedRender(ready, pending, meta)


def split_for_worker(
    planned: Sequence[Planned], options: WriteOptions
) -> tuple[list[Planned], list[Planned]]:
    """(files for this process, files for a forked worker).

    The worker's share is empty when the run is small, does not write or cannot fork
    (`parallel.should_split`).
    """
    if not parallel.should_split(len(planned), options):
        return list(planned), []
    return parallel.split_planned(planned, lambda entry: entry[2])


def render_and_write_in_two(
    out_dir: Path,
    planned: Sequence[Planned],
    shares: tuple[Sequence[Planned], Sequence[Planned]],
    options: WriteOptions,
    scope: Collection[str] | None,
) -> tuple[list[OutputFile], list[str], WriteReport]:
    """`render_files` and `write_outputs` of ``planned``, split in ``shares`` (`parallel`)."""
    mine, theirs = shares
    for item, adapter, _ in theirs:  # compiled once here, not again in every worker
        template(*_template_of(item, adapter))
    placeholders = [OutputFile(item.path, b"", item.owner, spec) for item, _, spec in planned]
    return parallel.generate_in_two(
        out_dir, mine, theirs, placeholders, options=options, render=start_render, scope=scope
    )


def _template_of(item: PlannedFile, adapter: Adapter | None) -> tuple[str, str, str]:
    """(adapter name, template, template package) of a planned file."""
    if adapter is None:  # specgen's own files (the Rust module index)
        return "", item.template, "specgen"
    return adapter.name, item.template, adapter.template_package


def render_file(item: PlannedFile, adapter: Adapter | None) -> bytes:
    """The bytes of one planned file, as its template renders them (before formatting)."""
    name, template_name, package = _template_of(item, adapter)
    return render(name, template_name, item.context, package)


def build_context(commands: Sequence[CommandIR], config: ProjectConfig) -> GenerationContext:
    """The project-wide view adapters plan against."""
    return GenerationContext(
        commands={c.name: c for c in commands},
        structs={s.name: s for c in commands for s in (*c.structs, c.params, c.results)},
        enums={e.name: e for c in commands for e in c.enums},
        typescript=config.typescript,
    )


def existing_modules(out_dir: Path, rust_dir: str) -> list[str]:
    """Rust command modules already generated in ``out_dir`` (kept in the module index)."""
    root = out_dir / rust_dir
    if not root.is_dir():
        return []
    return sorted(
        p.parent.name
        for p in root.glob("*/mod.rs")
        if b"@generated by specgen" in p.read_bytes()[:400]
    )


@collection_paused()
def run_generation(  # noqa: PLR0913  # the CLI's options, passed through
    spec_paths: Sequence[Path],
    config: ProjectConfig,
    out_dir: Path,
    *,
    only: Collection[Path] | None = None,
    adapter_override: str | None = None,
    options: WriteOptions | None = None,
    registry: AdapterRegistry | None = None,
    languages: Collection[str] = LANGUAGES,
    lock_timeout: float | None = None,
    on_lock_wait: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Generate for the specs under ``spec_paths``; write only those in ``only`` if given.

    ``languages`` limits the output to ``rust`` and/or ``ts`` files (a Cargo build script
    generates the Rust of a ``[rust] build_script = true`` project itself).
    ``lock_timeout`` is how long to wait for another run's project lock (None: as long as
    it takes); ``on_lock_wait`` is told once when this run has to wait (default: stderr).

    Raises:
        LockTimeoutError: The project lock stayed taken for ``lock_timeout`` seconds.
        Interrupted: SIGTERM or SIGINT (with `stopping.handling_stops`); the files written
            are complete and recorded in the manifest.
    """
    result = GenerationResult()
    registry = registry or load_registry()
    options = options or WriteOptions()
    spec_files, missing = discover_spec_files(list(spec_paths))
    if missing:  # a spec path that does not exist: nothing is written from a partial project
        result.diagnostics = missing
        return result
    inputs = [*spec_files, *([config.file] if config.file else [])]
    result.inputs = sorted(str(p) for p in inputs)
    fingerprint = _fingerprint(
        inputs, out_dir, only, adapter_override, registry, options, languages
    )
    wait = on_lock_wait or _say_waiting
    if options.mode is WriteMode.WRITE and not options.force:
        with project_lock(out_dir, shared=True, timeout=lock_timeout, on_wait=wait) as lock:
            fresh = None if lock.interrupted else is_fresh(out_dir, fingerprint)
        if fresh is not None:  # as the last run left it: nothing to read, render or write
            result.report = unchanged_report(out_dir, fresh)
            return result
    prepared = _validated(
        spec_files,
        config,
        only=only,
        adapter_override=adapter_override,
        registry=registry,
        result=result,
    )
    if prepared is None:
        return result
    shared = options.mode is not WriteMode.WRITE
    with project_lock(
        out_dir, shared=shared, timeout=lock_timeout, on_wait=wait, clean_errors=CLEAN_ERRORS
    ) as held:
        if held.interrupted and not shared:  # a killed run's files, not yet in the manifest
            options = dataclasses.replace(options, repair=True)
        _write_locked(result, prepared, out_dir, options, languages)
        if held.note:  # a shared run only: it records no cache
            result.notes.append(held.note)
        if options.mode is WriteMode.WRITE and not result.diagnostics and not result.notes:
            record(out_dir, fingerprint, [o.path for o in result.outputs])
    return result


CLEAN_ERRORS = (UnsafePathError, WriteConflictError, stopping.Interrupted)
"""Errors a writing run raises with nothing half-done: refusals before any write, and a
stop between two files. Any other error leaves the project lock's mark (a repair next)."""


def _say_waiting(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


@dataclass
class _Validated:
    """What validation hands the writing step: the commands to generate and how."""

    commands: list[CommandIR]
    selected: list[CommandIR]
    adapters: dict[str, Adapter]
    context: GenerationContext
    only: Collection[Path] | None


def _validated(  # noqa: PLR0913  # run_generation's inputs, passed through
    spec_files: list[Path],
    config: ProjectConfig,
    *,
    only: Collection[Path] | None,
    adapter_override: str | None,
    registry: AdapterRegistry,
    result: GenerationResult,
) -> _Validated | None:
    """Validate and resolve the specs (the output root is not looked at); None on errors."""
    report = validate_files(
        spec_files,
        config.aliases,
        known_adapters=registry.names(),
        externals=config.external_types,
    )
    result.diagnostics = report.diagnostics
    if not report.ok:
        return None
    base = config.root if config.file else None
    commands = resolve_commands(
        report.documents, config.aliases, base, config.default_adapter, config.external_types
    )
    wanted = _selected(report.documents, only)
    adapters, diags = choose_adapters(report.documents, commands, registry, adapter_override)
    if not has_errors(diags):
        diags += check_rust_references(report.documents, commands, adapters)
        rust_backed = {n for n, a in adapters.items() if a.name in RUST_BACKED_ADAPTERS}
        diags += check_external_rust_sides(report.documents, commands, rust_backed)
    # An unknown --adapter is found here, a spec's own one by validation: say each once.
    unknown = {(d.location.file, d.location.line) for d in diags if d.code == "SG113"}
    result.diagnostics = [
        d
        for d in result.diagnostics
        if d.code != "SG113" or (d.location.file, d.location.line) not in unknown
    ]
    result.diagnostics += diags
    if has_errors(diags):
        return None
    context = build_context(commands, config)
    selected = [c for c in commands if c.name in wanted]
    result.commands = selected
    return _Validated(commands, selected, adapters, context, only)


def _write_locked(
    result: GenerationResult,
    valid: _Validated,
    out_dir: Path,
    options: WriteOptions,
    languages: Collection[str],
) -> None:
    """Plan, render and write (under the project lock): the outputs and report in ``result``."""
    only, context = valid.only, valid.context
    keep = [] if only is None else existing_modules(out_dir, context.layout.rust_dir)
    planned = _in_languages(
        plan_files(valid.selected, valid.adapters, context, keep), languages, context
    )
    scope = None if only is None else {c.spec_file for c in valid.selected} | {PROJECT_SPEC}
    mine, theirs = split_for_worker(planned, options)
    if theirs:
        result.outputs, result.notes, result.report = render_and_write_in_two(
            out_dir, planned, (mine, theirs), options, scope
        )
    else:
        result.outputs, result.notes = render_files(planned)
        result.report = write_outputs(out_dir, result.outputs, options, scope=scope)


def _in_languages(
    planned: list[Planned],
    languages: Collection[str],
    context: GenerationContext,
) -> list[Planned]:
    if set(LANGUAGES) <= set(languages):
        return planned
    roots = {"rust": context.layout.rust_dir, "ts": context.layout.ts_dir}
    prefixes = tuple(roots[language] + "/" for language in languages)
    return [entry for entry in planned if entry[0].path.startswith(prefixes)]


def _fingerprint(  # noqa: PLR0913, PLR0917  # every input of a run
    inputs: Sequence[Path],
    out_dir: Path,
    only: Collection[Path] | None,
    adapter_override: str | None,
    registry: AdapterRegistry,
    options: WriteOptions,
    languages: Collection[str],
) -> str:
    extra = [
        ",".join(sorted(languages)),
        str(out_dir.resolve()),
        adapter_override or "",
        ",".join(sorted(str(p.resolve()) for p in only)) if only is not None else "*",
        ",".join(registry.names()),
        f"backup={options.backup}",
    ]
    real = RealPaths()
    return input_fingerprint([real.resolve(p) for p in inputs], extra)


def unchanged_report(out_dir: Path, paths: Sequence[str]) -> WriteReport:
    """The report of a run that found everything as the last run left it."""
    manifest, _ = read_manifest(out_dir)
    changes = []
    for path in paths:
        entry = manifest.get(path)
        owner = entry.owner if entry else "generated"
        action = Action.KEEP_SCAFFOLD if owner == "scaffold" else Action.UNCHANGED
        changes.append(FileChange(path, action, owner, entry.spec if entry else ""))
    return WriteReport(changes=changes, mode=WriteMode.WRITE)


def _selected(documents: Sequence[SpecDocument], only: Collection[Path] | None) -> set[str]:
    if only is None:
        return {d.spec.name for d in documents}
    wanted = {p.resolve() for p in only}
    return {d.spec.name for d in documents if Path(d.file).resolve() in wanted}
