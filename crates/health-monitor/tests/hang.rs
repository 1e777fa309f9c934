//! A service that hangs in `heal()` or `health()` delays only itself: the tick goes on after
//! the patience, the other services are checked every tick, snapshots keep their period, and
//! the hung call is recorded (returned or timed out) by a later tick.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::{Duration, Instant};

use common::{Log, TestService, config, register, supervisor};
use health_monitor::{
    CallOutcome, EventKind, HealPolicy, ServiceConfig, Subscription, Supervisor, SupervisorConfig,
};
use managed_service::HealthStatus;

fn status(supervisor: &Supervisor, name: &str) -> Option<HealthStatus> {
    supervisor.snapshot()?.get(name)?.status.clone()
}

/// The heal attempts published so far: `(service, healed, outcome)`.
fn heal_attempts(events: &Subscription) -> Vec<(String, bool, CallOutcome)> {
    events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::HealAttempt {
                service,
                healed,
                outcome,
                ..
            } => Some((service.to_string(), healed, outcome)),
            _ => None,
        })
        .collect()
}

/// A config whose ticks wait 100 ms for a callback before going on without it.
fn patient_config() -> SupervisorConfig {
    let mut config = config();
    config.patience = Duration::from_millis(100);
    config
}

/// A tick that waited for no callback (one that waited took the 100 ms patience).
const QUICK: Duration = Duration::from_millis(60);

#[test]
fn a_hanging_heal_leaves_the_monitor_at_its_period() {
    // Only fields that existed before `patience`: this test is the defect's reproduction,
    // and runs with the default patience.
    let mut config = SupervisorConfig::default();
    config.interval = Duration::from_millis(100);
    config.heal_timeout = Duration::from_secs(1);
    let mut heal = HealPolicy::default();
    heal.min_delay = Duration::from_millis(10);
    heal.max_delay = Duration::from_millis(10);
    heal.jitter = false;
    heal.max_failures = 100;
    config.heal = heal;
    let supervisor = Supervisor::new(config).unwrap();
    let log = Log::default();
    let stuck = TestService::new("stuck", &log);
    stuck.set_status(HealthStatus::unhealthy("index corrupt"));
    stuck.block_heal.store(true, Ordering::SeqCst);
    supervisor
        .register(stuck.clone(), ServiceConfig::new())
        .unwrap();
    let siblings = register(&supervisor, &log, &[("a", 0), ("b", 0)]);
    // Events as they arrive, with the real time of arrival.
    let events = supervisor.subscribe();
    let collector = thread::spawn(move || {
        let until = Instant::now() + Duration::from_secs(2);
        let mut arrived = Vec::new();
        while let Some(event) = events.next_timeout(until.saturating_duration_since(Instant::now()))
        {
            arrived.push((Instant::now(), event));
        }
        arrived
    });

    supervisor.start().unwrap();
    let arrived = collector.join().unwrap();
    supervisor.stop();

    let mut snapshots = Vec::new();
    let mut attempts = Vec::new();
    for (when, event) in arrived {
        match event.kind {
            EventKind::HealthSnapshot(snapshot) => snapshots.push((when, snapshot)),
            EventKind::HealAttempt {
                service, outcome, ..
            } => attempts.push((event.at_ms, service.to_string(), outcome)),
            _ => {}
        }
    }
    let gaps: Vec<u128> = snapshots
        .windows(2)
        .map(|pair| (pair[1].0 - pair[0].0).as_millis())
        .collect();
    let widest = gaps.iter().copied().max().unwrap_or(u128::MAX);
    eprintln!(
        "{} snapshots in 2 s at a 100 ms period; arrival gaps {:?} ms",
        snapshots.len(),
        gaps
    );
    // Before: the first heal held the tick for its whole timeout (a gap of 1 s).
    assert!(widest < 500, "a gap of {widest} ms between snapshots");
    assert!(snapshots.len() >= 10, "{} snapshots", snapshots.len());
    for sibling in &siblings {
        assert!(sibling.health_calls.load(Ordering::SeqCst) >= 10);
    }
    for (_, snapshot) in &snapshots {
        assert!(
            snapshot
                .get("a")
                .unwrap()
                .status
                .as_ref()
                .unwrap()
                .is_healthy()
        );
        assert!(
            snapshot
                .get("stuck")
                .unwrap()
                .status
                .as_ref()
                .unwrap()
                .is_unhealthy()
        );
    }
    // One heal in flight, never a second thread into the same service; its timeout is
    // recorded by the first tick after it.
    assert_eq!(stuck.heal_calls.load(Ordering::SeqCst), 1);
    let (at_ms, service, outcome) = &attempts[0];
    assert_eq!(
        (service.as_str(), outcome),
        ("stuck", &CallOutcome::TimedOut { after_ms: 1000 })
    );
    assert!((1000..1500).contains(at_ms), "recorded at {at_ms} ms");
    stuck.heal_latch.open();
}

