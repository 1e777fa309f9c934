//! `TickReport`: what one supervisor tick did.

use health_monitor as hm;
use pyo3::prelude::*;

use crate::pressure::PressureLevel;

/// What one tick did.
#[pyclass(frozen, module = "specgen._native", get_all)]
#[derive(Debug)]
pub(crate) struct TickReport {
    /// The clock's time, in seconds.
    at: f64,
    /// The combined level after the tick.
    level: PressureLevel,
    /// `(from, to)` when the level changed.
    level_change: Option<(PressureLevel, PressureLevel)>,
    /// `pressure_response` calls made.
    responses: usize,
    /// Whether `shed_load` was called.
    shed: bool,
    /// Services checked.
    checked: usize,
    /// `heal` calls begun.
    heals: usize,
    /// `health`/`heal` calls still running past the patience after the tick.
    outstanding: usize,
    /// Services unhealthy after the tick.
    unhealthy: usize,
    /// Whether the tick was skipped (after shutdown).
    skipped: bool,
}

impl From<hm::TickReport> for TickReport {
    fn from(report: hm::TickReport) -> Self {
        Self {
            at: report.at.as_secs_f64(),
            level: report.level.into(),
            level_change: report
                .level_change
                .map(|(from, to)| (from.into(), to.into())),
            responses: report.responses,
            shed: report.shed,
            checked: report.checked,
            heals: report.heals,
            outstanding: report.outstanding,
            unhealthy: report.unhealthy,
            skipped: report.skipped,
        }
    }
}
