//! `nvml_probe`: the NVML pressure source against the machine's GPU, as JSON on stdout, for
//! `bench/gpu.py`.
//!
//! ```text
//! cargo run --release -p health-monitor --example nvml_probe -- [--index N] [--samples N]
//! ```
//!
//! Prints `{"available": false, "reason": ...}` (exit 0) without a GPU or NVML; otherwise
//! the time `NvmlSource::new` took (NVML's init, done once per source), the latency of each
//! of `--samples` memory queries on that one source, and the last reading.

use std::env;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use health_monitor::{NvmlSource, PressureSource, Reading};
use serde_json::json;

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn main() -> ExitCode {
    let mut index = 0_u32;
    let mut samples = 1000_usize;
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let parsed = match (arg.as_str(), value.as_deref()) {
            ("--index", Some(v)) => v.parse().map(|v| index = v).is_ok(),
            ("--samples", Some(v)) => v.parse().map(|v: usize| samples = v.max(1)).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!("usage: nvml_probe [--index N] [--samples N]");
            return ExitCode::from(2);
        }
    }

    let started = Instant::now();
    let mut source = NvmlSource::new(index);
    let init = started.elapsed();
    if let Some(reason) = source.unavailable_reason() {
        println!("{}", json!({ "available": false, "reason": reason }));
        return ExitCode::SUCCESS;
    }

    let mut latencies = Vec::with_capacity(samples);
    let mut last = None;
    for _ in 0..samples {
        let started = Instant::now();
        let reading = source.sample(Duration::ZERO);
        latencies.push(started.elapsed());
        last = Some(reading);
    }
    let first = latencies[0];
    latencies.sort_unstable();
    let percentile = |p: f64| {
        // p in [0, 1]; the index is within bounds by construction.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let at = ((latencies.len() - 1) as f64 * p).round() as usize;
        micros(latencies[at])
    };
    let reading = match last {
        Some(Reading::Usage { used, total }) => json!({ "used_bytes": used, "total_bytes": total }),
        Some(other) => json!({ "other": format!("{other:?}") }),
        None => json!(null),
    };
    println!(
        "{}",
        json!({
            "available": true,
            "source": source.name(),
            "init_ms": init.as_secs_f64() * 1e3,
            "samples": samples,
            "first_query_us": micros(first),
            "query_us": {
                "min": percentile(0.0),
                "median": percentile(0.5),
                "p99": percentile(0.99),
                "max": percentile(1.0),
            },
            "reading": reading,
        })
    );
    ExitCode::SUCCESS
}
