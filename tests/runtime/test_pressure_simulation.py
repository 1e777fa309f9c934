"""Pressure simulation: the real Rust runtime (health-monitor), driven from Python.

Every scenario runs on the supervisor's manual clock (``step``/``advance``), so nothing
sleeps except the hang test, which waits for its short real-time timeout.
"""

from __future__ import annotations

import threading
import time

import pytest

from specgen.runtime import (
    Escalation,
    GateDenied,
    GateDeniedEvent,
    HealAttempt,
    HealthChanged,
    HealthStatus,
    PressureChanged,
    PressureLevel,
    PressureResponse,
    ResourceGate,
    RustService,
    ShedLoad,
    Supervisor,
    typed_events,
)

GIB = 1 << 30


class Recorder:
    """A Python ManagedService that logs every call into a shared list."""

    def __init__(self, name: str, log: list[str], *, heal_ok: bool = True) -> None:
        self.name = name
        self.log = log
        self.heal_ok = heal_ok
        self.status = HealthStatus.healthy()
        self.shed = False

    def health(self) -> HealthStatus:
        return self.status

    def pressure_response(self, level: PressureLevel) -> None:
        self.log.append(f"{self.name}:{level}")
        if level == PressureLevel.Normal:
            self.shed = False

    def shed_load(self) -> None:
        self.shed = True
        self.log.append(f"{self.name}:shed")

    def heal(self) -> bool:
        self.log.append(f"{self.name}:heal")
        if self.heal_ok:
            self.status = HealthStatus.healthy()
        return self.heal_ok

    def shutdown(self) -> None:
        self.log.append(f"{self.name}:shutdown")


def _supervisor(**kwargs: float) -> Supervisor:
    defaults: dict[str, float] = {"critical_grace": 2.0, "heal_min_delay": 1.0}
    defaults.update(kwargs)
    return Supervisor(**defaults)  # type: ignore[arg-type]


def test_memory_pressure_rises_and_falls_with_services_in_priority_order() -> None:
    sup = _supervisor()
    log: list[str] = []
    services = [Recorder(name, log) for name in ("cache", "tts", "llm")]
    for priority, service in enumerate(services):
        sup.register(service, priority=priority * 10)
    ram = sup.add_simulated_source("ram-sim", "ram")

    levels = []
    for fraction in (0.5, 0.85, 0.92, 0.97):
        ram.set_fraction(fraction)
        report = sup.step(1.0)
        assert report is not None
        levels.append(report.level)
    assert levels == [
        PressureLevel.Normal,
        PressureLevel.Warning,
        PressureLevel.High,
        PressureLevel.Critical,
    ]
    # Each level change reaches the lowest priority first.
    for level in ("warning", "high", "critical"):
        assert [e for e in log if e.endswith(f":{level}")] == [
            f"cache:{level}",
            f"tts:{level}",
            f"llm:{level}",
        ]
    assert not any(service.shed for service in services)

    # Critical past the 2 s grace: shed_load, lowest priority first.
    sup.step(1.0, count=3)
    assert [e for e in log if e.endswith(":shed")] == ["cache:shed", "tts:shed", "llm:shed"]
    assert all(service.shed for service in services)

    # And back down, one level at a time (below threshold minus the hysteresis margin).
    log.clear()
    back = []
    for fraction in (0.91, 0.84, 0.5):
        ram.set_fraction(fraction)
        report = sup.step(1.0)
        assert report is not None
        back.append(report.level)
    assert back == [PressureLevel.High, PressureLevel.Warning, PressureLevel.Normal]
    assert [e for e in log if e.endswith(":normal")] == ["cache:normal", "tts:normal", "llm:normal"]
    assert not any(service.shed for service in services)

    changes = [e for e in typed_events(sup) if isinstance(e, PressureChanged)]
    assert [(c.from_, c.to) for c in changes][-3:] == [
        (PressureLevel.Critical, PressureLevel.High),
        (PressureLevel.High, PressureLevel.Warning),
        (PressureLevel.Warning, PressureLevel.Normal),
    ]
    sheds = [e for e in typed_events(sup) if isinstance(e, ShedLoad)]
    assert sheds == []  # already drained above


def test_scripted_pressure_timeline_on_the_manual_clock() -> None:
    sup = _supervisor()
    log: list[str] = []
    sup.register(Recorder("svc", log))
    ram = sup.add_simulated_source("ram-sim")
    ram.script([(1.0, 0.85), (2.0, 0.97), (3.0, 0.2)])
    seen = [report.level for report in (sup.step(1.0) for _ in range(3)) if report]
    assert seen == [PressureLevel.Warning, PressureLevel.Critical, PressureLevel.Normal]
    assert ram.script_done
    assert log == ["svc:warning", "svc:critical", "svc:normal"]


