"""Benchmark: load and validate 1,000 generated specs as one project.

The baseline, measured in the same run on the same files, is reading them and
parsing them with ``json.loads`` alone: the ratio says what validation costs on
top of bare JSON. Results are written as JSON to ``bench-results/load.json``.
Target (issue: Foundation): under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from specgen.validate import validate_paths

TARGET_SECONDS = 1.0


def make_spec(index: int, count: int) -> dict[str, object]:
    """A realistic spec: two types (one referencing another file's), four params."""
    info = f"Info{index}"
    # Point at a spec of the same adapter (same parity): a Rust-backed command may only
    # use types that Rust-backed specs declare (SG306).
    other = f"Info{(index + 2) % count}"
    return {
        "version": 2,
        "name": f"group{index % 37}/verb-{index}",
        "description": f"Generated command number {index}",
        "environment": "server",
        "adapter": "rust-ipc" if index % 2 else "server-only",
        "rust": {
            "traits": ["ManagedService", "MetricsEmitter"],
            "command_prefix": f"group{index % 37}/",
        },
        "types": {
            info: {
                "description": "Per-subsystem figures",
                "fields": {
                    "budgetMb": {"type": "number", "description": "Budget in MB"},
                    "usedMb": {"type": "u64"},
                    "tags": {"type": "string[]", "optional": True},
                    "peer": {"type": f"{other} | null"},
                },
            },
            f"Mode{index}": {"enum": ["fast", "slow", "balanced"]},
        },
        "params": [
            {"name": "subsystem", "type": "'inference' | 'tts' | 'rendering'", "optional": True},
            {"name": "limit", "type": "i32", "optional": True, "default": 10},
            {"name": "filter", "type": "Record<string, unknown>", "optional": True},
            {"name": "mode", "type": f"Mode{index}"},
        ],
        "results": [
            {"name": "items", "type": f"{info}[]"},
            {"name": "total", "type": "number"},
            {"name": "bounds", "type": "{ x: number; y: number }"},
        ],
        "examples": [{"description": "Default", "command": f"./jtag group/verb-{index}"}],
        "accessLevel": "ai-safe",
    }


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    """Generate the specs, time baseline and specgen, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("bench-results/load.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.count):
            (folder / f"spec-{i:04}.json").write_text(
                json.dumps(make_spec(i, args.count), indent=2)
            )
        files = sorted(folder.glob("*.json"))

        def baseline() -> object:
            return [json.loads(f.read_bytes()) for f in files]

        def specgen() -> object:
            report = validate_paths([folder])
            if not report.ok:
                raise SystemExit(f"generated specs did not validate: {report.diagnostics[:3]}")
            return report

        specgen()  # warm-up: imports, caches
        base = _time(baseline, args.repeat)
        measured = _time(specgen, args.repeat)
    result = {
        "benchmark": "load_and_validate",
        "specs": args.count,
        "repeat": args.repeat,
        "baseline_json_loads_median_s": statistics.median(base),
        "specgen_median_s": statistics.median(measured),
        "specgen_min_s": min(measured),
        "ratio_to_baseline": statistics.median(measured) / statistics.median(base),
        "target_s": TARGET_SECONDS,
        "target_met": statistics.median(measured) < TARGET_SECONDS,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
