//! What the integration tests share: a temporary directory, a blocking client speaking the
//! wire protocol over a real `UnixStream`, and a hand-written module with its service.

#![allow(dead_code, unreachable_pub)] // Each test binary uses a different part of this module.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use health_monitor::ServiceConfig;
use managed_service::{
    CommandError, HealthStatus, ManagedService, ModuleConfig, PressureLevel, ServiceModule,
    decode_params,
};
use serde::Deserialize;
use serde_json::{Value, json};
use service_host::{Host, HostBuilder};

/// A directory under the system's temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // Short: a socket path must fit in 108 bytes.
        let dir = std::env::temp_dir().join(format!("sh-{}-{name}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn socket(&self) -> PathBuf {
        self.0.join("host.sock")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A client of one connection; requests may be sent ahead of reading their replies.
pub struct Client {
    stream: UnixStream,
}

impl Client {
    pub fn connect(path: &Path) -> Self {
        let stream = UnixStream::connect(path).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Self { stream }
    }

    pub fn send_raw(&mut self, payload: &[u8]) {
        let length = u32::try_from(payload.len()).unwrap();
        self.stream.write_all(&length.to_be_bytes()).unwrap();
        self.stream.write_all(payload).unwrap();
    }

    pub fn send(&mut self, command: &str, params: &Value) {
        let request = json!({ "command": command, "params": params });
        self.send_raw(&serde_json::to_vec(&request).unwrap());
    }

    /// The next reply, or `None` when the host closed the connection.
    pub fn try_recv(&mut self) -> Option<Value> {
        let mut header = [0; 4];
        if self.stream.read_exact(&mut header).is_err() {
            return None;
        }
        let mut payload = vec![0; u32::from_be_bytes(header) as usize];
        self.stream.read_exact(&mut payload).unwrap();
        Some(serde_json::from_slice(&payload).unwrap())
    }

    pub fn recv(&mut self) -> Value {
        self.try_recv().expect("the host closed the connection")
    }

    pub fn call(&mut self, command: &str, params: &Value) -> Value {
        self.send(command, params);
        self.recv()
    }
}

/// The `error` of a failure reply, or a panic on success.
pub fn error_of(reply: &Value) -> &Value {
    assert_eq!(reply["success"], false, "expected a failure: {reply}");
    &reply["error"]
}

/// The `result` of a success reply, or a panic on failure.
pub fn result_of(reply: &Value) -> &Value {
    assert_eq!(reply["success"], true, "expected a success: {reply}");
    &reply["result"]
}

/// A GPU statistics service and its module, in one value, as generated code has them.
#[derive(Default)]
pub struct Gpu {
    pub health: Mutex<Option<HealthStatus>>,
    pub module_shutdowns: AtomicUsize,
    pub service_shutdowns: AtomicUsize,
    pub initialize_error: Option<&'static str>,
    /// Released by `gpu/release`; awaited by `gpu/wait`.
    pub gate: (Mutex<bool>, Condvar),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
enum Subsystem {
    Inference,
    Tts,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StatsParams {
    subsystem: Subsystem,
}

#[derive(Debug, Deserialize)]
struct SleepParams {
    ms: u64,
    id: u64,
}

impl Gpu {
    pub fn set_health(&self, status: HealthStatus) {
        *self.health.lock().unwrap() = Some(status);
    }

    /// A host in a fresh temporary directory serving a default `Gpu`: the common start.
    pub fn serve(name: &str) -> (TempDir, Arc<Self>, Host) {
        let dir = TempDir::new(name);
        let gpu = Arc::new(Self::default());
        let host = gpu
            .register(HostBuilder::new(dir.socket()))
            .start()
            .unwrap();
        (dir, gpu, host)
    }

    /// Registers this value as both module and service.
    pub fn register(self: &Arc<Self>, builder: HostBuilder) -> HostBuilder {
        builder.register(
            self.clone(),
            self.clone(),
            ServiceConfig::new().priority(10),
        )
    }
}

impl ManagedService for Gpu {
    fn name(&self) -> &'static str {
        "gpu"
    }
    fn health(&self) -> HealthStatus {
        self.health
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or(HealthStatus::Healthy)
    }
    fn pressure_response(&self, _level: PressureLevel) {}
    fn shed_load(&self) {}
    fn heal(&self) -> bool {
        false
    }
    fn shutdown(&self) {
        self.service_shutdowns.fetch_add(1, Ordering::SeqCst);
    }
}

impl ServiceModule for Gpu {
    fn config(&self) -> ModuleConfig {
        ModuleConfig::new("gpu", ["gpu/"])
    }

    fn initialize(&self) -> Result<(), managed_service::ModuleError> {
        self.initialize_error.map_or(Ok(()), |message| {
            Err(managed_service::ModuleError::new(message))
        })
    }

    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
        match command {
            "gpu/stats" => {
                let params: StatsParams = decode_params(params)?;
                let used_mb = match params.subsystem {
                    Subsystem::Inference => 15_000,
                    Subsystem::Tts => 900,
                };
                Ok(json!({ "usedMb": used_mb }))
            }
            "gpu/echo" => Ok(params),
            "gpu/sleep" => {
                let params: SleepParams = decode_params(params)?;
                std::thread::sleep(Duration::from_millis(params.ms));
                Ok(json!({ "id": params.id }))
            }
            "gpu/wait" => {
                let (released, cond) = &self.gate;
                let guard = released.lock().unwrap();
                let (guard, _) = cond
                    .wait_timeout_while(guard, Duration::from_secs(10), |released| !*released)
                    .unwrap();
                Ok(json!({ "released": *guard }))
            }
            "gpu/release" => {
                *self.gate.0.lock().unwrap() = true;
                self.gate.1.notify_all();
                Ok(json!({}))
            }
            "gpu/fail" => Err(CommandError::failed("NVML returned 999")),
            "gpu/reset" => Err(CommandError::not_implemented(command)),
            _ => Err(CommandError::unknown_command(command)),
        }
    }

    fn shutdown(&self) {
        self.module_shutdowns.fetch_add(1, Ordering::SeqCst);
    }
}
