//! Requests over a real socket: round trips, pipelining, unknown commands, bad params and
//! malformed frames.

mod common;

use std::sync::Arc;

use common::{Client, Gpu, TempDir, error_of, result_of};
use serde_json::json;
use service_host::HostBuilder;

fn host(dir: &TempDir) -> (service_host::Host, Arc<Gpu>) {
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .start()
        .unwrap();
    (host, gpu)
}

#[test]
fn a_command_round_trips() {
    let dir = TempDir::new("round");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    let reply = client.call("gpu/stats", &json!({ "subsystem": "tts" }));
    assert_eq!(
        reply,
        json!({ "success": true, "result": { "usedMb": 900 } })
    );
    // Missing and null params reach the module as `{}`.
    client.send_raw(br#"{"command":"gpu/echo"}"#);
    assert_eq!(result_of(&client.recv()), &json!({}));
    assert_eq!(
        result_of(&client.call("gpu/echo", &json!(null))),
        &json!({})
    );
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let dir = TempDir::new("pipe");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    // Slow ones first: replies must still come back in request order.
    let sleeps = [120, 0, 60, 0, 30, 0, 0, 10];
    for (id, ms) in sleeps.iter().enumerate() {
        client.send("gpu/sleep", &json!({ "ms": ms, "id": id }));
    }
    for id in 0..sleeps.len() {
        assert_eq!(result_of(&client.recv()), &json!({ "id": id }));
    }
}

#[test]
fn requests_on_one_connection_run_concurrently() {
    let dir = TempDir::new("conc");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    // `gpu/wait` blocks until `gpu/release` runs; served one at a time, it would time out.
    client.send("gpu/wait", &json!({}));
    client.send("gpu/release", &json!({}));
    assert_eq!(result_of(&client.recv()), &json!({ "released": true }));
    assert_eq!(result_of(&client.recv()), &json!({}));
}

#[test]
fn several_connections_are_served() {
    let dir = TempDir::new("conns");
    let (host, _gpu) = host(&dir);
    let mut clients: Vec<Client> = (0..4)
        .map(|_| Client::connect(host.socket_path()))
        .collect();
    for (i, client) in clients.iter_mut().enumerate() {
        client.send("gpu/echo", &json!({ "client": i }));
    }
    for (i, client) in clients.iter_mut().enumerate() {
        assert_eq!(result_of(&client.recv()), &json!({ "client": i }));
    }
}

#[test]
fn unknown_commands_are_reported() {
    let dir = TempDir::new("unknown");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    let error = error_of(&client.call("tts/speak", &json!({}))).clone();
    assert_eq!(
        error,
        json!({
            "kind": "unknown_command",
            "message": "unknown command \"tts/speak\": no module owns it (prefixes served: \"gpu/\")",
        })
    );
    let error = error_of(&client.call("gpu/statz", &json!({}))).clone();
    assert_eq!(
        error,
        json!({ "kind": "unknown_command", "message": "unknown command \"gpu/statz\"" })
    );
}

#[test]
fn bad_params_name_their_path() {
    let dir = TempDir::new("params");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    let error = error_of(&client.call("gpu/stats", &json!({ "subsystem": "gpu" }))).clone();
    assert_eq!(
        error,
        json!({
            "kind": "invalid_params",
            "message": "invalid params: at \"subsystem\": unknown variant `gpu`, expected `inference` or `tts`",
            "details": { "path": "subsystem" },
        })
    );
    // A problem with the params as a whole has no path.
    let error = error_of(&client.call("gpu/stats", &json!({}))).clone();
    assert_eq!(
        error,
        json!({ "kind": "invalid_params", "message": "invalid params: missing field `subsystem`" })
    );
}

#[test]
fn module_errors_keep_their_kind() {
    let dir = TempDir::new("kinds");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    assert_eq!(
        error_of(&client.call("gpu/fail", &json!({}))),
        &json!({ "kind": "failed", "message": "command failed: NVML returned 999" })
    );
    assert_eq!(
        error_of(&client.call("gpu/reset", &json!({}))),
        &json!({ "kind": "not_implemented", "message": "command \"gpu/reset\" is not implemented yet" })
    );
}

#[test]
fn malformed_requests_are_answered_and_the_connection_goes_on() {
    let dir = TempDir::new("malformed");
    let (host, _gpu) = host(&dir);
    let mut client = Client::connect(host.socket_path());
    client.send_raw(b"{not json");
    let error = error_of(&client.recv()).clone();
    assert_eq!(error["kind"], "invalid_params");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("the request is not valid JSON: ")
    );
    client.send_raw(br#"{"params":{}}"#);
    assert_eq!(error_of(&client.recv())["kind"], "invalid_params");
    // Still in order, still served.
    assert_eq!(
        result_of(&client.call("gpu/echo", &json!({ "a": 1 }))),
        &json!({ "a": 1 })
    );
}

#[test]
fn an_oversized_frame_is_answered_then_the_connection_closed() {
    let dir = TempDir::new("oversize");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()).max_frame_bytes(1024))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    client.send("gpu/echo", &json!({ "before": true }));
    client.send_raw(&vec![b' '; 2048]);
    assert_eq!(result_of(&client.recv()), &json!({ "before": true }));
    assert_eq!(
        error_of(&client.recv()),
        &json!({
            "kind": "invalid_params",
            "message": "the request frame of 2048 bytes exceeds the limit of 1024 bytes; closing the connection",
        })
    );
    assert!(client.try_recv().is_none());
    // Other connections are not affected.
    let mut other = Client::connect(host.socket_path());
    assert_eq!(result_of(&other.call("gpu/echo", &json!(1))), &json!(1));
}
