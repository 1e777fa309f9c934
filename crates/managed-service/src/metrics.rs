//! [`MetricsEmitter`]: telemetry as JSON.

/// A module that reports telemetry.
///
/// The runtime collects [`emit_metrics`](Self::emit_metrics) from every emitter on its own
/// schedule and publishes the values under [`metric_prefix`](Self::metric_prefix), so two
/// modules can use the same keys without clashing.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use managed_service::MetricsEmitter;
/// use serde_json::json;
///
/// struct Inference {
///     requests: AtomicU64,
/// }
///
/// impl MetricsEmitter for Inference {
///     fn emit_metrics(&self) -> serde_json::Value {
///         json!({ "requests": self.requests.load(Ordering::Relaxed), "loadedAdapters": 3 })
///     }
///
///     fn metric_prefix(&self) -> &str {
///         "inference"
///     }
/// }
///
/// let inference = Inference { requests: AtomicU64::new(12) };
/// assert_eq!(inference.emit_metrics()["requests"], 12);
/// ```
pub trait MetricsEmitter: Send + Sync {
    /// A snapshot of the module's metrics.
    ///
    /// Return a JSON object whose leaves are numbers (gauges and counters), booleans or short
    /// strings, with camelCase keys; nest objects to group related values. Keep the set of
    /// keys stable between calls, since dashboards are built on them. Called from a runtime
    /// thread: read counters, do not compute expensive aggregates inline.
    fn emit_metrics(&self) -> serde_json::Value;

    /// The namespace for this module's metrics, such as `"gpu"` or `"inference"`.
    ///
    /// Lowercase letters, digits and `_`, starting with a letter, so it is a valid Prometheus
    /// name prefix; it must be the same on every call.
    fn metric_prefix(&self) -> &str;
}
