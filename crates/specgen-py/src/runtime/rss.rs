//! `read_rss_bytes`: this process's resident memory.

use health_monitor as hm;
use pyo3::prelude::*;

use super::errors::to_py_err;

/// This process's resident memory in bytes, read from /proc/self/status.
#[pyfunction]
pub(crate) fn read_rss_bytes(py: Python<'_>) -> PyResult<u64> {
    hm::read_rss_bytes().map_err(|err| to_py_err(py, err))
}
