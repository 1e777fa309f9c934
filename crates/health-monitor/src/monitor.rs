//! The health monitor: `health()` on every service each tick, under a timeout and with
//! panics caught, and the snapshots that result.

use std::collections::VecDeque;
use std::sync::Arc;

use managed_service::HealthStatus;

use crate::events::EventKind;
use crate::executor::{Call, CallResult, Op, Returned, Services};
use crate::heal;
use crate::model::{CallOutcome, HealthSnapshot, ServiceHealth};
use crate::outstanding::Outstanding;
use crate::registry::{ServiceEntry, ServiceRuntime};
use crate::step::Step;

/// What the health pass of a tick found.
pub(crate) struct Checked {
    /// `health()` calls made.
    pub(crate) count: usize,
    /// Services whose heal is due, by index.
    pub(crate) due: Vec<usize>,
    /// One snapshot row per service, in registration order.
    pub(crate) rows: Arc<[ServiceHealth]>,
}

/// Checks the health of every initialised service, in registration order, and records the
/// results; in the same pass (one lock per service), takes the heal decision and builds the
/// snapshot row. `previous` (the last snapshot's rows) is reused when nothing changed.
///
/// A check still running after [`patience`](crate::SupervisorConfig::patience) joins
/// `checks`, and the service keeps its last status until a later tick takes the check's
/// result (or its timeout). A service with a check or a heal outstanding is not called.
pub(crate) fn check(
    step: &Step<'_>,
    services: &Services,
    previous: Option<&Arc<[ServiceHealth]>>,
    checks: &mut Outstanding,
    heals: &Outstanding,
) -> Checked {
    let (count, results) = run_checks(step, services, checks, heals);
    let mut results = results.into_iter().peekable();
    let mut rows = Rows {
        previous: previous.filter(|rows| rows.len() == services.len()),
        changed: None,
        len: services.len(),
    };
    let mut due = Vec::new();
    for (index, entry) in services.iter().enumerate() {
        let result = results
            .next_if(|(checked, _)| *checked == index)
            .map(|(_, result)| result);
        let initialized = result.is_some() || checks.has(entry) || heals.has(entry);
        let mut runtime = entry.runtime();
        let mut change = None;
        if let Some(result) = result {
            change = take_status(step, entry, &mut runtime, result);
            if heal::observe(step, entry, &mut runtime) {
                due.push(index);
            }
        }
        rows.keep(index, entry, &runtime, initialized);
        drop(runtime);
        if let Some((from, to)) = change {
            step.metrics.set_health(&entry.name, &to);
            step.publish(|| EventKind::HealthChanged {
                service: Arc::clone(&entry.name),
                from,
                to,
            });
        }
    }
    step.metrics.health_checks(count);
    Checked {
        count,
        due,
        rows: rows.finish(),
    }
}

/// Calls `health()` on every initialised service that has no check or heal outstanding and
/// no check that finished since the last tick; a call that outlives the patience joins
/// `checks`. Returns the number of calls made, and the results to record now (the finished
/// checks of earlier ticks and this tick's completed ones), by service index.
fn run_checks(
    step: &Step<'_>,
    services: &Services,
    checks: &mut Outstanding,
    heals: &Outstanding,
) -> (usize, Vec<(usize, CallResult)>) {
    // Checks left running by earlier ticks that have since finished count as this tick's.
    let finished = checks.take_finished(services);
    let calls: Vec<(usize, Op)> = (0..services.len())
        .filter(|&i| {
            let entry = &*services[i];
            entry.is_initialized()
                && !checks.has(entry)
                && !heals.has(entry)
                && finished.binary_search_by_key(&i, |(j, _)| *j).is_err()
        })
        .map(|i| (i, Op::Health))
        .collect();
    let count = calls.len();
    let indices: Vec<usize> = calls.iter().map(|(i, _)| *i).collect();
    let calls = step.executor.run_patiently(
        services,
        calls,
        step.config.health_timeout,
        step.config.patience,
    );
    let mut made = Vec::with_capacity(count);
    for (index, call) in indices.into_iter().zip(calls) {
        match call {
            Call::Done(result) => made.push((index, result)),
            Call::Pending(call) => checks.push(Arc::clone(&services[index]), call),
        }
    }
    (count, merge_by_index(finished, made))
}

/// Records a check's result as the service's status; returns `(from, to)` when the status
/// moved to another step (or was first seen).
fn take_status(
    step: &Step<'_>,
    entry: &ServiceEntry,
    runtime: &mut ServiceRuntime,
    result: CallResult,
) -> Option<(Option<HealthStatus>, HealthStatus)> {
    let status = merge(step, entry, runtime, result);
    if runtime.status.as_ref() == Some(&status) {
        return None;
    }
    let previous = runtime.status.replace(status.clone());
    (previous.as_ref().map(HealthStatus::as_str) != Some(status.as_str()))
        .then_some((previous, status))
}

/// The snapshot rows of a health pass. While every row equals the previous snapshot's, the
/// previous rows are kept as they are; from the first that differs, the rows are copied.
struct Rows<'a> {
    /// The last snapshot's rows, if they are one per service.
    previous: Option<&'a Arc<[ServiceHealth]>>,
    /// Stays `None` while every row equals the previous one.
    changed: Option<Vec<ServiceHealth>>,
    /// How many services there are.
    len: usize,
}

