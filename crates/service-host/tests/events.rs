//! Events over IPC: subscribe, filter by type, resubscribe, unsubscribe, hang up, a slow
//! subscriber that misses events without slowing the monitor, and shutdown with a
//! subscriber connected.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Client, Gpu, TempDir, error_of, result_of};
use health_monitor::{Resource, SimulatedSource};
use serde_json::{Value, json};
use service_host::{EVENT_TYPES, Host, HostBuilder};

fn host(name: &str, queue: usize) -> (TempDir, Host) {
    let dir = TempDir::new(name);
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .simulated_pressure(SimulatedSource::new("simulated", Resource::Gpu))
        .event_queue(queue)
        .start()
        .unwrap();
    (dir, host)
}

fn subscribe(client: &mut Client, types: &[&str]) -> Value {
    client.call("events/subscribe", &json!({ "types": types }))
}

/// The next event frame's event, skipping nothing (the test subscribed to what it expects).
fn next_event(client: &mut Client) -> Value {
    let frame = client.recv();
    assert!(frame.get("event").is_some(), "not an event frame: {frame}");
    frame["event"].clone()
}

/// Waits until the bus has `count` subscribers (a subscription is removed at the publish
/// after its pump stopped).
fn wait_for_subscribers(host: &Host, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while host.supervisor().events().subscriber_count() != count {
        assert!(
            Instant::now() < deadline,
            "still {} subscribers",
            host.supervisor().events().subscriber_count()
        );
        host.supervisor().tick();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_subscriber_gets_the_types_it_asked_for_in_order() {
    let (_dir, host) = host("ev-types", 256);
    let mut events = Client::connect(host.socket_path());
    assert_eq!(
        result_of(&subscribe(&mut events, &["system:pressure:changed"])),
        &json!({ "types": ["system:pressure:changed"], "queue": 256 })
    );

    let mut control = Client::connect(host.socket_path());
    result_of(&control.call("host/simulate-pressure", &json!({ "fraction": 0.97 })));
    let change = next_event(&mut events);
    assert_eq!(change["type"], "system:pressure:changed");
    assert_eq!(
        (change["from"].as_str(), change["to"].as_str()),
        (Some("normal"), Some("critical"))
    );
    assert!(change["seq"].is_u64() && change["atMs"].is_u64());

    // Resubscribing replaces the types: now snapshots, no more pressure changes.
    assert_eq!(
        result_of(&subscribe(&mut events, &["system:health:snapshot"])),
        &json!({ "types": ["system:health:snapshot"], "queue": 256 })
    );
    result_of(&control.call("host/simulate-pressure", &json!({ "fraction": 0.10 })));
    // The background monitor may have sent a snapshot of its own tick before ours.
    let mut levels = Vec::new();
    while levels.last() != Some(&json!("normal")) {
        let snapshot = next_event(&mut events);
        assert_eq!(snapshot["type"], "system:health:snapshot");
        levels.push(snapshot["level"].clone());
        assert!(levels.len() < 5, "{levels:?}");
    }
}

#[test]
fn bad_subscriptions_and_commands_in_the_wrong_place_are_refused() {
    let (_dir, host) = host("ev-bad", 256);
    let mut events = Client::connect(host.socket_path());
    let refused = subscribe(&mut events, &["system:pressure:chnged"]);
    assert_eq!(error_of(&refused)["kind"], "invalid_params");
    assert_eq!(error_of(&refused)["details"], json!({ "path": "types" }));
    assert!(
        events.try_recv().is_none(),
        "a refused first subscription closes"
    );

    let mut events = Client::connect(host.socket_path());
    result_of(&subscribe(&mut events, &[]));
    let refused = events.call("gpu/stats", &json!({ "subsystem": "tts" }));
    assert!(
        error_of(&refused)["message"]
            .as_str()
            .unwrap()
            .contains("cannot be sent on an event connection"),
        "{refused}"
    );

    let mut commands = Client::connect(host.socket_path());
    result_of(&commands.call("gpu/stats", &json!({ "subsystem": "tts" })));
    let refused = subscribe(&mut commands, &["system:gate:denied"]);
    assert_eq!(
        error_of(&refused)["message"],
        "\"events/subscribe\" must be the first request of a connection of its own"
    );
    assert_eq!(EVENT_TYPES.len(), 11);
}

#[test]
fn unsubscribing_and_hanging_up_release_the_subscription() {
    let (_dir, host) = host("ev-unsub", 256);
    let baseline = host.supervisor().events().subscriber_count();

    let mut events = Client::connect(host.socket_path());
    result_of(&subscribe(&mut events, &["system:health:snapshot"]));
    wait_for_subscribers(&host, baseline + 1);
    // Keep snapshots coming while unsubscribing, so that the pump is busy at the reply.
    let ticking = std::sync::atomic::AtomicBool::new(true);
    let unsubscribed = std::thread::scope(|scope| {
        scope.spawn(|| {
            while ticking.load(std::sync::atomic::Ordering::Relaxed) {
                host.supervisor().tick();
            }
        });
        std::thread::sleep(Duration::from_millis(20));
        events.send("events/unsubscribe", &json!({}));
        // Frames already on their way may come before the reply, none after it.
        let mut reply = events.recv();
        let mut before = 0;
        while reply.get("event").is_some() {
            before += 1;
            reply = events.recv();
        }
        let after: Vec<Value> = std::iter::from_fn(|| events.try_recv()).collect();
        ticking.store(false, std::sync::atomic::Ordering::Relaxed);
        (reply, before, after)
    });
    let (reply, before, after) = unsubscribed;
    assert!(before > 0, "no snapshot reached the subscriber");
    assert_eq!(result_of(&reply), &json!({ "types": [], "queue": 256 }));
    assert!(
        after.is_empty(),
        "frames after the unsubscribe reply: {after:?}"
    );
    wait_for_subscribers(&host, baseline);

    let mut events = Client::connect(host.socket_path());
    result_of(&subscribe(&mut events, &["system:health:snapshot"]));
    wait_for_subscribers(&host, baseline + 1);
    drop(events);
    wait_for_subscribers(&host, baseline);
}

#[test]
fn a_slow_subscriber_misses_events_and_never_slows_the_monitor() {
    let (_dir, host) = host("ev-slow", 4);
    let mut events = Client::connect(host.socket_path());
    result_of(&subscribe(&mut events, &["system:health:snapshot"]));
    // Never read: the socket buffer fills, then the queue of 4, then events are dropped.
    let started = Instant::now();
    for _ in 0..20_000 {
        host.supervisor().tick();
    }
    let took = started.elapsed();
    let dropped = host.supervisor().events().dropped_total();
    assert!(dropped > 0, "nothing was dropped in {took:?}");
    let metrics = host.supervisor().metrics_text();
    assert!(
        metrics.contains(&format!("health_monitor_events_dropped_total {dropped}")),
        "{metrics}"
    );
    // What arrives says how much this subscriber missed; seq shows the gap.
    let mut last = None;
    let mut reported = 0;
    while reported == 0 {
        let frame = events.recv();
        let seq = frame["event"]["seq"].as_u64().unwrap();
        if let Some(previous) = last {
            assert!(seq > previous);
        }
        last = Some(seq);
        reported = frame["dropped"].as_u64().unwrap();
    }
    assert!(reported > 0);
}

#[test]
fn shutdown_with_a_subscriber_connected_is_clean() {
    let (_dir, host) = host("ev-stop", 256);
    let mut events = Client::connect(host.socket_path());
    result_of(&subscribe(
        &mut events,
        &["system:service:stopped", "system:shutdown:complete"],
    ));
    let summary = host.shutdown();
    assert_eq!(summary.abandoned_connections, 0);
    assert!(summary.socket_removed);
    // The stream ends; events sent before it ended may still be read.
    while let Some(frame) = events.try_recv() {
        assert!(frame.get("event").is_some(), "{frame}");
    }
}
