"""The native PressureLevel and PressureThresholds behave as the Rust contract says.

These tests run against the built extension (``maturin develop``): they check that the
binding passes the behaviour of ``managed-service`` through unchanged, at the boundaries
where a wrapper is most likely to slip (thresholds, NaN, zero totals, ordering, errors).
"""

import math
import re

import pytest

from specgen._native import PressureLevel, PressureThresholds, ResourceGate

NOT_RISING = "thresholds must rise strictly (warning < high < critical)"
LEVELS = [PressureLevel.Normal, PressureLevel.Warning, PressureLevel.High, PressureLevel.Critical]


def below(x: float) -> float:
    """The largest float below ``x``: the last value still on the lower level."""
    return math.nextafter(x, -math.inf)


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.0, PressureLevel.Normal),
        (below(0.80), PressureLevel.Normal),
        (0.80, PressureLevel.Warning),
        (below(0.90), PressureLevel.Warning),
        (0.90, PressureLevel.High),
        (below(0.95), PressureLevel.High),
        (0.95, PressureLevel.Critical),
        (1.0, PressureLevel.Critical),
    ],
)
def test_ram_defaults_put_each_threshold_on_its_own_level(
    fraction: float, expected: PressureLevel
) -> None:
    assert PressureThresholds.ram().classify(fraction) == expected


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (0.0, PressureLevel.Normal),
        (below(0.60), PressureLevel.Normal),
        (0.60, PressureLevel.Warning),
        (below(0.80), PressureLevel.Warning),
        (0.80, PressureLevel.High),
        (below(0.95), PressureLevel.High),
        (0.95, PressureLevel.Critical),
    ],
)
def test_gpu_defaults_put_each_threshold_on_its_own_level(
    fraction: float, expected: PressureLevel
) -> None:
    assert PressureThresholds.gpu().classify(fraction) == expected


def test_default_values_are_exposed() -> None:
    ram = PressureThresholds.ram()
    gpu = PressureThresholds.gpu()
    assert (ram.warning, ram.high, ram.critical) == (0.80, 0.90, 0.95)
    assert (gpu.warning, gpu.high, gpu.critical) == (0.60, 0.80, 0.95)
    assert [gpu.threshold(level) for level in LEVELS] == [0.0, 0.60, 0.80, 0.95]


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [
        (math.nan, PressureLevel.Critical),
        (math.inf, PressureLevel.Critical),
        (1.5, PressureLevel.Critical),
        (-0.25, PressureLevel.Normal),
        (-math.inf, PressureLevel.Normal),
    ],
)
def test_broken_or_out_of_range_fractions_never_read_as_safer_than_they_are(
    fraction: float, expected: PressureLevel
) -> None:
    assert PressureThresholds.ram().classify(fraction) == expected


def test_integers_are_accepted_as_fractions() -> None:
    assert PressureThresholds.ram().classify(1) == PressureLevel.Critical
    assert PressureThresholds.ram().classify(0) == PressureLevel.Normal


@pytest.mark.parametrize(
    ("used", "total", "expected"),
    [
        (0, 0, PressureLevel.Critical),
        (5, 0, PressureLevel.Critical),
        (0, 100, PressureLevel.Normal),
        (79, 100, PressureLevel.Normal),
        (80, 100, PressureLevel.Warning),
        (90, 100, PressureLevel.High),
        (95, 100, PressureLevel.Critical),
        (200, 100, PressureLevel.Critical),
        (2**64 - 1, 2**64 - 1, PressureLevel.Critical),
    ],
)
def test_classify_usage_divides_used_by_total(
    used: int, total: int, expected: PressureLevel
) -> None:
    assert PressureThresholds.ram().classify_usage(used, total) == expected


def test_classify_usage_on_gpu_sized_numbers() -> None:
    gib = 1 << 30
    gpu = PressureThresholds.gpu()
    assert gpu.classify_usage(12 * gib, 24 * gib) == PressureLevel.Normal
    assert gpu.classify_usage(16 * gib, 24 * gib) == PressureLevel.Warning
    assert gpu.classify_usage(used_bytes=23 * gib, total_bytes=24 * gib) == PressureLevel.Critical


@pytest.mark.parametrize(("used", "total"), [(-1, 100), (1, -100), (2**64, 2**64)])
def test_classify_usage_rejects_values_outside_u64(used: int, total: int) -> None:
    with pytest.raises(OverflowError):
        PressureThresholds.ram().classify_usage(used, total)


