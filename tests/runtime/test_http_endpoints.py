"""``Supervisor.serve_http``: the real endpoint, scraped and probed over HTTP.

``/metrics`` is parsed with prometheus_client's own parsers (Prometheus text 0.0.4, and
OpenMetrics when the Accept header asks), and the probes are checked under simulated
pressure on the manual clock, so nothing here sleeps.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.openmetrics.parser import (
    text_string_to_metric_families as parse_openmetrics,
)
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

from runtime_support import QuietService
from specgen.runtime import (
    HealthStatus,
    HttpServer,
    ResourceGate,
    SimulatedSource,
    Supervisor,
)

GIB = 1 << 30
OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"


@dataclass
class Reply:
    """One HTTP answer."""

    status: int
    content_type: str
    body: str

    def probe(self) -> dict[str, object]:
        assert self.content_type == "application/json"
        parsed: dict[str, object] = json.loads(self.body)
        return parsed


def get(server: HttpServer, path: str, accept: str | None = None) -> Reply:
    """GET ``path``; 503 is an answer, not an exception."""
    request = urllib.request.Request(server.url + path)  # noqa: S310 - http://127.0.0.1 only
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            body = response.read().decode()
            return Reply(response.status, response.headers["Content-Type"], body)
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers["Content-Type"], error.read().decode())


@dataclass
class World:
    """A supervisor with two services, a simulated GPU source and a gate, served."""

    supervisor: Supervisor
    services: dict[str, QuietService]
    gpu: SimulatedSource
    gate: ResourceGate
    server: HttpServer


@pytest.fixture
def world() -> Iterator[World]:
    supervisor = Supervisor(critical_grace=60.0)
    services = {name: QuietService(name) for name in ("cache", "llm")}
    for priority, service in enumerate(services.values()):
        supervisor.register(service, priority=priority)
    gpu = supervisor.add_simulated_source("gpu-sim", "gpu")
    gate = ResourceGate("gpu", 8 * GIB)
    supervisor.add_gate(gate)
    with supervisor.serve_http("127.0.0.1:0") as server:
        yield World(supervisor, services, gpu, gate, server)
    supervisor.shutdown()


def families(text: str, *, openmetrics: bool = False) -> dict[str, Metric]:
    parse = parse_openmetrics if openmetrics else parse_prometheus
    return {family.name: family for family in parse(text)}


def value(family: Metric, **labels: str) -> float:
    (found,) = [s.value for s in family.samples if labels.items() <= s.labels.items()]
    return found


def test_metrics_parse_as_prometheus_text_with_the_runtime_state(world: World) -> None:
    world.gpu.set_fraction(0.85)
    world.supervisor.step(1.0)
    with world.gate.reserve(2 * GIB, "inference"):
        reply = get(world.server, "/metrics")
    assert reply.status == 200
    assert reply.content_type == "text/plain; version=0.0.4; charset=utf-8"
    parsed = families(reply.body)

    assert parsed["health_monitor_pressure_level"].type == "gauge"
    assert value(parsed["health_monitor_pressure_level"]) == 2  # 0.85 of the GPU is high
    assert value(parsed["health_monitor_source_fraction"], source="gpu-sim") == 0.85
    health = parsed["health_monitor_service_health"]
    for name in ("cache", "llm"):
        assert value(health, service=name, status="healthy") == 1
        assert value(health, service=name, status="unhealthy") == 0
    reserved = parsed["health_monitor_gate_reserved_bytes"]
    assert value(reserved, resource="gpu", subsystem="inference") == 2 * GIB
    assert value(parsed["health_monitor_gate_budget_bytes"], subsystem="inference") == 6 * GIB
    # The text format's counters are named with _total; the parser strips it from the family.
    assert parsed["health_monitor_ticks"].type == "counter"
    assert value(parsed["health_monitor_ticks"]) == 1


def test_metrics_are_openmetrics_when_the_scraper_asks(world: World) -> None:
    world.supervisor.step(1.0)
    prometheus_accept = (
        "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1"
    )
    reply = get(world.server, "/metrics", accept=prometheus_accept)
    assert reply.status == 200
    assert reply.content_type == OPENMETRICS
    assert reply.body.endswith("# EOF\n")
    parsed = families(reply.body, openmetrics=True)
    assert value(parsed["health_monitor_ticks"]) == 1
    assert value(parsed["health_monitor_service_health"], service="llm", status="healthy") == 1
    # A plain scraper still gets the 0.0.4 text, which the OpenMetrics parser refuses.
    plain = get(world.server, "/metrics", accept="text/plain")
    assert plain.content_type.startswith("text/plain; version=0.0.4")
    with pytest.raises(ValueError):  # noqa: PT011 - which complaint comes first is the parser's
        families(plain.body, openmetrics=True)


def test_readiness_follows_pressure_and_health(world: World) -> None:
    before = get(world.server, "/readyz")
    assert (before.status, before.probe()) == (
        503,
        {"ok": False, "reasons": ["no health check has run yet"]},
    )
    world.supervisor.step(1.0)
    assert get(world.server, "/readyz").probe() == {"ok": True, "reasons": []}

    world.gpu.set_fraction(0.97)
    world.supervisor.step(1.0)
    critical = get(world.server, "/readyz")
    assert (critical.status, critical.probe()) == (
        503,
        {"ok": False, "reasons": ["memory pressure is critical"]},
    )
    assert get(world.server, "/healthz").status == 200, "pressure is no liveness failure"

    # Still critical inside the hysteresis margin (0.95 - 0.03), ready again below it.
    world.gpu.set_fraction(0.93)
    world.supervisor.step(1.0)
    assert get(world.server, "/readyz").status == 503
    world.gpu.set_fraction(0.90)
    world.supervisor.step(1.0)
    assert get(world.server, "/readyz").status == 200, "high pressure still takes work"

    world.services["llm"].status = HealthStatus.unhealthy("CUDA context lost")
    world.supervisor.step(1.0)
    unhealthy = get(world.server, "/readyz")
    assert (unhealthy.status, unhealthy.probe()["reasons"]) == (
        503,
        ['service "llm" is unhealthy: CUDA context lost'],
    )
    world.services["llm"].status = HealthStatus.degraded("one GPU of two")
    world.supervisor.step(1.0)
    assert get(world.server, "/readyz").status == 200, "degraded is still ready"


def test_liveness_fails_once_the_supervisor_is_shut_down(world: World) -> None:
    assert get(world.server, "/healthz").probe() == {"ok": True, "reasons": []}
    world.supervisor.shutdown()
    after = get(world.server, "/healthz")
    assert (after.status, after.probe()["reasons"]) == (503, ["the supervisor is shut down"])


def test_unknown_paths_and_methods(world: World) -> None:
    assert get(world.server, "/").status == 404
    request = urllib.request.Request(world.server.url + "/metrics", method="POST", data=b"")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    refused.value.close()
    assert refused.value.code == 405


def test_a_port_in_use_is_an_os_error_that_says_so() -> None:
    supervisor = Supervisor()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=f"port {port} is already in use"):
            supervisor.serve_http(f"127.0.0.1:{port}")


@pytest.mark.parametrize("addr", ["9464", "127.0.0.1", "127.0.0.1:http-port", ""])
def test_a_bad_address_is_a_value_error_that_shows_the_form(addr: str) -> None:
    with pytest.raises(ValueError, match=r"expected HOST:PORT, e\.g\. 127\.0\.0\.1:9464"):
        Supervisor().serve_http(addr)


def test_stop_closes_the_port() -> None:
    server = Supervisor().serve_http("127.0.0.1:0")
    assert server.host == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.port}"
    serving = [server.serving]
    server.stop()
    server.stop()  # a second stop does nothing
    serving.append(server.serving)
    assert serving == [True, False]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port)).close()