impl Rows<'_> {
    /// Adds the row of service `index`.
    fn keep(
        &mut self,
        index: usize,
        entry: &ServiceEntry,
        runtime: &ServiceRuntime,
        initialized: bool,
    ) {
        let previous = self.previous;
        let unchanged = self.changed.is_none()
            && previous.is_some_and(|rows| rows[index].matches(entry, runtime, initialized));
        if unchanged {
            return;
        }
        let len = self.len;
        let rows = self.changed.get_or_insert_with(|| {
            let mut rows = Vec::with_capacity(len);
            rows.extend_from_slice(previous.map_or(&[][..], |rows| &rows[..index]));
            rows
        });
        rows.push(ServiceHealth {
            name: Arc::clone(&entry.name),
            priority: entry.priority,
            status: runtime.status.clone(),
            initialized,
            breaker_open: runtime.heal.breaker_open(),
            heal_failures: runtime.heal.failures(),
            budget: entry.budget,
        });
    }

    /// The rows: the copied ones if any changed, else the previous ones.
    fn finish(self) -> Arc<[ServiceHealth]> {
        match (self.changed, self.previous) {
            (Some(rows), _) => rows.into(),
            (None, Some(previous)) => Arc::clone(previous),
            (None, None) => Arc::from([]),
        }
    }
}

impl ServiceHealth {
    /// Whether this row still describes `entry` as it is now.
    fn matches(&self, entry: &ServiceEntry, runtime: &ServiceRuntime, initialized: bool) -> bool {
        Arc::ptr_eq(&self.name, &entry.name)
            && self.initialized == initialized
            && self.status == runtime.status
            && self.breaker_open == runtime.heal.breaker_open()
            && self.heal_failures == runtime.heal.failures()
    }
}

/// Two lists sorted by index, as one.
fn merge_by_index<T>(a: Vec<(usize, T)>, b: Vec<(usize, T)>) -> Vec<(usize, T)> {
    if a.is_empty() {
        return b;
    }
    let mut merged: Vec<(usize, T)> = a.into_iter().chain(b).collect();
    merged.sort_by_key(|(index, _)| *index);
    merged
}

/// The status a check result stands for: what `health()` said, or unhealthy when it failed
/// or when an earlier callback left a fault.
fn merge(
    step: &Step<'_>,
    entry: &ServiceEntry,
    runtime: &ServiceRuntime,
    result: CallResult,
) -> HealthStatus {
    let reported = match result {
        Ok(Returned::Health(status)) => status,
        Ok(_) => HealthStatus::unhealthy("health() returned nothing"),
        Err(failure) => {
            if !matches!(failure, CallOutcome::Skipped { .. }) {
                step.metrics
                    .callback_failed(&entry.name, "health", &failure);
            }
            HealthStatus::unhealthy(failure.failure("health").unwrap_or_default())
        }
    };
    match &runtime.fault {
        Some(fault) if !reported.is_unhealthy() => HealthStatus::unhealthy(fault.clone()),
        _ => reported,
    }
}

/// The last few snapshots, newest last.
#[derive(Debug)]
pub(crate) struct History {
    snapshots: VecDeque<Arc<HealthSnapshot>>,
    capacity: usize,
}

impl History {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            snapshots: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    pub(crate) fn push(&mut self, snapshot: Arc<HealthSnapshot>) {
        if self.snapshots.len() == self.capacity {
            self.snapshots.pop_front();
        }
        self.snapshots.push_back(snapshot);
    }

    pub(crate) fn to_vec(&self) -> Vec<Arc<HealthSnapshot>> {
        self.snapshots.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use managed_service::PressureLevel;

    use super::*;

    fn service(name: &str, status: Option<HealthStatus>) -> ServiceHealth {
        ServiceHealth {
            name: name.into(),
            priority: 0,
            status,
            initialized: true,
            breaker_open: false,
            heal_failures: 0,
            budget: None,
        }
    }

    #[test]
    fn snapshot_queries() {
        let snapshot = HealthSnapshot {
            at_ms: 0,
            level: PressureLevel::Normal,
            services: vec![
                service("a", Some(HealthStatus::Healthy)),
                service("b", Some(HealthStatus::unhealthy("x"))),
                service("c", Some(HealthStatus::degraded("y"))),
                service("d", None),
            ]
            .into(),
        };
        assert_eq!(snapshot.counts(), (1, 1, 1));
        assert_eq!(
            snapshot.unhealthy().map(|s| &*s.name).collect::<Vec<_>>(),
            ["b"]
        );
        assert!(snapshot.get("d").is_some_and(|s| s.status.is_none()));
        let json = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(json["services"][1]["status"]["status"], "unhealthy");
        assert_eq!(json["services"][3]["status"], serde_json::Value::Null);
    }

    #[test]
    fn history_keeps_the_newest() {
        let mut history = History::new(2);
        for at_ms in 0..3 {
            history.push(Arc::new(HealthSnapshot {
                at_ms,
                level: PressureLevel::Normal,
                services: Arc::from([]),
            }));
        }
        let kept: Vec<u64> = history.to_vec().iter().map(|s| s.at_ms).collect();
        assert_eq!(kept, [1, 2]);
    }
}
