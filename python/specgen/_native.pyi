"""Type stubs for ``specgen._native``, the compiled core of specgen's runtime.

Built from ``crates/specgen-py`` (PyO3). Every name the extension exports is declared here
and checked against the built module by ``mypy.stubtest`` (``.mypy-stubtest-allowlist`` lists
the documented gaps). One file on purpose: stubtest skips names re-exported from stub-only
modules. Users import these names from ``specgen``, not from this private module.
"""

from typing import Any, ClassVar, Final, Literal, final

__all__ = [
    "AlreadyRunningError",
    "ConfigError",
    "Event",
    "GateDenied",
    "HealthStatus",
    "HttpError",
    "HttpServer",
    "Permit",
    "PressureLevel",
    "PressureThresholds",
    "RegistrationError",
    "ResourceGate",
    "RustService",
    "ServiceNotFoundError",
    "ShutDownError",
    "SimulatedSource",
    "SubsystemNotFoundError",
    "Supervisor",
    "TickReport",
    "__version__",
    "read_rss_bytes",
]
__version__: str
"""The version of the ``specgen-py`` crate this module was built from."""

@final
class PressureLevel:
    """How scarce memory (RAM or GPU) is: ``Normal < Warning < High < Critical``.

    The four members are the only instances: ordered by severity, hashable, equal only to
    themselves; ``str()`` gives the lowercase name used in JSON and events (``"warning"``).
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

    Always valid: every value is finite and ``0 < warning < high < critical <= 1``. ``ram()``
    and ``gpu()`` give the defaults. Immutable; equal when all three values are equal.
    """
    def __new__(cls, warning: float, high: float, critical: float) -> PressureThresholds:
        """Validate and build thresholds.

        ``ValueError`` if a value is not finite or outside ``(0, 1]``, or the three do not rise
        strictly; the message names it (``"critical threshold must be in (0, 1], got 1.2"``).
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

        A fraction at a threshold reaches that level (0.80 is Warning for RAM); above 1 and NaN
        are Critical (a broken measurement must never read as safe), negative values Normal.
        """
    def classify_usage(self, used_bytes: int, total_bytes: int) -> PressureLevel:
        """The level for ``used_bytes`` of ``total_bytes``.

        A ``total_bytes`` of 0 is Critical; one below 0 or past 64 bits raises ``OverflowError``.
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

    Built by ``healthy()``, ``degraded(reason)`` or ``unhealthy(reason)``; immutable, hashable.
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

def read_rss_bytes() -> int:
    """This process's resident memory in bytes (``VmRSS`` in ``/proc/self/status``).

    ``RuntimeError`` where that file cannot be read or parsed.
    """

@final
class RustService:
    """A built-in Rust service (always healthy) that records the calls the runtime makes."""
    def __new__(
        cls,
        name: str,
        *,
        panic_in: Literal["health", "pressure_response", "shed_load", "heal", "shutdown"]
        | None = None,
    ) -> RustService:
        """``panic_in`` names a method that panics, in Rust, on every call (for tests)."""
    @property
    def name(self) -> str:
        """The service's name."""
    @property
    def calls(self) -> list[str]:
        """Every call made, in order: ``"pressure_response:high"``, ``"shed_load"``, ..."""

@final
class SimulatedSource:
    """Controls a simulated pressure source added by ``Supervisor.add_simulated_source``."""
    @property
    def name(self) -> str:
        """The source's name."""
    @property
    def resource(self) -> Literal["ram", "gpu"]:
        """The resource it stands for."""
    def set_fraction(self, fraction: float) -> None:
        """Set the usage fraction (used / total), applied from the next tick on."""
    def set_usage(self, used: int, total: int) -> None:
        """Set the reading to ``used`` bytes of ``total``."""
    def set_unavailable(self, reason: str) -> None:
        """Make the source unavailable: it is left out of the combined level."""
    def script(self, steps: list[tuple[float, float]]) -> None:
        """Replace the timeline with ``(at_seconds, fraction)`` steps.

        Times are on the supervisor's clock; the first tick at or after a step's time applies it.
        """
    @property
    def script_done(self) -> bool:
        """Whether every scripted step has been applied."""
    @property
    def fraction(self) -> float | None:
        """The current fraction, or ``None`` when unavailable."""

