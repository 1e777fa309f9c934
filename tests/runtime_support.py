"""Helpers of the runtime tests (tests/runtime): a Python service that does nothing."""

from __future__ import annotations

from specgen.runtime import HealthStatus, PressureLevel


class QuietService:
    """A Python ManagedService that does nothing; its health is whatever the test sets.

    ``heal()`` does not repair and reports so; subclasses override what a test needs.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.status = HealthStatus.healthy()

    def health(self) -> HealthStatus:
        return self.status

    def pressure_response(self, level: PressureLevel) -> None:
        del level

    def shed_load(self) -> None:
        pass

    def heal(self) -> bool:
        return False

    def shutdown(self) -> None:
        pass
