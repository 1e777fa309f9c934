//! Scripted pressure: level changes, callback order, hysteresis, shedding.

mod common;

use std::time::Duration;

use common::{Log, config, event_names, register, supervisor};
use health_monitor::{EventKind, Reading, Resource, SimulatedSource};
use managed_service::PressureLevel::{self, Critical, High, Normal, Warning};

const fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn a_scripted_timeline_gives_exactly_the_expected_changes_and_order() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    register(
        &supervisor,
        &log,
        &[("inference", 10), ("cache", 1), ("tts", 5), ("ui", 5)],
    );
    let ram = SimulatedSource::new("ram", Resource::Ram);
    ram.handle().script([
        (secs(1), Reading::usage(50, 100)),
        (secs(2), Reading::usage(82, 100)), // Warning
        (secs(3), Reading::usage(83, 100)), // still Warning: no call
        (secs(4), Reading::usage(93, 100)), // High
        (secs(5), Reading::usage(60, 100)), // Normal, skipping Warning
    ]);
    supervisor.add_source(Box::new(ram)).unwrap();

    let mut changes = Vec::new();
    for t in 0..=6 {
        clock.advance_to(secs(t));
        if let Some(change) = supervisor.tick().level_change {
            changes.push((t, change));
        }
    }
    assert_eq!(
        changes,
        [
            (2, (Normal, Warning)),
            (4, (Warning, High)),
            (5, (High, Normal))
        ]
    );
    // Lowest priority first; equal priorities in registration order.
    let order = |level: &str| {
        ["cache", "tts", "ui", "inference"].map(|s| format!("{s}:pressure_response({level})"))
    };
    let expected: Vec<String> = [order("warning"), order("high"), order("normal")].concat();
    assert_eq!(log.of("pressure_response"), expected);
    assert!(log.of("shed_load").is_empty());
}

#[test]
fn every_step_is_an_event() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    register(&supervisor, &log, &[("b", 2), ("a", 1)]);
    let gpu = SimulatedSource::new("gpu", Resource::Gpu);
    let handle = gpu.handle();
    supervisor.add_source(Box::new(gpu)).unwrap();
    let events = supervisor.subscribe();

    supervisor.tick();
    assert_eq!(
        event_names(&events),
        ["system:health:changed@b", "system:health:changed@a"]
    );
    handle.set_usage(70, 100); // GPU Warning at 60 %
    clock.advance(secs(1));
    supervisor.tick();
    assert_eq!(
        event_names(&events),
        [
            "system:pressure:changed",
            "system:pressure:response@a",
            "system:pressure:response@b"
        ]
    );
    let snapshot = supervisor.snapshot().unwrap();
    assert_eq!(snapshot.level, Warning);
    assert_eq!(snapshot.at_ms, 1000);
}

#[test]
fn hysteresis_holds_on_a_noisy_series() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    register(&supervisor, &log, &[("svc", 0)]);
    let ram = SimulatedSource::new("ram", Resource::Ram);
    let handle = ram.handle();
    supervisor.add_source(Box::new(ram)).unwrap();

    // Noise of +-2 % around the Warning threshold (80 %), margin 3 %.
    let noisy = [79, 81, 78, 82, 79, 80, 78, 81, 79, 78, 80, 79];
    let mut changes = 0;
    for (t, used) in noisy.into_iter().enumerate() {
        handle.set_usage(used, 100);
        clock.advance_to(secs(t as u64));
        changes += usize::from(supervisor.tick().level_change.is_some());
    }
    assert_eq!(changes, 1, "one rise to Warning, no flapping");
    assert_eq!(supervisor.level(), Warning);
    handle.set_usage(76, 100); // 76 + 3 < 80: down
    assert_eq!(supervisor.tick().level_change, Some((Warning, Normal)));
    assert_eq!(log.of("pressure_response").len(), 2);
}