def test_python_and_rust_services_share_one_runtime() -> None:
    sup = _supervisor()
    log: list[str] = []
    native = RustService("native")
    sup.register(native, priority=5)
    sup.register(Recorder("python", log), priority=1)
    ram = sup.add_simulated_source("ram-sim")
    ram.set_fraction(0.93)
    sup.step(1.0)
    assert sup.services == ["python", "native"]
    assert log == ["python:high"]
    assert native.calls == ["pressure_response:high"]
    assert dict(sup.health()) == {
        "python": HealthStatus.healthy(),
        "native": HealthStatus.healthy(),
    }
    assert sup.shutdown() == ["python", "native"]
    assert native.calls[-1] == "shutdown"


def test_gpu_budgets_per_subsystem() -> None:
    sup = _supervisor()
    gpu = ResourceGate("gpu", 20 * GIB)
    sup.add_gate(gpu)
    assert gpu.subsystems == ["inference", "tts", "rendering", "reserve"]
    assert [gpu.budget(s) for s in gpu.subsystems] == [15 * GIB, 2 * GIB, 2 * GIB, GIB]

    held = [gpu.reserve(5 * GIB, "inference") for _ in range(3)]
    with pytest.raises(GateDenied) as denied:
        gpu.reserve(GIB, "inference")
    assert denied.value.reason == "budget"
    assert denied.value.requested == GIB
    assert denied.value.available == 0
    # Other subsystems keep their own budgets.
    with gpu.reserve(2 * GIB, "tts") as tts:
        assert gpu.reserved("tts") == 2 * GIB
        with pytest.raises(GateDenied):
            gpu.reserve(1, "tts")
    assert tts.released
    assert gpu.available("tts") == 2 * GIB
    rendering = gpu.reserve(2 * GIB, "rendering")
    reserve = gpu.reserve(GIB, "reserve")
    tts_again = gpu.reserve(2 * GIB, "tts")
    assert gpu.total_reserved == 20 * GIB

    # Reservations count as pressure: 100 % of the card is Critical.
    sup.step(1.0)
    assert sup.level == PressureLevel.Critical
    for permit in [*held, rendering, reserve, tts_again]:
        permit.release()
    sup.step(1.0)
    assert sup.level == PressureLevel.Normal

    # Simulated GPU pressure at Critical refuses every reservation, whatever the budget.
    sim = sup.add_simulated_source("gpu-sim", "gpu")
    sim.set_fraction(0.97)
    sup.step(1.0)
    assert gpu.level == PressureLevel.Critical
    with pytest.raises(GateDenied) as denied:
        gpu.reserve(GIB, "inference")
    assert denied.value.reason == "pressure"
    assert denied.value.level == PressureLevel.Critical
    events = typed_events(sup)
    gate_events = [e for e in events if isinstance(e, GateDeniedEvent)]
    assert [e.reason for e in gate_events] == ["budget", "budget", "pressure"]
    with pytest.raises(KeyError):
        gpu.reserve(1, "no-such-subsystem")
    assert "gate" in sup.metrics_text()


def test_a_service_fails_and_heals() -> None:
    sup = _supervisor()
    log: list[str] = []
    flaky = Recorder("flaky", log)
    sup.register(flaky)
    sup.step(1.0)
    flaky.status = HealthStatus.unhealthy("socket closed")
    sup.step(1.0)
    sup.step(1.0)
    assert "flaky:heal" in log
    assert dict(sup.health())["flaky"] == HealthStatus.healthy()
    events = typed_events(sup)
    heals = [e for e in events if isinstance(e, HealAttempt)]
    assert heals
    assert heals[0].healed
    assert heals[0].outcome.ok
    changes = [e.to for e in events if isinstance(e, HealthChanged)]
    assert HealthStatus.unhealthy("socket closed") in changes
    assert changes[-1] == HealthStatus.healthy()


def test_a_service_that_never_heals_trips_the_breaker() -> None:
    sup = _supervisor(heal_max_failures=3, heal_max_delay=4.0)
    log: list[str] = []
    broken = Recorder("broken", log, heal_ok=False)
    broken.status = HealthStatus.unhealthy("model file missing")
    sup.register(broken)
    sup.step(1.0, count=30)
    heals = log.count("broken:heal")
    assert heals == 3
    events = typed_events(sup)
    escalations = [e for e in events if isinstance(e, Escalation)]
    assert len(escalations) == 1
    assert escalations[0].failures == 3
    assert escalations[0].reason == "model file missing"
    assert sup.open_breakers() == ["broken"]
    sup.step(1.0, count=10)
    assert log.count("broken:heal") == heals  # no more heals while open
    sup.reset_breaker("broken")
    sup.step(1.0)
    assert log.count("broken:heal") == heals + 1  # heals resume after a reset
    assert sup.open_breakers() == []


