//! CPU used by an idle background monitor at a 250 ms interval (target: < 0.1 % of one
//! core).
//!
//! Runs a supervisor with 20 healthy services and this machine's real pressure sources
//! (meminfo, PSI, cgroup, NVML) in background mode for `$HEALTH_MONITOR_IDLE_SECS` seconds
//! (default 10; 1 under `cargo test --benches`), and compares the process's CPU time
//! (`CLOCK_PROCESS_CPUTIME_ID`, nanosecond precision) before and after. The main thread
//! sleeps meanwhile, so nearly all of it is the monitor. The result is printed and stored
//! under the key `idle_cpu` of the bench summary (see `runtime.rs`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use cpu_time::ProcessTime;
use health_monitor::{ServiceConfig, Supervisor, SupervisorConfig};
use serde_json::json;
use specgen_test_support::Idle;

fn main() {
    let benchmarking = health_monitor_bench::benchmarking();
    let seconds: u64 = std::env::var("HEALTH_MONITOR_IDLE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if benchmarking { 10 } else { 1 });
    let interval = Duration::from_millis(250);

    let mut config = SupervisorConfig::default();
    config.interval = interval;
    let supervisor = Supervisor::new(config).expect("valid config");
    for i in 0..20 {
        supervisor
            .register(
                Arc::new(Idle::new(format!("service-{i}"))),
                ServiceConfig::new(),
            )
            .expect("unique names");
    }
    supervisor.add_system_sources().expect("distinct sources");
    supervisor.start().expect("the monitor starts");
    // Let the first ticks (thread start, first file opens) pass.
    std::thread::sleep(Duration::from_millis(600));

    let ticks_before = ticks(&supervisor);
    let cpu_before = ProcessTime::now();
    let wall_before = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    let cpu = cpu_before.elapsed();
    let wall = wall_before.elapsed();
    let ticks = ticks(&supervisor) - ticks_before;
    supervisor.shutdown();

    let percent = cpu.as_secs_f64() / wall.as_secs_f64() * 100.0;
    let per_tick_us = cpu.as_secs_f64() * 1e6 / ticks.max(1.0);
    println!(
        "idle monitor at {} ms: {:.4} % of one core ({} µs CPU over {:.1} s, {ticks} ticks, {per_tick_us:.1} µs per tick; target < 0.1 %)",
        interval.as_millis(),
        percent,
        cpu.as_micros(),
        wall.as_secs_f64(),
    );
    if benchmarking {
        health_monitor_bench::update_summary(
            "idle_cpu",
            json!({
                "interval_ms": 250,
                "services": 20,
                "seconds": wall.as_secs_f64(),
                "ticks": ticks,
                "cpu_us": cpu.as_micros(),
                "cpu_us_per_tick": (per_tick_us * 10.0).round() / 10.0,
                "percent_of_core": (percent * 10_000.0).round() / 10_000.0,
                "target_percent": 0.1,
                "met": percent < 0.1,
            }),
        );
    }
}

/// Ticks run so far, from the metrics.
fn ticks(supervisor: &Supervisor) -> f64 {
    supervisor
        .metrics_text()
        .lines()
        .find_map(|line| line.strip_prefix("health_monitor_ticks_total "))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0.0)
}
