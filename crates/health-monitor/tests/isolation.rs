//! Panics and hangs in service callbacks stay with their service.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::{Log, config, register, supervisor};
use health_monitor::{CallOutcome, EventKind};
use managed_service::HealthStatus;

fn status(supervisor: &health_monitor::Supervisor, name: &str) -> HealthStatus {
    supervisor
        .snapshot()
        .unwrap()
        .get(name)
        .unwrap()
        .status
        .clone()
        .unwrap()
}

#[test]
fn a_panicking_health_check_marks_only_its_service() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("a", 0), ("panicky", 0), ("c", 0)]);
    services[1].panic_in("health");
    services[1].heal_succeeds.store(false, Ordering::SeqCst);

    for _ in 0..3 {
        let report = supervisor.tick();
        assert_eq!((report.checked, report.unhealthy), (3, 1));
        clock.advance(Duration::from_secs(1));
    }
    let panicky = status(&supervisor, "panicky");
    assert_eq!(
        panicky.reason(),
        Some("health() panicked: panicky panics in health")
    );
    assert!(status(&supervisor, "a").is_healthy());
    assert!(status(&supervisor, "c").is_healthy());
    assert_eq!(services[2].health_calls.load(Ordering::SeqCst), 3);
    let metrics = supervisor.metrics_text();
    assert!(
        metrics.contains(
            r#"health_monitor_callback_failures_total{service="panicky",callback="health",kind="panic"} 3"#
        ),
        "{metrics}"
    );
}

#[test]
fn a_panicking_heal_is_a_failed_heal() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("a", 0), ("b", 0)]);
    services[0].set_status(HealthStatus::unhealthy("index corrupt"));
    services[0].panic_in("heal");
    let events = supervisor.subscribe();

    let report = supervisor.tick();
    assert_eq!(report.heals, 1);
    let attempt = events
        .drain()
        .into_iter()
        .find_map(|e| match e.kind {
            EventKind::HealAttempt {
                healed, outcome, ..
            } => Some((healed, outcome)),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        attempt,
        (
            false,
            CallOutcome::Panicked {
                message: "a panics in heal".to_owned()
            }
        )
    );
    assert!(status(&supervisor, "a").is_unhealthy());
    assert!(status(&supervisor, "b").is_healthy());
    assert_eq!(
        supervisor
            .snapshot()
            .unwrap()
            .get("a")
            .unwrap()
            .heal_failures,
        1
    );
}

#[test]
fn a_blocked_health_check_is_unhealthy_within_its_timeout_and_the_others_go_on() {
    let mut config = config();
    config.health_timeout = Duration::from_millis(100);
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    let services = register(
        &supervisor,
        &log,
        &[("first", 0), ("stuck", 0), ("last", 0)],
    );
    services[1].heal_succeeds.store(false, Ordering::SeqCst);
    services[1].block_health.store(true, Ordering::SeqCst);

    let started = Instant::now();
    let report = supervisor.tick();
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(100), "{took:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(report.unhealthy, 1);
    assert_eq!(
        status(&supervisor, "stuck").reason(),
        Some("health() did not return within 100 ms")
    );
    assert!(status(&supervisor, "last").is_healthy());

    // While the call is still blocked, later ticks skip the service without waiting.
    for _ in 0..5 {
        clock.advance(Duration::from_secs(1));
        let started = Instant::now();
        let report = supervisor.tick();
        assert!(
            started.elapsed() < Duration::from_millis(90),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(report.unhealthy, 1);
    }
    assert_eq!(services[0].health_calls.load(Ordering::SeqCst), 6);
    assert_eq!(services[2].health_calls.load(Ordering::SeqCst), 6);
    assert_eq!(services[1].health_calls.load(Ordering::SeqCst), 1);
    assert!(
        status(&supervisor, "stuck")
            .reason()
            .is_some_and(|r| r.contains("not returned")),
        "{:?}",
        status(&supervisor, "stuck")
    );
    // heal() is not called into a service that is still blocked.
    assert!(log.of("heal").is_empty());

    // Once the call returns, the service is checked again.
    services[1].block_health.store(false, Ordering::SeqCst);
    services[1].latch.open();
    let deadline = Instant::now() + Duration::from_secs(5);
    while status(&supervisor, "stuck").is_unhealthy() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
        clock.advance(Duration::from_secs(1));
        supervisor.tick();
    }
    assert!(status(&supervisor, "stuck").is_healthy());
}

#[test]
fn the_background_monitor_keeps_polling_around_a_blocked_service() {
    let mut config = config();
    config.interval = Duration::from_millis(20);
    config.health_timeout = Duration::from_millis(50);
    let (supervisor, _clock) = supervisor(config);
    let log = Log::default();
    let services = register(&supervisor, &log, &[("stuck", 0), ("fine", 0)]);
    services[0].heal_succeeds.store(false, Ordering::SeqCst);
    services[0].block_health.store(true, Ordering::SeqCst);

    supervisor.start().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while services[1].health_calls.load(Ordering::SeqCst) < 5 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    supervisor.stop();
    assert!(services[1].health_calls.load(Ordering::SeqCst) >= 5);
    assert_eq!(services[0].health_calls.load(Ordering::SeqCst), 1);
    assert!(status(&supervisor, "stuck").is_unhealthy());
    assert!(status(&supervisor, "fine").is_healthy());
    services[0].latch.open();
}
