"""Drive the Rust runtime (``health-monitor``) from Python.

Everything here runs in Rust: the supervisor, its pressure sources and hysteresis, the
dispatcher, self-heal with its breaker, the resource gate, events and metrics. Python
supplies services (any object with the :class:`ManagedService` methods) and reads what
happened as typed events (:func:`typed_events`, defined with the event classes in
:mod:`specgen.runtime.events`).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from specgen._native import (
    AlreadyRunningError,
    ConfigError,
    Event,
    GateDenied,
    HealthStatus,
    HttpError,
    HttpServer,
    Permit,
    PressureLevel,
    PressureThresholds,
    RegistrationError,
    ResourceGate,
    RustService,
    ServiceNotFoundError,
    ShutDownError,
    SimulatedSource,
    SubsystemNotFoundError,
    Supervisor,
    TickReport,
    read_rss_bytes,
)
from specgen.runtime.events import (
    BreakerReset,
    CallOutcome,
    Escalation,
    GateDeniedEvent,
    HealAttempt,
    HealthChanged,
    HealthSnapshot,
    PressureChanged,
    PressureResponse,
    RuntimeEvent,
    ServiceStopped,
    ShedLoad,
    ShutdownComplete,
    typed_event,
    typed_events,
)

__all__ = [
    "AlreadyRunningError",
    "BreakerReset",
    "CallOutcome",
    "ConfigError",
    "Escalation",
    "Event",
    "GateDenied",
    "GateDeniedEvent",
    "HealAttempt",
    "HealthChanged",
    "HealthSnapshot",
    "HealthStatus",
    "HttpError",
    "HttpServer",
    "ManagedService",
    "Permit",
    "PressureChanged",
    "PressureLevel",
    "PressureResponse",
    "PressureThresholds",
    "RegistrationError",
    "ResourceGate",
    "RuntimeEvent",
    "RustService",
    "ServiceNotFoundError",
    "ServiceStopped",
    "ShedLoad",
    "ShutDownError",
    "ShutdownComplete",
    "SimulatedSource",
    "SubsystemNotFoundError",
    "Supervisor",
    "TickReport",
    "read_rss_bytes",
    "typed_event",
    "typed_events",
]


@runtime_checkable
class ManagedService(Protocol):
    """What the runtime calls on a Python service (from its own worker threads).

    An exception from any method is isolated like a Rust panic: the call is reported as
    failed with the exception's message and the service is marked unhealthy. A
    ``health()`` or ``heal()`` that hangs delays only this service: the monitor goes on
    after the supervisor's ``patience`` and records the call when it returns or times out.
    """

    name: str
    """Unique, not empty, not only whitespace, and without control characters."""

    def health(self) -> HealthStatus:
        """Report health cheaply; must not block."""
        ...

    def pressure_response(self, level: PressureLevel) -> None:
        """React to a change of the combined pressure level."""
        ...

    def shed_load(self) -> None:
        """Drop everything non-essential now (Critical past the grace period)."""
        ...

    def heal(self) -> bool:
        """Try once to repair; return True when healthy again."""
        ...

    def shutdown(self) -> None:
        """Release everything; called once during an ordered shutdown."""
        ...
