"""Benchmark: generate the full vertical (Rust + TypeScript) of 312 specs.

Measured in the same run, on the same specs:

* cold: ``run_generation`` into an empty output folder (validate, resolve, plan,
  render, format, write), in process, a fresh folder each time, with every value
  remembered from earlier runs cleared first (`specgen.caches`), median of 5
  (templates are compiled once per process: ``cold_first_s`` includes that);
* no-op: ``run_generation`` again on a folder it just wrote, median of 5; it must
  write nothing (the benchmark stops with an error if it does);
* the peer baseline: quicktype (npm, pinned in ``bench/package.json``) turning JSON
  Schemas of the same commands' types (params, result, named structs and enums,
  made from the resolved IR, one file per command) into TypeScript: one process over
  all the files, timed from outside, node start-up included, median of 3.

The ratio is specgen's cold median over quicktype's median. For information the
cold run is also timed as a user sees it: ``python -m specgen generate`` in a new
interpreter (imports included), and the file system's own part of it is measured in
the same place (``fs_floor_median_s``: the same folders and bytes written with bare
system calls, in one process). Everything happens in a scratch folder inside the
checkout (``--scratch``), where a project's output would be. On an ext4 file system
without a journal, creating files next to many files deleted in the last minutes is
several times slower (the allocator steps over recently freed inodes): a large
``fs_floor_median_s`` shows such a moment (see bench/README.md). Results go to
``bench-results/generate.json`` and are printed. Targets (acceptance of ``nox -s
bench``): cold under 1 s, no-op under 0.2 s. A missed target is recorded in the
JSON, never turned into an exit status; a no-op run that writes, a rustfmt that is
missing or fails (the figure would not include formatting) and a quicktype that
cannot run are errors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_load import make_spec  # this script's folder is first on sys.path

from specgen.adapters import Planned, load_registry
from specgen.caches import clear_run_caches
from specgen.config import ProjectConfig, load_config
from specgen.generate.pipeline import GenerationResult, build_context, plan_files, run_generation
from specgen.ir import (
    CommandIR,
    EnumIR,
    ExternalRef,
    IRType,
    ListOf,
    MapOf,
    NamedRef,
    Nullable,
    Prim,
    SizedNum,
    StructIR,
    resolve_commands,
)
from specgen.renderers.format import formats, needs_rustfmt
from specgen.renderers.render_plan import render_file
from specgen.validate import validate_paths
from specgen.validate.adapter_rules import choose_adapters

COUNT = 312
TARGET_COLD_S = 1.0
TARGET_NOOP_S = 0.2
BENCH_DIR = Path(__file__).resolve().parent
NODE_STACK_KB = 4000
"""V8 stack for quicktype, in KiB (node's default is about 1 MiB; the OS gives 8 MiB)."""

Schema = dict[str, object]
_PRIM_SCHEMA: dict[str, Schema] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "unknown": {},
}
_SIZED_SCHEMA: dict[str, Schema] = {
    "i32": {"type": "integer"},
    "i64": {"type": "integer"},
    "u32": {"type": "integer", "minimum": 0},
    "u64": {"type": "integer", "minimum": 0},
    "f32": {"type": "number"},
    "f64": {"type": "number"},
}


# --- specgen ----------------------------------------------------------------------------------


def write_project(root: Path, count: int) -> ProjectConfig:
    """Write ``count`` specs and a ``specgen.toml`` under ``root``; return its config."""
    specs = root / "specs"
    specs.mkdir()
    for i in range(count):
        (specs / f"spec-{i:04}.json").write_text(json.dumps(make_spec(i, count), indent=2))
    (root / "specgen.toml").write_text('spec_dirs = ["specs"]\nout_dir = "generated"\n')
    config, diags = load_config(root)
    if diags:
        raise SystemExit(f"the benchmark's specgen.toml did not load: {diags}")
    return config


def generate(config: ProjectConfig, out_dir: Path, adapter: str | None = None) -> GenerationResult:
    """One ``run_generation`` of the project (every spec through ``adapter`` if given).

    Any problem stops the benchmark.
    """
    result = run_generation(list(config.spec_dirs), config, out_dir, adapter_override=adapter)
    if not result.ok or result.report is None:
        raise SystemExit(f"generation failed: {result.diagnostics[:3]}")
    if result.notes:  # rustfmt missing or failing: formatting would not be in the figure
        raise SystemExit(f"generation left a note, so the timing would be wrong: {result.notes}")
    return result


