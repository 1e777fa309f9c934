//! The self-heal loop on the manual clock: backoff, breaker, escalation, reset.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use common::{Log, config, register, supervisor};
use health_monitor::{EventKind, Supervisor};
use managed_service::HealthStatus;

/// Ticks every 500 ms from `from` to `to` seconds; returns the clock times (ms) of heals.
fn run(
    supervisor: &Supervisor,
    clock: &health_monitor::ManualClock,
    from: u64,
    to: u64,
) -> Vec<u64> {
    let mut heals = Vec::new();
    for half in (2 * from)..=(2 * to) {
        clock.advance_to(Duration::from_millis(half * 500));
        if supervisor.tick().heals > 0 {
            heals.push(half * 500);
        }
    }
    heals
}

#[test]
fn failed_heals_follow_the_exponential_schedule_up_to_the_cap() {
    let mut config = config();
    config.heal.max_failures = 100;
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("connection refused"));
    services[0].heal_succeeds.store(false, Ordering::SeqCst);
    let events = supervisor.subscribe();

    let heals = run(&supervisor, &clock, 0, 40);
    // Delays 1, 2, 4, 8, then capped at 8 s.
    assert_eq!(heals, [0, 1000, 3000, 7000, 15_000, 23_000, 31_000, 39_000]);
    let retries: Vec<Option<u64>> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::HealAttempt {
                retry_in_ms,
                attempt,
                ..
            } => Some((attempt, retry_in_ms)),
            _ => None,
        })
        .enumerate()
        .map(|(i, (attempt, retry))| {
            assert_eq!(attempt as usize, i + 1);
            retry
        })
        .collect();
    assert_eq!(
        retries,
        [1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000].map(Some)
    );
}

#[test]
fn repeated_failures_open_the_breaker_and_escalate_once() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0), ("cache", 0)]);
    services[0].set_status(HealthStatus::unhealthy("connection refused"));
    services[0].heal_succeeds.store(false, Ordering::SeqCst);
    let events = supervisor.subscribe();

    let heals = run(&supervisor, &clock, 0, 20);
    assert_eq!(
        heals,
        [0, 1000, 3000],
        "three failures, then the breaker is open"
    );
    let escalations: Vec<_> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Escalation {
                service,
                failures,
                window_ms,
                reason,
            } => Some((e.at_ms, service.to_string(), failures, window_ms, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(
        escalations,
        [(
            3000,
            "db".to_owned(),
            3,
            60_000,
            "connection refused".to_owned()
        )]
    );
    let snapshot = supervisor.snapshot().unwrap();
    assert!(snapshot.get("db").unwrap().breaker_open);
    assert!(!snapshot.get("cache").unwrap().breaker_open);
    assert!(
        supervisor
            .metrics_text()
            .contains(r#"health_monitor_breaker_open{service="db"} 1"#)
    );
    assert!(!supervisor.readiness().ok);
}

#[test]
fn sustained_health_resets_the_breaker() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("down"));
    services[0].heal_succeeds.store(false, Ordering::SeqCst);
    run(&supervisor, &clock, 0, 5);
    assert!(
        supervisor
            .snapshot()
            .unwrap()
            .get("db")
            .unwrap()
            .breaker_open
    );

    // It recovers by itself; after reset_after (10 s) of health the breaker closes.
    services[0].set_status(HealthStatus::Healthy);
    let events = supervisor.subscribe();
    run(&supervisor, &clock, 6, 15);
    assert!(
        supervisor
            .snapshot()
            .unwrap()
            .get("db")
            .unwrap()
            .breaker_open
    );
    run(&supervisor, &clock, 16, 16);
    let resets: Vec<_> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::BreakerReset { healthy_for_ms, .. } => Some((e.at_ms, healthy_for_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(resets, [(16_000, 10_000)]);
    let db = supervisor.snapshot().unwrap();
    let db = db.get("db").unwrap();
    assert!(!db.breaker_open);
    assert_eq!(db.heal_failures, 0);

    // Unhealthy again: healing starts over at once, with the first delay.
    services[0].set_status(HealthStatus::unhealthy("down again"));
    assert_eq!(run(&supervisor, &clock, 17, 19), [17_000, 18_000]);
}

#[test]
fn a_successful_heal_ends_the_loop() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("down"));
    let events = supervisor.subscribe();
    assert_eq!(run(&supervisor, &clock, 0, 10), [0]);
    assert!(
        supervisor
            .snapshot()
            .unwrap()
            .get("db")
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .is_healthy()
    );
    let changes: Vec<String> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::HealthChanged { to, .. } => Some(to.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(changes, ["unhealthy: down", "healthy"]);
}

#[test]
fn an_operator_can_reset_the_breaker() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("down"));
    services[0].heal_succeeds.store(false, Ordering::SeqCst);
    run(&supervisor, &clock, 0, 5);
    assert_eq!(log.of("heal").len(), 3);
    supervisor.reset_breaker("db").unwrap();
    assert!(supervisor.reset_breaker("nobody").is_err());
    assert_eq!(run(&supervisor, &clock, 6, 6), [6000]);
}

#[test]
fn seeded_jitter_is_repeatable_and_within_bounds() {
    let schedule = || {
        let mut config = config();
        config.heal.jitter = true;
        config.heal.jitter_seed = Some(42);
        config.heal.max_failures = 100;
        let (supervisor, clock) = supervisor(config);
        let log = Log::default();
        let services = register(&supervisor, &log, &[("db", 0)]);
        services[0].set_status(HealthStatus::unhealthy("down"));
        services[0].heal_succeeds.store(false, Ordering::SeqCst);
        let events = supervisor.subscribe();
        let mut retries = Vec::new();
        for t in 0..120 {
            clock.advance_to(Duration::from_millis(t * 250));
            supervisor.tick();
        }
        for event in events.drain() {
            if let EventKind::HealAttempt {
                retry_in_ms: Some(ms),
                ..
            } = event.kind
            {
                retries.push(ms);
            }
        }
        retries
    };
    let first = schedule();
    assert_eq!(first, schedule());
    assert!(first.len() >= 4, "{first:?}");
    for (retry, base) in first.iter().zip([1000, 2000, 4000, 8000, 8000]) {
        assert!((base..=2 * base).contains(retry), "{retry} vs {base}");
    }
}
