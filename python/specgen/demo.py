"""``specgen demo``: the bundled example project, validated and summarised.

Later capabilities (generation, the runtime) extend the demo; each part stays a
named step here.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from specgen import console as out
from specgen.config import ProjectConfig, load_config
from specgen.diagnostics import has_errors
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.spec.loader import load_spec_file
from specgen.validate import ProjectReport, validate_paths

if TYPE_CHECKING:
    from specgen.runtime.incident import IncidentResult


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


def _spec_table(rows: list[dict[str, object]]) -> Table:
    """The bundled specs as a table: command, adapter, environment, counts and types."""
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
    return table


def run_demo(output_format: str, out_dir: Path, plot: Path | None = None) -> int:
    """Validate, generate and migrate the bundled examples, then run the runtime part.

    The specs are generated into ``out_dir``; the runtime's incident scenario is printed
    as a timeline and, with ``plot``, drawn into a PNG.
    """
    root = examples_root()
    config, config_diags = load_config(root / "specs")
    report = validate_paths([root / "specs"], config.aliases, externals=config.external_types)
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
                "runtime": runtime_demo(Console(file=io.StringIO()), plot),
                "ok": not failed,
            }
            | out.diagnostics_json(diags + v1.diagnostics)
        )
        return 2 if failed else 0
    console = out.stdout_console()
    console.print(f"specgen demo: validating the example project in {root / 'specs'}", markup=False)
    console.print(_spec_table(rows))
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
    runtime_demo(console, plot)
    return 2 if failed else 0


# --- The runtime part: the seed's incident, at small scale, under the real Rust runtime ---

RUNTIME_ADAPTER_MIB = 16


def runtime_demo(console: Console, plot: Path | None = None) -> dict[str, object]:
    """Run the incident under simulated pressure and print a readable timeline.

    Fourteen real, touched 16 MiB "adapters" are loaded under a RAM gate of seven; the
    simulated RAM pressure rises as they load. Returns a JSON-ready summary; with ``plot``
    a PNG of pressure, budget and RSS over time is written (needs matplotlib, the ``plot``
    extra).
    """
    from specgen.runtime import PressureThresholds, Supervisor  # noqa: PLC0415
    from specgen.runtime.incident import MIB, run_incident  # noqa: PLC0415

    supervisor = Supervisor()
    ram = supervisor.add_simulated_source("ram-sim", "ram", PressureThresholds.ram())
    ram.script([(float(t), 0.40 + 0.06 * t) for t in range(1, 15)])
    ungated = run_incident(adapter_bytes=RUNTIME_ADAPTER_MIB * MIB, gated=False)
    result = run_incident(adapter_bytes=RUNTIME_ADAPTER_MIB * MIB, supervisor=supervisor)
    mib = float(MIB)
    console.print(
        f"\nruntime: the incident at small scale — 14 adapters of {RUNTIME_ADAPTER_MIB} MiB "
        f"under a RAM budget of {result.budget_bytes / mib:.0f} MiB",
        markup=False,
    )
    console.print(
        f"  without the gate: all {ungated.loaded} loaded, RSS grew by "
        f"{ungated.growth / mib:.0f} MiB",
        markup=False,
    )
    console.print("  with the gate:", markup=False)
    for step in result.steps:
        line = (
            f"    t={step.at_s:4.1f}s  adapter {step.index + 1:2d}  {step.decision:6s}  "
            f"level={step.level!s:8s}  reserved={step.reserved_bytes / mib:5.0f} MiB  "
            f"rss+={(step.rss_bytes - result.baseline_rss) / mib:5.0f} MiB"
        )
        console.print(line, markup=False)
        if step.message:
            console.print(f"      gate: {step.message}", markup=False)
    for event in result.events:
        console.print(f"    event {event}", markup=False)
    console.print(
        f"  the gate denied adapter {(result.denied_at or 0) + 1} before allocating; "
        f"RSS grew by {result.growth / mib:.0f} MiB (budget + one adapter = "
        f"{(result.budget_bytes + result.adapter_bytes) / mib:.0f} MiB)",
        markup=False,
    )
    if plot is not None:
        plot_incident(result, plot, ungated)
        console.print(f"  plot written to {plot}", markup=False)
    return {
        "adapterMiB": RUNTIME_ADAPTER_MIB,
        "budgetMiB": result.budget_bytes / mib,
        "ungatedGrowthMiB": round(ungated.growth / mib, 1),
        "gatedGrowthMiB": round(result.growth / mib, 1),
        "deniedAt": result.denied_at,
        "loaded": result.loaded,
    }


def plot_incident(
    result: IncidentResult, path: Path, ungated: IncidentResult | None = None
) -> None:
    """Draw pressure level, gate budget, reservations and RSS over time into a PNG.

    ``ungated``, the same loop without the gate, is drawn for comparison.
    """
    from specgen.doctor import require_module  # noqa: PLC0415  # stdlib only

    require_module("matplotlib").use("Agg")  # raises MissingRequirementError, with the hint
    import matplotlib.pyplot as plt  # noqa: PLC0415

    mib = float(1 << 20)
    times = [step.at_s for step in result.steps]
    rss = [(step.rss_bytes - result.baseline_rss) / mib for step in result.steps]
    reserved = [step.reserved_bytes / mib for step in result.steps]
    levels = [int(step.level) for step in result.steps]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, height_ratios=[3, 1])
    if ungated is not None:
        top.plot(
            [step.at_s for step in ungated.steps],
            [(step.rss_bytes - ungated.baseline_rss) / mib for step in ungated.steps],
            color="grey",
            linestyle="-.",
            label="RSS growth without the gate (MiB)",
        )
    top.plot(times, rss, marker="o", linewidth=3, label="RSS growth with the gate (MiB)")
    top.plot(times, reserved, marker="s", label="reserved at the gate (MiB)")
    top.axhline(result.budget_bytes / mib, color="red", linestyle="--", label="RAM budget")
    if result.denied_at is not None:
        denied = result.steps[-1]
        top.axvline(denied.at_s, color="black", linestyle=":", label="8th reservation denied")
        top.annotate(
            "denied before allocating",
            xy=(denied.at_s, (denied.rss_bytes - result.baseline_rss) / mib),
            xytext=(denied.at_s + 0.5, result.budget_bytes / mib * 0.55),
            arrowprops={"arrowstyle": "->"},
        )
    top.set_ylabel("MiB")
    top.set_title("The incident at small scale: 14 adapters under a budget of 7")
    top.legend(loc="upper left")
    top.grid(visible=True, alpha=0.3)
    bottom.step(times, levels, where="post", color="purple", label="pressure level")
    bottom.set_yticks([0, 1, 2, 3], ["normal", "warning", "high", "critical"])
    bottom.set_xlabel("supervisor time (s)")
    bottom.set_ylabel("level")
    bottom.legend(loc="upper left")
    bottom.grid(visible=True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, format="png", dpi=100)
    plt.close(fig)