@final
class Permit:
    """A ``ResourceGate`` reservation, released by ``release()``, ending ``with`` or collection."""
    @property
    def bytes(self) -> int:
        """Bytes reserved."""
    @property
    def subsystem(self) -> str:
        """The subsystem charged."""
    @property
    def resource(self) -> Literal["ram", "gpu"]:
        """The gate's resource."""
    @property
    def released(self) -> bool:
        """True once released."""
    def release(self) -> None:
        """Return the bytes to the gate; a second call does nothing."""
    def __enter__(self) -> Permit: ...
    def __exit__(self, *_args: object) -> bool:
        """Release the permit; never suppresses an exception."""

class GateDenied(Exception):  # noqa: N818 - the name says what happened
    """Raised when a gate refuses a reservation; nothing was reserved.

    ``str()`` explains it; the attributes say who asked for how much, what was available,
    the resource's level and why.
    """

    resource: Literal["ram", "gpu"]
    subsystem: str
    requested: int
    available: int
    level: PressureLevel
    reason: Literal["pressure", "capacity", "budget"]

# The runtime's other errors, each a subclass of the builtin it was raised as before it had
# a name (so ``except KeyError`` still catches ``ServiceNotFoundError``). Errors of the
# machine rather than the call (an unreadable ``/proc`` file, a thread that cannot start)
# stay a plain ``RuntimeError``.

class ServiceNotFoundError(KeyError):
    """No service of that name is registered (``unregister``, ``reset_breaker``)."""

class SubsystemNotFoundError(KeyError):
    """The gate has no subsystem of that name; the message lists those it has."""

class RegistrationError(ValueError):
    """A service could not be registered: name taken, empty, blank or with a control character."""

class ConfigError(ValueError):
    """The runtime refused a configuration value; the message names the field.

    Raised by ``Supervisor(...)`` (e.g. a zero ``interval``) and by ``ResourceGate(...)``
    for budgets that do not fit the capacity.
    """

class AlreadyRunningError(RuntimeError):
    """``Supervisor.start()`` while the background monitor already runs."""

class ShutDownError(RuntimeError):
    """The supervisor has been shut down and accepts no new work (``register``, ``start``)."""

class HttpError(OSError):
    """``Supervisor.serve_http()`` cannot bind the address (port in use, or not allowed)."""

@final
class ResourceGate:
    """Reserve before you load: per-subsystem budgets of one resource's capacity.

    ``budgets`` lists ``(subsystem, fraction of capacity)`` pairs (default inference 0.75,
    tts 0.10, rendering 0.10, reserve 0.05); at ``refuse_at`` and above (default Critical)
    every reservation is refused; ``None`` never refuses for pressure.
    """
    def __new__(
        cls,
        resource: Literal["ram", "gpu"],
        capacity: int,
        budgets: list[tuple[str, float]] | None = None,
        refuse_at: PressureLevel | None = ...,
    ) -> ResourceGate:
        """Raises ``ValueError`` for an unknown resource, ``ConfigError`` for invalid budgets."""
    def reserve(self, bytes: int, subsystem: str) -> Permit:  # noqa: A002 - as in Rust
        """Reserve ``bytes`` for ``subsystem`` (the GIL is released meanwhile).

        ``GateDenied`` when the budget, the capacity or the pressure level says no;
        ``SubsystemNotFoundError`` when ``subsystem`` is not one of the gate's.
        """
    @property
    def resource(self) -> Literal["ram", "gpu"]:
        """The resource."""
    @property
    def capacity(self) -> int:
        """Total bytes."""
    @property
    def subsystems(self) -> list[str]:
        """Subsystem names, in report order."""
    def budget(self, subsystem: str) -> int:
        """A subsystem's budget in bytes; ``SubsystemNotFoundError`` for an unknown one."""
    def reserved(self, subsystem: str) -> int:
        """Bytes the subsystem holds."""
    def available(self, subsystem: str) -> int:
        """Bytes the subsystem could still reserve."""
    @property
    def total_reserved(self) -> int:
        """Bytes reserved across all subsystems."""
    @property
    def level(self) -> PressureLevel:
        """The level the gate last learned for its resource."""
    def set_level(self, level: PressureLevel) -> None:
        """Tell the gate the level (a connected supervisor does this every tick)."""
    def usage(self) -> list[dict[str, Any]]:
        """Per subsystem, a dict with keys name, fraction, budget, reserved, available, denials."""

