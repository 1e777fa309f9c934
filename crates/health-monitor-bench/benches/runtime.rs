//! Criterion benchmarks of the runtime's hot paths, with their targets:
//!
//! | Id | Measures | Target |
//! |----|----------|--------|
//! | `tick/100`, `tick/1000` | one full tick over N healthy services that do no work | < 50 µs per 100 services |
//! | `dispatch/1000` | a tick in which the level changes, over 1,000 services whose health is not checked | < 1 ms |
//! | `dispatch_baseline/1000` | the same tick without a level change (subtract it to isolate the dispatch) | — |
//! | `gate/reserve_release` | one uncontended reservation and its release | < 200 ns |
//! | `scrape/100` | rendering `/metrics` (Prometheus text) for 100 services and a GPU gate | < 1 ms |
//! | `scrape_openmetrics/100` | the same in `OpenMetrics` | < 1 ms |
//! | `scrape_http/100` | a whole `GET /metrics` over loopback TCP (feature `http`; client included) | — |
//! | `tick_subscribers/10` | `tick/100` with 10 event subscribers, each drained | `tick/100` + 50 µs |
//!
//! Criterion writes `<criterion dir>/<id>/new/estimates.json` (criterion dir:
//! `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else the workspace's
//! `target/criterion`). After a `cargo bench` run this bench also writes a compact summary,
//! with each target and whether it was met, under the key `runtime` of
//! `$HEALTH_MONITOR_BENCH_JSON` (default `<criterion dir>/health-monitor-summary.json`).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion};
use health_monitor::{
    LifecycleHook, ManualClock, Resource, ResourceGate, ServiceConfig, SimulatedHandle,
    SimulatedSource, Supervisor, SupervisorConfig,
};
use serde_json::{Value, json};
use specgen_test_support::Idle;

/// A lifecycle that never comes up, so that the monitor skips the service's health checks.
struct Dormant;

impl LifecycleHook for Dormant {
    fn initialize(&self) -> Result<(), String> {
        Ok(())
    }
    fn is_initialized(&self) -> bool {
        false
    }
    fn shutdown(&self) {}
}

fn setup(services: usize, dormant: bool) -> (Supervisor, SimulatedHandle) {
    let supervisor =
        Supervisor::with_clock(SupervisorConfig::default(), Arc::new(ManualClock::new()))
            .expect("the default config is valid");
    let hook: Arc<dyn LifecycleHook> = Arc::new(Dormant);
    for i in 0..services {
        let mut config = ServiceConfig::new().priority(i32::try_from(i % 7).unwrap_or(0));
        if dormant {
            config = config.lifecycle(Arc::clone(&hook));
        }
        supervisor
            .register(Arc::new(Idle::new(format!("service-{i}"))), config)
            .expect("names are unique");
    }
    let source = SimulatedSource::new("ram", Resource::Ram);
    let handle = source.handle();
    handle.set_usage(50, 100);
    supervisor.add_source(Box::new(source)).expect("one source");
    // Warm up: first checks, first snapshot.
    supervisor.tick();
    (supervisor, handle)
}

fn tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("tick");
    for services in [100, 1000] {
        let (supervisor, _) = setup(services, false);
        group.bench_with_input(BenchmarkId::from_parameter(services), &services, |b, _| {
            b.iter(|| black_box(supervisor.tick()));
        });
    }
    group.finish();
}

fn dispatch(c: &mut Criterion) {
    let (supervisor, pressure) = setup(1000, true);
    let mut high = false;
    c.bench_with_input(BenchmarkId::new("dispatch", 1000), &1000, |b, _| {
        b.iter(|| {
            high = !high;
            pressure.set_usage(if high { 92 } else { 50 }, 100);
            let report = supervisor.tick();
            debug_assert_eq!(report.responses, 1000);
            black_box(report)
        });
    });
    let (supervisor, _) = setup(1000, true);
    c.bench_with_input(
        BenchmarkId::new("dispatch_baseline", 1000),
        &1000,
        |b, _| {
            b.iter(|| black_box(supervisor.tick()));
        },
    );
}

/// The world a scrape sees: 100 services, a GPU gate with its four subsystems.
fn scraped() -> Supervisor {
    let (supervisor, _) = setup(100, false);
    let gate = ResourceGate::gpu(24 << 30);
    supervisor.add_gate(&gate).expect("one gate");
    let _ = gate.reserve(30 << 30, "tts"); // a denial, so every family has samples
    supervisor.tick();
    supervisor
}