#[test]
fn a_slow_heal_is_recorded_by_the_tick_after_it_returns() {
    let (supervisor, clock) = supervisor(patient_config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0), ("cache", 0)]);
    services[0].set_status(HealthStatus::unhealthy("down"));
    services[0].block_heal.store(true, Ordering::SeqCst);
    let events = supervisor.subscribe();

    let started = Instant::now();
    let report = supervisor.tick();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(100) && took < Duration::from_secs(1),
        "{took:?}"
    );
    assert_eq!((report.heals, report.outstanding), (1, 1));
    assert!(heal_attempts(&events).is_empty());

    // While the heal runs, db is neither checked nor healed again and keeps its status;
    // cache is checked every tick, without waiting.
    for _ in 0..3 {
        clock.advance(Duration::from_secs(5));
        let started = Instant::now();
        let report = supervisor.tick();
        assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
        assert_eq!(
            (report.checked, report.heals, report.outstanding),
            (1, 0, 1)
        );
    }
    assert_eq!(services[0].health_calls.load(Ordering::SeqCst), 1);
    assert_eq!(services[0].heal_calls.load(Ordering::SeqCst), 1);
    assert_eq!(services[1].health_calls.load(Ordering::SeqCst), 4);
    assert_eq!(
        status(&supervisor, "db"),
        Some(HealthStatus::unhealthy("down"))
    );
    assert!(!supervisor.readiness().ok);

    // It returns healed: the first tick after records the heal, then checks db at once.
    services[0].heal_latch.open();
    let deadline = Instant::now() + Duration::from_secs(5);
    let report = loop {
        thread::sleep(Duration::from_millis(2));
        clock.advance(Duration::from_secs(1));
        let report = supervisor.tick();
        if report.outstanding == 0 || Instant::now() > deadline {
            break report;
        }
    };
    assert_eq!((report.outstanding, report.unhealthy), (0, 0));
    assert_eq!(
        heal_attempts(&events),
        [("db".to_owned(), true, CallOutcome::Completed)]
    );
    assert_eq!(status(&supervisor, "db"), Some(HealthStatus::Healthy));
    assert!(supervisor.readiness().ok);
}

#[test]
fn a_heal_that_never_returns_times_out_counts_as_failed_and_is_not_repeated() {
    let mut config = patient_config();
    config.heal_timeout = Duration::from_millis(300);
    config.heal.max_failures = 1;
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("connection refused"));
    services[0].block_heal.store(true, Ordering::SeqCst);
    let events = supervisor.subscribe();

    assert_eq!(supervisor.tick().outstanding, 1);
    thread::sleep(Duration::from_millis(300));
    clock.advance(Duration::from_secs(1));
    let report = supervisor.tick();
    assert_eq!(report.outstanding, 0);
    let drained = events.drain();
    let mut attempts = Vec::new();
    let mut escalations = Vec::new();
    for event in drained {
        match event.kind {
            EventKind::HealAttempt { outcome, .. } => attempts.push(outcome),
            EventKind::Escalation { reason, .. } => escalations.push(reason),
            _ => {}
        }
    }
    assert_eq!(attempts, [CallOutcome::TimedOut { after_ms: 300 }]);
    // The reason is the one db gave before the heal, not the heal's own trouble.
    assert_eq!(escalations, ["connection refused"]);
    let db = supervisor.snapshot().unwrap();
    let db = db.get("db").unwrap();
    assert!(db.breaker_open);
    assert_eq!(db.heal_failures, 1);
    assert!(
        supervisor.metrics_text().contains(
            r#"health_monitor_callback_failures_total{service="db",callback="heal",kind="timeout"} 1"#
        ),
        "{}",
        supervisor.metrics_text()
    );
    // The abandoned call still holds db: it is skipped, not called a second time.
    clock.advance(Duration::from_secs(1));
    supervisor.tick();
    assert_eq!(services[0].heal_calls.load(Ordering::SeqCst), 1);
    assert_eq!(services[0].health_calls.load(Ordering::SeqCst), 1);
    assert!(
        status(&supervisor, "db")
            .and_then(|s| s.reason().map(str::to_owned))
            .is_some_and(|r| r.contains("not returned"))
    );
    services[0].heal_latch.open();
}

