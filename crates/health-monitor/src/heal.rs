//! The self-heal loop: unhealthy services get `heal()` calls on an exponential schedule with
//! jitter, until they recover or too many attempts fail and a breaker opens.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

use crate::Error;
use crate::clock::millis;
use crate::events::{CallOutcome, EventKind};
use managed_service::HealthStatus;

use crate::executor::{Call, CallResult, Op, Returned, Services};
use crate::monitor::ServiceHealth;
use crate::outstanding::Outstanding;
use crate::registry::{ServiceEntry, ServiceRuntime};
use crate::supervisor::Step;

/// When and how often `heal()` is tried, and when the runtime gives up.
///
/// The schedule is [backon]'s exponential backoff: the first attempt comes as soon as a
/// service is seen unhealthy, and after each attempt that leaves it unhealthy the next is due
/// `min_delay`, `min_delay * factor`, `min_delay * factor²`, … later, capped at `max_delay`.
/// With `jitter`, each delay gets a random extra of up to 100 % of itself, so services that
/// failed together do not retry together; `jitter_seed` makes that randomness repeatable.
///
/// A heal *fails* when `heal()` returns `false`, panics or times out. When `max_failures`
/// failures fall within `window`, the breaker opens: no more heals, and a
/// `system:heal:escalation` event says a person must step in. A service that then stays
/// healthy (or degraded) for `reset_after` has its breaker closed and its failures forgotten.
///
/// Fields are public; start from [`HealPolicy::default`] and change what you need.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use health_monitor::HealPolicy;
///
/// let mut policy = HealPolicy::default();
/// policy.min_delay = Duration::from_secs(1);
/// policy.max_delay = Duration::from_secs(8);
/// policy.jitter = false;
/// let delays: Vec<u64> = policy.delays().take(6).map(|d| d.as_secs()).collect();
/// assert_eq!(delays, [1, 2, 4, 8, 8, 8]);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HealPolicy {
    /// Delay after the first attempt. Default 1 s.
    pub min_delay: Duration,
    /// Largest delay. Default 60 s.
    pub max_delay: Duration,
    /// Growth per attempt. Default 2.
    pub factor: f32,
    /// Add up to 100 % random extra to each delay. Default on.
    pub jitter: bool,
    /// Seed for the jitter (mixed with the service's id); `None` seeds from the OS.
    pub jitter_seed: Option<u64>,
    /// Failures within `window` that open the breaker. Default 5.
    pub max_failures: u32,
    /// Default 10 minutes.
    pub window: Duration,
    /// Healthy time that closes an open breaker. Default 60 s.
    pub reset_after: Duration,
}

impl Default for HealPolicy {
    fn default() -> Self {
        Self {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            factor: 2.0,
            jitter: true,
            jitter_seed: None,
            max_failures: 5,
            window: Duration::from_secs(600),
            reset_after: Duration::from_secs(60),
        }
    }
}

impl HealPolicy {
    /// Checks the values.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (field `heal`) when `min_delay` is zero or above
    /// `max_delay`, `factor` is below 1 or not finite, or `max_failures` is zero.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |message: String| Err(Error::config("heal", message));
        if self.min_delay.is_zero() || self.min_delay > self.max_delay {
            return bad(format!(
                "min_delay must be above zero and at most max_delay, got {:?} and {:?}",
                self.min_delay, self.max_delay
            ));
        }
        if !(self.factor.is_finite() && self.factor >= 1.0) {
            return bad(format!("factor must be at least 1, got {}", self.factor));
        }
        if self.max_failures == 0 {
            return bad("max_failures must be at least 1".to_owned());
        }
        Ok(())
    }

    /// The backoff builder for a service; `salt` (its id) varies the jitter seed per
    /// service.
    fn builder(&self, salt: u64) -> ExponentialBuilder {
        let mut builder = ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(self.factor)
            .without_max_times();
        if self.jitter {
            builder = builder.with_jitter();
        }
        if let Some(seed) = self.jitter_seed {
            builder = builder.with_jitter_seed(seed.wrapping_add(salt));
        }
        builder
    }

    /// The delays this policy produces, in order (with jitter, one possible draw; seeded,
    /// the draw of the service with id 0).
    pub fn delays(&self) -> impl Iterator<Item = Duration> {
        self.builder(0).build()
    }
}

/// One service's place in the heal schedule.
#[derive(Debug, Default)]
pub(crate) struct HealState {
    backoff: Option<ExponentialBackoff>,
    /// When the next attempt is due, while unhealthy.
    next_attempt: Option<Duration>,
    /// Attempts since the service was last healthy.
    attempts: u32,
    /// Times of failed attempts within the window.
    failures: VecDeque<Duration>,
    open_since: Option<Duration>,
    healthy_since: Option<Duration>,
}

/// What [`HealState::record`] decided.
#[derive(Debug, PartialEq, Eq)]
struct Recorded {
    attempt: u32,
    retry_in: Option<Duration>,
    escalated: bool,
}

impl HealState {
    pub(crate) const fn breaker_open(&self) -> bool {
        self.open_since.is_some()
    }

    pub(crate) fn failures(&self) -> u32 {
        u32::try_from(self.failures.len()).unwrap_or(u32::MAX)
    }

    /// Closes the breaker and forgets failures (an operator's reset).
    pub(crate) fn reset(&mut self) {
        self.open_since = None;
        self.failures.clear();
        self.backoff = None;
        self.attempts = 0;
        self.next_attempt = None;
    }

