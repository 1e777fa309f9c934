//! [`Metrics`]: Prometheus metrics of the runtime, through the `prometheus-client` crate.
//!
//! | Metric (prefix `health_monitor_`) | Type | Labels | Meaning |
//! |---|---|---|---|
//! | `service_health` | gauge | `service`, `status` | 1 for the service's current status, 0 for the others |
//! | `health_checks_total` | counter | | `health()` calls made |
//! | `callback_failures_total` | counter | `service`, `callback`, `kind` | callbacks that panicked or timed out |
//! | `heal_attempts_total` | counter | `service`, `result` | `heal()` calls, `healed` or `failed` |
//! | `breaker_open` | gauge | `service` | 1 while the heal breaker is open |
//! | `pressure_level` | gauge | | combined level, 0 (normal) to 3 (critical) |
//! | `source_level` | gauge | `source` | a source's level; -1 when unavailable |
//! | `source_fraction` | gauge | `source` | a source's fraction (NaN when unavailable) |
//! | `pressure_changes_total` | counter | | level changes |
//! | `shed_load_total` | counter | | Critical episodes that reached `shed_load` |
//! | `ticks_total` | counter | | ticks run |
//! | `tick_duration_seconds` | gauge | | duration of the last tick |
//! | `gate_capacity_bytes` | gauge | `resource` | a gate's capacity |
//! | `gate_budget_bytes` | gauge | `resource`, `subsystem` | a subsystem's budget |
//! | `gate_reserved_bytes` | gauge | `resource`, `subsystem` | bytes reserved now |
//! | `gate_denials_total` | counter | `resource`, `subsystem` | reservations refused |
//! | `events_dropped_total` | counter | | events dropped because a subscriber was full |
//!
//! Gate and event figures are read when the metrics are rendered (a collector), so a
//! reservation costs no metrics update.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use managed_service::{HealthStatus, PressureLevel};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::registry::Registry;

use crate::combine::PressureReport;
use crate::events::EventBus;
use crate::gate::{ResourceGate, SubsystemUsage};
use crate::model::{CallOutcome, Resource};

