//! Argument conversions shared by the runtime classes: seconds to [`Duration`], and the
//! `"ram"`/`"gpu"` names to [`Resource`].

use std::time::Duration;

use health_monitor::Resource;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// `value` seconds as a duration; `ValueError` naming `field` when negative or not finite.
pub(super) fn seconds(value: f64, field: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| PyValueError::new_err(format!("{field} must be >= 0 seconds, got {value}")))
}

/// `"ram"` or `"gpu"` as a [`Resource`]; `ValueError` for anything else.
pub(super) fn parse_resource(name: &str) -> PyResult<Resource> {
    match name {
        "ram" => Ok(Resource::Ram),
        "gpu" => Ok(Resource::Gpu),
        other => Err(PyValueError::new_err(format!(
            "resource must be \"ram\" or \"gpu\", got {other:?}"
        ))),
    }
}
