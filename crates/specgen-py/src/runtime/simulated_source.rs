//! `SimulatedSource`: the Python control of a simulated pressure source.

use health_monitor as hm;
use hm::Resource;
use pyo3::prelude::*;

use super::convert::seconds;

/// Controls a simulated pressure source: set a reading now, or script a timeline.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct SimulatedSource {
    name: String,
    resource: Resource,
    handle: hm::SimulatedHandle,
}

#[pymethods]
impl SimulatedSource {
    /// The source's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.resource.as_str()
    }

    /// Sets the usage fraction, from the next tick on.
    fn set_fraction(&self, fraction: f64) {
        self.handle.set_usage_fraction(fraction);
    }

    /// Sets the reading to `used` bytes of `total`.
    fn set_usage(&self, used: u64, total: u64) {
        self.handle.set_usage(used, total);
    }

    /// Makes the source unavailable (left out of the combined level).
    fn set_unavailable(&self, reason: String) {
        self.handle.set_unavailable(reason);
    }

    /// Replaces the timeline with `(at_seconds, fraction)` steps on the supervisor's clock.
    fn script(&self, steps: Vec<(f64, f64)>) -> PyResult<()> {
        let steps = steps
            .into_iter()
            .map(|(at, fraction)| Ok((seconds(at, "at")?, fraction_reading(fraction))))
            .collect::<PyResult<Vec<_>>>()?;
        self.handle.script(steps);
        Ok(())
    }

    /// Whether every scripted step has been applied.
    #[getter]
    fn script_done(&self) -> bool {
        self.handle.script_is_done()
    }

    /// The current fraction, or None when unavailable.
    #[getter]
    fn fraction(&self) -> Option<f64> {
        self.handle.current().fraction()
    }
}

/// A usage reading equivalent to `fraction` (parts per million of a fixed total), so that
/// the source counts as a byte measurement for the resource.
fn fraction_reading(fraction: f64) -> hm::Reading {
    const TOTAL: u64 = 1_000_000;
    let clamped = if fraction.is_nan() {
        1.0
    } else {
        fraction.max(0.0)
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let used = (clamped * 1_000_000.0).round() as u64;
    hm::Reading::usage(used, TOTAL)
}

trait SetFraction {
    fn set_usage_fraction(&self, fraction: f64);
}

impl SetFraction for hm::SimulatedHandle {
    fn set_usage_fraction(&self, fraction: f64) {
        self.set(fraction_reading(fraction));
    }
}

impl SimulatedSource {
    /// The control of a source named `name` of `resource`, through its handle.
    pub(super) const fn new(name: String, resource: Resource, handle: hm::SimulatedHandle) -> Self {
        Self {
            name,
            resource,
            handle,
        }
    }
}
