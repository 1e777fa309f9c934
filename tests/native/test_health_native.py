"""The native HealthStatus mirrors the Rust HealthStatus."""

import pytest

from specgen._native import HealthStatus


def test_constructors_set_status_and_reason() -> None:
    healthy = HealthStatus.healthy()
    degraded = HealthStatus.degraded("cache cold")
    unhealthy = HealthStatus.unhealthy("GPU context lost")
    assert (healthy.status, healthy.reason, healthy.is_healthy) == ("healthy", None, True)
    assert (degraded.status, degraded.reason, degraded.is_healthy) == (
        "degraded",
        "cache cold",
        False,
    )
    assert (unhealthy.status, unhealthy.reason) == ("unhealthy", "GPU context lost")


def test_str_and_repr() -> None:
    assert str(HealthStatus.healthy()) == "healthy"
    assert str(HealthStatus.degraded("cache cold")) == "degraded: cache cold"
    assert repr(HealthStatus.healthy()) == "HealthStatus.healthy()"
    assert repr(HealthStatus.unhealthy("it's down")) == 'HealthStatus.unhealthy("it\'s down")'


def test_equality_and_hash_use_status_and_reason() -> None:
    assert HealthStatus.degraded("a") == HealthStatus.degraded("a")
    assert HealthStatus.degraded("a") != HealthStatus.degraded("b")
    assert HealthStatus.degraded("a") != HealthStatus.unhealthy("a")
    statuses = {HealthStatus.healthy(), HealthStatus.healthy(), HealthStatus.degraded("a")}
    assert len(statuses) == 2


def test_reason_must_be_a_string() -> None:
    reason: object = 42
    with pytest.raises(TypeError):
        HealthStatus.degraded(reason)  # type: ignore[arg-type]