#[test]
fn a_hanging_health_check_is_reported_after_its_timeout_without_holding_the_tick() {
    let mut config = patient_config();
    config.health_timeout = Duration::from_millis(400);
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    let services = register(
        &supervisor,
        &log,
        &[("first", 0), ("stuck", 0), ("last", 0)],
    );
    services[1].heal_succeeds.store(false, Ordering::SeqCst);
    services[1].block_health.store(true, Ordering::SeqCst);

    // The tick waits the patience (100 ms), not the timeout (400 ms); stuck has no status
    // yet.
    let started = Instant::now();
    let report = supervisor.tick();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(300), "{took:?}");
    assert_eq!(
        (report.checked, report.outstanding, report.unhealthy),
        (3, 1, 0)
    );
    assert_eq!(status(&supervisor, "stuck"), None);
    assert!(status(&supervisor, "last").unwrap().is_healthy());
    let readiness = supervisor.readiness();
    assert_eq!(
        readiness.reasons,
        ["service \"stuck\" has not answered its first health check"]
    );

    // The ticks before the timeout do not call it again and do not wait.
    clock.advance(Duration::from_secs(1));
    let started = Instant::now();
    let report = supervisor.tick();
    assert!(started.elapsed() < QUICK, "{:?}", started.elapsed());
    assert_eq!((report.checked, report.outstanding), (2, 1));

    // The first tick after the timeout reports it.
    thread::sleep(Duration::from_millis(400));
    clock.advance(Duration::from_secs(1));
    let report = supervisor.tick();
    assert_eq!((report.outstanding, report.unhealthy), (0, 1));
    assert_eq!(
        status(&supervisor, "stuck").unwrap().reason(),
        Some("health() did not return within 400 ms")
    );
    assert_eq!(services[0].health_calls.load(Ordering::SeqCst), 3);
    assert_eq!(services[2].health_calls.load(Ordering::SeqCst), 3);
    assert_eq!(services[1].health_calls.load(Ordering::SeqCst), 1);

    // Released, it is checked again.
    services[1].block_health.store(false, Ordering::SeqCst);
    services[1].latch.open();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !status(&supervisor, "stuck").is_some_and(|s| s.is_healthy()) && Instant::now() < deadline
    {
        thread::sleep(Duration::from_millis(5));
        clock.advance(Duration::from_secs(1));
        supervisor.tick();
    }
    assert!(status(&supervisor, "stuck").unwrap().is_healthy());
}

#[test]
fn several_hanging_heals_in_one_tick_each_cost_one_patience() {
    let (supervisor, _clock) = supervisor(patient_config());
    let log = Log::default();
    let names: Vec<String> = (0..4).map(|i| format!("s{i}")).collect();
    let pairs: Vec<(&str, i32)> = names.iter().map(|n| (n.as_str(), 0)).collect();
    let services = register(&supervisor, &log, &pairs);
    for service in &services[..3] {
        service.set_status(HealthStatus::unhealthy("down"));
        service.block_heal.store(true, Ordering::SeqCst);
    }
    services[3].set_status(HealthStatus::unhealthy("down"));

    let started = Instant::now();
    let report = supervisor.tick();
    let took = started.elapsed();
    // Before: s3's heal waited behind three heal timeouts (6 s).
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!((report.heals, report.outstanding), (4, 3));
    assert_eq!(
        status(&supervisor, "s3"),
        Some(HealthStatus::unhealthy("down"))
    );
    assert_eq!(services[3].heal_calls.load(Ordering::SeqCst), 1);
    for service in &services[..3] {
        service.heal_latch.open();
    }
}

#[test]
fn shutdown_waits_for_a_running_heal_and_records_it() {
    let (supervisor, _clock) = supervisor(patient_config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0)]);
    services[0].set_status(HealthStatus::unhealthy("down"));
    services[0].block_heal.store(true, Ordering::SeqCst);
    let events = supervisor.subscribe();
    assert_eq!(supervisor.tick().outstanding, 1);

    let db = Arc::clone(&services[0]);
    let opener = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        db.heal_latch.open();
    });
    let report = supervisor.shutdown();
    opener.join().unwrap();
    assert_eq!(report.services[0].outcome, CallOutcome::Completed);
    assert_eq!(log.of("shutdown"), ["db:shutdown()"]);
    assert_eq!(
        heal_attempts(&events),
        [("db".to_owned(), true, CallOutcome::Completed)]
    );
}
