//! `HealthStatus` for Python.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use managed_service as contract;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// A service's health: healthy, degraded (with a reason) or unhealthy (with a reason).
///
/// Build one with `healthy()`, `degraded(reason)` or `unhealthy(reason)`. Values are
/// immutable, compare by status and reason, and are hashable.
#[pyclass(frozen, eq, module = "specgen._native")]
#[derive(Debug, PartialEq)]
pub(crate) struct HealthStatus {
    inner: contract::HealthStatus,
}

impl HealthStatus {
    /// Wraps a contract status.
    pub(crate) fn from_inner(inner: contract::HealthStatus) -> Self {
        Self { inner }
    }

    /// The wrapped contract status.
    pub(crate) fn inner(&self) -> &contract::HealthStatus {
        &self.inner
    }
}

#[pymethods]
impl HealthStatus {
    /// Working normally.
    #[staticmethod]
    fn healthy() -> Self {
        Self {
            inner: contract::HealthStatus::Healthy,
        }
    }

    /// Working, with reduced capacity or quality.
    #[staticmethod]
    fn degraded(reason: String) -> Self {
        Self {
            inner: contract::HealthStatus::degraded(reason),
        }
    }

    /// Not doing its job; the runtime will try to heal it.
    #[staticmethod]
    fn unhealthy(reason: String) -> Self {
        Self {
            inner: contract::HealthStatus::unhealthy(reason),
        }
    }

    /// "healthy", "degraded" or "unhealthy".
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.as_str()
    }

    /// The reason given with degraded or unhealthy; None when healthy.
    #[getter]
    fn reason(&self) -> Option<&str> {
        self.inner.reason()
    }

    /// True only for the healthy status.
    #[getter]
    fn is_healthy(&self) -> bool {
        self.inner.is_healthy()
    }

    fn __hash__(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.inner.hash(&mut hasher);
        hasher.finish()
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let status = self.inner.as_str();
        Ok(match self.inner.reason() {
            None => format!("HealthStatus.{status}()"),
            // Python's own repr, so quotes and escapes read as they would for a str.
            Some(reason) => format!(
                "HealthStatus.{status}({})",
                PyString::new(py, reason).repr()?
            ),
        })
    }
}
