"""Benchmark: ``specgen breaking`` of 1,000 specs against a git revision, in process.

A temporary git repository holds 1,000 specs (``bench_load.make_spec``) in one commit; the
work tree then changes one spec in ten (a result removed in a third of them, a required
param added in another third, a param made optional, which breaks nothing, in the rest).
Measured in the same run, on the same files:

* the floor: reading the 1,000 work-tree specs and ``json.loads`` alone;
* for context, ``validate_paths`` of the work tree (what the new side costs on its own);
* ``run_breaking`` in process (config, validation of the new side, the old side read from
  git, both resolved, every rule, the policy), every remembered value cleared first
  (``specgen.caches.clear_run_caches``); median and minimum of ``--repeat``, and the CPU
  time of this process (git's own is not in it).

The run is checked, not only timed: the findings must be exactly the edits' (so the figure
measures a real comparison), and git must be started once per run (counted by wrapping
``subprocess.Popen``). The machine's load average is recorded before and after, as a
busy shared machine moves the wall clock. Results go to ``bench-results/breaking.json``.
Target (issue: specgen breaking): under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_load import make_spec  # this script's folder is first on sys.path

from specgen.breaking import BreakingRun, run_breaking
from specgen.caches import clear_run_caches
from specgen.validate import validate_paths

COUNT = 1000
TARGET_S = 1.0


def _git(folder: Path, *args: str) -> None:
    subprocess.run(  # noqa: S603  # fixed git subcommands on the benchmark's own folder
        ["git", *args],  # noqa: S607  # git from PATH, as specgen itself finds it
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _edit(spec: dict[str, Any], index: int) -> str | None:
    """Change one spec in ten; the rule id the change must raise (None: compatible)."""
    if index % 10:
        return None
    kind = (index // 10) % 3
    if kind == 0:
        spec["results"] = spec["results"][1:]
        return "WIRE_RESULT_FIELD_REMOVED"
    if kind == 1:
        spec["params"] = [*spec["params"], {"name": "added", "type": "string"}]
        return "WIRE_PARAM_ADDED_REQUIRED"
    spec["params"] = [p | {"optional": True} if p["name"] == "mode" else p for p in spec["params"]]
    return None


def _project(folder: Path, count: int) -> Counter[str]:
    """Commit ``count`` specs, then edit the work tree; the findings the edits must raise."""
    specs = folder / "specs"
    specs.mkdir()
    (folder / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    originals = [make_spec(i, count) for i in range(count)]
    for i, spec in enumerate(originals):
        (specs / f"spec-{i:04}.json").write_text(json.dumps(spec, indent=2), encoding="utf-8")
    _git(folder, "init", "-q")
    _git(folder, "-c", "user.email=b@e.nch", "-c", "user.name=bench", "add", "-A")
    _git(folder, "-c", "user.email=b@e.nch", "-c", "user.name=bench", "commit", "-qm", "base")
    expected: Counter[str] = Counter()
    for i, spec in enumerate(originals):
        rule = _edit(spec, i)
        if rule is not None:
            expected[rule] += 1
        if i % 10 == 0:
            (specs / f"spec-{i:04}.json").write_text(json.dumps(spec, indent=2), encoding="utf-8")
    return expected


def _breaking(folder: Path) -> BreakingRun:
    clear_run_caches()
    return run_breaking("HEAD", [], folder)


def _git_starts(folder: Path) -> int:
    """How many processes one run starts."""
    real = subprocess.Popen
    started = []

    def counting(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401  # Popen's own signature
        started.append(args[0])
        return real(*args, **kwargs)

    subprocess.Popen = counting  # type: ignore[assignment,misc]  # restored below
    try:
        _breaking(folder)
    finally:
        subprocess.Popen = real  # type: ignore[misc]  # restore the original
    return len(started)


def main() -> None:
    """Build the repository, time floor, validation and breaking, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench-results/breaking.json"))
    args = parser.parse_args()
    out = args.out.resolve()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        expected = _project(folder, args.count)
        files = sorted((folder / "specs").glob("*.json"))
        run = _breaking(folder)  # warm-up: imports; and the check of what it finds
        found = Counter(f.rule_id for f in run.report.findings)
        if run.bad_input or found != expected:
            raise SystemExit(f"unexpected comparison: {run.diagnostics[:3]} {found} != {expected}")
        starts = _git_starts(folder)
        if starts != 1:
            raise SystemExit(f"git was started {starts} times in one run")

        floor = [_timed(lambda: [json.loads(f.read_bytes()) for f in files])[0]]
        floor += [_timed(lambda: [json.loads(f.read_bytes()) for f in files])[0] for _ in range(2)]
        validate = [_timed(lambda: validate_paths([folder / "specs"]))[0] for _ in range(3)]
        samples = [_timed(lambda: _breaking(folder)) for _ in range(args.repeat)]
    wall = [s[0] for s in samples]
    cpu = [s[1] for s in samples]
    median = statistics.median(wall)
    result = {
        "benchmark": "breaking",
        "specs": args.count,
        "changed_specs": sum(1 for i in range(args.count) if i % 10 == 0),
        "findings": dict(sorted(found.items())),
        "git_processes_per_run": starts,
        "repeat": args.repeat,
        "floor_read_json_median_s": statistics.median(floor),
        "validate_new_side_median_s": statistics.median(validate),
        "breaking_median_s": median,
        "breaking_min_s": min(wall),
        "breaking_cpu_median_s": statistics.median(cpu),
        "ratio_to_validate": median / statistics.median(validate),
        "target_s": TARGET_S,
        "target_met": median < TARGET_S,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def _timed(fn: Any) -> tuple[float, float]:  # noqa: ANN401  # any callable
    """Wall-clock and CPU seconds of one call of ``fn``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
