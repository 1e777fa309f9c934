"""``specgen demo``: the bundled example project, validated and summarised.

Later capabilities (generation, the runtime) extend the demo; each part stays a
named step here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console
from rich.table import Table

from specgen import console as out
from specgen.config import ProjectConfig, load_config
from specgen.diagnostics import has_errors
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.spec.loader import load_spec_file
from specgen.validate import ProjectReport, validate_paths


def examples_root() -> Path:
    """The folder of bundled examples inside the installed package."""
    return Path(str(resources.files("specgen") / "examples"))


def _summary_rows(report: ProjectReport) -> list[dict[str, object]]:
    return [
        {
            "command": doc.spec.name,
            "adapter": doc.spec.adapter or "server-only",
            "environment": doc.spec.environment,
            "params": len(doc.spec.params),
            "results": len(doc.spec.results),
            "types": sorted(doc.spec.types),
            "file": Path(doc.file).name,
        }
        for doc in sorted(report.documents, key=lambda d: d.spec.name)
    ]


def _generate(root: Path, config: ProjectConfig, out_dir: Path) -> GenerationResult:
    """Generate the example project's whole vertical into ``out_dir``."""
    return run_generation([root / "specs"], config, out_dir)


def _print_generation(console: Console, result: GenerationResult, out_dir: Path) -> None:
    if result.report is None:
        console.print("generation skipped: the specs have errors", markup=False)
        return
    by_command: dict[str, list[str]] = {}
    for change in result.report.changes:
        by_command.setdefault(change.spec, []).append(change.path)
    table = Table(title=f"Generated into {out_dir}")
    table.add_column("spec", no_wrap=True)
    table.add_column("files", justify="right")
    table.add_column("Rust", justify="right")
    table.add_column("TypeScript", justify="right")
    for spec, paths in sorted(by_command.items()):
        rust = sum(p.endswith(".rs") for p in paths)
        ts = sum(p.endswith(".ts") for p in paths)
        table.add_row(spec, str(len(paths)), str(rust), str(ts))
    console.print(table)
    written = result.report.written()
    console.print(
        f"{len(written)} file(s) written into {out_dir} "
        f"({len(result.report.changes) - len(written)} already up to date); "
        "scaffolds are yours to edit, generated files are rewritten from the specs.",
        markup=False,
    )
    for note in result.notes:
        console.print(f"note: {note}", markup=False)


def run_demo(output_format: str, out_dir: Path) -> int:
    """Validate the bundled specs, generate them into ``out_dir``, migrate the v1 example."""
    root = examples_root()
    config, config_diags = load_config(root / "specs")
    report = validate_paths([root / "specs"], config.aliases)
    v1 = load_spec_file(root / "v1" / "gpu-stats.json")
    diags = config_diags + report.diagnostics
    rows = _summary_rows(report)
    generated = _generate(root, config, out_dir) if report.ok else GenerationResult()
    failed = has_errors(diags) or not v1.ok or generated.report is None
    if output_format == "json":
        written = [] if generated.report is None else generated.report.written()
        out.print_json(
            {
                "specs": rows,
                "v1": {"file": "v1/gpu-stats.json", "migrated": v1.ok},
                "out": str(out_dir),
                "written": written,
                "ok": not failed,
            }
            | out.diagnostics_json(diags + v1.diagnostics)
        )
        return 2 if failed else 0
    console = out.stdout_console()
    console.print(f"specgen demo: validating the example project in {root / 'specs'}", markup=False)
    table = Table(title="Bundled command specs")
    table.add_column("command", no_wrap=True)
    table.add_column("adapter", no_wrap=True)
    table.add_column("env")
    table.add_column("params", justify="right")
    table.add_column("results", justify="right")
    table.add_column("types", overflow="fold")
    for row in rows:
        types = "\n".join(row["types"]) if isinstance(row["types"], list) else ""
        table.add_row(
            str(row["command"]),
            str(row["adapter"]),
            str(row["environment"]),
            str(row["params"]),
            str(row["results"]),
            types or "-",
        )
    console.print(table)
    out.print_diagnostics(diags + v1.diagnostics, console)
    state = "valid" if not has_errors(diags) else "INVALID"
    console.print(
        f"{len(rows)} specs {state}; every adapter of the table is covered.", markup=False
    )
    _print_generation(console, generated, out_dir)
    if v1.document is not None:
        console.print(
            f"v1 example {v1.document.spec.name}: migrated to v2 in memory "
            f"({len(v1.document.spec.params)} param, {len(v1.document.spec.results)} result); "
            "`specgen migrate` writes it out.",
            markup=False,
        )
    return 2 if failed else 0
