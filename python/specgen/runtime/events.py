"""Typed runtime events: one frozen dataclass per kind of the Rust ``EventKind``.

Each class names its kind (``KIND``, the event's ``type`` in JSON) and its fields; the
decoding is derived from them, so adding an event means writing its class and listing it
in :data:`RuntimeEvent`. A field's JSON key is its name in camelCase, without the
trailing underscore that avoids a keyword (``from_`` is ``from``, ``retry_in_ms`` is
``retryInMs``), and its type says how the value is read (:data:`_READERS`).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from specgen._native import Event, HealthStatus, PressureLevel, Supervisor

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


def _required_status(data: dict[str, Any] | None) -> HealthStatus:
    status = _status(data)
    if status is None:
        msg = "health change without a new status"
        raise ValueError(msg)
    return status


def _services(data: list[dict[str, Any]]) -> dict[str, HealthStatus | None]:
    return {service["name"]: _status(service.get("status")) for service in data}


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
    KIND: ClassVar[str]
    """The event's ``type`` in JSON (``"system:pressure:changed"``)."""

    seq: int
    at_ms: int


@dataclass(frozen=True)
class HealthSnapshot(_Base):
    """Every service's health after a tick."""

    KIND = "system:health:snapshot"
    level: PressureLevel
    services: dict[str, HealthStatus | None]


@dataclass(frozen=True)
class HealthChanged(_Base):
    """A service's health moved to another step (or was first seen)."""

    KIND = "system:health:changed"
    service: str
    from_: HealthStatus | None
    to: HealthStatus


@dataclass(frozen=True)
class PressureChanged(_Base):
    """The combined level changed."""

    KIND = "system:pressure:changed"
    from_: PressureLevel
    to: PressureLevel


@dataclass(frozen=True)
class PressureResponse(_Base):
    """``pressure_response(level)`` was called on a service."""

    KIND = "system:pressure:response"
    service: str
    level: PressureLevel
    outcome: CallOutcome


@dataclass(frozen=True)
class ShedLoad(_Base):
    """``shed_load()`` was called: Critical outlasted the grace period."""

    KIND = "system:pressure:shed"
    service: str
    critical_for_ms: int
    outcome: CallOutcome


@dataclass(frozen=True)
class HealAttempt(_Base):
    """``heal()`` was called on an unhealthy service."""

    KIND = "system:heal:attempt"
    service: str
    attempt: int
    healed: bool
    outcome: CallOutcome
    retry_in_ms: int | None


@dataclass(frozen=True)
class Escalation(_Base):
    """Too many heals failed: the breaker is open and a person must step in."""

    KIND = "system:heal:escalation"
    service: str
    failures: int
    window_ms: int
    reason: str


@dataclass(frozen=True)
class BreakerReset(_Base):
    """A service stayed healthy long enough; its breaker closed."""

    KIND = "system:heal:reset"
    service: str
    healthy_for_ms: int


@dataclass(frozen=True)
class GateDeniedEvent(_Base):
    """A reservation was refused."""

    KIND = "system:gate:denied"
    resource: str
    subsystem: str
    requested: int
    available: int
    level: PressureLevel
    reason: str


@dataclass(frozen=True)
class ServiceStopped(_Base):
    """A service was shut down."""

    KIND = "system:service:stopped"
    service: str
    outcome: CallOutcome


@dataclass(frozen=True)
class ShutdownComplete(_Base):
    """Every service has been shut down."""

    KIND = "system:shutdown:complete"
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

_READERS: dict[object, Callable[[Any], object]] = {
    PressureLevel: _level,
    HealthStatus: _required_status,
    HealthStatus | None: _status,
    CallOutcome: CallOutcome.from_json,
    dict[str, HealthStatus | None]: _services,
}
"""How a field of each non-JSON type is read from its JSON value."""

_JSON_TYPES: frozenset[object] = frozenset({int, str, bool, int | None})
"""Field types whose JSON value is used as it is."""


def _as_is(value: object) -> object:
    return value


def _json_key(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(word.capitalize() for word in rest)


_Decoder = Callable[[dict[str, Any]], RuntimeEvent]


def _decoder(cls: type[RuntimeEvent]) -> _Decoder:
    """The decoder of ``cls``, from its fields; a field of an unknown type fails here."""
    hints = typing.get_type_hints(cls)
    readers: list[tuple[str, str, Callable[[Any], object]]] = []
    for item in fields(cls):
        if item.name in {"seq", "at_ms"}:
            continue
        kind = hints[item.name]
        if kind in _JSON_TYPES:
            readers.append((item.name, _json_key(item.name), _as_is))
        elif kind in _READERS:
            readers.append((item.name, _json_key(item.name), _READERS[kind]))
        else:
            msg = f"{cls.__name__}.{item.name}: no reader for {kind!r}"
            raise TypeError(msg)

    def decode(data: dict[str, Any]) -> RuntimeEvent:
        values: dict[str, Any] = {name: read(data[key]) for name, key, read in readers}
        return cls(seq=data["seq"], at_ms=data["atMs"], **values)

    return decode


_DECODERS: dict[str, _Decoder] = {cls.KIND: _decoder(cls) for cls in typing.get_args(RuntimeEvent)}
"""Each kind's decoder, built once from the classes of :data:`RuntimeEvent`."""


def typed_event(event: Event) -> RuntimeEvent:
    """Convert a native :class:`Event` to its typed dataclass."""
    data: dict[str, Any] = json.loads(event.to_json())
    kind = data["type"]
    decode = _DECODERS.get(kind)
    if decode is None:
        msg = f"unknown event kind {kind!r}"
        raise ValueError(msg)
    return decode(data)


def typed_events(supervisor: Supervisor, *, snapshots: bool = False) -> list[RuntimeEvent]:
    """Drain the supervisor's events as typed dataclasses.

    Health snapshots (one per tick) are left out unless ``snapshots``.
    """
    events = [typed_event(event) for event in supervisor.drain_events()]
    if snapshots:
        return events
    return [event for event in events if not isinstance(event, HealthSnapshot)]
