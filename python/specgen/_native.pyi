"""Type stubs for ``specgen._native``, the compiled core of specgen's runtime.

Built from ``crates/specgen-py`` (PyO3). Every name the extension exports is declared here
and checked against the built module by ``mypy.stubtest`` (see
``.mypy-stubtest-allowlist`` for the few documented gaps). Users import these names from
``specgen``, not from this private module.
"""

from typing import ClassVar, Final, Literal, final

__all__ = ["HealthStatus", "PressureLevel", "PressureThresholds", "__version__"]
__version__: str
"""The version of the ``specgen-py`` crate this module was built from."""

@final
class PressureLevel:
    """How scarce memory (RAM or GPU) is: ``Normal < Warning < High < Critical``.

    The four members are the only instances. They are ordered by severity, hashable, and
    equal only to themselves; ``str()`` gives the lowercase name used in JSON and events
    (``"warning"``).
    """

    Normal: Final[PressureLevel]
    """Plenty of memory: full operation."""
    Warning: Final[PressureLevel]
    """Getting tight: stop non-essential work."""
    High: Final[PressureLevel]
    """Tight: release optional resources."""
    Critical: Final[PressureLevel]
    """Nearly out: keep only what is needed not to crash."""

    def __int__(self) -> int:
        """The position in severity order, from 0 (``Normal``) to 3 (``Critical``)."""

    def __eq__(self, other: object, /) -> bool:
        """True only for the same member."""

    def __ne__(self, other: object, /) -> bool:
        """False only for the same member."""

    def __lt__(self, other: PressureLevel, /) -> bool:
        """Less severe than ``other``."""

    def __le__(self, other: PressureLevel, /) -> bool:
        """Less severe than or as severe as ``other``."""

    def __gt__(self, other: PressureLevel, /) -> bool:
        """More severe than ``other``."""

    def __ge__(self, other: PressureLevel, /) -> bool:
        """More severe than or as severe as ``other``."""

    def __hash__(self) -> int:
        """Consistent with equality, so members can be dict keys and set elements."""

@final
class PressureThresholds:
    """The usage fractions at which pressure reaches Warning, High and Critical.

    Always valid: every value is finite and ``0 < warning < high < critical <= 1``.
    ``ram()`` (0.80/0.90/0.95) and ``gpu()`` (0.60/0.80/0.95) give the defaults.
    Instances are immutable and compare equal when all three values are equal.
    """

    def __new__(cls, warning: float, high: float, critical: float) -> PressureThresholds:
        """Validate and build thresholds.

        Raises:
            ValueError: if a value is not finite, is outside ``(0, 1]``, or the three do
                not rise strictly; the message names the value, e.g.
                ``"critical threshold must be in (0, 1], got 1.2"``.
        """

    @staticmethod
    def ram() -> PressureThresholds:
        """Defaults for system RAM: Warning at 0.80, High at 0.90, Critical at 0.95."""

    @staticmethod
    def gpu() -> PressureThresholds:
        """Defaults for GPU memory: Warning at 0.60, High at 0.80, Critical at 0.95."""

    @property
    def warning(self) -> float:
        """The fraction at which pressure becomes Warning."""

    @property
    def high(self) -> float:
        """The fraction at which pressure becomes High."""

    @property
    def critical(self) -> float:
        """The fraction at which pressure becomes Critical."""

    def threshold(self, level: PressureLevel) -> float:
        """The fraction that starts ``level`` (``0.0`` for ``Normal``)."""

    def classify(self, fraction: float) -> PressureLevel:
        """The level for a usage fraction (used / total).

        A fraction equal to a threshold reaches that level (0.80 is Warning for RAM).
        Values above 1 are Critical, negative values Normal, and NaN is Critical: a broken
        measurement must never read as safe.
        """

    def classify_usage(self, used_bytes: int, total_bytes: int) -> PressureLevel:
        """The level for ``used_bytes`` of ``total_bytes``.

        A ``total_bytes`` of 0 is Critical. Both must fit in an unsigned 64-bit integer;
        a negative or larger value raises ``OverflowError``.
        """

    def __eq__(self, other: object, /) -> bool:
        """True when all three thresholds are equal."""

    def __ne__(self, other: object, /) -> bool:
        """True when any threshold differs."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    """Unhashable: equality is by value, and float thresholds make poor keys."""

@final
class HealthStatus:
    """A service's health: healthy, degraded (with a reason) or unhealthy (with a reason).

    Build one with ``healthy()``, ``degraded(reason)`` or ``unhealthy(reason)``. Instances
    are immutable, compare equal by status and reason, and are hashable.
    """

    @staticmethod
    def healthy() -> HealthStatus:
        """Working normally."""

    @staticmethod
    def degraded(reason: str) -> HealthStatus:
        """Working, with reduced capacity or quality; ``reason`` is shown to operators."""

    @staticmethod
    def unhealthy(reason: str) -> HealthStatus:
        """Not doing its job; the runtime will try to heal it."""

    @property
    def status(self) -> Literal["healthy", "degraded", "unhealthy"]:
        """The step, as in the JSON form's ``status`` field."""

    @property
    def reason(self) -> str | None:
        """The reason given with degraded or unhealthy; ``None`` when healthy."""

    @property
    def is_healthy(self) -> bool:
        """True only for the healthy status."""

    def __eq__(self, other: object, /) -> bool:
        """True for the same status with the same reason."""

    def __ne__(self, other: object, /) -> bool:
        """The negation of ``==``."""

    def __hash__(self) -> int:
        """Consistent with equality."""
