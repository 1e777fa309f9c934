"""deploy/: every file parses, every metric a rule or panel queries is exported, and the
manifests probe and scrape the paths and port the host serves with its ``--http`` flag.

"Exported" is decided by a real scrape: a supervisor driven through every state that
creates a sample (a gate with a denial, a failing service whose breaker opens, a pressure
source), served by ``serve_http`` and parsed with prometheus_client's parser.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from runtime_support import QuietService
from specgen.runtime import (
    GateDenied,
    HealthStatus,
    HttpServer,
    ResourceGate,
    Supervisor,
)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HOST_MAIN = ROOT / "examples" / "gpu-stats" / "src" / "main.rs"
GIB = 1 << 30

# Metrics Prometheus itself makes for every target (not the host's to export).
PROMETHEUS_OWN = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}
# PromQL words that look like names but are not metrics.
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
    "unless", "offset", "sum", "max", "min", "avg", "count", "rate", "increase", "irate",
    "delta", "topk", "bottomk", "label_values", "abs", "clamp_min", "clamp_max",
    "histogram_quantile", "absent", "changes", "resets",
}  # fmt: skip


class Failing(QuietService):
    """A service that is unhealthy and whose heal fails: heal attempts, then an open breaker."""

    def __init__(self) -> None:
        super().__init__("failing")

    def health(self) -> HealthStatus:
        raise RuntimeError("the model file is gone")


@pytest.fixture(scope="module")
def served() -> Iterator[HttpServer]:
    supervisor = Supervisor(heal_min_delay=0.5, heal_max_delay=0.5, heal_max_failures=1)
    supervisor.register(Failing())
    gpu = supervisor.add_simulated_source("gpu-sim", "gpu")
    gpu.set_fraction(0.5)
    gate = ResourceGate("gpu", 8 * GIB)
    supervisor.add_gate(gate)
    with pytest.raises(GateDenied):
        gate.reserve(7 * GIB, "tts")
    supervisor.step(1.0, count=4)
    assert supervisor.open_breakers() == ["failing"], "the fixture must open the breaker"
    with supervisor.serve_http("127.0.0.1:0") as server:
        yield server
    supervisor.shutdown()


def fetch(server: HttpServer, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def exported(served: HttpServer) -> set[str]:
    """Every series name a scrape of the runtime holds (counters with their ``_total``)."""
    status, text = fetch(served, "/metrics")
    assert status == 200
    names = {
        sample.name for family in text_string_to_metric_families(text) for sample in family.samples
    }
    assert "health_monitor_breaker_open" in names
    return names


def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file())


def load_yaml(name: str) -> list[Any]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / name).read_text(encoding="utf-8")) if doc]


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects."""
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    stripped = re.sub(r"\{[^}]*\}", "", stripped)  # label matchers
    stripped = re.sub(r"\[[^\]]*\]", "", stripped)  # range selectors
    stripped = re.sub(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)", "", stripped)  # groupings
    stripped = re.sub(r"\$\w+", "", stripped)  # Grafana variables
    words = set(re.findall(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b", stripped))
    return words - PROMQL_WORDS


def alert_rules() -> list[dict[str, Any]]:
    (rules,) = load_yaml("prometheus/alerts.yml")
    return [rule for group in rules["groups"] for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (DEPLOY / "grafana" / "specgen-runtime.json").read_text(encoding="utf-8")
    )
    return loaded


def panel_exprs() -> dict[str, list[str]]:
    return {
        panel["title"]: [target["expr"] for target in panel["targets"]]
        for panel in dashboard()["panels"]
    }


def deployment() -> dict[str, Any]:
    manifests = load_yaml("kubernetes/deployment.yaml")
    found: dict[str, Any] = next(d for d in manifests if d["kind"] == "Deployment")
    return found


def host_container() -> dict[str, Any]:
    containers = deployment()["spec"]["template"]["spec"]["containers"]
    found: dict[str, Any] = next(c for c in containers if c["name"] == "host")
    return found


def http_flag_port(container: dict[str, Any]) -> int:
    args: list[str] = container["args"]
    addr = args[args.index("--http") + 1]
    host, _, port = addr.rpartition(":")
    assert host, f"--http {addr} has no host"
    return int(port)


def named_port(container: dict[str, Any], port: str | int) -> int:
    if isinstance(port, int):
        return port
    (number,) = [p["containerPort"] for p in container["ports"] if p["name"] == port]
    return int(number)


# --- every file parses ---------------------------------------------------------------------


@pytest.mark.parametrize("path", deploy_files(), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_file_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yml", ".yaml"}:
        assert [doc for doc in yaml.safe_load_all(text) if doc], "an empty YAML file"
    elif path.suffix == ".json":
        assert isinstance(json.loads(text), dict)
    else:
        assert path.suffix == ".md", f"{path.name}: no test knows this kind of file"


# --- every queried metric is exported ------------------------------------------------------


def test_every_metric_a_rule_queries_is_exported(exported: set[str]) -> None:
    for rule in alert_rules():
        names = metric_names(rule["expr"])
        assert names, f"{rule['alert']}: no metric found in {rule['expr']!r}"
        unknown = names - exported - PROMETHEUS_OWN
        assert not unknown, f"{rule['alert']} queries {sorted(unknown)}, not exported"


def test_every_metric_a_panel_queries_is_exported(exported: set[str]) -> None:
    for title, exprs in panel_exprs().items():
        for expr in exprs:
            names = metric_names(expr)
            assert names, f"{title}: no metric found in {expr!r}"
            assert names <= exported, f"{title} queries {sorted(names - exported)}, not exported"
    variable = next(v for v in dashboard()["templating"]["list"] if v["name"] == "pod")
    selector = re.fullmatch(r"label_values\((\w+), *(\w+)\)", variable["definition"])
    assert selector is not None, variable["definition"]
    assert selector.group(1) in exported


def test_the_name_check_would_catch_a_misspelt_metric(exported: set[str]) -> None:
    assert metric_names('sum by (pod) (rate(health_monitor_gate_denial_total{x="a"}[5m]))') == {
        "health_monitor_gate_denial_total"
    }
    assert "health_monitor_gate_denial_total" not in exported


# --- the alerts and panels the operations guide promises ---------------------------------


def test_the_promised_alerts_exist_with_their_timing() -> None:
    rules = {rule["alert"]: rule for rule in alert_rules()}
    pressure = rules["SpecgenPressureCritical"]
    assert "health_monitor_pressure_level" in pressure["expr"]
    assert pressure["expr"].endswith(">= 3")
    assert pressure["for"] == "1m"
    assert 'status="unhealthy"' in rules["SpecgenServiceUnhealthy"]["expr"]
    assert "health_monitor_breaker_open" in rules["SpecgenHealBreakerOpen"]["expr"]
    assert "rate(health_monitor_gate_denials_total" in rules["SpecgenGateDenials"]["expr"]
    for rule in rules.values():
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}
        assert rule["annotations"]["summary"]


def test_the_dashboard_shows_what_the_issue_asks() -> None:
    queried = {name for exprs in panel_exprs().values() for e in exprs for name in metric_names(e)}
    assert {
        "health_monitor_pressure_level",
        "health_monitor_service_health",
        "health_monitor_gate_reserved_bytes",
        "health_monitor_gate_budget_bytes",
        "health_monitor_gate_denials_total",
        "health_monitor_heal_attempts_total",
    } <= queried
    ids = [panel["id"] for panel in dashboard()["panels"]]
    assert len(ids) == len(set(ids))


# --- probes and scrapes match the host's flags ---------------------------------------------


def test_the_manifest_uses_only_flags_the_host_accepts() -> None:
    usage = re.search(r'const USAGE: &str = "([^"]+)"', HOST_MAIN.read_text(encoding="utf-8"))
    assert usage is not None
    accepted = set(re.findall(r"--[a-z-]+", usage.group(1)))
    assert "--http" in accepted
    flags = {arg for arg in host_container()["args"] if arg.startswith("--")}
    assert flags <= accepted, f"unknown flags {sorted(flags - accepted)}"


def test_probes_and_scrapes_target_the_http_port() -> None:
    container = host_container()
    port = http_flag_port(container)
    assert port == 9464
    liveness, readiness = container["livenessProbe"], container["readinessProbe"]
    assert liveness["httpGet"]["path"] == "/healthz"
    assert readiness["httpGet"]["path"] == "/readyz"
    for probe in (liveness, readiness):
        assert named_port(container, probe["httpGet"]["port"]) == port

    template = deployment()["spec"]["template"]
    annotations = template["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert int(annotations["prometheus.io/port"]) == port
    assert annotations["prometheus.io/path"] == "/metrics"

    (monitor,) = load_yaml("kubernetes/podmonitor.yaml")
    (endpoint,) = monitor["spec"]["podMetricsEndpoints"]
    assert (named_port(container, endpoint["port"]), endpoint["path"]) == (port, "/metrics")
    labels = template["metadata"]["labels"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= labels.items()

    (config,) = load_yaml("prometheus/prometheus.yml")
    local = next(j for j in config["scrape_configs"] if j["job_name"] == "specgen-host-local")
    assert local["metrics_path"] == "/metrics"
    assert local["static_configs"][0]["targets"] == [f"127.0.0.1:{port}"]
    assert config["rule_files"] == ["alerts.yml"]
    assert (DEPLOY / "prometheus" / "alerts.yml").is_file()


def test_the_manifest_paths_answer_on_a_real_endpoint(served: HttpServer) -> None:
    container = host_container()
    for probe in ("livenessProbe", "readinessProbe"):
        status, body = fetch(served, container[probe]["httpGet"]["path"])
        assert status in {200, 503}
        assert set(json.loads(body)) == {"ok", "reasons"}
    status, body = fetch(served, "/metrics")
    assert status == 200
    assert "# TYPE health_monitor_pressure_level gauge" in body


def test_resources_make_the_memory_limit_the_budget() -> None:
    resources = host_container()["resources"]
    assert resources["requests"] == resources["limits"], "Guaranteed QoS: requests = limits"
    assert resources["limits"]["memory"].endswith("Gi")
    assert resources["limits"]["nvidia.com/gpu"] == 1, "one host per GPU"
