//! How runtime errors reach Python: [`to_py_err`] and the exception classes it raises.
//!
//! Each `health_monitor::Error` a Python call can meet has a named exception, subclassing
//! the builtin it was raised as before it had a name, so that `except KeyError` and the
//! like keep working:
//!
//! | Rust error | Python exception | base |
//! |------------|------------------|------|
//! | `Denied` | [`GateDenied`] | `Exception` |
//! | `UnknownService` | [`ServiceNotFoundError`] | `KeyError` |
//! | `UnknownSubsystem` | [`SubsystemNotFoundError`] | `KeyError` |
//! | `DuplicateService`, `InvalidServiceName` | [`RegistrationError`] | `ValueError` |
//! | `InvalidConfig` | [`ConfigError`] | `ValueError` |
//! | `AlreadyRunning` | [`AlreadyRunningError`] | `RuntimeError` |
//! | `ShutDown` | [`ShutDownError`] | `RuntimeError` |
//! | `Http` (from `Supervisor.serve_http`) | [`HttpError`] | `OSError` |
//!
//! The rest (a `/proc` file that cannot be read or parsed, a thread that cannot start, ...)
//! stay a plain `RuntimeError` with the Rust message: the machine, not the caller, is at
//! fault, and no Python code can do more with them than report them.

use health_monitor as hm;
use pyo3::exceptions::{PyException, PyKeyError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::pressure::PressureLevel;

/// Converts a runtime error to the matching Python exception.
pub(super) fn to_py_err(py: Python<'_>, err: hm::Error) -> PyErr {
    let message = err.to_string();
    match err {
        hm::Error::Denied(denial) => GateDenied::from_denial(py, &denial),
        hm::Error::UnknownService { .. } => ServiceNotFoundError::new_err(message),
        hm::Error::UnknownSubsystem { .. } => SubsystemNotFoundError::new_err(message),
        hm::Error::DuplicateService { .. } | hm::Error::InvalidServiceName { .. } => {
            RegistrationError::new_err(message)
        }
        hm::Error::InvalidConfig { .. } => ConfigError::new_err(message),
        hm::Error::AlreadyRunning => AlreadyRunningError::new_err(message),
        hm::Error::ShutDown => ShutDownError::new_err(message),
        _ => PyRuntimeError::new_err(message),
    }
}

/// Converts an error of starting the HTTP endpoint: [`HttpError`] when the address cannot
/// be served, a plain `OSError` otherwise (a thread that cannot start).
pub(super) fn http_err(err: &hm::Error) -> PyErr {
    match err {
        hm::Error::Http { .. } => HttpError::new_err(err.to_string()),
        _ => PyOSError::new_err(err.to_string()),
    }
}

pyo3::create_exception!(
    _native,
    ServiceNotFoundError,
    PyKeyError,
    "No service of that name is registered (a KeyError)."
);

pyo3::create_exception!(
    _native,
    SubsystemNotFoundError,
    PyKeyError,
    "The gate has no subsystem of that name (a KeyError); the message lists those it has."
);

pyo3::create_exception!(
    _native,
    RegistrationError,
    PyValueError,
    "A service could not be registered: its name is taken, empty, only whitespace or holds \
     a control character (a ValueError)."
);

pyo3::create_exception!(
    _native,
    ConfigError,
    PyValueError,
    "The runtime refused a configuration value; the message names the field (a ValueError)."
);

pyo3::create_exception!(
    _native,
    AlreadyRunningError,
    PyRuntimeError,
    "Supervisor.start() while the background monitor already runs (a RuntimeError)."
);

pyo3::create_exception!(
    _native,
    ShutDownError,
    PyRuntimeError,
    "The supervisor has been shut down and accepts no new work (a RuntimeError)."
);

pyo3::create_exception!(
    _native,
    HttpError,
    PyOSError,
    "Supervisor.serve_http() cannot bind the address: the port is in use or binding it is \
     not allowed (an OSError)."
);

pyo3::create_exception!(
    _native,
    GateDenied,
    PyException,
    "Raised when the gate refuses a reservation; nothing was reserved. Attributes: \
     resource, subsystem, requested, available, level, reason."
);

impl GateDenied {
    fn from_denial(py: Python<'_>, denial: &hm::Denial) -> PyErr {
        let err = Self::new_err(denial.to_string());
        let value = err.value(py);
        let set = || -> PyResult<()> {
            value.setattr("resource", denial.resource.as_str())?;
            value.setattr("subsystem", denial.subsystem.as_str())?;
            value.setattr("requested", denial.requested)?;
            value.setattr("available", denial.available)?;
            value.setattr("level", PressureLevel::from(denial.level))?;
            value.setattr("reason", reason_name(denial.reason))?;
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(other) => other,
        }
    }
}

fn reason_name(reason: hm::DenialReason) -> &'static str {
    match reason {
        hm::DenialReason::Pressure => "pressure",
        hm::DenialReason::Capacity => "capacity",
        hm::DenialReason::Budget => "budget",
    }
}