type Labels = Vec<(&'static str, String)>;
type FloatGauge = Gauge<f64, std::sync::atomic::AtomicU64>;

/// The `Content-Type` of [`Metrics::render`]'s output: Prometheus text format 0.0.4.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// The `Content-Type` of [`Metrics::render_openmetrics`]'s output: `OpenMetrics` text 1.0.0.
pub const OPENMETRICS_CONTENT_TYPE: &str =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The runtime's metrics, rendered in the Prometheus text format.
///
/// A [`Supervisor`](crate::Supervisor) owns one and updates it as it ticks; render it with
/// [`Supervisor::metrics_text`](crate::Supervisor::metrics_text) or serve it over HTTP
/// (feature `http`). The module documentation lists every metric.
pub struct Metrics {
    registry: Registry,
    service_health: Family<Labels, Gauge>,
    health_checks: Counter,
    callback_failures: Family<Labels, Counter>,
    heal_attempts: Family<Labels, Counter>,
    breaker_open: Family<Labels, Gauge>,
    pressure_level: Gauge,
    source_level: Family<Labels, Gauge>,
    source_fraction: Family<Labels, FloatGauge>,
    pressure_changes: Counter,
    shed_load: Counter,
    ticks: Counter,
    tick_duration: FloatGauge,
    gates: Arc<Mutex<Vec<ResourceGate>>>,
}

impl Metrics {
    /// Metrics with everything at zero, reading dropped events from `events`.
    pub(crate) fn new(events: EventBus) -> Self {
        let mut registry = Registry::with_prefix("health_monitor");
        let metrics = Self {
            service_health: Family::default(),
            health_checks: Counter::default(),
            callback_failures: Family::default(),
            heal_attempts: Family::default(),
            breaker_open: Family::default(),
            pressure_level: Gauge::default(),
            source_level: Family::default(),
            source_fraction: Family::default(),
            pressure_changes: Counter::default(),
            shed_load: Counter::default(),
            ticks: Counter::default(),
            tick_duration: FloatGauge::default(),
            gates: Arc::default(),
            registry: Registry::default(),
        };
        metrics.register_service_metrics(&mut registry);
        metrics.register_pressure_metrics(&mut registry);
        registry.register_collector(Box::new(LiveCollector {
            gates: Arc::clone(&metrics.gates),
            events,
        }));
        Self {
            registry,
            ..metrics
        }
    }

    /// Registers the metrics about services: health, checks, callback failures, heals and
    /// breakers.
    fn register_service_metrics(&self, registry: &mut Registry) {
        registry.register(
            "service_health",
            "1 for the service's current health status, 0 for the others",
            self.service_health.clone(),
        );
        registry.register(
            "health_checks",
            "health() calls made",
            self.health_checks.clone(),
        );
        registry.register(
            "callback_failures",
            "Service callbacks that panicked or timed out",
            self.callback_failures.clone(),
        );
        registry.register(
            "heal_attempts",
            "heal() calls, by result",
            self.heal_attempts.clone(),
        );
        registry.register(
            "breaker_open",
            "1 while the service's heal breaker is open",
            self.breaker_open.clone(),
        );
    }

    /// Registers the metrics about pressure and ticks.
    fn register_pressure_metrics(&self, registry: &mut Registry) {
        registry.register(
            "pressure_level",
            "Combined pressure level: 0 normal, 1 warning, 2 high, 3 critical",
            self.pressure_level.clone(),
        );
        registry.register(
            "source_level",
            "A pressure source's level (0-3), -1 when unavailable",
            self.source_level.clone(),
        );
        registry.register(
            "source_fraction",
            "A pressure source's usage fraction, NaN when unavailable",
            self.source_fraction.clone(),
        );
        registry.register(
            "pressure_changes",
            "Changes of the combined pressure level",
            self.pressure_changes.clone(),
        );
        registry.register(
            "shed_load",
            "Critical episodes that outlasted the grace period",
            self.shed_load.clone(),
        );
        registry.register("ticks", "Supervisor ticks run", self.ticks.clone());
        registry.register(
            "tick_duration_seconds",
            "Duration of the last tick",
            self.tick_duration.clone(),
        );
    }

    /// Renders every metric in the Prometheus text format (0.0.4).
    ///
    /// ```
    /// use health_monitor::{Supervisor, SupervisorConfig};
    ///
    /// let supervisor = Supervisor::new(SupervisorConfig::default())?;
    /// supervisor.tick();
    /// let text = supervisor.metrics_text();
    /// assert!(text.contains("# TYPE health_monitor_ticks_total counter"));
    /// assert!(text.contains("health_monitor_ticks_total 1"));
    /// # Ok::<(), health_monitor::Error>(())
    /// ```
    #[must_use]
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail, and every metric here encodes.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry);
        text
    }

    /// Renders every metric in the `OpenMetrics` text format (1.0.0), ending in `# EOF`:
    /// what `/metrics` answers a scraper whose `Accept` asks for
    /// `application/openmetrics-text`.
    ///
    /// ```
    /// use health_monitor::{Supervisor, SupervisorConfig};
    ///
    /// let supervisor = Supervisor::new(SupervisorConfig::default())?;
    /// supervisor.tick();
    /// let text = supervisor.metrics().render_openmetrics();
    /// assert!(text.contains("# TYPE health_monitor_ticks counter"));
    /// assert!(text.ends_with("# EOF\n"));
    /// # Ok::<(), health_monitor::Error>(())
    /// ```
    #[must_use]
    pub fn render_openmetrics(&self) -> String {
        let mut text = String::new();
        // As in `render`: a String cannot refuse a write.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    pub(crate) fn add_gate(&self, gate: ResourceGate) {
        self.gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(gate);
    }

    pub(crate) fn set_health(&self, service: &str, status: &HealthStatus) {
        for name in ["healthy", "degraded", "unhealthy"] {
            let value = i64::from(name == status.as_str());
            self.service_health
                .get_or_create(&vec![
                    ("service", service.to_owned()),
                    ("status", name.to_owned()),
                ])
                .set(value);
        }
    }

    /// Removes the gauges of a service that is gone (its counters stay, as counters do).
    pub(crate) fn forget_service(&self, service: &str) {
        for status in ["healthy", "degraded", "unhealthy"] {
            self.service_health.remove(&vec![
                ("service", service.to_owned()),
                ("status", status.to_owned()),
            ]);
        }
        self.breaker_open
            .remove(&vec![("service", service.to_owned())]);
    }

    pub(crate) fn health_checks(&self, count: usize) {
        self.health_checks.inc_by(count as u64);
    }

    pub(crate) fn callback_failed(&self, service: &str, callback: &str, outcome: &CallOutcome) {
        let kind = match outcome {
            CallOutcome::Panicked { .. } => "panic",
            CallOutcome::TimedOut { .. } => "timeout",
            CallOutcome::Completed | CallOutcome::Skipped { .. } => return,
        };
        self.callback_failures
            .get_or_create(&vec![
                ("service", service.to_owned()),
                ("callback", callback.to_owned()),
                ("kind", kind.to_owned()),
            ])
            .inc();
    }

    pub(crate) fn heal_attempted(&self, service: &str, healed: bool) {
        let result = if healed { "healed" } else { "failed" };
        self.heal_attempts
            .get_or_create(&vec![
                ("service", service.to_owned()),
                ("result", result.to_owned()),
            ])
            .inc();
    }

    pub(crate) fn set_breaker(&self, service: &str, open: bool) {
        self.breaker_open
            .get_or_create(&vec![("service", service.to_owned())])
            .set(i64::from(open));
    }

    pub(crate) fn pressure_changed(&self) {
        self.pressure_changes.inc();
    }

    pub(crate) fn shed(&self) {
        self.shed_load.inc();
    }

    pub(crate) fn record_pressure(&self, report: &PressureReport) {
        self.pressure_level.set(level_number(report.level));
        for source in &report.sources {
            let labels = vec![("source", source.name.to_string())];
            self.source_level
                .get_or_create(&labels)
                .set(source.level.map_or(-1, level_number));
            self.source_fraction
                .get_or_create(&labels)
                .set(source.reading.fraction().unwrap_or(f64::NAN));
        }
    }

    pub(crate) fn ticked(&self, duration: Duration) {
        self.ticks.inc();
        self.tick_duration.set(duration.as_secs_f64());
    }
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics")
            .field("ticks", &self.ticks.get())
            .finish_non_exhaustive()
    }
}

