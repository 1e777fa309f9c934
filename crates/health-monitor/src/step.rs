//! [`Step`]: what the steps of a tick (dispatch, health, heal, shutdown) share.

use std::time::Duration;

use crate::config::SupervisorConfig;
use crate::events::{EventBus, EventKind};
use crate::executor::Executor;
use crate::metrics::Metrics;

/// What the steps of a tick share.
pub(crate) struct Step<'a> {
    pub(crate) now: Duration,
    pub(crate) executor: &'a Executor,
    pub(crate) events: &'a EventBus,
    pub(crate) metrics: &'a Metrics,
    pub(crate) config: &'a SupervisorConfig,
}

impl Step<'_> {
    /// Publishes an event at the step's time, building it only if someone listens.
    pub(crate) fn publish(&self, kind: impl FnOnce() -> EventKind) {
        self.events.publish_with(self.now, kind);
    }
}
