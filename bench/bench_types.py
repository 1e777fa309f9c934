"""Benchmark: the ``types`` adapter (Rust wire types + TypeScript Types files) of 1,000 specs.

The corpus is ``bench_generate``'s (``make_spec`` of ``bench_load``), every spec
generated through the ``types`` adapter (``--adapter types``). Measured in the same
run, on the same specs:

* cold: ``run_generation`` into an empty output folder (validate, resolve, plan,
  render, format, write), in process, a fresh folder each time, with every value
  remembered from earlier runs cleared first, median of 5 (``cold_first_s``
  includes compiling the templates);
* the CPU time of the cold runs (``cold_cpu_median_s``, both processes of a run,
  for information): on a busy shared machine it moves much less than the wall clock;
* in memory (``memory_median_s``): the same steps without the writer, in this process
  alone (no worker) with the collector paused as in a run: validate, resolve, plan,
  render and format every file to bytes, median of 5;
* the file system floor (``fs_floor_median_s``): the same folders and bytes written
  with bare system calls in one process (``bench_generate.write_bare``), median of 5;
* the peer baseline: quicktype turning JSON Schemas of the same commands' types into
  TypeScript alone, one process over all the files, timed from outside with node
  start-up included, median of 3 (``bench_generate.measure_quicktype``).

``speedup_vs_quicktype`` is quicktype's median over specgen's cold median: how many
times faster specgen writes both languages than quicktype writes one.
``speedup_cpu_vs_quicktype`` is the same ratio in CPU time (quicktype's node process
against both processes of a cold run), which a busy shared machine disturbs less. Results go to
``bench-results/types.json`` and are printed. Targets (issue 15): cold under 0.5 s,
speedup at least 10. A missed target is recorded in the JSON, never turned into an
exit status; a failed generation, a rustfmt that is missing or fails, and a
quicktype that cannot run are errors.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from bench_generate import (  # this script's folder is first on sys.path
    _time,
    generate,
    measure_quicktype,
    node_version,
    plan_project,
    quicktype_entry,
    rust_formatting,
    write_bare,
    write_project,
)

from specgen.caches import clear_run_caches, collection_paused
from specgen.config import ProjectConfig
from specgen.generate.pipeline import GenerationResult
from specgen.renderers.render_plan import render_files

ADAPTER = "types"
COUNT = 1000
TARGET_COLD_S = 0.5
TARGET_SPEEDUP = 10.0


def cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children (the worker)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure_types(root: Path, config: ProjectConfig, repeat: int) -> dict[str, float]:
    """Cold runs of the ``types`` adapter, each into a fresh folder."""
    results: list[GenerationResult] = []

    cpu: list[float] = []

    def cold_run(index: int) -> None:
        clear_run_caches()  # nothing remembered from the previous run (names, types)
        start = cpu_seconds()
        results.append(generate(config, root / f"types-{index}", ADAPTER))
        cpu.append(cpu_seconds() - start)

    cold = _time(cold_run, repeat)
    outputs = results[0].outputs

    def memory_run(_: int) -> None:
        clear_run_caches()
        with collection_paused():  # as in a run (run_generation pauses the collector too)
            rendered, notes = render_files(plan_project(config, ADAPTER))
        if notes or len(rendered) != len(outputs):
            raise SystemExit(f"rendering in memory differed from the cold run: {notes}")

    memory = _time(memory_run, repeat)
    files = [(o.path, o.content) for o in outputs]
    floor = _time(lambda i: write_bare(root / f"bare-{i}", files), repeat)
    return {
        "files_generated": len(outputs),
        "rust_files": sum(o.path.endswith(".rs") for o in outputs),
        "ts_files": sum(o.path.endswith(".ts") for o in outputs),
        **rust_formatting(config, ADAPTER),
        "cold_median_s": statistics.median(cold),
        "cold_min_s": min(cold),
        "cold_first_s": cold[0],
        "cold_cpu_median_s": statistics.median(cpu),
        "memory_median_s": statistics.median(memory),
        "fs_floor_median_s": statistics.median(floor),
    }


def main() -> None:
    """Write the specs, time the types adapter and quicktype, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--repeat-cold", type=int, default=5)
    parser.add_argument("--repeat-quicktype", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("bench-results/types.json"))
    parser.add_argument(
        "--scratch",
        type=Path,
        default=Path("bench-results/scratch"),
        help="where the specs and outputs go (removed afterwards), as for bench_generate.py",
    )
    args = parser.parse_args()
    script, quicktype_version = quicktype_entry()  # before the long part: fail early
    args.scratch = args.scratch.resolve()
    args.scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="specgen-bench-types-", dir=args.scratch) as tmp:
        root = Path(tmp)
        config = write_project(root, args.count)
        specgen = measure_types(root, config, args.repeat_cold)
        before = os.times()
        peer = measure_quicktype(root, config, args, script)
        after = os.times()
    children = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    quicktype_cpu = children / args.repeat_quicktype  # node is the only child meanwhile
    cold, quicktype = specgen["cold_median_s"], peer["quicktype_median_s"]
    result = {
        "benchmark": "types",
        "adapter": ADAPTER,
        "specs": args.count,
        "repeat": {"cold": args.repeat_cold, "quicktype": args.repeat_quicktype},
        **specgen,
        **peer,
        "speedup_vs_quicktype": quicktype / cold,
        "quicktype_cpu_mean_s": quicktype_cpu,
        "speedup_cpu_vs_quicktype": quicktype_cpu / specgen["cold_cpu_median_s"],
        "targets": {"cold_s": TARGET_COLD_S, "speedup_vs_quicktype": TARGET_SPEEDUP},
        "cold_target_met": cold < TARGET_COLD_S,
        "speedup_target_met": quicktype / cold >= TARGET_SPEEDUP,
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