@final
class Event:
    """One event from the runtime; ``specgen.runtime.typed_event`` gives its typed form."""
    @property
    def seq(self) -> int:
        """Position in the stream, from 0."""
    @property
    def at_ms(self) -> int:
        """The supervisor clock's time, in milliseconds."""
    @property
    def kind(self) -> str:
        """The event's name, e.g. ``"system:pressure:changed"``."""
    @property
    def service(self) -> str | None:
        """The service it is about, if any."""
    def to_json(self) -> str:
        """The JSON form (the same as the TypeScript ``Event`` type)."""

@final
class TickReport:
    """What one tick did."""
    @property
    def at(self) -> float:
        """The clock's time, in seconds."""
    @property
    def level(self) -> PressureLevel:
        """The combined level after the tick."""
    @property
    def level_change(self) -> tuple[PressureLevel, PressureLevel] | None:
        """``(from, to)`` when the level changed."""
    @property
    def responses(self) -> int:
        """``pressure_response`` calls made."""
    @property
    def shed(self) -> bool:
        """Whether ``shed_load`` was called."""
    @property
    def checked(self) -> int:
        """Services checked."""
    @property
    def heals(self) -> int:
        """``heal`` calls begun (recorded in this tick, or later if they outlast ``patience``)."""
    @property
    def outstanding(self) -> int:
        """``health``/``heal`` calls still running past ``patience`` after the tick.

        Their services get no other call until a later tick records the result or timeout.
        """
    @property
    def unhealthy(self) -> int:
        """Services unhealthy after the tick."""
    @property
    def skipped(self) -> bool:
        """Whether the tick was skipped (after shutdown)."""

