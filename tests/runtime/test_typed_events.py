"""Typed events: every kind the runtime publishes decodes to its dataclass.

The kinds come from the Rust side (``EVENT_TYPES`` in ``crates/service-host``, the list
IPC subscribers choose from), and a real supervisor is driven until it has published one
event of each, so a kind added in Rust without its Python class fails here.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from runtime_support import QuietService
from specgen.runtime import (
    BreakerReset,
    GateDenied,
    HealthChanged,
    HealthStatus,
    PressureChanged,
    PressureLevel,
    ResourceGate,
    RuntimeEvent,
    ShutdownComplete,
    Supervisor,
    typed_event,
)

RUST_EVENTS = Path(__file__).parents[2] / "crates" / "service-host" / "src" / "events.rs"


def _rust_event_types() -> set[str]:
    text = RUST_EVENTS.read_text(encoding="utf-8")
    block = text[text.index("pub const EVENT_TYPES") :]
    block = block[: block.index("];")]
    return set(re.findall(r'"(system:[a-z:]+)"', block))


class Healing(QuietService):
    """Unhealthy until one of its heals succeeds; the first ``failing`` heals fail."""

    def __init__(self, name: str, failing: int) -> None:
        super().__init__(name)
        self.failing = failing
        self.status = HealthStatus.unhealthy("warming up")

    def heal(self) -> bool:
        if self.failing > 0:
            self.failing -= 1
            return False
        self.status = HealthStatus.healthy()
        return True


def _every_kind_of_event() -> list[tuple[str, RuntimeEvent]]:
    supervisor = Supervisor(
        critical_grace=1.0,
        heal_min_delay=1.0,
        heal_max_delay=1.0,
        heal_max_failures=2,
        heal_reset_after=2.0,
    )
    supervisor.register(Healing("flaky", failing=1))  # fails once, then heals
    broken = Healing("broken", failing=99)  # escalates; resets once healthy on its own
    supervisor.register(broken)
    ram = supervisor.add_simulated_source("ram-sim")
    gate = ResourceGate("gpu", 1000)
    supervisor.add_gate(gate)
    with pytest.raises(GateDenied):
        gate.reserve(500, "tts")
    ram.set_fraction(0.97)
    supervisor.step(1.0, count=3)  # critical past the grace: shed
    ram.set_fraction(0.1)
    supervisor.step(1.0, count=3)
    assert supervisor.open_breakers() == ["broken"]
    broken.status = HealthStatus.healthy()
    supervisor.step(1.0, count=4)
    supervisor.shutdown()
    return [(event.kind, typed_event(event)) for event in supervisor.drain_events()]


def test_every_rust_event_kind_has_a_class_that_decodes_it() -> None:
    events = _every_kind_of_event()
    assert {kind for kind, _ in events} == _rust_event_types()
    for kind, typed in events:
        assert kind == type(typed).KIND
        assert all(hasattr(typed, item.name) for item in fields(typed))


def test_decoded_fields_carry_the_values() -> None:
    events = [typed for _, typed in _every_kind_of_event()]
    first_seen = next(e for e in events if isinstance(e, HealthChanged))
    assert first_seen.from_ is None
    assert first_seen.to == HealthStatus.unhealthy("warming up")
    rises = [e for e in events if isinstance(e, PressureChanged)]
    assert (rises[0].from_, rises[0].to) == (PressureLevel.Normal, PressureLevel.Critical)
    reset = next(e for e in events if isinstance(e, BreakerReset))
    assert (reset.service, reset.healthy_for_ms >= 2000) == ("broken", True)
    done = events[-1]
    assert isinstance(done, ShutdownComplete)
    assert done.services == 2
    assert [e.seq for e in events] == sorted(e.seq for e in events)
