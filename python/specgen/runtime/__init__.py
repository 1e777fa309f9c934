"""Drive the Rust runtime (``health-monitor``) from Python.

Everything here runs in Rust: the supervisor, its pressure sources and hysteresis, the
dispatcher, self-heal with its breaker, the resource gate, events and metrics. Python
supplies services (any object with the :class:`ManagedService` methods) and reads what
happened as typed events (:func:`typed_events`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

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


_LEVELS = {
    str(level): level
    for level in (
        PressureLevel.Normal,
        PressureLevel.Warning,
        PressureLevel.High,
        PressureLevel.Critical,
    )
}


def _level(name: str) -> PressureLevel:
    return _LEVELS[name]


def _status(data: dict[str, Any] | None) -> HealthStatus | None:
    if data is None:
        return None
    status = data["status"]
    if status == "healthy":
        return HealthStatus.healthy()
    if status == "degraded":
        return HealthStatus.degraded(data["reason"])
    return HealthStatus.unhealthy(data["reason"])


@dataclass(frozen=True)
class CallOutcome:
    """How one call into a service went."""

    result: str
    """"completed", "panicked", "timedOut" or "skipped"."""
    message: str | None = None
    """The exception or panic message, or the reason a call was skipped."""
    after_ms: int | None = None
    """The timeout, for "timedOut"."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallOutcome:
        """Build from the event's JSON ``outcome``."""
        return cls(
            result=data["result"],
            message=data.get("message", data.get("reason")),
            after_ms=data.get("afterMs"),
        )

    @property
    def ok(self) -> bool:
        """True when the call returned."""
        return self.result == "completed"


@dataclass(frozen=True)
class _Base:
    seq: int
    at_ms: int


@dataclass(frozen=True)
class HealthSnapshot(_Base):
    """Every service's health after a tick."""

    level: PressureLevel
    services: dict[str, HealthStatus | None]


@dataclass(frozen=True)
class HealthChanged(_Base):
    """A service's health moved to another step (or was first seen)."""

    service: str
    from_: HealthStatus | None
    to: HealthStatus


@dataclass(frozen=True)
class PressureChanged(_Base):
    """The combined level changed."""

    from_: PressureLevel
    to: PressureLevel


@dataclass(frozen=True)
class PressureResponse(_Base):
    """``pressure_response(level)`` was called on a service."""

    service: str
    level: PressureLevel
    outcome: CallOutcome


@dataclass(frozen=True)
class ShedLoad(_Base):
    """``shed_load()`` was called: Critical outlasted the grace period."""

    service: str
    critical_for_ms: int
    outcome: CallOutcome


@dataclass(frozen=True)
class HealAttempt(_Base):
    """``heal()`` was called on an unhealthy service."""

    service: str
    attempt: int
    healed: bool
    outcome: CallOutcome
    retry_in_ms: int | None


@dataclass(frozen=True)
class Escalation(_Base):
    """Too many heals failed: the breaker is open and a person must step in."""

    service: str
    failures: int
    window_ms: int
    reason: str


@dataclass(frozen=True)
class BreakerReset(_Base):
    """A service stayed healthy long enough; its breaker closed."""

    service: str
    healthy_for_ms: int


@dataclass(frozen=True)
class GateDeniedEvent(_Base):
    """A reservation was refused."""

    resource: str
    subsystem: str
    requested: int
    available: int
    level: PressureLevel
    reason: str


@dataclass(frozen=True)
class ServiceStopped(_Base):
    """A service was shut down."""

    service: str
    outcome: CallOutcome


@dataclass(frozen=True)
class ShutdownComplete(_Base):
    """Every service has been shut down."""

    services: int


RuntimeEvent = (
    HealthSnapshot
    | HealthChanged
    | PressureChanged
    | PressureResponse
    | ShedLoad
    | HealAttempt
    | Escalation
    | BreakerReset
    | GateDeniedEvent
    | ServiceStopped
    | ShutdownComplete
)
"""Any typed runtime event."""


def typed_event(event: Event) -> RuntimeEvent:  # noqa: C901, PLR0911 - one branch per kind
    """Convert a native :class:`Event` to its typed dataclass."""
    data: dict[str, Any] = json.loads(event.to_json())
    base = {"seq": data["seq"], "at_ms": data["atMs"]}
    kind = data["type"]
    if kind == "system:health:snapshot":
        return HealthSnapshot(
            **base,
            level=_level(data["level"]),
            services={s["name"]: _status(s.get("status")) for s in data["services"]},
        )
    if kind == "system:health:changed":
        to = _status(data["to"])
        if to is None:
            msg = "health change without a new status"
            raise ValueError(msg)
        return HealthChanged(**base, service=data["service"], from_=_status(data["from"]), to=to)
    if kind == "system:pressure:changed":
        return PressureChanged(**base, from_=_level(data["from"]), to=_level(data["to"]))
    if kind == "system:pressure:response":
        return PressureResponse(
            **base,
            service=data["service"],
            level=_level(data["level"]),
            outcome=CallOutcome.from_json(data["outcome"]),
        )
    if kind == "system:pressure:shed":
        return ShedLoad(
            **base,
            service=data["service"],
            critical_for_ms=data["criticalForMs"],
            outcome=CallOutcome.from_json(data["outcome"]),
        )
    if kind == "system:heal:attempt":
        return HealAttempt(
            **base,
            service=data["service"],
            attempt=data["attempt"],
            healed=data["healed"],
            outcome=CallOutcome.from_json(data["outcome"]),
            retry_in_ms=data["retryInMs"],
        )
    if kind == "system:heal:escalation":
        return Escalation(
            **base,
            service=data["service"],
            failures=data["failures"],
            window_ms=data["windowMs"],
            reason=data["reason"],
        )
    if kind == "system:heal:reset":
        return BreakerReset(**base, service=data["service"], healthy_for_ms=data["healthyForMs"])
    if kind == "system:gate:denied":
        return GateDeniedEvent(
            **base,
            resource=data["resource"],
            subsystem=data["subsystem"],
            requested=data["requested"],
            available=data["available"],
            level=_level(data["level"]),
            reason=data["reason"],
        )
    if kind == "system:service:stopped":
        return ServiceStopped(
            **base, service=data["service"], outcome=CallOutcome.from_json(data["outcome"])
        )
    if kind == "system:shutdown:complete":
        return ShutdownComplete(**base, services=data["services"])
    msg = f"unknown event kind {kind!r}"
    raise ValueError(msg)


def typed_events(supervisor: Supervisor, *, snapshots: bool = False) -> list[RuntimeEvent]:
    """Drain the supervisor's events as typed dataclasses.

    Health snapshots (one per tick) are left out unless ``snapshots``.
    """
    events = [typed_event(event) for event in supervisor.drain_events()]
    if snapshots:
        return events
    return [event for event in events if not isinstance(event, HealthSnapshot)]
