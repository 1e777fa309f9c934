//! `HttpServer`: `/metrics`, `/healthz` and `/readyz` served for a supervisor.

use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};

use health_monitor as hm;
use pyo3::prelude::*;

/// `/metrics`, `/healthz` and `/readyz` served over HTTP for a supervisor; see
/// `Supervisor.serve_http`. Stops on `stop()`, at the end of a `with` block, or when
/// collected.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct HttpServer {
    addr: SocketAddr,
    endpoint: Mutex<Option<hm::HttpEndpoint>>,
}

#[pymethods]
impl HttpServer {
    /// The host served on, as text (`"127.0.0.1"`).
    #[getter]
    fn host(&self) -> String {
        self.addr.ip().to_string()
    }

    /// The port served on (the real one when 0 was asked for).
    #[getter]
    const fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://HOST:PORT`, without a trailing slash.
    #[getter]
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Whether it still serves.
    #[getter]
    fn serving(&self) -> bool {
        self.endpoint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Stops serving and waits for the server thread; later calls do nothing.
    fn stop(&self, py: Python<'_>) {
        let endpoint = self
            .endpoint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(endpoint) = endpoint {
            py.detach(move || endpoint.stop());
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "HttpServer(url={:?}, serving={})",
            self.url(),
            self.serving()
        )
    }
}

impl HttpServer {
    /// The Python handle of a started endpoint.
    pub(super) fn new(endpoint: hm::HttpEndpoint) -> Self {
        Self {
            addr: endpoint.local_addr(),
            endpoint: Mutex::new(Some(endpoint)),
        }
    }
}
