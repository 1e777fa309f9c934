"""The seed's incident at small scale, with real memory.

The seed loaded fourteen 2 GB adapters in a loop until 35 GB of resident memory froze the
machine. :func:`run_incident` loads ``adapters`` real, touched anonymous mappings of
``adapter_bytes`` each, measuring this process's resident set (``VmRSS``, read by the Rust
runtime) after every step. Without the gate nothing stops the loop; with it, every load
first reserves its bytes from a RAM :class:`ResourceGate` of ``budget_adapters`` adapters,
so the first reservation past the budget is denied *before* a byte is allocated.
"""

from __future__ import annotations

import json
import mmap
from dataclasses import dataclass, field

from specgen._native import (
    Event,
    GateDenied,
    PressureLevel,
    ResourceGate,
    Supervisor,
    read_rss_bytes,
)

MIB = 1 << 20
PAGE = mmap.PAGESIZE

__all__ = ["IncidentResult", "IncidentStep", "run_incident", "touched_mapping"]


def touched_mapping(size: int) -> mmap.mmap:
    """An anonymous mapping of ``size`` bytes with every page written, so it is resident."""
    mapping = mmap.mmap(-1, size)
    for offset in range(0, size, PAGE):
        mapping[offset] = 1
    return mapping


@dataclass(frozen=True)
class IncidentStep:
    """One iteration of the loading loop."""

    index: int
    """Which adapter (0-based)."""
    at_s: float
    """The supervisor clock's time."""
    decision: str
    """"loaded" or "denied" (and, without a gate, always "loaded")."""
    rss_bytes: int
    """This process's resident set after the step."""
    reserved_bytes: int
    """What the gate had reserved after the step (0 without a gate)."""
    level: PressureLevel
    """The supervisor's combined level after the step."""
    message: str = ""
    """The denial's explanation, for a denied step."""


@dataclass
class IncidentResult:
    """What one run of the incident did."""

    adapter_bytes: int
    budget_bytes: int
    gated: bool
    baseline_rss: int
    steps: list[IncidentStep] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def peak_rss(self) -> int:
        """The highest resident set measured during the run."""
        return max([self.baseline_rss, *(step.rss_bytes for step in self.steps)])

    @property
    def growth(self) -> int:
        """Peak resident set above the baseline measured before the loop."""
        return self.peak_rss - self.baseline_rss

    @property
    def loaded(self) -> int:
        """How many adapters were loaded."""
        return sum(step.decision == "loaded" for step in self.steps)

    @property
    def denied_at(self) -> int | None:
        """The index of the first denied adapter, if any."""
        return next((s.index for s in self.steps if s.decision == "denied"), None)


def _describe(event: Event) -> str:
    """One timeline line: time, event name and the fields a reader needs."""
    data = json.loads(event.to_json())
    detail = ""
    if event.kind == "system:pressure:changed":
        detail = f" {data['from']} -> {data['to']}"
    elif event.kind == "system:gate:denied":
        detail = f" {data['subsystem']}: {data['reason']}, level {data['level']}"
    elif event.service is not None:
        detail = f" {event.service}"
    return f"{event.at_ms / 1000:5.1f}s {event.kind}{detail}"


def run_incident(
    *,
    adapter_bytes: int = 32 * MIB,
    adapters: int = 14,
    budget_adapters: int = 7,
    gated: bool = True,
    supervisor: Supervisor | None = None,
) -> IncidentResult:
    """Run the loading loop once; every mapping is unmapped before returning."""
    sup = supervisor if supervisor is not None else Supervisor()
    budget = budget_adapters * adapter_bytes
    gate = ResourceGate("ram", budget, [("adapters", 1.0)]) if gated else None
    if gate is not None:
        sup.add_gate(gate)
    result = IncidentResult(
        adapter_bytes=adapter_bytes, budget_bytes=budget, gated=gated, baseline_rss=0
    )
    loaded: list[tuple[mmap.mmap, object]] = []
    try:
        result.baseline_rss = read_rss_bytes()
        for index in range(adapters):
            permit: object = None
            message = ""
            decision = "loaded"
            if gate is not None:
                try:
                    permit = gate.reserve(adapter_bytes, "adapters")
                except GateDenied as denied:
                    decision = "denied"
                    message = str(denied)
            if decision == "loaded":
                loaded.append((touched_mapping(adapter_bytes), permit))
            sup.advance(1.0)
            report = sup.tick()
            result.steps.append(
                IncidentStep(
                    index=index,
                    at_s=report.at,
                    decision=decision,
                    rss_bytes=read_rss_bytes(),
                    reserved_bytes=gate.total_reserved if gate is not None else 0,
                    level=report.level,
                    message=message,
                )
            )
            if decision == "denied":
                break
        result.events = [
            _describe(event)
            for event in sup.drain_events()
            if event.kind != "system:health:snapshot"
        ]
    finally:
        for mapping, permit in loaded:
            mapping.close()
            release = getattr(permit, "release", None)
            if release is not None:
                release()
    return result
