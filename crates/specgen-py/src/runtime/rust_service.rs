//! `RustService`: a service written in Rust that Python can register, for tests.
//!
//! **Why a test double ships in the extension.** The Python tests (`tests/runtime/`) check
//! that a Rust service and Python services share one supervisor, and that a real Rust
//! panic in a service callback is isolated like a Python exception. Python can only reach
//! Rust code through this extension, and a second, test-only extension module would double
//! the build of the bindings; so the double ships here, in its own file, and nothing else
//! in the runtime depends on it. It holds no resources and does nothing unless registered.
//!
//! [`NativeService`] is the `ManagedService` the supervisor runs; [`RustService`] is its
//! Python handle, sharing the call log.

use std::sync::{Arc, Mutex, PoisonError};

use health_monitor::ManagedService;
use managed_service as contract;
use pyo3::prelude::*;

/// A Rust service that records every call and reports healthy; useful beside Python
/// services to show that both kinds share one runtime.
#[derive(Debug)]
struct NativeService {
    name: String,
    log: Arc<Mutex<Vec<String>>>,
    panic_in: Option<String>,
}

impl ManagedService for NativeService {
    fn name(&self) -> &str {
        &self.name
    }
    fn health(&self) -> contract::HealthStatus {
        self.maybe_panic("health");
        contract::HealthStatus::Healthy
    }
    fn pressure_response(&self, level: contract::PressureLevel) {
        self.record(format!("pressure_response:{level}"));
        self.maybe_panic("pressure_response");
    }
    fn shed_load(&self) {
        self.record("shed_load".to_owned());
        self.maybe_panic("shed_load");
    }
    fn heal(&self) -> bool {
        self.record("heal".to_owned());
        self.maybe_panic("heal");
        true
    }
    fn shutdown(&self) {
        self.record("shutdown".to_owned());
        self.maybe_panic("shutdown");
    }
}

impl NativeService {
    /// A real Rust panic, for tests of isolation.
    fn maybe_panic(&self, method: &str) {
        assert!(
            self.panic_in.as_deref() != Some(method),
            "{} panicked in {method} (on purpose)",
            self.name
        );
    }

    fn record(&self, call: String) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call);
    }
}

/// A built-in Rust service (always healthy) that records the calls the runtime makes.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct RustService {
    name: String,
    log: Arc<Mutex<Vec<String>>>,
    panic_in: Option<String>,
}

#[pymethods]
impl RustService {
    /// `panic_in` names a method (`health`, `pressure_response`, `shed_load`, `heal`,
    /// `shutdown`) that panics, in Rust, every time it is called.
    #[new]
    #[pyo3(signature = (name, *, panic_in = None))]
    fn new(name: String, panic_in: Option<String>) -> Self {
        Self {
            name,
            log: Arc::default(),
            panic_in,
        }
    }

    /// The service's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// Every call the runtime made, in order (`"pressure_response:high"`, `"shed_load"`, ...).
    #[getter]
    fn calls(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl RustService {
    /// The service the supervisor runs for this handle; it shares the call log.
    pub(super) fn to_managed(&self) -> Arc<dyn ManagedService> {
        Arc::new(NativeService {
            name: self.name.clone(),
            log: Arc::clone(&self.log),
            panic_in: self.panic_in.clone(),
        })
    }
}
