"""Answer a build request: generate Rust into ``OUT_DIR``; say what to include and watch.

Only the Rust output is generated. Each command becomes a module of the include file
(``specgen.rs``) whose parts are mounted with absolute ``#[path]`` attributes, so that the
file works through ``include!`` (which cannot resolve ``mod x;`` relative to itself). A
command's service is the crate's own ``<scaffold_dir>/<snake>.rs`` when it exists; until
then the not-implemented scaffold written into ``OUT_DIR`` is mounted, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from specgen.build.request import PROTOCOL_VERSION, BuildRequest
from specgen.config import load_config
from specgen.diagnostics import Diagnostic, Severity, has_errors
from specgen.diagnostics.model import Location
from specgen.diagnostics.render import render_line
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.ir import CommandIR
from specgen.renderers.templating import render
from specgen.writer import UnsafePathError, WriteConflictError, WriteOptions, write_atomic

INCLUDE_FILE = "specgen.rs"
"""The file, in the request's ``out_dir``, that ``include_generated!`` includes."""

RUST_DIR = "rust"
_SERVICE_FILE = "service.rs"
_SKIPPED_FILES = frozenset({"mod.rs", _SERVICE_FILE})


@dataclass(frozen=True)
class ModulePart:
    """One ``#[path = ...] pub mod name;`` line of a command module."""

    name: str
    path: str


@dataclass(frozen=True)
class CommandModule:
    """One command's module in the include file."""

    snake: str
    doc: str
    parts: tuple[ModulePart, ...]
    service_type: str | None


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    loc = diagnostic.location
    return {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "text": render_line(diagnostic),
    }


def _command_module(
    command: CommandIR, files: set[str], out_dir: Path, scaffold_dir: Path | None
) -> tuple[CommandModule, list[Diagnostic]]:
    folder = f"{RUST_DIR}/{command.snake}/"
    names = sorted(p.removeprefix(folder) for p in files if p.startswith(folder))
    parts = [
        ModulePart(name.removesuffix(".rs"), str(out_dir / folder / name))
        for name in names
        if name not in _SKIPPED_FILES and "/" not in name
    ]
    notes: list[Diagnostic] = []
    service_type = None
    if _SERVICE_FILE in names:
        service_type = f"{command.pascal}Service"
        own = scaffold_dir / f"{command.snake}.rs" if scaffold_dir else None
        if own is not None and own.is_file():
            parts.append(ModulePart("service", str(own.resolve())))
        else:
            fallback = out_dir / folder / _SERVICE_FILE
            parts.append(ModulePart("service", str(fallback)))
            where = f"at {own}" if own else "(no [rust] scaffold_dir is set)"
            notes.append(
                Diagnostic(
                    "SG602",
                    Severity.WARNING,
                    f"'{command.name}' has no service file {where}: it answers not_implemented",
                    Location(command.spec_file),
                    f"run `specgen new` for new commands, or copy {fallback} there and fill it in",
                )
            )
    module = CommandModule(
        command.snake, f"{command.name}: {command.description}", tuple(parts), service_type
    )
    return module, notes


def _watched(
    result: GenerationResult, spec_paths: list[Path], scaffold_dir: Path | None
) -> list[str]:
    templates = resources.files("specgen") / "templates"
    watched = {*result.inputs, *(str(p.resolve()) for p in spec_paths if p.exists())}
    if isinstance(templates, Path):
        watched.add(str(templates))
    if scaffold_dir is not None:
        watched.add(str(scaffold_dir))
    return sorted(watched)


def answer(request: BuildRequest) -> dict[str, Any]:
    """Generate for ``request``; the JSON-ready response."""
    config, diagnostics = load_config(
        request.config.parent if request.config else request.manifest_dir
    )
    spec_paths = list(request.specs) or list(config.spec_dirs)
    scaffold_dir = request.scaffold_dir or config.rust.scaffold_dir
    response: dict[str, Any] = {"version": PROTOCOL_VERSION, "include": None, "files": []}
    if has_errors(diagnostics):  # a broken config stops the build: nothing is written
        result = GenerationResult(inputs=[str(config.file)] if config.file else [])
    elif not spec_paths:
        where = Location(str(config.file or request.manifest_dir / "specgen.toml"))
        diagnostics.append(
            Diagnostic(
                "SG601",
                Severity.ERROR,
                "no specs to generate from",
                where,
                'name them in build.rs (Builder::new().spec("specs/x.json")) '
                'or set spec_dirs = ["specs"] in specgen.toml',
            )
        )
        result = GenerationResult()
    else:
        try:
            result = run_generation(
                spec_paths,
                config,
                request.out_dir,
                adapter_override=request.adapter,
                options=WriteOptions(force=True),
                languages=(RUST_DIR,),
            )
        except (UnsafePathError, WriteConflictError) as exc:
            raise OSError(str(exc)) from exc
        diagnostics += result.diagnostics
    if not has_errors(diagnostics) and result.report is not None:
        files = {o.path for o in result.outputs}
        modules = []
        for command in sorted(result.commands, key=lambda c: c.snake):
            module, notes = _command_module(command, files, request.out_dir, scaffold_dir)
            if module.parts:  # a TypeScript-only command has no Rust
                modules.append(module)
            diagnostics += notes
        include = request.out_dir / INCLUDE_FILE
        text = render(
            "", "rust_build_include.rs.jinja", {"modules": modules, "mark": "@generated by specgen"}
        )
        write_atomic(include, text)
        response["include"] = str(include)
        response["files"] = sorted(files)
    response["inputs"] = _watched(result, spec_paths, scaffold_dir)
    response["ok"] = not has_errors(diagnostics)
    response["diagnostics"] = [
        _diagnostic_json(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)
    ]
    response["notes"] = result.notes
    return response
