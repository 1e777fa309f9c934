//! Shutdown: through a handle, with requests in flight, past the drain timeout, on drop, on
//! SIGTERM (in a child process); and what start does with the socket path.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{Client, Gpu, TempDir, result_of};
use serde_json::json;
use service_host::{Error, HostBuilder, ShutdownReason};

#[test]
fn a_handle_shuts_the_host_down_in_order() {
    let (dir, gpu, host) = Gpu::serve("handle");
    let handle = host.shutdown_handle();
    assert!(!handle.is_requested());
    let running = thread::spawn(move || host.run_until_shutdown().unwrap());

    let mut client = Client::connect(&dir.socket());
    assert_eq!(result_of(&client.call("gpu/echo", &json!(1))), &json!(1));
    handle.shutdown();
    let summary = running.join().unwrap();

    assert!(handle.is_requested());
    assert_eq!(summary.reason, ShutdownReason::Requested);
    assert_eq!(summary.modules, ["gpu"]);
    assert_eq!(summary.services.order(), ["gpu"]);
    assert_eq!(summary.abandoned_connections, 0);
    assert!(summary.socket_removed);
    assert!(!dir.socket().exists());
    assert_eq!(gpu.module_shutdowns.load(Ordering::SeqCst), 1);
    assert_eq!(gpu.service_shutdowns.load(Ordering::SeqCst), 1);
    // The connection is closed, and nobody listens any more.
    assert!(client.try_recv().is_none());
    assert!(UnixStream::connect(dir.socket()).is_err());
}

#[test]
fn requests_received_before_shutdown_are_answered() {
    let (_dir, _gpu, host) = Gpu::serve("inflight");
    let mut client = Client::connect(host.socket_path());
    client.send("gpu/sleep", &json!({ "ms": 200, "id": 1 }));
    client.send("gpu/echo", &json!({ "after": "sleep" }));
    let summary = host.shutdown();
    assert_eq!(summary.abandoned_connections, 0);
    assert_eq!(result_of(&client.recv()), &json!({ "id": 1 }));
    assert_eq!(result_of(&client.recv()), &json!({ "after": "sleep" }));
    assert!(client.try_recv().is_none());
}

#[test]
fn requests_past_the_drain_timeout_are_abandoned() {
    let dir = TempDir::new("drain");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()).drain_timeout(Duration::from_millis(100)))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    // Blocks until released; whether the host has read it yet or not, it was sent before
    // the shutdown, so it runs, and outlasts the drain timeout.
    client.send("gpu/wait", &json!({}));
    let summary = host.shutdown();
    assert_eq!(summary.abandoned_connections, 1);
    assert!(client.try_recv().is_none());
    assert_eq!(gpu.module_shutdowns.load(Ordering::SeqCst), 1);
    // Let the abandoned handler finish.
    *gpu.gate.0.lock().unwrap() = true;
    gpu.gate.1.notify_all();
}

#[test]
fn dropping_a_running_host_shuts_it_down() {
    let (dir, gpu, host) = Gpu::serve("drop");
    drop(host);
    assert!(!dir.socket().exists());
    assert_eq!(gpu.module_shutdowns.load(Ordering::SeqCst), 1);
    assert_eq!(gpu.service_shutdowns.load(Ordering::SeqCst), 1);
}

#[test]
fn a_stale_socket_file_is_replaced() {
    let dir = TempDir::new("stale");
    drop(UnixListener::bind(dir.socket()).unwrap()); // the file stays, nobody listens
    assert!(dir.socket().exists());
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    assert_eq!(result_of(&client.call("gpu/echo", &json!(2))), &json!(2));
}

#[test]
fn a_live_host_is_not_replaced() {
    let dir = TempDir::new("live");
    let first = HostBuilder::new(dir.socket()).start().unwrap();
    let err = HostBuilder::new(dir.socket()).start().unwrap_err();
    assert!(matches!(err, Error::AlreadyServing { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "another host is already listening on {}",
            dir.socket().display()
        )
    );
    // The first host is untouched.
    assert!(UnixStream::connect(first.socket_path()).is_ok());
    assert!(first.shutdown().socket_removed);
}

#[test]
fn a_file_that_is_not_a_socket_is_left_alone() {
    let dir = TempDir::new("file");
    std::fs::write(dir.socket(), "precious").unwrap();
    let err = HostBuilder::new(dir.socket()).start().unwrap_err();
    assert!(matches!(err, Error::NotASocket { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(dir.socket()).unwrap(), "precious");
}

#[test]
fn a_missing_directory_is_a_bind_error() {
    let dir = TempDir::new("nodir");
    let path = dir.path().join("absent").join("host.sock");
    let err = HostBuilder::new(&path).start().unwrap_err();
    assert!(matches!(err, Error::Bind { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot listen on {}: ", path.display()))
    );
}

/// Set in the child process of [`sigterm_shuts_the_host_down`]: the socket path.
const CHILD_SOCKET: &str = "SERVICE_HOST_TEST_CHILD_SOCKET";

/// Not a test on its own: the host that [`sigterm_shuts_the_host_down`] runs in a child
/// process (this same test binary, filtered to this test). Does nothing otherwise.
#[test]
fn child_host_for_sigterm() {
    let Some(path) = std::env::var_os(CHILD_SOCKET) else {
        return;
    };
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(PathBuf::from(path)))
        .start()
        .unwrap();
    let summary = host.run_until_shutdown().unwrap();
    println!(
        "child summary: reason={} modules={:?} module_shutdowns={} service_shutdowns={} removed={}",
        summary.reason,
        summary.modules,
        gpu.module_shutdowns.load(Ordering::SeqCst),
        gpu.service_shutdowns.load(Ordering::SeqCst),
        summary.socket_removed,
    );
}

#[test]
fn sigterm_shuts_the_host_down() {
    let dir = TempDir::new("sigterm");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child_host_for_sigterm", "--exact", "--nocapture"])
        .arg("--test-threads=1")
        .env(CHILD_SOCKET, dir.socket())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Wait until the handlers are in place (a SIGTERM before would kill the child).
    let (lines, stderr_lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    loop {
        let Ok(line) = stderr_lines.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            panic!("the child host did not get ready; its stderr: {seen:#?}");
        };
        let ready = line == "service-host: serving until SIGTERM or SIGINT";
        seen.push(line);
        if ready {
            break;
        }
    }

    let mut client = Client::connect(&dir.socket());
    assert_eq!(result_of(&client.call("gpu/echo", &json!(3))), &json!(3));
    // In flight when the signal arrives: still answered.
    client.send("gpu/sleep", &json!({ "ms": 200, "id": 4 }));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(result_of(&client.recv()), &json!({ "id": 4 }));

    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    seen.extend(stderr_lines.try_iter());
    assert!(output.status.success(), "{stdout}\n{seen:#?}");
    assert!(
        stdout.contains(
            "child summary: reason=SIGTERM modules=[\"gpu\"] module_shutdowns=1 \
             service_shutdowns=1 removed=true"
        ),
        "{stdout}"
    );
    assert!(!dir.socket().exists());
}