@final
class Supervisor:
    """Registers services and pressure sources and runs the Rust monitor.

    With ``manual_clock`` (the default) time moves only by ``advance()``/``step()``; all
    durations are in seconds. Waiting calls (``tick``, ``step``, ``start``, ``stop``,
    ``shutdown``, ``next_event``) release the GIL.

    A tick waits ``patience`` for one service's ``health()`` or ``heal()``; a call still
    running then goes on within its own timeout while the tick goes on, and the first tick
    after it returns (or times out) records it. A hanging service delays the others by
    ``patience`` once, not by its timeout.
    """
    def __new__(
        cls,
        *,
        manual_clock: bool = True,
        interval: float = 1.0,
        health_timeout: float = 0.5,
        callback_timeout: float = 2.0,
        heal_timeout: float = 10.0,
        patience: float = 0.05,
        shutdown_timeout: float = 10.0,
        critical_grace: float = 5.0,
        hysteresis_margin: float = 0.03,
        heal_min_delay: float = 1.0,
        heal_max_delay: float = 60.0,
        heal_max_failures: int = 5,
        heal_window: float = 600.0,
        heal_reset_after: float = 60.0,
        event_capacity: int = 65536,
    ) -> Supervisor:
        """Raises ``ValueError`` for a negative duration, ``ConfigError`` for an invalid value."""
    def register(self, service: object, *, priority: int = 0) -> None:
        """Register a ``RustService`` or a Python ``ManagedService``.

        A Python service needs ``name``, ``health()``, ``pressure_response(level)``,
        ``shed_load()``, ``heal()`` and ``shutdown()``; ``TypeError`` if one is missing.
        ``RegistrationError`` if the name is taken, empty, blank or holds a control character;
        ``ShutDownError`` once the supervisor has been shut down.
        """
    def unregister(self, name: str) -> None:
        """Remove a service without shutting it down; ``ServiceNotFoundError`` if unknown."""
    @property
    def services(self) -> list[str]:
        """Service names, lowest priority first."""
    def add_simulated_source(
        self,
        name: str,
        resource: Literal["ram", "gpu"] = "ram",
        thresholds: PressureThresholds | None = None,
    ) -> SimulatedSource:
        """Add a simulated source and return its control."""
    def add_rss_source(
        self, limit: int | None = None, thresholds: PressureThresholds | None = None
    ) -> None:
        """Add this process's real RSS against ``limit`` bytes (default: total memory)."""
    def add_system_sources(self) -> None:
        """Add the real sources: /proc/meminfo, PSI, the cgroup (if any) and NVML."""
    def add_gate(self, gate: ResourceGate) -> None:
        """Connect a gate: reservations count as pressure, denials become events."""
    def advance(self, seconds_: float) -> None:
        """Move the manual clock forward; ``RuntimeError`` on a system-clock supervisor."""
    @property
    def now(self) -> float:
        """The clock's time, in seconds."""
    def tick(self) -> TickReport:
        """Run one cycle now, on this thread."""
    def step(self, seconds_: float = 1.0, count: int = 1) -> TickReport | None:
        """``advance(seconds_)`` then ``tick()``, ``count`` times; the last report."""
    def start(self) -> None:
        """Start the background monitor.

        ``AlreadyRunningError`` if it already runs, ``ShutDownError`` after ``shutdown()``.
        """
    def stop(self) -> None:
        """Stop the background monitor, waiting for its current tick."""
    @property
    def is_running(self) -> bool:
        """Whether the background monitor runs."""
    def shutdown(self) -> list[str]:
        """Shut every service down, in reverse registration order; the names in order."""
    @property
    def level(self) -> PressureLevel:
        """The combined pressure level."""
    def health(self) -> list[tuple[str, HealthStatus]]:
        """Each service's health at the last tick."""
    def open_breakers(self) -> list[str]:
        """Services whose breaker is open (heals stopped, escalated)."""
    def reset_breaker(self, name: str) -> None:
        """Close a service's breaker so heals are tried again; ``ServiceNotFoundError`` if none."""
    def drain_events(self) -> list[Event]:
        """Every event published since the last call."""
    def next_event(self, timeout: float = 0.0) -> Event | None:
        """The next event, waiting up to ``timeout`` seconds; ``None`` if none came."""
    def metrics_text(self) -> str:
        """Metrics in the Prometheus text format."""
    def liveness(self) -> tuple[bool, list[str]]:
        """``(ok, reasons)``."""
    def readiness(self) -> tuple[bool, list[str]]:
        """``(ok, reasons)``."""
    def serve_http(self, addr: str) -> HttpServer:
        """Serve ``/metrics``, ``/healthz`` and ``/readyz`` on ``addr`` (``"HOST:PORT"``).

        ``ValueError`` when ``addr`` is not ``HOST:PORT``; ``HttpError`` (an ``OSError``)
        when it cannot be bound (port in use, no permission). Port 0 picks a free port.
        """

@final
class HttpServer:
    """The HTTP endpoint of a supervisor; stops on ``stop()`` or at the end of ``with``."""
    @property
    def host(self) -> str:
        """The host served on (``"127.0.0.1"``)."""
    @property
    def port(self) -> int:
        """The port served on (the real one when 0 was asked for)."""
    @property
    def url(self) -> str:
        """``http://HOST:PORT``."""
    @property
    def serving(self) -> bool:
        """Whether it still serves."""
    def stop(self) -> None:
        """Stop serving; later calls do nothing."""
    def __enter__(self) -> HttpServer: ...
    def __exit__(self, *_args: object) -> bool:
        """Stop serving; never suppresses an exception."""
