"""The 35 GB incident at small scale, measured from this process's real RSS.

Fourteen 32 MiB "adapters" (real, touched anonymous mappings) under a RAM budget of seven:
without the gate the resident set grows by about 14 x N; with it the 8th reservation is
denied before any allocation and the growth stays at most budget + one adapter.
"""

from __future__ import annotations

from specgen.runtime import PressureLevel, read_rss_bytes
from specgen.runtime.incident import MIB, run_incident, touched_mapping

N = 32 * MIB


def test_touched_mapping_is_resident() -> None:
    before = read_rss_bytes()
    mapping = touched_mapping(N)
    try:
        assert read_rss_bytes() - before >= 0.9 * N
    finally:
        mapping.close()
    assert read_rss_bytes() - before < 0.5 * N


def test_without_the_gate_rss_reaches_fourteen_adapters() -> None:
    result = run_incident(adapter_bytes=N, gated=False)
    assert result.loaded == 14
    assert result.denied_at is None
    assert result.growth >= 13 * N, result.growth / MIB
    assert result.growth <= 16 * N, result.growth / MIB


def test_with_the_gate_the_eighth_reservation_is_denied_before_allocating() -> None:
    result = run_incident(adapter_bytes=N, gated=True)
    assert result.loaded == 7
    assert result.denied_at == 7  # the 8th adapter
    denied = result.steps[-1]
    assert "denied" in denied.message
    # The denied step allocated nothing: RSS did not grow past the seventh adapter's.
    assert denied.rss_bytes - result.steps[-2].rss_bytes < N // 2
    assert result.growth <= result.budget_bytes + N, result.growth / MIB
    assert result.growth >= 6 * N
    # The reservations themselves raised the gate's pressure before the budget ran out.
    assert PressureLevel.Critical in {step.level for step in result.steps}
    assert any("system:gate:denied" in line for line in result.events)
