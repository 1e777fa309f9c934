//! How runtime errors reach Python: [`to_py_err`] and the exception classes it raises.

use health_monitor as hm;
use pyo3::exceptions::{PyException, PyKeyError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::pressure::PressureLevel;

/// Converts a runtime error to the matching Python exception.
pub(super) fn to_py_err(py: Python<'_>, err: hm::Error) -> PyErr {
    match err {
        hm::Error::Denied(denial) => GateDenied::from_denial(py, &denial),
        hm::Error::UnknownService { .. } | hm::Error::UnknownSubsystem { .. } => {
            PyKeyError::new_err(err.to_string())
        }
        hm::Error::InvalidConfig { .. }
        | hm::Error::DuplicateService { .. }
        | hm::Error::InvalidServiceName { .. } => PyValueError::new_err(err.to_string()),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

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