fn scrape(c: &mut Criterion) {
    let supervisor = scraped();
    c.bench_with_input(BenchmarkId::new("scrape", 100), &100, |b, _| {
        b.iter(|| black_box(supervisor.metrics_text()));
    });
    c.bench_with_input(BenchmarkId::new("scrape_openmetrics", 100), &100, |b, _| {
        b.iter(|| black_box(supervisor.metrics().render_openmetrics()));
    });
    {
        use std::io::{Read, Write};
        let endpoint =
            health_monitor::HttpEndpoint::start(supervisor, "127.0.0.1:0").expect("a free port");
        let addr = endpoint.local_addr();
        c.bench_with_input(BenchmarkId::new("scrape_http", 100), &100, |b, _| {
            b.iter(|| {
                let mut stream = std::net::TcpStream::connect(addr).expect("the endpoint runs");
                stream
                    .write_all(b"GET /metrics HTTP/1.0\r\n\r\n")
                    .expect("write");
                let mut body = Vec::new();
                stream.read_to_end(&mut body).expect("read");
                black_box(body.len())
            });
        });
        endpoint.stop();
    }
}

fn fan_out(c: &mut Criterion) {
    let (supervisor, _) = setup(100, false);
    let subscribers: Vec<_> = (0..10).map(|_| supervisor.subscribe()).collect();
    c.bench_with_input(BenchmarkId::new("tick_subscribers", 10), &10, |b, _| {
        b.iter(|| {
            let report = supervisor.tick();
            for subscriber in &subscribers {
                black_box(subscriber.drain());
            }
            black_box(report)
        });
    });
}

fn gate(c: &mut Criterion) {
    let gate = ResourceGate::gpu(24 << 30);
    let mut group = c.benchmark_group("gate");
    group.bench_function("reserve_release", |b| {
        b.iter(|| {
            let permit = gate.reserve(black_box(64 << 20), "inference");
            black_box(permit.is_ok());
        });
    });
    group.finish();
}

/// One benchmark's estimates, in nanoseconds: the typical time criterion prints (the slope
/// of its linear sampling, else the mean) and the median.
fn estimate(id: &str) -> Option<(f64, f64)> {
    let path = health_monitor_bench::criterion_dir()
        .join(id)
        .join("new/estimates.json");
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let point = |name: &str| estimates[name]["point_estimate"].as_f64();
    Some((point("slope").or_else(|| point("mean"))?, point("median")?))
}

fn write_summary() {
    let round = |ns: f64| (ns * 10.0).round() / 10.0;
    let row = |id: &str, what: &str, target_ns: Option<f64>| {
        let (typical, median) = estimate(id)?;
        Some(json!({
            "id": id,
            "what": what,
            "typical_ns": round(typical),
            "median_ns": round(median),
            "target_ns": target_ns,
            "met": target_ns.map(|target| typical < target),
        }))
    };
    let mut results: Vec<Value> = [
        row("tick/100", "one tick over 100 services", Some(50_000.0)),
        row(
            "tick/1000",
            "one tick over 1,000 services (50 µs per 100)",
            Some(500_000.0),
        ),
        row(
            "dispatch/1000",
            "a tick that announces a level change to 1,000 services",
            Some(1_000_000.0),
        ),
        row(
            "dispatch_baseline/1000",
            "the same tick without a change",
            None,
        ),
        row(
            "gate/reserve_release",
            "uncontended reserve + release",
            Some(200.0),
        ),
        row(
            "scrape/100",
            "rendering /metrics for 100 services and a GPU gate",
            Some(1_000_000.0),
        ),
        row(
            "scrape_openmetrics/100",
            "the same in OpenMetrics",
            Some(1_000_000.0),
        ),
        row(
            "scrape_http/100",
            "GET /metrics over loopback TCP, client included",
            None,
        ),
        row(
            "tick_subscribers/10",
            "tick/100 with 10 event subscribers, each drained",
            None,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    // What one benchmark costs over another: the part a target is about.
    let difference = |id: &str, minus: &str, what: &str, target_ns: f64| {
        let extra = estimate(id)?.0 - estimate(minus)?.0;
        Some(json!({
            "id": format!("{id} - {minus}"),
            "what": what,
            "typical_ns": round(extra),
            "target_ns": target_ns,
            "met": extra < target_ns,
        }))
    };
    results.extend(
        [
            difference(
                "dispatch/1000",
                "dispatch_baseline/1000",
                "the dispatch alone",
                1_000_000.0,
            ),
            difference(
                "tick_subscribers/10",
                "tick/100",
                "what fanning a tick's events out to 10 subscribers adds",
                50_000.0,
            ),
        ]
        .into_iter()
        .flatten(),
    );
    health_monitor_bench::update_summary("runtime", Value::Array(results));
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    tick(&mut criterion);
    dispatch(&mut criterion);
    gate(&mut criterion);
    scrape(&mut criterion);
    fan_out(&mut criterion);
    criterion.final_summary();
    if health_monitor_bench::benchmarking() {
        write_summary();
    }
}
