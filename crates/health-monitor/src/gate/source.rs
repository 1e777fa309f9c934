//! [`GateSource`]: a gate read as a pressure source.

use std::time::Duration;

use super::ResourceGate;
use crate::model::Resource;
use crate::sources::{PressureSource, Reading};

/// A [`ResourceGate`] read as a pressure source: bytes reserved of capacity, named
/// `gate:gpu` or `gate:ram`. This is how reservations count toward pressure before any
/// memory moves.
#[derive(Debug, Clone)]
pub struct GateSource {
    pub(super) name: String,
    pub(super) gate: ResourceGate,
}

impl PressureSource for GateSource {
    fn name(&self) -> &str {
        &self.name
    }

    fn resource(&self) -> Resource {
        self.gate.resource()
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        Reading::usage(self.gate.total_reserved(), self.gate.capacity())
    }
}
