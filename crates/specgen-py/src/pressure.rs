//! `PressureLevel` and `PressureThresholds` for Python.

use managed_service as contract;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// How scarce memory is: Normal < Warning < High < Critical.
///
/// Members are ordered, hashable and compare equal only to themselves; `str()` gives the
/// lowercase name used in JSON and events.
#[pyclass(frozen, eq, ord, hash, from_py_object, module = "specgen._native")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PressureLevel {
    /// Plenty of memory: full operation.
    Normal,
    /// Getting tight: stop non-essential work.
    Warning,
    /// Tight: release optional resources.
    High,
    /// Nearly out: keep only what is needed not to crash.
    Critical,
}

impl From<contract::PressureLevel> for PressureLevel {
    fn from(level: contract::PressureLevel) -> Self {
        match level {
            contract::PressureLevel::Normal => Self::Normal,
            contract::PressureLevel::Warning => Self::Warning,
            contract::PressureLevel::High => Self::High,
            contract::PressureLevel::Critical => Self::Critical,
        }
    }
}

impl From<PressureLevel> for contract::PressureLevel {
    fn from(level: PressureLevel) -> Self {
        match level {
            PressureLevel::Normal => Self::Normal,
            PressureLevel::Warning => Self::Warning,
            PressureLevel::High => Self::High,
            PressureLevel::Critical => Self::Critical,
        }
    }
}

#[pymethods]
impl PressureLevel {
    /// The lowercase name: "normal", "warning", "high" or "critical".
    // pyo3 methods receive `&self`; a by-value `self` receiver is not supported.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn __str__(&self) -> &'static str {
        contract::PressureLevel::from(*self).as_str()
    }
}

/// The usage fractions at which pressure reaches Warning, High and Critical.
///
/// Always valid: finite, 0 < warning < high < critical <= 1. Use `ram()` or `gpu()` for the
/// defaults (80/90/95 % and 60/80/95 %).
#[pyclass(frozen, eq, module = "specgen._native")]
#[derive(Debug, PartialEq)]
pub(crate) struct PressureThresholds {
    inner: contract::PressureThresholds,
}

impl PressureThresholds {
    /// The wrapped contract thresholds.
    pub(crate) fn contract(&self) -> contract::PressureThresholds {
        self.inner
    }
}

#[pymethods]
impl PressureThresholds {
    /// Validates and builds thresholds; raises `ValueError` with the reason when invalid.
    #[new]
    fn new(warning: f64, high: f64, critical: f64) -> PyResult<Self> {
        contract::PressureThresholds::new(warning, high, critical)
            .map(|inner| Self { inner })
            .map_err(|err| PyValueError::new_err(err.to_string()))
    }

    /// Defaults for system RAM: 0.80 / 0.90 / 0.95.
    #[staticmethod]
    fn ram() -> Self {
        Self {
            inner: contract::PressureThresholds::RAM,
        }
    }

    /// Defaults for GPU memory: 0.60 / 0.80 / 0.95.
    #[staticmethod]
    fn gpu() -> Self {
        Self {
            inner: contract::PressureThresholds::GPU,
        }
    }

    /// The fraction at which pressure becomes Warning.
    #[getter]
    fn warning(&self) -> f64 {
        self.inner.warning()
    }

    /// The fraction at which pressure becomes High.
    #[getter]
    fn high(&self) -> f64 {
        self.inner.high()
    }

    /// The fraction at which pressure becomes Critical.
    #[getter]
    fn critical(&self) -> f64 {
        self.inner.critical()
    }

    /// The threshold that starts `level` (0.0 for Normal).
    fn threshold(&self, level: PressureLevel) -> f64 {
        self.inner.threshold(level.into())
    }

    /// The level for a usage fraction; a threshold belongs to its level, NaN and values
    /// above 1 are Critical, negative values are Normal.
    fn classify(&self, fraction: f64) -> PressureLevel {
        self.inner.classify(fraction).into()
    }

    /// The level for `used_bytes` of `total_bytes`; a total of 0 is Critical.
    fn classify_usage(&self, used_bytes: u64, total_bytes: u64) -> PressureLevel {
        self.inner.classify_usage(used_bytes, total_bytes).into()
    }

    fn __repr__(&self) -> String {
        // `{:?}` prints floats the way Python's repr does for these values (0.8, 1.0).
        format!(
            "PressureThresholds(warning={:?}, high={:?}, critical={:?})",
            self.inner.warning(),
            self.inner.high(),
            self.inner.critical()
        )
    }
}
