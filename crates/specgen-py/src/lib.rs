//! `specgen._native`: the Python face of the specgen runtime.
//!
//! This crate is the only one that depends on pyo3, and it holds no logic of its own: each
//! class wraps a type from `managed-service` (and, later, the runtime crates) and converts
//! at the boundary. Behaviour is specified and tested in the wrapped crates; the tests here
//! (`tests/native/` in Python) check that the binding passes it through unchanged.
//!
//! Python code does not import this module directly: `specgen.runtime` re-exports what users
//! need, and `python/specgen/_native.pyi` types every export (checked by `mypy.stubtest`).
//!
//! Linking: the cdylib is built by maturin (>= 1.9.4), which sets
//! `PYO3_BUILD_EXTENSION_MODULE` so that pyo3 leaves the Python symbols for the interpreter
//! to provide. Plain `cargo build`/`cargo test` do not set it, and then pyo3 links
//! libpython like an embedding binary would, which is what a Rust test binary needs. The
//! deprecated `extension-module` cargo feature is therefore not used.

mod health;
mod pressure;
mod runtime;

use pyo3::prelude::*;

/// Native core of specgen's runtime: pressure levels, thresholds and health states.
#[pymodule]
mod _native {
    use pyo3::prelude::*;

    #[pymodule_export]
    use crate::health::HealthStatus;
    #[pymodule_export]
    use crate::pressure::{PressureLevel, PressureThresholds};
    #[pymodule_export]
    use crate::runtime::{
        AlreadyRunningError, ConfigError, Event, GateDenied, HttpError, HttpServer, Permit,
        RegistrationError, ResourceGate, RustService, ServiceNotFoundError, ShutDownError,
        SimulatedSource, SubsystemNotFoundError, Supervisor, TickReport, read_rss_bytes,
    };

    /// Adds the attributes that are values rather than classes.
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        module.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
