//! The pressure dispatcher: announces level changes to services, lowest priority first, and
//! sheds load when Critical outlasts its grace period.

use std::sync::Arc;
use std::time::Duration;

use managed_service::PressureLevel;

use crate::clock::millis;
use crate::combine::PressureReport;
use crate::events::EventKind;
use crate::executor::{CallResult, Op, Services};
use crate::model::CallOutcome;
use crate::registry::ServiceEntry;
use crate::step::Step;

/// What one dispatch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Dispatched {
    /// `(from, to)` when the combined level changed.
    pub(crate) change: Option<(PressureLevel, PressureLevel)>,
    /// `pressure_response` calls made.
    pub(crate) responses: usize,
    /// Whether `shed_load` went out in this dispatch.
    pub(crate) shed: bool,
}

/// The dispatcher's memory between ticks.
#[derive(Debug, Default)]
pub(crate) struct Dispatcher {
    level: PressureLevel,
    /// When the current Critical episode began.
    critical_since: Option<Duration>,
    /// Whether this Critical episode has been shed already (once per episode).
    shed_done: bool,
}

impl Dispatcher {
    pub(crate) const fn level(&self) -> PressureLevel {
        self.level
    }

    /// Applies the combined level of `report`:
    ///
    /// 1. on a change, publishes `system:pressure:changed`;
    /// 2. calls `pressure_response(level)` on every service that has not been told this
    ///    level yet (all of them after a change; services registered since, otherwise), in
    ///    ascending priority, one `system:pressure:response` event each;
    /// 3. if the level has been Critical for at least the grace period and this episode has
    ///    not been shed, calls `shed_load()` on every service in the same order.
    ///
    /// A callback that panics or times out marks its service unhealthy until healed.
    pub(crate) fn dispatch(
        &mut self,
        step: &Step<'_>,
        report: &PressureReport,
        by_priority: &Services,
    ) -> Dispatched {
        let change = (report.level != self.level).then(|| self.change_level(step, report));
        Dispatched {
            change,
            responses: announce(step, by_priority, report.level),
            shed: self.shed_if_due(step, by_priority),
        }
    }

    /// Takes the new combined level of `report`: publishes `system:pressure:changed`,
    /// starts or ends the Critical episode, and returns `(from, to)`.
    fn change_level(
        &mut self,
        step: &Step<'_>,
        report: &PressureReport,
    ) -> (PressureLevel, PressureLevel) {
        let level = report.level;
        let from = std::mem::replace(&mut self.level, level);
        step.metrics.pressure_changed();
        step.publish(|| EventKind::PressureChanged {
            from,
            to: level,
            sources: report.sources.clone(),
        });
        if level == PressureLevel::Critical {
            self.critical_since = Some(step.now);
        } else {
            self.critical_since = None;
        }
        self.shed_done = false;
        (from, level)
    }

    /// Calls `shed_load()` on every service, lowest priority first, when the level has been
    /// Critical for the grace period and this episode has not been shed yet; returns whether
    /// it did.
    fn shed_if_due(&mut self, step: &Step<'_>, by_priority: &Services) -> bool {
        let Some(since) = self.critical_since else {
            return false;
        };
        let critical_for = step.now.saturating_sub(since);
        if self.shed_done || critical_for < step.config.critical_grace {
            return false;
        }
        self.shed_done = true;
        step.metrics.shed();
        let calls = (0..by_priority.len()).map(|i| (i, Op::Shed)).collect();
        let results = step
            .executor
            .run(by_priority, calls, step.config.callback_timeout);
        for (entry, result) in by_priority.iter().zip(results) {
            let outcome = settle(step, entry, "shed_load", result);
            step.publish(|| EventKind::ShedLoad {
                service: Arc::clone(&entry.name),
                critical_for_ms: millis(critical_for),
                outcome,
            });
        }
        true
    }
}

/// Calls `pressure_response(level)` on every service that has not been told `level` yet, in
/// ascending priority, one `system:pressure:response` event each; returns how many calls
/// were made.
fn announce(step: &Step<'_>, by_priority: &Services, level: PressureLevel) -> usize {
    let pending: Vec<usize> = (0..by_priority.len())
        .filter(|&i| by_priority[i].announced.load() != level)
        .collect();
    if pending.is_empty() {
        return 0;
    }
    let calls = pending.iter().map(|&i| (i, Op::Pressure(level))).collect();
    let results = step
        .executor
        .run(by_priority, calls, step.config.callback_timeout);
    let responses = pending.len();
    for (index, result) in pending.into_iter().zip(results) {
        let entry = &by_priority[index];
        let outcome = settle(step, entry, "pressure_response", result);
        if !matches!(outcome, CallOutcome::Skipped { .. }) {
            entry.announced.store(level);
        }
        step.publish(|| EventKind::PressureResponse {
            service: Arc::clone(&entry.name),
            level,
            outcome,
        });
    }
    responses
}

/// Turns a callback's result into its outcome; a panic or timeout leaves a fault on the
/// service, which keeps it unhealthy until a heal succeeds.
fn settle(
    step: &Step<'_>,
    entry: &ServiceEntry,
    callback: &str,
    result: CallResult,
) -> CallOutcome {
    match result {
        Ok(_) => CallOutcome::Completed,
        Err(failure) => {
            if !matches!(failure, CallOutcome::Skipped { .. }) {
                step.metrics
                    .callback_failed(&entry.name, callback, &failure);
                entry.runtime().fault = failure.failure(callback);
            }
            failure
        }
    }
}