def plan_project(config: ProjectConfig, adapter: str | None = None) -> list[Planned]:
    """The steps of a run before rendering: validate, resolve, choose adapters, plan."""
    registry = load_registry()
    report = validate_paths(list(config.spec_dirs), config.aliases, registry.names())
    base = config.root if config.file else None
    commands = resolve_commands(report.documents, config.aliases, base, config.default_adapter)
    adapters, _ = choose_adapters(report.documents, commands, registry, adapter)
    return plan_files(commands, adapters, build_context(commands, config))


def rust_formatting(config: ProjectConfig, adapter: str | None = None) -> dict[str, int]:
    """How many Rust files the templates lay out themselves and how many need rustfmt."""
    planned = plan_project(config, adapter)
    rust = [entry for entry in planned if formats(entry.file.path)]
    formatted = [
        entry.file
        for entry in rust
        if needs_rustfmt(
            entry.file.path, render_file(entry.file, entry.adapter), laid_out=entry.file.formatted
        )
    ]
    return {
        "rust_files_laid_out": len(rust) - len(formatted),
        "rust_files_rustfmt": len(formatted),
    }


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file under ``root`` (to show a run wrote nothing)."""
    stats = {str(p.relative_to(root)): p.stat() for p in root.rglob("*") if p.is_file()}
    return {path: (st.st_size, st.st_mtime_ns) for path, st in stats.items()}


def write_bare(root: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """The file system's part of a cold run: the same folders and bytes, bare system calls.

    Each folder is made once and each file written to a temporary name and renamed,
    as the writer does, in one process, with no checks, manifest or rendering.
    """
    base = str(root)
    made: set[str] = set()
    for path, data in files:
        folder, _, name = path.rpartition("/")
        if folder not in made:
            os.makedirs(f"{base}/{folder}", exist_ok=True)  # noqa: PTH103  # bare, as measured
            made.add(folder)
        temporary = f"{base}/{folder}/.{name}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        os.replace(temporary, f"{base}/{path}")  # noqa: PTH105  # bare, as measured


def run_cli(root: Path, out: str) -> None:
    """``python -m specgen generate --out OUT`` in a new interpreter, in the project ``root``."""
    env = dict(os.environ)
    if env.get("PYTHONPATH"):  # the child runs in another folder: make entries absolute
        entries = env["PYTHONPATH"].split(os.pathsep)
        env["PYTHONPATH"] = os.pathsep.join(str(Path(e).resolve()) for e in entries if e)
    proc = subprocess.run(  # noqa: S603  # this interpreter, fixed arguments
        [sys.executable, "-m", "specgen", "generate", "--out", out],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"specgen generate failed ({proc.returncode}): {proc.stderr[-2000:]}")


# --- the same types as JSON Schema, for quicktype ---------------------------------------------


def type_schema(type_: IRType, here: str, files: dict[str, str]) -> Schema:  # noqa: PLR0911  # one branch per IR type
    """The JSON Schema of one IR type (``here``: the schema file it is written in)."""
    if isinstance(type_, Prim):
        return dict(_PRIM_SCHEMA[type_.kind])
    if isinstance(type_, SizedNum):
        return dict(_SIZED_SCHEMA[type_.kind])
    if isinstance(type_, ListOf):
        return {"type": "array", "items": type_schema(type_.element, here, files)}
    if isinstance(type_, MapOf):
        return {"type": "object", "additionalProperties": type_schema(type_.value, here, files)}
    if isinstance(type_, Nullable):
        return nullable_schema(type_schema(type_.inner, here, files))
    if isinstance(type_, ExternalRef):
        return {}  # a type of the codebase: any JSON value
    return ref_schema(type_, here, files)


def nullable_schema(inner: Schema) -> Schema:
    """``T | null``: null joins the type when it is one word, else an ``anyOf``."""
    kind = inner.get("type")
    if isinstance(kind, str):
        return {**inner, "type": [kind, "null"]}
    return {"anyOf": [inner, {"type": "null"}]}


def ref_schema(ref: NamedRef, here: str, files: dict[str, str]) -> Schema:
    """A reference to a definition: in this file, or in the file of the command that owns it."""
    file = files[ref.owner]
    return {"$ref": f"{'' if file == here else file}#/definitions/{ref.name}"}


def struct_schema(struct: StructIR, here: str, files: dict[str, str]) -> Schema:
    """A closed object: one property per field, the non-optional ones required."""
    schema: Schema = {
        "type": "object",
        "properties": {f.name: type_schema(f.type, here, files) for f in struct.fields},
        "required": [f.name for f in struct.fields if not f.optional],
        "additionalProperties": False,
    }
    if struct.description:
        schema["description"] = struct.description
    return schema


def enum_schema(enum: EnumIR) -> Schema:
    """A string enum of the wire values."""
    schema: Schema = {"type": "string", "enum": [v.value for v in enum.variants]}
    if enum.description:
        schema["description"] = enum.description
    return schema


def command_schema(command: CommandIR, files: dict[str, str]) -> Schema:
    """Every type ``command`` owns (params, result, structs, enums), as definitions."""
    here = files[command.name]
    definitions = {
        s.name: struct_schema(s, here, files)
        for s in (command.params, command.results, *command.structs)
    }
    definitions.update({e.name: enum_schema(e) for e in command.enums})
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": command.name,
        "definitions": definitions,
    }


def write_schemas(config: ProjectConfig, folder: Path) -> tuple[list[Path], int]:
    """One schema file per command of the project, from the resolved IR; and the type count."""
    report = validate_paths(list(config.spec_dirs), config.aliases)
    if not report.ok:
        raise SystemExit(f"the generated specs did not validate: {report.diagnostics[:3]}")
    base = config.root if config.file else None
    commands = resolve_commands(report.documents, config.aliases, base, config.default_adapter)
    files = {c.name: f"{c.pascal}.schema.json" for c in commands}
    folder.mkdir()
    paths = []
    for command in commands:
        path = folder / files[command.name]
        path.write_text(json.dumps(command_schema(command, files), indent=2))
        paths.append(path)
    types = sum(2 + len(c.structs) + len(c.enums) for c in commands)
    return paths, types


# --- quicktype --------------------------------------------------------------------------------


def quicktype_entry() -> tuple[Path, str]:
    """The installed quicktype's script and version; stops the benchmark when it is missing."""
    package = BENCH_DIR / "node_modules" / "quicktype"
    try:
        manifest = json.loads((package / "package.json").read_text())
    except (OSError, ValueError) as exc:
        raise SystemExit(
            f"quicktype is not installed ({exc}): run `npm ci --prefix bench` or `nox -s bench`"
        ) from exc
    entry = manifest["bin"]
    return package / (entry if isinstance(entry, str) else entry["quicktype"]), manifest["version"]


