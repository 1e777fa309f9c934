//! `Permit`: a reservation from a `ResourceGate`, released once.

use std::sync::{Mutex, PoisonError};

use health_monitor as hm;
use hm::Resource;
use pyo3::prelude::*;

/// A reservation; released by `release()`, on leaving a `with` block, or when collected.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct Permit {
    bytes: u64,
    subsystem: String,
    resource: Resource,
    inner: Mutex<Option<hm::Permit>>,
}

#[pymethods]
impl Permit {
    /// Bytes reserved.
    #[getter]
    fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The subsystem charged.
    #[getter]
    fn subsystem(&self) -> &str {
        &self.subsystem
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.resource.as_str()
    }

    /// True once released.
    #[getter]
    fn released(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// Returns the bytes to the gate; a second call does nothing. The interpreter is
    /// released meanwhile, so threads release and reserve in parallel.
    fn release(&self, py: Python<'_>) {
        py.detach(|| {
            let permit = self
                .inner
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            drop(permit);
        });
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.release(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "Permit(bytes={}, subsystem={:?}, resource={:?}, released={})",
            self.bytes,
            self.subsystem,
            self.resource.as_str(),
            if self.released() { "True" } else { "False" }
        )
    }
}

impl Permit {
    /// The Python handle of `permit`, `bytes` of `resource` charged to `subsystem`.
    pub(super) const fn new(
        permit: hm::Permit,
        bytes: u64,
        subsystem: String,
        resource: Resource,
    ) -> Self {
        Self {
            bytes,
            subsystem,
            resource,
            inner: Mutex::new(Some(permit)),
        }
    }
}
