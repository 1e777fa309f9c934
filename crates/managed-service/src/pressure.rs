//! [`PressureLevel`] and [`PressureThresholds`]: how scarce memory is, and how a usage
//! fraction maps to a level.

use std::fmt;
use std::str::FromStr;

use crate::{ParsePressureLevelError, ThresholdError};

/// How scarce memory (RAM or GPU) is, from [`Normal`](Self::Normal) to
/// [`Critical`](Self::Critical).
///
/// Levels are ordered, so "at least High" is `level >= PressureLevel::High`. The runtime
/// announces a level through [`ManagedService::pressure_response`]; see that method for what
/// each level asks of a service.
///
/// With the `serde` feature a level is the lowercase string (`"warning"`), which is also what
/// [`as_str`](Self::as_str), [`Display`](fmt::Display) and [`FromStr`] use.
///
/// [`ManagedService::pressure_response`]: crate::ManagedService::pressure_response
///
/// # Examples
///
/// ```
/// use managed_service::PressureLevel;
///
/// let level: PressureLevel = "high".parse()?;
/// assert!(level > PressureLevel::Warning);
/// assert_eq!(level.to_string(), "high");
/// assert_eq!(PressureLevel::iter().max(), Some(PressureLevel::Critical));
/// # Ok::<(), managed_service::ParsePressureLevelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "camelCase")
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PressureLevel {
    /// Plenty of memory: full operation.
    #[default]
    Normal,
    /// Getting tight: stop non-essential work.
    Warning,
    /// Tight: release optional resources.
    High,
    /// Nearly out: keep only what is needed not to crash.
    Critical,
}

impl PressureLevel {
    /// Every level, from least to most severe.
    pub const ALL: [Self; 4] = [Self::Normal, Self::Warning, Self::High, Self::Critical];

    /// The lowercase name: `"normal"`, `"warning"`, `"high"` or `"critical"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Warning => "warning",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Iterates over every level, from least to most severe (the order of [`Self::ALL`]).
    ///
    /// ```
    /// # use managed_service::PressureLevel;
    /// let names: Vec<&str> = PressureLevel::iter().map(PressureLevel::as_str).collect();
    /// assert_eq!(names, ["normal", "warning", "high", "critical"]);
    /// ```
    #[must_use]
    pub fn iter() -> impl DoubleEndedIterator<Item = Self> + ExactSizeIterator {
        Self::ALL.into_iter()
    }
}

impl fmt::Display for PressureLevel {
    /// The lowercase name, as [`PressureLevel::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PressureLevel {
    type Err = ParsePressureLevelError;

    /// Parses the lowercase name written by [`PressureLevel::as_str`]. Matching is exact:
    /// `"High"` and `" high"` are errors.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::iter()
            .find(|level| level.as_str() == s)
            .ok_or_else(|| ParsePressureLevelError::new(s))
    }
}

/// The usage fractions at which memory pressure reaches [`Warning`](PressureLevel::Warning),
/// [`High`](PressureLevel::High) and [`Critical`](PressureLevel::Critical).
///
/// Invariant, checked by [`new`](Self::new): every value is finite and
/// `0 < warning < high < critical <= 1`. The fields are private so that no value breaks it,
/// and deserialising (feature `serde`) checks it too.
///
/// Two sets of defaults exist because the two memories fail differently: RAM degrades
/// gradually (swap, reclaim), so pressure starts late ([`RAM`](Self::RAM), 80/90/95 %); a GPU
/// allocation simply fails, and models are large, so pressure starts early
/// ([`GPU`](Self::GPU), 60/80/95 %).
///
/// # Examples
///
/// ```
/// use managed_service::{PressureLevel, PressureThresholds};
///
/// let gpu = PressureThresholds::GPU;
/// assert_eq!(gpu.classify(0.59), PressureLevel::Normal);
/// assert_eq!(gpu.classify(0.60), PressureLevel::Warning); // a threshold belongs to its level
///
/// // 6 GiB used of 8 GiB is 75 %.
/// assert_eq!(gpu.classify_usage(6 << 30, 8 << 30), PressureLevel::Warning);
///
/// let custom = PressureThresholds::new(0.5, 0.7, 0.9)?;
/// assert_eq!(custom.classify(0.7), PressureLevel::High);
/// # Ok::<(), managed_service::ThresholdError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PressureThresholds {
    warning: f64,
    high: f64,
    critical: f64,
}

impl PressureThresholds {
    /// Defaults for system RAM: Warning at 80 %, High at 90 %, Critical at 95 %.
    pub const RAM: Self = Self {
        warning: 0.80,
        high: 0.90,
        critical: 0.95,
    };

    /// Defaults for GPU memory: Warning at 60 %, High at 80 %, Critical at 95 %.
    pub const GPU: Self = Self {
        warning: 0.60,
        high: 0.80,
        critical: 0.95,
    };

