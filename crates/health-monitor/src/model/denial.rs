//! [`Denial`] and [`DenialReason`]: a refused reservation, as the gate returns it and as the
//! `system:gate:denied` event carries it.

use std::fmt;

use managed_service::PressureLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Resource;

/// Why a reservation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DenialReason {
    /// The resource's pressure level is at or above the gate's refusal level.
    Pressure,
    /// Memory measured in use leaves too little of the capacity.
    Capacity,
    /// The subsystem's budget has too little left.
    Budget,
}

/// A refused reservation: what was asked, what was available, and at which level.
///
/// Also the payload of the `system:gate:denied` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    /// The gate's resource.
    pub resource: Resource,
    /// The subsystem asked for.
    pub subsystem: String,
    /// Bytes requested.
    #[ts(type = "number")]
    pub requested: u64,
    /// Bytes that could have been granted at that moment.
    #[ts(type = "number")]
    pub available: u64,
    /// The resource's pressure level at that moment.
    pub level: PressureLevel,
    /// Which check refused.
    pub reason: DenialReason,
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} reservation of {} for {} denied at level {}: ",
            self.resource,
            format_bytes(self.requested),
            self.subsystem,
            self.level
        )?;
        let available = format_bytes(self.available);
        match self.reason {
            DenialReason::Pressure => write!(f, "pressure is too high ({available} available)"),
            DenialReason::Capacity => {
                write!(f, "memory in use leaves only {available}")
            }
            DenialReason::Budget => {
                write!(f, "the {} budget has {available} left", self.subsystem)
            }
        }
    }
}

/// `1536` -> `1.5 KiB`: bytes in binary units with one decimal, for messages.
fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // One decimal of a binary unit needs nowhere near 53 bits.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_formatted_in_binary_units() {
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(2 << 30), "2.0 GiB");
        assert_eq!(format_bytes(u64::MAX), "16384.0 PiB");
    }
}
