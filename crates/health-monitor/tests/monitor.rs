//! Snapshots and history.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Log, config, register, supervisor};
use health_monitor::EventKind;
use managed_service::HealthStatus;

#[test]
fn history_keeps_the_last_snapshots_oldest_first() {
    let mut config = config();
    config.history_len = 3;
    let (supervisor, clock) = supervisor(config);
    let log = Log::default();
    register(&supervisor, &log, &[("a", 0)]);
    assert!(supervisor.snapshot().is_none());
    for _ in 0..5 {
        clock.advance(Duration::from_secs(1));
        supervisor.tick();
    }
    let times: Vec<u64> = supervisor.history().iter().map(|s| s.at_ms).collect();
    assert_eq!(times, [3000, 4000, 5000]);
    assert_eq!(supervisor.snapshot().unwrap().at_ms, 5000);
}

#[test]
fn a_steady_state_shares_rows_and_a_change_does_not() {
    let (supervisor, clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("a", 0), ("b", 0)]);
    let events = supervisor.subscribe();
    supervisor.tick();
    clock.advance(Duration::from_secs(1));
    supervisor.tick();
    let history = supervisor.history();
    assert!(Arc::ptr_eq(&history[0].services, &history[1].services));

    services[1].set_status(HealthStatus::degraded("slow disk"));
    clock.advance(Duration::from_secs(1));
    supervisor.tick();
    let latest = supervisor.snapshot().unwrap();
    assert!(!Arc::ptr_eq(&history[1].services, &latest.services));
    assert_eq!(
        latest.get("b").unwrap().status,
        Some(HealthStatus::degraded("slow disk"))
    );
    assert_eq!(latest.get("a").unwrap().status, Some(HealthStatus::Healthy));
    // A new reason at the same step is recorded, without a change event.
    services[1].set_status(HealthStatus::degraded("slower disk"));
    supervisor.tick();
    assert_eq!(
        supervisor.snapshot().unwrap().get("b").unwrap().status,
        Some(HealthStatus::degraded("slower disk"))
    );

    let snapshots = events
        .drain()
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::HealthSnapshot(_)))
        .count();
    assert_eq!(snapshots, 4, "one snapshot event per tick");
    // Registering changes the rows.
    register(&supervisor, &log, &[("c", 0)]);
    supervisor.tick();
    assert_eq!(supervisor.snapshot().unwrap().services.len(), 3);
    supervisor.unregister("a").unwrap();
    supervisor.tick();
    let names: Vec<String> = supervisor
        .snapshot()
        .unwrap()
        .services
        .iter()
        .map(|s| s.name.to_string())
        .collect();
    assert_eq!(names, ["b", "c"]);
}

#[test]
fn snapshots_serialize_as_typescript_expects() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    register(&supervisor, &log, &[("tts", 3)]);
    supervisor.tick();
    let json = serde_json::to_value(&*supervisor.snapshot().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "atMs": 0,
            "level": "normal",
            "services": [{
                "name": "tts",
                "priority": 3,
                "status": { "status": "healthy" },
                "initialized": true,
                "breakerOpen": false,
                "healFailures": 0,
                "budget": null
            }]
        })
    );
    let decl = <health_monitor::HealthSnapshot as ts_rs::TS>::decl(&ts_rs::Config::new());
    assert!(decl.contains("services: Array<ServiceHealth>"), "{decl}");
}