    /// Builds thresholds from three usage fractions.
    ///
    /// # Errors
    ///
    /// Returns a [`ThresholdError`] unless all of these hold, checked in this order:
    ///
    /// - each value is finite ([`ThresholdError::NotFinite`]);
    /// - each value is in `(0, 1]` ([`ThresholdError::OutOfRange`]);
    /// - `warning < high < critical` ([`ThresholdError::NotAscending`]).
    ///
    /// ```
    /// use managed_service::{PressureThresholds, ThresholdError};
    ///
    /// let err = PressureThresholds::new(0.9, 0.8, 0.95).unwrap_err();
    /// assert!(matches!(err, ThresholdError::NotAscending { .. }));
    /// assert!(PressureThresholds::new(0.5, 0.8, 1.0).is_ok()); // critical may be exactly 1
    /// ```
    pub fn new(warning: f64, high: f64, critical: f64) -> Result<Self, ThresholdError> {
        let named = [("warning", warning), ("high", high), ("critical", critical)];
        if let Some(&(name, value)) = named.iter().find(|(_, value)| !value.is_finite()) {
            return Err(ThresholdError::NotFinite { name, value });
        }
        if let Some(&(name, value)) = named
            .iter()
            .find(|(_, value)| *value <= 0.0 || *value > 1.0)
        {
            return Err(ThresholdError::OutOfRange { name, value });
        }
        if !(warning < high && high < critical) {
            return Err(ThresholdError::NotAscending {
                warning,
                high,
                critical,
            });
        }
        Ok(Self {
            warning,
            high,
            critical,
        })
    }

    /// The fraction at which pressure becomes [`PressureLevel::Warning`].
    #[must_use]
    pub const fn warning(&self) -> f64 {
        self.warning
    }

    /// The fraction at which pressure becomes [`PressureLevel::High`].
    #[must_use]
    pub const fn high(&self) -> f64 {
        self.high
    }

    /// The fraction at which pressure becomes [`PressureLevel::Critical`].
    #[must_use]
    pub const fn critical(&self) -> f64 {
        self.critical
    }

    /// The threshold that starts `level`; `0.0` for [`PressureLevel::Normal`].
    ///
    /// ```
    /// # use managed_service::{PressureLevel, PressureThresholds};
    /// assert_eq!(PressureThresholds::RAM.threshold(PressureLevel::High), 0.90);
    /// ```
    #[must_use]
    pub const fn threshold(&self, level: PressureLevel) -> f64 {
        match level {
            PressureLevel::Normal => 0.0,
            PressureLevel::Warning => self.warning,
            PressureLevel::High => self.high,
            PressureLevel::Critical => self.critical,
        }
    }

    /// Maps a usage fraction (used / total) to a level.
    ///
    /// A fraction equal to a threshold reaches that threshold's level: with
    /// [`RAM`](Self::RAM), `0.80` is `Warning` and `0.7999` is `Normal`.
    ///
    /// Inputs outside `[0, 1]` are not errors, because they come from measurements that can
    /// be briefly inconsistent:
    ///
    /// - above 1 (more used than the reported total) is `Critical`;
    /// - negative is `Normal`;
    /// - **NaN is `Critical`.** A NaN means the measurement is broken (for example 0/0), and
    ///   bad data must never read as "safe": the runtime would rather shed load needlessly
    ///   than load a model into memory it cannot see.
    ///
    /// ```
    /// # use managed_service::{PressureLevel, PressureThresholds};
    /// let ram = PressureThresholds::RAM;
    /// assert_eq!(ram.classify(0.80), PressureLevel::Warning);
    /// assert_eq!(ram.classify(1.5), PressureLevel::Critical);
    /// assert_eq!(ram.classify(-0.1), PressureLevel::Normal);
    /// assert_eq!(ram.classify(f64::NAN), PressureLevel::Critical);
    /// ```
    #[must_use]
    pub fn classify(&self, fraction: f64) -> PressureLevel {
        // Every comparison with NaN is false, so NaN has to be caught before the ladder,
        // which would otherwise let it fall through to Normal.
        if fraction.is_nan() || fraction >= self.critical {
            PressureLevel::Critical
        } else if fraction >= self.high {
            PressureLevel::High
        } else if fraction >= self.warning {
            PressureLevel::Warning
        } else {
            PressureLevel::Normal
        }
    }

    /// Maps a byte count to a level: [`classify`](Self::classify) of `used / total`.
    ///
    /// A `total` of zero is `Critical`: a memory that reports no capacity cannot take any
    /// allocation, and (as for NaN in `classify`) a broken reading must not read as safe.
    ///
    /// ```
    /// # use managed_service::{PressureLevel, PressureThresholds};
    /// let ram = PressureThresholds::RAM;
    /// assert_eq!(ram.classify_usage(90, 100), PressureLevel::High);
    /// assert_eq!(ram.classify_usage(0, 0), PressureLevel::Critical);
    /// ```
    #[must_use]
    pub fn classify_usage(&self, used_bytes: u64, total_bytes: u64) -> PressureLevel {
        if total_bytes == 0 {
            return PressureLevel::Critical;
        }
        // Byte counts above 2^53 (8 PiB) lose low bits as f64; a fraction only needs a few
        // significant digits, so the rounding cannot move a level boundary that matters.
        #[allow(clippy::cast_precision_loss)]
        let fraction = used_bytes as f64 / total_bytes as f64;
        self.classify(fraction)
    }
}

impl Default for PressureThresholds {
    /// The [`RAM`](Self::RAM) defaults.
    fn default() -> Self {
        Self::RAM
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PressureThresholds {
    /// Reads `{ "warning": .., "high": .., "critical": .. }` and validates it with
    /// [`PressureThresholds::new`], so invalid thresholds fail at the boundary.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The unchecked wire shape.
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Unchecked {
            warning: f64,
            high: f64,
            critical: f64,
        }

        let raw = Unchecked::deserialize(deserializer)?;
        Self::new(raw.warning, raw.high, raw.critical).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
