//! `HostBuilder::http`: the host serves `/metrics`, `/healthz` and `/readyz`, readiness
//! follows pressure and health, and a port in use or a bad address fails `start` cleanly.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;

use common::{Client, Gpu, TempDir, result_of};
use health_monitor::{Resource, SimulatedSource};
use managed_service::HealthStatus;
use serde_json::{Value, json};
use service_host::{Error, HostBuilder};

/// A plain HTTP/1.0 GET: status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: test\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

fn probe(addr: SocketAddr, path: &str) -> (u16, Value) {
    let (status, body) = get(addr, path);
    (status, serde_json::from_str(&body).unwrap())
}

#[test]
fn probes_follow_pressure_and_health_and_stop_with_the_host() {
    let dir = TempDir::new("http");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .simulated_pressure(SimulatedSource::new("simulated", Resource::Gpu))
        .http("127.0.0.1:0")
        .start()
        .unwrap();
    let addr = host.http_addr().expect("HTTP was asked for");
    assert_ne!(addr.port(), 0);

    assert_eq!(probe(addr, "/healthz").0, 200);
    assert_eq!(
        probe(addr, "/readyz"),
        (200, json!({ "ok": true, "reasons": [] }))
    );
    let (status, metrics) = get(addr, "/metrics");
    assert_eq!(status, 200);
    assert!(
        metrics.contains("health_monitor_service_health{service=\"gpu\",status=\"healthy\"} 1"),
        "{metrics}"
    );

    let mut client = Client::connect(host.socket_path());
    result_of(&client.call("host/simulate-pressure", &json!({ "fraction": 0.97 })));
    assert_eq!(
        probe(addr, "/readyz"),
        (
            503,
            json!({ "ok": false, "reasons": ["memory pressure is critical"] })
        )
    );
    assert_eq!(
        probe(addr, "/healthz").0,
        200,
        "pressure is no liveness failure"
    );

    result_of(&client.call("host/simulate-pressure", &json!({ "fraction": 0.10 })));
    gpu.set_health(HealthStatus::unhealthy("the CUDA context was lost"));
    host.supervisor().tick();
    assert_eq!(
        probe(addr, "/readyz"),
        (
            503,
            json!({ "ok": false, "reasons": ["service \"gpu\" is unhealthy: the CUDA context was lost"] })
        )
    );
    drop(client);

    let summary = host.shutdown();
    assert!(summary.socket_removed);
    assert!(
        TcpStream::connect(addr).is_err(),
        "the endpoint stops with the host"
    );
}

#[test]
fn without_http_nothing_is_served() {
    let (_dir, _gpu, host) = Gpu::serve("nohttp");
    assert_eq!(host.http_addr(), None);
}

#[test]
fn a_port_in_use_fails_start_and_leaves_nothing_behind() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = TempDir::new("inuse");
    let gpu = Arc::new(Gpu::default());
    let err = gpu
        .register(HostBuilder::new(dir.socket()))
        .http(addr.to_string())
        .start()
        .unwrap_err();
    assert!(matches!(err, Error::Supervisor(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot serve HTTP on {addr}: port {} is already in use (another process listens on {addr}); choose another port",
            addr.port()
        )
    );
    assert!(!dir.socket().exists(), "no socket file is left");
    assert_eq!(
        gpu.module_shutdowns
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[test]
fn a_bad_address_fails_start_with_the_expected_form() {
    let dir = TempDir::new("badaddr");
    let err = HostBuilder::new(dir.socket())
        .http("9464")
        .start()
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("cannot serve HTTP on 9464: not an address to listen on"),
        "{message}"
    );
    assert!(
        message.ends_with("expected HOST:PORT, e.g. 127.0.0.1:9464"),
        "{message}"
    );
    assert!(!dir.socket().exists());
}
