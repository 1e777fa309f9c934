//! `Event`: one event from the runtime, as Python sees it.

use health_monitor as hm;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// One event from the runtime; `kind` is its name ("system:pressure:changed"), `data` its
/// JSON form as a dict.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct Event {
    inner: hm::Event,
}

#[pymethods]
impl Event {
    /// Position in the stream.
    #[getter]
    fn seq(&self) -> u64 {
        self.inner.seq
    }

    /// The supervisor clock's time, in milliseconds.
    #[getter]
    fn at_ms(&self) -> u64 {
        self.inner.at_ms
    }

    /// The event's name.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.name()
    }

    /// The service it is about, if any.
    #[getter]
    fn service(&self) -> Option<&str> {
        self.inner.kind.service()
    }

    /// The JSON form.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|err| PyRuntimeError::new_err(err.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "Event(seq={}, at_ms={}, kind={:?})",
            self.inner.seq,
            self.inner.at_ms,
            self.inner.kind.name()
        )
    }
}

impl From<hm::Event> for Event {
    fn from(inner: hm::Event) -> Self {
        Self { inner }
    }
}
