//! [`PyService`]: a Python object seen by the runtime as a `ManagedService`.
//!
//! Its methods attach to the interpreter on the runtime's worker threads. An exception
//! raised by a Python callback is turned into a panic payload carrying its message and
//! resumed without the panic hook, so the runtime isolates it exactly as it isolates a Rust
//! panic.

use std::sync::Arc;

use health_monitor::ManagedService;
use managed_service as contract;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::health::HealthStatus;
use crate::pressure::PressureLevel;

/// The methods a Python object needs to be registered as a service.
const METHODS: [&str; 5] = [
    "health",
    "pressure_response",
    "shed_load",
    "heal",
    "shutdown",
];

/// "`ExceptionType`: message" for an exception raised by a Python callback.
fn describe(py: Python<'_>, method: &str, err: &PyErr) -> String {
    let kind = err
        .get_type(py)
        .name()
        .map_or_else(|_| "Exception".to_owned(), |name| name.to_string());
    format!("{method}() raised {kind}: {}", err.value(py))
}

/// A Python object implementing the `ManagedService` protocol.
#[derive(Debug)]
pub(super) struct PyService {
    name: String,
    object: Py<PyAny>,
}

impl PyService {
    /// Wraps `service` after checking that it has every method; `TypeError` names the
    /// first one missing. `name` may be an attribute or a method.
    pub(super) fn wrap(service: &Bound<'_, PyAny>) -> PyResult<Arc<dyn ManagedService>> {
        for method in METHODS {
            if !service.hasattr(method)? {
                return Err(PyTypeError::new_err(format!(
                    "a managed service needs a {method}() method"
                )));
            }
        }
        let mut name = service.getattr("name")?;
        if name.is_callable() {
            name = name.call0()?;
        }
        Ok(Arc::new(Self {
            name: name.extract()?,
            object: service.clone().unbind(),
        }))
    }

    /// Calls `method` on the object; an exception becomes a panic (without the panic hook),
    /// which the runtime catches and reports with the message.
    fn call<R>(&self, method: &str, call: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<R>) -> R {
        let result = Python::attach(|py| {
            let object = self.object.bind(py);
            call(object).map_err(|err| describe(py, method, &err))
        });
        match result {
            Ok(value) => value,
            Err(message) => std::panic::resume_unwind(Box::new(message)),
        }
    }
}

impl ManagedService for PyService {
    fn name(&self) -> &str {
        &self.name
    }

    fn health(&self) -> contract::HealthStatus {
        self.call("health", |object| {
            let status = object.call_method0("health")?;
            let status = status.cast::<HealthStatus>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "health() must return HealthStatus, got {}",
                    status
                        .get_type()
                        .name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
                ))
            })?;
            Ok(status.get().inner().clone())
        })
    }

    fn pressure_response(&self, level: contract::PressureLevel) {
        self.call("pressure_response", |object| {
            object
                .call_method1("pressure_response", (PressureLevel::from(level),))
                .map(drop)
        });
    }

    fn shed_load(&self) {
        self.call("shed_load", |object| {
            object.call_method0("shed_load").map(drop)
        });
    }

    fn heal(&self) -> bool {
        self.call("heal", |object| object.call_method0("heal")?.is_truthy())
    }

    fn shutdown(&self) {
        self.call("shutdown", |object| {
            object.call_method0("shutdown").map(drop)
        });
    }
}