fn level_number(level: PressureLevel) -> i64 {
    match level {
        PressureLevel::Normal => 0,
        PressureLevel::Warning => 1,
        PressureLevel::High => 2,
        PressureLevel::Critical => 3,
    }
}

/// Picks one figure of a subsystem's usage.
type ReadUsage = fn(&SubsystemUsage) -> u64;

/// Reads gates and the event bus at render time.
#[derive(Debug)]
struct LiveCollector {
    gates: Arc<Mutex<Vec<ResourceGate>>>,
    events: EventBus,
}

impl Collector for LiveCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let gates = self
            .gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        encode_capacities(&mut encoder, &gates)?;
        let usage: Vec<_> = gates.iter().map(|g| (g.resource(), g.usage())).collect();
        encode_subsystem_bytes(&mut encoder, &usage)?;
        encode_denials(&mut encoder, &usage)?;

        let dropped = ConstCounter::new(self.events.dropped_total());
        let family = encoder.encode_descriptor(
            "events_dropped",
            "Events dropped because a subscriber's queue was full.",
            None,
            dropped.metric_type(),
        )?;
        dropped.encode(family)
    }
}

/// Every subsystem's usage, per gate resource.
type Usage = [(Resource, Vec<SubsystemUsage>)];

/// `gate_capacity_bytes`, one per gate.
fn encode_capacities(
    encoder: &mut DescriptorEncoder,
    gates: &[ResourceGate],
) -> Result<(), fmt::Error> {
    let capacity = ConstGauge::new(0_u64);
    let mut family = encoder.encode_descriptor(
        "gate_capacity_bytes",
        "A resource gate's capacity.",
        None,
        capacity.metric_type(),
    )?;
    for gate in gates {
        let labels = [("resource", gate.resource().as_str())];
        ConstGauge::new(gate.capacity()).encode(family.encode_family(&labels)?)?;
    }
    Ok(())
}

/// `gate_budget_bytes` and `gate_reserved_bytes`, one per subsystem of each gate.
fn encode_subsystem_bytes(
    encoder: &mut DescriptorEncoder,
    usage: &Usage,
) -> Result<(), fmt::Error> {
    let gauge = ConstGauge::new(0_u64);
    let per_subsystem: [(&str, &str, ReadUsage); 2] = [
        (
            "gate_budget_bytes",
            "A subsystem's budget in a resource gate.",
            |u| u.budget,
        ),
        (
            "gate_reserved_bytes",
            "Bytes reserved by a subsystem now.",
            |u| u.reserved,
        ),
    ];
    for (name, help, value) in per_subsystem {
        let mut family = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
        for (resource, subsystems) in usage {
            for subsystem in subsystems {
                let labels = [
                    ("resource", resource.as_str()),
                    ("subsystem", subsystem.name.as_str()),
                ];
                ConstGauge::new(value(subsystem)).encode(family.encode_family(&labels)?)?;
            }
        }
    }
    Ok(())
}

/// `gate_denials_total`, one per subsystem of each gate.
fn encode_denials(encoder: &mut DescriptorEncoder, usage: &Usage) -> Result<(), fmt::Error> {
    let counter = ConstCounter::new(0_u64);
    let mut family = encoder.encode_descriptor(
        "gate_denials",
        "Reservations refused by a resource gate.",
        None,
        counter.metric_type(),
    )?;
    for (resource, subsystems) in usage {
        for subsystem in subsystems {
            let labels = [
                ("resource", resource.as_str()),
                ("subsystem", subsystem.name.as_str()),
            ];
            ConstCounter::new(subsystem.denials).encode(family.encode_family(&labels)?)?;
        }
    }
    Ok(())
}