def test_levels_are_ordered_by_severity() -> None:
    assert PressureLevel.Normal < PressureLevel.Warning < PressureLevel.High
    assert PressureLevel.High < PressureLevel.Critical
    assert PressureLevel.Critical >= PressureLevel.Critical
    assert PressureLevel.Warning <= PressureLevel.High
    assert not PressureLevel.High > PressureLevel.Critical
    shuffled = [PressureLevel.High, PressureLevel.Critical, PressureLevel.Normal]
    shuffled.append(PressureLevel.Warning)
    assert sorted(shuffled) == LEVELS
    assert max(LEVELS) is PressureLevel.Critical
    assert [int(level) for level in LEVELS] == [0, 1, 2, 3]


def test_levels_are_equal_only_to_themselves() -> None:
    for i, left in enumerate(LEVELS):
        for j, right in enumerate(LEVELS):
            assert (left == right) is (i == j)
            assert (left != right) is (i != j)
    # No implicit equality with the integer position or the name.
    others: list[object] = [0, "normal", None]
    for other in others:
        assert PressureLevel.Normal != other


def test_levels_hash_consistently_with_equality() -> None:
    assert len(set(LEVELS + LEVELS)) == 4
    by_level = {level: str(level) for level in LEVELS}
    assert by_level[PressureLevel.High] == "high"
    assert hash(PressureLevel.Warning) == hash(PressureLevel.Warning)


def test_levels_print_as_lowercase_names() -> None:
    assert [str(level) for level in LEVELS] == ["normal", "warning", "high", "critical"]
    assert repr(PressureLevel.Critical) == "PressureLevel.Critical"


def test_comparing_a_level_with_another_type_is_a_type_error() -> None:
    other: object = 1
    with pytest.raises(TypeError):
        assert PressureLevel.Normal < other  # type: ignore[operator]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((0.9, 0.8, 0.95), f"{NOT_RISING}, got warning=0.9, high=0.8, critical=0.95"),
        ((0.8, 0.8, 0.95), f"{NOT_RISING}, got warning=0.8, high=0.8, critical=0.95"),
        ((0.8, 0.9, 1.2), "critical threshold must be in (0, 1], got 1.2"),
        ((0.0, 0.9, 0.95), "warning threshold must be in (0, 1], got 0"),
        ((-0.5, 0.9, 0.95), "warning threshold must be in (0, 1], got -0.5"),
        ((0.8, math.nan, 0.95), "high threshold must be a finite number, got NaN"),
        ((0.8, 0.9, math.inf), "critical threshold must be a finite number, got inf"),
    ],
)
def test_invalid_thresholds_raise_value_error_with_the_rust_message(
    values: tuple[float, float, float], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PressureThresholds(*values)


def test_custom_thresholds_classify_with_their_own_boundaries() -> None:
    custom = PressureThresholds(0.5, 0.7, 1.0)
    assert (custom.warning, custom.high, custom.critical) == (0.5, 0.7, 1.0)
    assert custom.classify(0.5) == PressureLevel.Warning
    assert custom.classify(0.99) == PressureLevel.High
    assert custom.classify(1.0) == PressureLevel.Critical
    by_keyword = PressureThresholds(warning=0.5, high=0.7, critical=1.0)
    assert by_keyword == custom


def test_thresholds_compare_by_value_and_are_unhashable() -> None:
    assert PressureThresholds(0.8, 0.9, 0.95) == PressureThresholds.ram()
    assert PressureThresholds.ram() != PressureThresholds.gpu()
    with pytest.raises(TypeError):
        hash(PressureThresholds.ram())


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_round_trips_through_the_rust_contract(level: PressureLevel) -> None:
    """Python level -> managed-service level (the gate stores it) -> the same Python level."""
    gate = ResourceGate("gpu", 1000)
    gate.set_level(level)
    assert gate.level == level
    assert PressureThresholds.gpu().threshold(level) == [0.0, 0.6, 0.8, 0.95][int(level)]


def test_thresholds_are_frozen() -> None:
    ram = PressureThresholds.ram()
    with pytest.raises(AttributeError):
        ram.warning = 0.5  # type: ignore[misc]
    assert ram.warning == 0.80


def test_thresholds_repr_reads_like_the_constructor_call() -> None:
    assert repr(PressureThresholds.gpu()) == (
        "PressureThresholds(warning=0.6, high=0.8, critical=0.95)"
    )
    assert repr(PressureThresholds(0.5, 0.75, 1.0)) == (
        "PressureThresholds(warning=0.5, high=0.75, critical=1.0)"
    )
