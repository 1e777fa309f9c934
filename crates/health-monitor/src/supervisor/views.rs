//! What a [`Supervisor`] shows: the last snapshot and pressure, the history, events,
//! registry, configuration, clock and metrics.

use std::sync::Arc;

use managed_service::PressureLevel;

use super::Supervisor;
use crate::clock::Clock;
use crate::combine::PressureReport;
use crate::config::SupervisorConfig;
use crate::events::{EventBus, Subscription};
use crate::metrics::Metrics;
use crate::model::HealthSnapshot;
use crate::registry::Registry;

impl Supervisor {
    /// The snapshot of the last tick.
    #[must_use]
    pub fn snapshot(&self) -> Option<Arc<HealthSnapshot>> {
        self.latest().snapshot.clone()
    }

    /// The last [`history_len`](SupervisorConfig::history_len) snapshots, oldest first.
    #[must_use]
    pub fn history(&self) -> Vec<Arc<HealthSnapshot>> {
        self.latest().history.to_vec()
    }

    /// The pressure as of the last tick: combined level and every source.
    #[must_use]
    pub fn pressure(&self) -> Option<Arc<PressureReport>> {
        self.latest().pressure.clone()
    }

    /// The combined level as of the last tick (Normal before the first).
    #[must_use]
    pub fn level(&self) -> PressureLevel {
        self.latest()
            .pressure
            .as_ref()
            .map_or(PressureLevel::Normal, |p| p.level)
    }

    /// A new event subscription (see [`EventBus`]).
    #[must_use]
    pub fn subscribe(&self) -> Subscription {
        self.shared.events.subscribe()
    }

    /// The event bus.
    #[must_use]
    pub fn events(&self) -> &EventBus {
        &self.shared.events
    }

    /// The registered services.
    #[must_use]
    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &SupervisorConfig {
        &self.shared.config
    }

    /// The clock.
    #[must_use]
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.shared.clock
    }

    /// The metrics.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// The metrics in the Prometheus text format (what `/metrics` serves).
    #[must_use]
    pub fn metrics_text(&self) -> String {
        self.shared.metrics.render()
    }
}
