//! Ordered, idempotent shutdown: services stop in reverse registration order, each through
//! `ManagedService::shutdown` and then its lifecycle hook.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::events::EventKind;
use crate::executor::{Op, Services};
use crate::model::CallOutcome;
use crate::step::Step;

/// What [`Supervisor::shutdown`](crate::Supervisor::shutdown) did, in the order it did it.
///
/// The same report is returned by every later call: shutdown happens once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShutdownReport {
    /// Every service, in the order it was stopped (reverse registration order).
    pub services: Vec<StoppedService>,
}

impl ShutdownReport {
    /// The names in stopping order.
    #[must_use]
    pub fn order(&self) -> Vec<&str> {
        self.services.iter().map(|s| s.name.as_str()).collect()
    }
}

/// One service in a [`ShutdownReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoppedService {
    /// The service.
    pub name: String,
    /// How its shutdown went. A panic or timeout does not stop the services after it.
    pub outcome: CallOutcome,
}

/// Stops every service, newest first; each gets `shutdown_timeout`.
pub(crate) fn run(step: &Step<'_>, services: &Services) -> ShutdownReport {
    let order: Vec<usize> = (0..services.len()).rev().collect();
    let calls = order.iter().map(|&i| (i, Op::Shutdown)).collect();
    let results = step
        .executor
        .run(services, calls, step.config.shutdown_timeout);
    let mut report = ShutdownReport {
        services: Vec::with_capacity(order.len()),
    };
    for (index, result) in order.into_iter().zip(results) {
        let entry = &services[index];
        let outcome = match result {
            Ok(_) => CallOutcome::Completed,
            Err(failure) => {
                step.metrics
                    .callback_failed(&entry.name, "shutdown", &failure);
                failure
            }
        };
        step.publish(|| EventKind::ServiceStopped {
            service: Arc::clone(&entry.name),
            outcome: outcome.clone(),
        });
        report.services.push(StoppedService {
            name: entry.name.to_string(),
            outcome,
        });
    }
    let count = u32::try_from(report.services.len()).unwrap_or(u32::MAX);
    step.publish(|| EventKind::ShutdownComplete { services: count });
    report
}
