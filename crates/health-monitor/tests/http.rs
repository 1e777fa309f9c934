//! The HTTP endpoint answers probes with 200 or 503 as the state requires (feature `http`).

#![cfg(feature = "http")]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use common::{Log, config, register, supervisor};
use health_monitor::{HttpEndpoint, Probe, Resource, SimulatedSource};
use managed_service::HealthStatus;

/// A plain HTTP/1.0 GET: status, content type, body.
fn get(addr: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: test\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body.to_owned())
}

fn probe(addr: SocketAddr, path: &str) -> (u16, Probe) {
    let (status, content_type, body) = get(addr, path);
    assert_eq!(content_type, "application/json");
    (status, serde_json::from_str(&body).unwrap())
}

#[test]
fn probes_follow_health_and_pressure() {
    let (supervisor, _clock) = supervisor(config());
    let log = Log::default();
    let services = register(&supervisor, &log, &[("db", 0), ("tts", 1)]);
    services[0]
        .heal_succeeds
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let ram = SimulatedSource::new("ram", Resource::Ram);
    let pressure = ram.handle();
    supervisor.add_source(Box::new(ram)).unwrap();
    let endpoint = HttpEndpoint::start(supervisor.clone(), "127.0.0.1:0").unwrap();
    let addr = endpoint.local_addr();

    assert_eq!(probe(addr, "/healthz").0, 200);
    let (status, body) = probe(addr, "/readyz");
    assert_eq!(
        (status, body.reasons[0].as_str()),
        (503, "no health check has run yet")
    );

    supervisor.tick();
    assert_eq!(probe(addr, "/readyz"), (200, Probe::passing()));

    services[0].set_status(HealthStatus::unhealthy("socket closed"));
    supervisor.tick();
    let (status, body) = probe(addr, "/readyz");
    assert_eq!(status, 503);
    assert_eq!(body.reasons, ["service \"db\" is unhealthy: socket closed"]);
    assert_eq!(
        probe(addr, "/healthz").0,
        200,
        "unhealthy services do not fail liveness"
    );

    services[0].set_status(HealthStatus::degraded("slow"));
    supervisor.tick();
    assert_eq!(probe(addr, "/readyz").0, 200, "degraded is still ready");

    pressure.set_usage(97, 100);
    supervisor.tick();
    let (status, body) = probe(addr, "/readyz");
    assert_eq!(
        (status, body.reasons.as_slice()),
        (503, ["memory pressure is critical".to_owned()].as_slice())
    );

    let (status, content_type, body) = get(addr, "/metrics");
    assert_eq!(status, 200);
    assert_eq!(content_type, health_monitor::METRICS_CONTENT_TYPE);
    assert!(body.contains("health_monitor_pressure_level 3"), "{body}");

    assert_eq!(get(addr, "/nothing").0, 404);

    supervisor.shutdown();
    assert_eq!(probe(addr, "/healthz").0, 503);
    assert_eq!(probe(addr, "/readyz").0, 503);
    endpoint.stop();
    assert!(TcpStream::connect(addr).is_err() || get_fails(addr));
}

/// After `stop`, a connection may still be accepted by the OS backlog, but no answer comes.
fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return true;
    };
    stream
        .set_read_timeout(Some(std::time::Duration::from_millis(100)))
        .unwrap();
    let _ = stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n");
    let mut buffer = [0_u8; 16];
    !matches!(stream.read(&mut buffer), Ok(n) if n > 0)
}
