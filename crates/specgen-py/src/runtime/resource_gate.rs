//! `ResourceGate`: reserve before you load.

use health_monitor as hm;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::convert::parse_resource;
use super::errors::to_py_err;
use super::permit::Permit;
use crate::pressure::PressureLevel;

/// Reserve before you load: per-subsystem budgets of one resource's capacity.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct ResourceGate {
    inner: hm::ResourceGate,
}

#[pymethods]
impl ResourceGate {
    /// A gate of `capacity` bytes of `resource` ("ram" or "gpu"). `budgets` maps subsystem
    /// names to fractions of the capacity (default inference 0.75, tts 0.10, rendering 0.10,
    /// reserve 0.05); `refuse_at` is the level at which every reservation is refused
    /// (default Critical; None never refuses for pressure).
    #[new]
    #[pyo3(signature = (resource, capacity, budgets = None, refuse_at = Some(PressureLevel::Critical)))]
    fn new(
        py: Python<'_>,
        resource: &str,
        capacity: u64,
        budgets: Option<Vec<(String, f64)>>,
        refuse_at: Option<PressureLevel>,
    ) -> PyResult<Self> {
        let mut builder = hm::ResourceGate::builder(parse_resource(resource)?, capacity)
            .refuse_at(refuse_at.map(Into::into));
        if let Some(budgets) = budgets {
            builder = builder.budgets(budgets);
        }
        builder
            .build()
            .map(|inner| Self { inner })
            .map_err(|err| to_py_err(py, err))
    }

    /// Reserves `bytes` for `subsystem`; raises `GateDenied` (nothing reserved) when the
    /// budget, the capacity or the pressure level says no.
    fn reserve(&self, py: Python<'_>, bytes: u64, subsystem: &str) -> PyResult<Permit> {
        // Without the interpreter: threads reserve in parallel, as they would in Rust.
        let permit = py
            .detach(|| self.inner.reserve(bytes, subsystem))
            .map_err(|err| to_py_err(py, err))?;
        Ok(Permit::new(
            permit,
            bytes,
            subsystem.to_owned(),
            self.inner.resource(),
        ))
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.inner.resource().as_str()
    }

    /// Total bytes.
    #[getter]
    fn capacity(&self) -> u64 {
        self.inner.capacity()
    }

    /// Subsystem names, in report order.
    #[getter]
    fn subsystems(&self) -> Vec<String> {
        self.inner.subsystems().map(str::to_owned).collect()
    }

    /// A subsystem's budget in bytes.
    fn budget(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .budget(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes a subsystem holds.
    fn reserved(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .reserved(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes a subsystem could still reserve.
    fn available(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .available(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes reserved across all subsystems.
    #[getter]
    fn total_reserved(&self) -> u64 {
        self.inner.total_reserved()
    }

    /// The level the gate last learned for its resource.
    #[getter]
    fn level(&self) -> PressureLevel {
        self.inner.level().into()
    }

    /// Tells the gate the level (a supervisor does this every tick).
    fn set_level(&self, level: PressureLevel) {
        self.inner.set_level(level.into());
    }

    /// Per subsystem: name, fraction, budget, reserved, available and denials.
    fn usage<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .usage()
            .into_iter()
            .map(|usage| {
                let dict = PyDict::new(py);
                dict.set_item("name", usage.name)?;
                dict.set_item("fraction", usage.fraction)?;
                dict.set_item("budget", usage.budget)?;
                dict.set_item("reserved", usage.reserved)?;
                dict.set_item("available", usage.available)?;
                dict.set_item("denials", usage.denials)?;
                Ok(dict)
            })
            .collect()
    }
}

impl ResourceGate {
    /// The gate itself, for a supervisor to connect.
    pub(super) const fn inner(&self) -> &hm::ResourceGate {
        &self.inner
    }
}