    /// Takes in the latest health; returns whether a heal is due now, and, if the breaker
    /// closes on sustained health, for how long the service had been healthy.
    fn observe(
        &mut self,
        now: Duration,
        unhealthy: bool,
        policy: &HealPolicy,
    ) -> (bool, Option<Duration>) {
        if unhealthy {
            self.healthy_since = None;
            if self.breaker_open() {
                return (false, None);
            }
            let due = *self.next_attempt.get_or_insert(now);
            return (due <= now, None);
        }
        self.next_attempt = None;
        self.backoff = None;
        self.attempts = 0;
        let since = *self.healthy_since.get_or_insert(now);
        let healthy_for = now.saturating_sub(since);
        if (self.breaker_open() || !self.failures.is_empty()) && healthy_for >= policy.reset_after {
            let was_open = self.breaker_open();
            self.open_since = None;
            self.failures.clear();
            return (false, was_open.then_some(healthy_for));
        }
        (false, None)
    }

    /// Records an attempt made at `now`.
    fn record(&mut self, now: Duration, healed: bool, policy: &HealPolicy, salt: u64) -> Recorded {
        self.attempts = self.attempts.saturating_add(1);
        if !healed {
            self.failures.push_back(now);
            while self
                .failures
                .front()
                .is_some_and(|t| now.saturating_sub(*t) > policy.window)
            {
                self.failures.pop_front();
            }
            if self.failures() >= policy.max_failures {
                self.open_since = Some(now);
                self.next_attempt = None;
                return Recorded {
                    attempt: self.attempts,
                    retry_in: None,
                    escalated: true,
                };
            }
        }
        let delay = self
            .backoff
            .get_or_insert_with(|| policy.builder(salt).build())
            .next()
            .unwrap_or(policy.max_delay);
        self.next_attempt = Some(now.saturating_add(delay));
        Recorded {
            attempt: self.attempts,
            retry_in: Some(delay),
            escalated: false,
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> HealPolicy {
        HealPolicy {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(4),
            jitter: false,
            max_failures: 3,
            window: Duration::from_secs(10),
            reset_after: Duration::from_secs(5),
            ..HealPolicy::default()
        }
    }

    const fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn validation() {
        assert!(HealPolicy::default().validate().is_ok());
        let mut p = policy();
        p.min_delay = Duration::ZERO;
        assert!(p.validate().is_err());
        let mut p = policy();
        p.factor = 0.5;
        assert!(p.validate().is_err());
        let mut p = policy();
        p.max_failures = 0;
        assert!(p.validate().is_err());
    }

    #[test]
    fn failures_back_off_then_open_the_breaker() {
        let p = policy();
        let mut state = HealState::default();
        assert_eq!(state.observe(secs(0), true, &p), (true, None));
        let r = state.record(secs(0), false, &p, 0);
        assert_eq!(
            (r.attempt, r.retry_in, r.escalated),
            (1, Some(secs(1)), false)
        );
        assert_eq!(state.observe(secs(0), true, &p), (false, None));
        assert_eq!(state.observe(secs(1), true, &p), (true, None));
        let r = state.record(secs(1), false, &p, 0);
        assert_eq!(r.retry_in, Some(secs(2)));
        assert_eq!(state.observe(secs(2), true, &p), (false, None));
        assert_eq!(state.observe(secs(3), true, &p), (true, None));
        let r = state.record(secs(3), false, &p, 0);
        assert!(r.escalated);
        assert!(state.breaker_open());
        assert_eq!(state.observe(secs(100), true, &p), (false, None));
    }

    #[test]
    fn old_failures_leave_the_window() {
        let p = policy();
        let mut state = HealState::default();
        for t in [0, 20, 40, 60] {
            state.observe(secs(t), true, &p);
            assert!(!state.record(secs(t), false, &p, 0).escalated, "at {t}");
        }
        assert_eq!(state.failures(), 1);
    }

    #[test]
    fn sustained_health_closes_the_breaker() {
        let p = policy();
        let mut state = HealState::default();
        for t in 0..3 {
            state.record(secs(t), false, &p, 0);
        }
        assert!(state.breaker_open());
        assert_eq!(state.observe(secs(10), false, &p), (false, None));
        assert_eq!(state.observe(secs(14), false, &p), (false, None));
        assert_eq!(state.observe(secs(15), false, &p), (false, Some(secs(5))));
        assert!(!state.breaker_open());
        assert_eq!(state.failures(), 0);
    }

    #[test]
    fn success_keeps_the_schedule_until_health_returns() {
        let p = policy();
        let mut state = HealState::default();
        state.observe(secs(0), true, &p);
        let r = state.record(secs(0), true, &p, 0);
        assert_eq!(r.retry_in, Some(secs(1)));
        assert_eq!(state.failures(), 0);
        // Healthy again: the schedule starts over.
        state.observe(secs(1), false, &p);
        assert_eq!(state.observe(secs(2), true, &p), (true, None));
        assert_eq!(state.record(secs(2), false, &p, 0).attempt, 1);
    }

    #[test]
    fn seeded_jitter_is_repeatable_and_bounded() {
        let mut p = policy();
        p.jitter = true;
        p.jitter_seed = Some(7);
        let a: Vec<_> = p.delays().take(5).collect();
        let b: Vec<_> = p.delays().take(5).collect();
        assert_eq!(a, b);
        let base = [1, 2, 4, 4, 4];
        for (delay, base) in a.iter().zip(base) {
            assert!(
                *delay >= secs(base) && *delay <= secs(2 * base),
                "{delay:?} vs {base}"
            );
        }
    }
}