def run_quicktype(script: Path, schemas: Sequence[Path], out: Path) -> None:
    """One quicktype process: the definitions of every schema to one TypeScript file.

    The script runs under ``node`` directly (what its ``#!/usr/bin/env node`` line
    does) with a larger V8 stack: the specs' types form one reference ring through
    every command, and quicktype resolves it recursively: on 312 commands that overflows
    node's default stack ("Maximum call stack size exceeded"; 120 still pass).
    """
    command = [
        "node", f"--stack-size={NODE_STACK_KB}", str(script),
        "--src-lang", "schema",
        "--lang", "typescript",
        "--just-types",
        "--out", str(out),
        *(f"{p.name}#/definitions/" for p in schemas),
    ]  # fmt: skip
    try:
        proc = subprocess.run(  # noqa: S603  # node from PATH and our pinned quicktype
            command, cwd=schemas[0].parent, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise SystemExit(f"quicktype could not start: {exc}") from exc
    if proc.returncode != 0 or not out.is_file():
        raise SystemExit(f"quicktype failed ({proc.returncode}): {proc.stderr[-2000:]}")


def node_version() -> str:
    """``node --version``."""
    proc = subprocess.run(
        ["node", "--version"],  # noqa: S607  # node from PATH, as quicktype's own shebang
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip()


# --- measuring --------------------------------------------------------------------------------


def _time(fn: Callable[[int], object], repeat: int) -> list[float]:
    """The wall-clock time of ``fn(0)``, ``fn(1)``, ... ``fn(repeat - 1)``."""
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - start)
    return samples


def measure_specgen(
    root: Path, config: ProjectConfig, args: argparse.Namespace
) -> dict[str, float]:
    """Cold runs into fresh folders, then no-op runs on the last one, then CLI cold runs."""
    results: list[GenerationResult] = []

    def cold_run(index: int) -> None:
        clear_run_caches()  # nothing remembered from the previous run (names, types)
        results.append(generate(config, root / f"cold-{index}"))

    cold = _time(cold_run, args.repeat_cold)
    last = root / f"cold-{args.repeat_cold - 1}"
    before = snapshot(last)
    written: list[str] = []

    def noop(_: int) -> None:
        report = generate(config, last).report
        written.extend(report.written() if report else ["<no report>"])

    noop_s = _time(noop, args.repeat_noop)
    if written or snapshot(last) != before:
        raise SystemExit(f"a no-op run wrote files: {sorted(set(written))[:10]}")
    files = [(o.path, o.content) for o in results[0].outputs]
    floor = _time(lambda i: write_bare(root / f"bare-{i}", files), args.repeat_cold)
    process = _time(lambda i: run_cli(root, f"cli-{i}"), args.repeat_cold)
    report = results[0].report
    return {
        "files_generated": len(results[0].outputs),
        **rust_formatting(config),
        "files_written_cold": len(report.written()) if report else 0,
        "cold_median_s": statistics.median(cold),
        "cold_min_s": min(cold),
        "cold_first_s": cold[0],
        "cold_process_median_s": statistics.median(process),
        "fs_floor_median_s": statistics.median(floor),
        "noop_median_s": statistics.median(noop_s),
        "noop_min_s": min(noop_s),
        "noop_files_written": len(written),
    }


def measure_quicktype(
    root: Path, config: ProjectConfig, args: argparse.Namespace, script: Path
) -> dict[str, float]:
    """The same commands' types through quicktype, one process over every schema."""
    schemas, types = write_schemas(config, root / "schemas")
    samples = _time(
        lambda i: run_quicktype(script, schemas, root / f"quicktype-{i}.ts"), args.repeat_quicktype
    )
    lines = (root / "quicktype-0.ts").read_text().splitlines()
    return {
        "quicktype_median_s": statistics.median(samples),
        "quicktype_min_s": min(samples),
        "quicktype_schema_files": len(schemas),
        "quicktype_schema_types": types,
        "quicktype_ts_declarations": sum(
            line.startswith(("export interface ", "export type ")) for line in lines
        ),
    }


def main() -> None:
    """Write the specs, time specgen and quicktype, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--repeat-cold", type=int, default=5)
    parser.add_argument("--repeat-noop", type=int, default=5)
    parser.add_argument("--repeat-quicktype", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench-results/generate.json"))
    parser.add_argument(
        "--scratch",
        type=Path,
        default=Path("bench-results/scratch"),
        help="where the specs and outputs go (removed afterwards): inside the checkout by "
        "default, where a project's own output would be",
    )
    args = parser.parse_args()
    script, quicktype_version = quicktype_entry()  # before the long part: fail early
    args.scratch = args.scratch.resolve()
    args.scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="specgen-bench-", dir=args.scratch) as tmp:
        root = Path(tmp)
        config = write_project(root, args.count)
        specgen = measure_specgen(root, config, args)
        peer = measure_quicktype(root, config, args, script)
    cold, noop = specgen["cold_median_s"], specgen["noop_median_s"]
    quicktype = peer["quicktype_median_s"]
    result = {
        "benchmark": "generate",
        "specs": args.count,
        "repeat": {
            "cold": args.repeat_cold,
            "noop": args.repeat_noop,
            "quicktype": args.repeat_quicktype,
        },
        **specgen,
        **peer,
        "ratio_cold_to_quicktype": cold / quicktype,
        "targets": {"cold_s": TARGET_COLD_S, "noop_s": TARGET_NOOP_S},
        "cold_target_met": cold < TARGET_COLD_S,
        "noop_target_met": noop < TARGET_NOOP_S,
        "scratch": str(args.scratch),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "node": node_version(),
        "quicktype": quicktype_version,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
