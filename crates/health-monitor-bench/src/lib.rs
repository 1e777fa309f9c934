//! Criterion benchmarks of the `health-monitor` runtime (`benches/runtime.rs`, with the
//! ids and targets) and its idle CPU (`benches/idle_cpu.rs`): `cargo bench -p
//! health-monitor-bench`, or `nox -s bench -- runtime`.
//!
//! This library is what both bench targets share: where results go, and the compact JSON
//! summary.

use std::path::PathBuf;

use serde_json::{Map, Value};

/// Criterion's output directory, found the way criterion finds it: `$CRITERION_HOME`,
/// else `$CARGO_TARGET_DIR/criterion`, else the workspace's `target/criterion`.
#[must_use]
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/criterion")
}

/// The summary file: `$HEALTH_MONITOR_BENCH_JSON`, else
/// `<criterion dir>/health-monitor-summary.json`.
pub fn summary_path() -> PathBuf {
    std::env::var_os("HEALTH_MONITOR_BENCH_JSON").map_or_else(
        || criterion_dir().join("health-monitor-summary.json"),
        PathBuf::from,
    )
}

/// Whether the binary runs as a benchmark (`cargo bench`) rather than as a quick test
/// (`cargo test --benches`).
#[must_use]
pub fn benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// Sets `key` in the summary file to `value`, keeping the other keys (each bench target
/// writes its own).
pub fn update_summary(key: &str, value: Value) {
    let path = summary_path();
    let mut summary: Map<String, Value> = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    summary.insert(key.to_owned(), value);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let text = serde_json::to_string_pretty(&Value::Object(summary)).unwrap_or_default();
    match std::fs::write(&path, text + "\n") {
        Ok(()) => eprintln!("summary written to {}", path.display()),
        Err(err) => eprintln!("cannot write {}: {err}", path.display()),
    }
}
