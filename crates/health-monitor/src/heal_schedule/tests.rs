//! Tests of the heal schedule: backoff, breaker, window and reset.

use std::time::Duration;

use super::{HealPolicy, HealState};

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
