//! [`Reading`]: one measurement from a pressure source.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[cfg(doc)]
use super::PressureSource;

/// One measurement from a [`PressureSource`].
///
/// The JSON form is tagged by `kind`: `{ "kind": "usage", "used": 6, "total": 8 }`,
/// `{ "kind": "fraction", "value": 0.12 }`, `{ "kind": "unavailable", "reason": "..." }`.
///
/// ```
/// use health_monitor::Reading;
///
/// assert_eq!(Reading::usage(3 << 30, 4 << 30).fraction(), Some(0.75));
/// assert_eq!(Reading::Fraction { value: 0.2 }.fraction(), Some(0.2));
/// assert_eq!(Reading::unavailable("no GPU").fraction(), None);
/// assert_eq!(Reading::usage(1, 0).fraction(), Some(f64::INFINITY)); // no capacity: worst
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Reading {
    /// `used` bytes of `total` bytes.
    Usage {
        /// Bytes in use.
        #[ts(type = "number")]
        used: u64,
        /// Bytes available in all (the limit or capacity).
        #[ts(type = "number")]
        total: u64,
    },
    /// A fraction in `[0, 1]` that is not a byte count (PSI's share of stalled time).
    Fraction {
        /// The fraction.
        value: f64,
    },
    /// The source cannot measure; it is left out of the combined level.
    Unavailable {
        /// Why, for operators ("NVML library not found: ...").
        reason: String,
    },
}

impl Reading {
    /// [`Reading::Usage`].
    #[must_use]
    pub const fn usage(used: u64, total: u64) -> Self {
        Self::Usage { used, total }
    }

    /// [`Reading::Unavailable`] with a reason.
    #[must_use]
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Self::Unavailable {
            reason: reason.into(),
        }
    }

    /// The fraction this reading stands for, or `None` when unavailable.
    ///
    /// A usage with `total == 0` is infinite (a memory with no capacity is as full as it
    /// gets), which thresholds classify as Critical.
    #[must_use]
    pub fn fraction(&self) -> Option<f64> {
        match *self {
            Self::Usage { used, total } => Some(if total == 0 {
                f64::INFINITY
            } else {
                // Byte counts above 2^53 lose low bits; a fraction only needs a few digits.
                #[allow(clippy::cast_precision_loss)]
                let fraction = used as f64 / total as f64;
                fraction
            }),
            Self::Fraction { value } => Some(value),
            Self::Unavailable { .. } => None,
        }
    }

    /// Whether the source could measure.
    #[must_use]
    pub const fn is_available(&self) -> bool {
        !matches!(self, Self::Unavailable { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_json_is_tagged_by_kind() {
        let json = serde_json::to_value(Reading::usage(6, 8)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "usage", "used": 6, "total": 8 })
        );
        let json = serde_json::to_value(Reading::unavailable("gone")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "kind": "unavailable", "reason": "gone" })
        );
    }
}