def test_exceptions_in_callbacks_are_isolated_with_their_message() -> None:
    class Raising(Recorder):
        def pressure_response(self, level: PressureLevel) -> None:
            msg = f"cannot handle {level}"
            raise ValueError(msg)

        def health(self) -> HealthStatus:
            msg = "health exploded"
            raise RuntimeError(msg)

        def heal(self) -> bool:
            msg = "heal exploded"
            raise OSError(msg)

    sup = _supervisor()
    log: list[str] = []
    sup.register(Raising("raising", log))
    sup.register(Recorder("fine", log), priority=1)
    ram = sup.add_simulated_source("ram-sim")
    ram.set_fraction(0.85)
    sup.step(1.0, count=3)
    events = typed_events(sup)
    responses = {e.service: e.outcome for e in events if isinstance(e, PressureResponse)}
    assert responses["fine"].ok
    assert responses["raising"].result == "panicked"
    assert "ValueError: cannot handle warning" in (responses["raising"].message or "")
    status = dict(sup.health())["raising"]
    assert status.status == "unhealthy"
    assert "RuntimeError: health exploded" in (status.reason or "")
    heals = [e for e in events if isinstance(e, HealAttempt)]
    assert heals
    assert not heals[0].healed
    assert "OSError: heal exploded" in (heals[0].outcome.message or "")
    assert log == ["fine:warning"]
    assert dict(sup.health())["fine"] == HealthStatus.healthy()


def test_a_python_health_that_hangs_is_abandoned_and_the_monitor_carries_on() -> None:
    release = threading.Event()

    class Hanging(Recorder):
        def health(self) -> HealthStatus:
            release.wait(10)
            return HealthStatus.healthy()

    sup = _supervisor(health_timeout=0.1)
    log: list[str] = []
    sup.register(Hanging("hanging", log))
    sup.register(Recorder("fine", log), priority=1)
    try:
        # The tick waits the patience (0.05 s), then goes on; hanging has not answered yet.
        started = time.monotonic()
        report = sup.step(1.0)
        assert time.monotonic() - started < 0.5
        assert report is not None
        assert report.outstanding == 1
        status = dict(sup.health())
        assert status["fine"] == HealthStatus.healthy()
        assert "hanging" not in status
        # The first tick after the timeout reports it, without waiting; so do later ones.
        time.sleep(0.15)
        for _ in range(2):
            started = time.monotonic()
            sup.step(1.0)
            assert time.monotonic() - started < 0.5
            assert dict(sup.health())["hanging"].status == "unhealthy"
        assert dict(sup.health())["fine"] == HealthStatus.healthy()
    finally:
        release.set()
    # The Python side stayed responsive throughout: the GIL was released while Rust waited.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        sup.step(1.0)
        if dict(sup.health())["hanging"] == HealthStatus.healthy():
            break
    assert dict(sup.health())["hanging"] == HealthStatus.healthy()


@pytest.mark.parametrize("name", ["", "   ", "db\nlive"])
def test_a_service_whose_name_names_nothing_is_refused(name: str) -> None:
    sup = _supervisor()
    with pytest.raises(ValueError, match="invalid service name"):
        sup.register(Recorder(name, []))
    with pytest.raises(ValueError, match="invalid service name"):
        sup.register(RustService(name))
    assert sup.services == []
    sup.register(Recorder("named", []))
    assert sup.services == ["named"]


def test_background_monitor_starts_and_stops() -> None:
    sup = Supervisor(manual_clock=False, interval=0.02)
    log: list[str] = []
    sup.register(Recorder("svc", log))
    ram = sup.add_simulated_source("ram-sim")
    ram.set_fraction(0.85)
    sup.start()
    started = sup.is_running
    deadline = time.monotonic() + 5
    while "svc:warning" not in log and time.monotonic() < deadline:
        event = sup.next_event(0.2)
        del event
    sup.stop()
    assert (started, sup.is_running) == (True, False)
    assert "svc:warning" in log
    with pytest.raises(RuntimeError):
        sup.advance(1.0)


def test_real_sources_measure_this_machine() -> None:
    sup = _supervisor()
    sup.add_system_sources()
    sup.add_rss_source()
    report = sup.step(1.0)
    assert report is not None
    assert report.level in {
        PressureLevel.Normal,
        PressureLevel.Warning,
        PressureLevel.High,
        PressureLevel.Critical,
    }
    text = sup.metrics_text()
    assert "# TYPE" in text


def test_metrics_text_names_services_and_levels() -> None:
    sup = _supervisor()
    sup.register(Recorder("svc", []))
    sup.step(1.0)
    text = sup.metrics_text()
    assert 'service="svc"' in text


def test_a_rust_panic_is_isolated_and_the_interpreter_carries_on() -> None:
    sup = _supervisor()
    log: list[str] = []
    panicking = RustService("panicky", panic_in="pressure_response")
    sick = RustService("sick", panic_in="health")
    sup.register(panicking)
    sup.register(sick)
    sup.register(Recorder("python", log), priority=1)
    ram = sup.add_simulated_source("ram-sim")
    ram.set_fraction(0.85)
    sup.step(1.0)
    events = typed_events(sup)
    responses = {e.service: e.outcome for e in events if isinstance(e, PressureResponse)}
    assert responses["panicky"].result == "panicked"
    assert "panicky panicked in pressure_response" in (responses["panicky"].message or "")
    assert responses["python"].ok
    status = dict(sup.health())
    assert status["sick"].status == "unhealthy"
    assert "sick panicked in health" in (status["sick"].reason or "")
    assert status["python"] == HealthStatus.healthy()
    assert log == ["python:warning"]
    sup.step(1.0)  # the monitor is still alive