#[test]
fn critical_past_the_grace_period_sheds_once() {
    let mut config = config();
    config.critical_grace = secs(5);
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    register(&supervisor, &log, &[("important", 9), ("optional", 0)]);
    let ram = SimulatedSource::new("ram", Resource::Ram);
    let handle = ram.handle();
    supervisor.add_source(Box::new(ram)).unwrap();
    let events = supervisor.subscribe();

    handle.set_usage(97, 100);
    let mut sheds = Vec::new();
    for t in 0..=12 {
        clock.advance_to(secs(t));
        if supervisor.tick().shed {
            sheds.push(t);
        }
    }
    assert_eq!(sheds, [5], "once, when the grace period ends");
    assert_eq!(
        log.of("shed_load"),
        ["optional:shed_load()", "important:shed_load()"]
    );
    let shed_events: Vec<u64> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::ShedLoad {
                critical_for_ms, ..
            } => Some(critical_for_ms),
            _ => None,
        })
        .collect();
    assert_eq!(shed_events, [5000, 5000]);

    // Leaving Critical and coming back is a new episode, with a new grace period.
    handle.set_usage(50, 100);
    clock.advance(secs(1));
    supervisor.tick();
    handle.set_usage(99, 100);
    for _ in 0..5 {
        // Critical from the first of these ticks; the grace period ends on the sixth.
        clock.advance(secs(1));
        assert!(!supervisor.tick().shed);
    }
    clock.advance(secs(1));
    assert!(supervisor.tick().shed);
    assert_eq!(log.of("shed_load").len(), 4);
}

#[test]
fn late_registrations_are_told_the_current_level() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    register(&supervisor, &log, &[("early", 0)]);
    let ram = SimulatedSource::new("ram", Resource::Ram);
    ram.handle().set_usage(91, 100);
    supervisor.add_source(Box::new(ram)).unwrap();
    supervisor.tick();
    register(&supervisor, &log, &[("late", 0)]);
    clock.advance(secs(1));
    let report = supervisor.tick();
    assert_eq!(report.level_change, None);
    assert_eq!(report.responses, 1);
    assert_eq!(
        log.of("pressure_response"),
        [
            "early:pressure_response(high)",
            "late:pressure_response(high)"
        ]
    );
}

#[test]
fn the_worst_available_source_wins_and_unavailable_ones_are_left_out() {
    let (supervisor, _clock) = supervisor(config());
    let ram = SimulatedSource::new("ram", Resource::Ram);
    let gpu = SimulatedSource::new("gpu", Resource::Gpu);
    let (ram_handle, gpu_handle) = (ram.handle(), gpu.handle());
    supervisor.add_source(Box::new(ram)).unwrap();
    supervisor.add_source(Box::new(gpu)).unwrap();

    ram_handle.set_usage(85, 100); // RAM Warning
    gpu_handle.set_usage(85, 100); // GPU High
    supervisor.tick();
    let pressure = supervisor.pressure().unwrap();
    assert_eq!(
        (pressure.level, pressure.ram, pressure.gpu),
        (High, Warning, High)
    );

    gpu_handle.set_unavailable("driver reloading");
    supervisor.tick();
    let pressure = supervisor.pressure().unwrap();
    assert_eq!(pressure.level, Warning);
    assert_eq!(pressure.sources[1].level, None);
    assert!(
        supervisor
            .add_source(Box::new(SimulatedSource::new("ram", Resource::Ram)))
            .is_err()
    );
}

#[test]
fn a_panicking_pressure_response_marks_only_its_service() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("bad", 0), ("good", 1)]);
    services[0].panic_in("pressure_response");
    services[0]
        .heal_succeeds
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let ram = SimulatedSource::new("ram", Resource::Ram);
    ram.handle().set_usage(99, 100);
    supervisor.add_source(Box::new(ram)).unwrap();

    clock.advance(secs(1));
    let report = supervisor.tick();
    assert_eq!(report.level, Critical);
    let snapshot = supervisor.snapshot().unwrap();
    let bad = snapshot.get("bad").unwrap().status.clone().unwrap();
    assert!(bad.is_unhealthy());
    assert_eq!(
        bad.reason(),
        Some("pressure_response() panicked: bad panics in pressure_response")
    );
    assert!(
        snapshot
            .get("good")
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .is_healthy()
    );
    // The panic did not stop the good service from hearing about the level, nor shedding.
    assert_eq!(log.of("pressure_response").len(), 2);
    assert_eq!(log.of("shed_load").len(), 2);
    // The fault stays until a heal succeeds, even though health() says healthy.
    services[0]
        .heal_succeeds
        .store(true, std::sync::atomic::Ordering::SeqCst);
    clock.advance(secs(1));
    supervisor.tick();
    clock.advance(secs(1));
    supervisor.tick();
    assert!(
        supervisor
            .snapshot()
            .unwrap()
            .get("bad")
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .is_healthy()
    );
    assert_eq!(supervisor.level(), PressureLevel::Critical);
}
