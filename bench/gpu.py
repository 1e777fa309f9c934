"""The NVML pressure source against a real GPU: query latency, init once, nvidia-smi, pressure.

Run on a machine with an NVIDIA GPU and its driver::

    python bench/gpu.py [--index 0] [--samples 2000] [--no-demo]

1. ``nvml_probe`` (``crates/health-monitor/examples``), built in release, creates one
   ``NvmlSource`` (NVML's init), then queries its memory ``--samples`` times: the init time,
   the first and the typical query latency. Init once: every query after the first runs on
   the same NVML handle, so the median query is microseconds against an init of
   milliseconds (an init per query would make them equal).
2. The probe's last reading is compared with ``nvidia-smi --query-gpu=memory.used,
   memory.total`` taken right after (MiB; used may move a little in between).
3. The pressure demo against real GPU memory: a real-time ``Supervisor`` with the machine's
   sources (NVML included) and ``serve_http``, while this script allocates device memory
   through the CUDA driver API (``libcuda``, ``cuMemAlloc``) in chunks until the NVML
   source's level is critical; it prints each level change, the ``/readyz`` answer at
   critical, and frees the memory (the level falls back with hysteresis).

Results go to ``bench-results/gpu.json`` and the terminal. Without a GPU, NVML or
nvidia-smi the script says what is missing and exits 0 without measuring anything.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results" / "gpu.json"
MIB = 1 << 20
# How far the probe's used MiB may be from nvidia-smi's, taken a moment apart.
USED_TOLERANCE_MIB = 64


def _missing() -> str | None:
    """Why this machine cannot run the check, or None."""
    try:
        ctypes.CDLL("libnvidia-ml.so.1")
    except OSError as error:
        return f"NVML (libnvidia-ml.so.1) cannot be loaded: {error}"
    if shutil.which("nvidia-smi") is None:
        return "nvidia-smi is not on PATH"
    return None


def _probe(index: int, samples: int) -> dict[str, Any]:
    cargo = shutil.which("cargo")
    if cargo is None:
        sys.exit("cargo is needed to build the NVML probe")
    command = [
        cargo, "run", "--quiet", "--release", "-p", "health-monitor", "--example", "nvml_probe",
        "--", "--index", str(index), "--samples", str(samples),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _nvidia_smi(index: int) -> tuple[int, int]:
    """``(used MiB, total MiB)`` of GPU ``index`` as nvidia-smi reports them."""
    smi = shutil.which("nvidia-smi") or "nvidia-smi"
    done = subprocess.run(  # noqa: S603
        [smi, f"--id={index}", "--query-gpu=memory.used,memory.total",
         "--format=csv,noheader,nounits"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    used, total = (int(field.strip()) for field in done.stdout.strip().split(","))
    return used, total


class _Cuda:
    """Just enough of the CUDA driver API to hold device memory."""

    def __init__(self, index: int) -> None:
        self.lib = ctypes.CDLL("libcuda.so.1")
        self._check(self.lib.cuInit(0), "cuInit")
        device = ctypes.c_int()
        self._check(self.lib.cuDeviceGet(ctypes.byref(device), index), "cuDeviceGet")
        self.context = ctypes.c_void_p()
        self._check(self.lib.cuCtxCreate_v2(ctypes.byref(self.context), 0, device), "cuCtxCreate")
        self.blocks: list[ctypes.c_uint64] = []

    @staticmethod
    def _check(status: int, call: str) -> None:
        if status != 0:
            raise OSError(f"{call} failed with CUDA error {status}")

    def allocate(self, size: int) -> bool:
        pointer = ctypes.c_uint64()
        if self.lib.cuMemAlloc_v2(ctypes.byref(pointer), ctypes.c_size_t(size)) != 0:
            return False
        self.blocks.append(pointer)
        return True

    def free_all(self) -> None:
        for pointer in self.blocks:
            self.lib.cuMemFree_v2(pointer)
        self.blocks.clear()

    def close(self) -> None:
        self.free_all()
        self.lib.cuCtxDestroy_v2(self.context)


def _readyz(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url + "/readyz", timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def _demo(index: int) -> dict[str, Any]:
    """Fill the GPU with real allocations until its NVML source is critical, then free."""
    from specgen.runtime import PressureLevel, Supervisor  # noqa: PLC0415 - built module needed only here

    try:
        cuda = _Cuda(index)
    except OSError as error:
        return {"ran": False, "reason": f"the CUDA driver API is unavailable: {error}"}
    supervisor = Supervisor(manual_clock=False, interval=0.1)
    supervisor.add_system_sources()
    timeline: list[dict[str, Any]] = []
    with supervisor.serve_http("127.0.0.1:0") as server:
        supervisor.tick()
        used, total = _nvidia_smi(index)
        chunk = max(256 * MIB, total * MIB // 100)  # 1 % of the GPU per step
        started = time.monotonic()
        level = supervisor.level
        timeline.append({"t_s": 0.0, "level": str(level), "used_mib": used})
        while level != PressureLevel.Critical:
            if not cuda.allocate(chunk):
                break
            supervisor.tick()
            if supervisor.level != level:
                level = supervisor.level
                used, _ = _nvidia_smi(index)
                timeline.append(
                    {"t_s": round(time.monotonic() - started, 3), "level": str(level),
                     "used_mib": used}
                )  # fmt: skip
                print(f"  {timeline[-1]['t_s']:7.3f} s  {used:>7} MiB  {level}")
        held_mib = len(cuda.blocks) * chunk // MIB
        readiness = _readyz(server.url)
        print(f"  /readyz at {level}: {readiness[0]} {readiness[1]['reasons']}")
        cuda.free_all()
        for _ in range(50):
            supervisor.tick()
            if supervisor.level != PressureLevel.Critical:
                break
            time.sleep(0.1)
        after = _readyz(server.url)
        print(f"  freed {held_mib} MiB: level {supervisor.level}, /readyz {after[0]}")
    cuda.close()
    supervisor.shutdown()
    return {
        "ran": True,
        "reached_critical": level == PressureLevel.Critical,
        "held_mib": held_mib,
        "timeline": timeline,
        "readyz_at_critical": {"status": readiness[0], "body": readiness[1]},
        "level_after_free": str(supervisor.level),
        "readyz_after_free": after[0],
    }


def main() -> int:
    """Run the checks; 1 when the probe and nvidia-smi disagree, else 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=int, default=0, help="GPU index (default 0)")
    parser.add_argument("--samples", type=int, default=2000, help="memory queries to time")
    parser.add_argument("--no-demo", action="store_true", help="skip the pressure demo")
    args = parser.parse_args()

    missing = _missing()
    if missing is not None:
        print(f"gpu check skipped: {missing}. Nothing was measured.")
        return 0
    probe = _probe(args.index, args.samples)
    if not probe["available"]:
        print(f"gpu check skipped: the NVML source is unavailable: {probe['reason']}")
        return 0
    smi_used, smi_total = _nvidia_smi(args.index)
    reading = probe["reading"]
    used_mib, total_mib = reading["used_bytes"] // MIB, reading["total_bytes"] // MIB
    compare = {
        "probe_used_mib": used_mib,
        "probe_total_mib": total_mib,
        "smi_used_mib": smi_used,
        "smi_total_mib": smi_total,
        "total_equal": total_mib == smi_total,
        "used_within_tolerance": abs(used_mib - smi_used) <= USED_TOLERANCE_MIB,
    }
    query = probe["query_us"]
    print(f"NVML init (once, in NvmlSource::new): {probe['init_ms']:.2f} ms")
    print(
        f"memory query: first {probe['first_query_us']:.1f} µs, median {query['median']:.1f} µs,"
        f" p99 {query['p99']:.1f} µs over {probe['samples']} queries"
    )
    print(f"used/total: probe {used_mib}/{total_mib} MiB, nvidia-smi {smi_used}/{smi_total} MiB")
    results: dict[str, Any] = {
        "probe": probe,
        "nvidia_smi": compare,
        # One init per query would make the two comparable; a tenth is a wide margin.
        "init_once": query["median"] < probe["init_ms"] * 1000 / 10,
    }
    if not args.no_demo:
        print("pressure demo (real allocations):")
        results["demo"] = _demo(args.index)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results: {RESULTS.relative_to(ROOT)}")
    ok = compare["total_equal"] and compare["used_within_tolerance"]
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("CARGO_TERM_COLOR", "never")
    sys.exit(main())
