//! [`SubsystemUsage`]: one subsystem's budget, reservations and denials.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[cfg(doc)]
use super::ResourceGate;

/// One subsystem of a gate, as [`ResourceGate::usage`] reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubsystemUsage {
    /// The subsystem.
    pub name: String,
    /// Its budget as a fraction of the capacity.
    pub fraction: f64,
    /// Its budget, in bytes.
    #[ts(type = "number")]
    pub budget: u64,
    /// Bytes reserved now.
    #[ts(type = "number")]
    pub reserved: u64,
    /// Bytes a reservation could get now.
    #[ts(type = "number")]
    pub available: u64,
    /// Reservations refused so far.
    #[ts(type = "number")]
    pub denials: u64,
}
