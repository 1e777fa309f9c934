//! The self-heal loop: unhealthy services get `heal()` calls on an exponential schedule with
//! jitter, until they recover or too many attempts fail and a breaker opens.

use std::sync::Arc;

use managed_service::HealthStatus;

use crate::clock::millis;
use crate::events::EventKind;
use crate::executor::{Call, CallResult, Op, Returned, Services};
use crate::model::{CallOutcome, ServiceHealth};
use crate::outstanding::Outstanding;
use crate::registry::{ServiceEntry, ServiceRuntime};
use crate::step::Step;

/// Takes in a service's latest health (its runtime is locked by the caller); returns
/// whether a heal is due now. Publishes `system:heal:reset` when sustained health closes an
/// open breaker.
pub(crate) fn observe(step: &Step<'_>, entry: &ServiceEntry, runtime: &mut ServiceRuntime) -> bool {
    let unhealthy = runtime
        .status
        .as_ref()
        .is_some_and(HealthStatus::is_unhealthy);
    let (due, reset) = runtime.heal.observe(step.now, unhealthy, &step.config.heal);
    if let Some(healthy_for) = reset {
        step.metrics.set_breaker(&entry.name, false);
        step.publish(|| EventKind::BreakerReset {
            service: Arc::clone(&entry.name),
            healthy_for_ms: millis(healthy_for),
        });
    }
    due
}

/// Records the heals that earlier ticks left running and that have since returned or timed
/// out. `rows` (one snapshot row per service), when given, is updated to match.
pub(crate) fn collect(
    step: &Step<'_>,
    services: &Services,
    running: &mut Outstanding,
    mut rows: Option<&mut Arc<[ServiceHealth]>>,
) {
    for (index, result) in running.take_finished(services) {
        record(step, &services[index], index, result, rows.as_deref_mut());
    }
}

/// Waits for every heal still running (each at most until its timeout) and records them:
/// before shutdown, so that no `shutdown()` is skipped for a heal that is about to return.
pub(crate) fn finish(step: &Step<'_>, services: &Services, running: &mut Outstanding) {
    for (index, result) in running.take_all(services) {
        record(step, &services[index], index, result, None);
    }
}

/// Calls `heal()` on the services at `due` (indices into `services`), in order, and records
/// the results; `rows` (one snapshot row per service) is updated to match. A heal still
/// running after [`patience`](crate::SupervisorConfig::patience) goes on by itself and joins
/// `running`; a later tick records it ([`collect`]). Returns the number of heals begun.
pub(crate) fn attempt(
    step: &Step<'_>,
    services: &Services,
    due: Vec<usize>,
    rows: &mut Arc<[ServiceHealth]>,
    running: &mut Outstanding,
) -> usize {
    if due.is_empty() {
        return 0;
    }
    let calls = due.iter().map(|&i| (i, Op::Heal)).collect();
    let results = step.executor.run_patiently(
        services,
        calls,
        step.config.heal_timeout,
        step.config.patience,
    );
    let mut begun = 0;
    for (index, call) in due.into_iter().zip(results) {
        let entry = &services[index];
        match call {
            // Not attempted: the service is still busy with an earlier call. Try next tick.
            Call::Done(Err(CallOutcome::Skipped { .. })) => {}
            Call::Done(result) => {
                begun += 1;
                record(step, entry, index, result, Some(rows));
            }
            Call::Pending(call) => {
                begun += 1;
                running.push(Arc::clone(entry), call);
            }
        }
    }
    begun
}

/// Records one heal's result: the schedule, the breaker, the row, metrics and events.
fn record(
    step: &Step<'_>,
    entry: &ServiceEntry,
    index: usize,
    result: CallResult,
    rows: Option<&mut Arc<[ServiceHealth]>>,
) {
    let policy = &step.config.heal;
    let (healed, outcome) = match result {
        Ok(Returned::Healed(healed)) => (healed, CallOutcome::Completed),
        Ok(_) => (false, CallOutcome::Completed),
        Err(failure) => {
            step.metrics.callback_failed(&entry.name, "heal", &failure);
            (false, failure)
        }
    };
    let mut runtime = entry.runtime();
    let recorded = runtime
        .heal
        .record(step.now, healed, policy, entry.id.get());
    if healed {
        runtime.fault = None;
    }
    let failures = runtime.heal.failures();
    let breaker_open = runtime.heal.breaker_open();
    if let Some(rows) = rows {
        update_row(rows, index, breaker_open, failures);
    }
    let reason = runtime
        .status
        .as_ref()
        .and_then(HealthStatus::reason)
        .unwrap_or("unhealthy")
        .to_owned();
    drop(runtime);
    step.metrics.heal_attempted(&entry.name, healed);
    step.publish(|| EventKind::HealAttempt {
        service: Arc::clone(&entry.name),
        attempt: recorded.attempt,
        healed,
        outcome,
        retry_in_ms: recorded.retry_in.map(millis),
    });
    if recorded.escalated {
        step.metrics.set_breaker(&entry.name, true);
        step.publish(|| EventKind::Escalation {
            service: Arc::clone(&entry.name),
            failures,
            window_ms: millis(policy.window),
            reason,
        });
    }
}

/// Sets the breaker and failure count of row `index`, copying the rows (shared with the
/// previous snapshot) only when they change.
fn update_row(rows: &mut Arc<[ServiceHealth]>, index: usize, breaker_open: bool, failures: u32) {
    if rows
        .get(index)
        .is_some_and(|row| (row.breaker_open, row.heal_failures) != (breaker_open, failures))
    {
        let mut owned = rows.to_vec();
        owned[index].breaker_open = breaker_open;
        owned[index].heal_failures = failures;
        *rows = owned.into();
    }
}
