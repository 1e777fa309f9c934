//! [`Hysteresis`]: a level that rises at once and falls only past a margin.

use managed_service::{PressureLevel, PressureThresholds};

use crate::error::Error;

/// Turns a stream of usage fractions into a level that does not flap.
///
/// Rising is immediate: a fraction at or above a threshold reaches that threshold's level at
/// once, because being late under pressure is what loses memory. Falling needs the fraction
/// to drop `margin` *below* the threshold of the current level: the level falls to
/// `thresholds.classify(fraction + margin)`. A value wobbling around a threshold therefore
/// stays on the higher level instead of announcing a change on every sample.
///
/// # Examples
///
/// ```
/// use health_monitor::Hysteresis;
/// use managed_service::{PressureLevel::*, PressureThresholds};
///
/// let mut h = Hysteresis::new(PressureThresholds::RAM, 0.03)?; // Warning at 0.80
/// assert_eq!(h.update(0.81), Warning);
/// assert_eq!(h.update(0.79), Warning); // within the margin: holds
/// assert_eq!(h.update(0.805), Warning);
/// assert_eq!(h.update(0.769), Normal); // 0.769 + 0.03 < 0.80: falls
/// assert_eq!(h.update(0.96), Critical); // rises straight past several levels
/// assert_eq!(h.update(0.91), High); // 0.94 < 0.95: falls one level
/// # Ok::<(), health_monitor::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hysteresis {
    thresholds: PressureThresholds,
    margin: f64,
    level: PressureLevel,
}

impl Hysteresis {
    /// Hysteresis over `thresholds`, starting at [`PressureLevel::Normal`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (field `hysteresis_margin`) unless `margin` is finite and in
    /// `[0, 0.5)`; 0 turns hysteresis off.
    pub fn new(thresholds: PressureThresholds, margin: f64) -> Result<Self, Error> {
        if !(margin.is_finite() && (0.0..0.5).contains(&margin)) {
            return Err(Error::config(
                "hysteresis_margin",
                format!("must be finite and in [0, 0.5), got {margin}"),
            ));
        }
        Ok(Self {
            thresholds,
            margin,
            level: PressureLevel::Normal,
        })
    }

    /// Feeds one fraction and returns the level after it.
    ///
    /// NaN reads as Critical (as in [`PressureThresholds::classify`]): a broken measurement
    /// never reads as safe.
    pub fn update(&mut self, fraction: f64) -> PressureLevel {
        let rising = self.thresholds.classify(fraction);
        let falling = self.thresholds.classify(fraction + self.margin);
        if rising > self.level {
            self.level = rising;
        } else if falling < self.level {
            self.level = falling;
        }
        self.level
    }

    /// The current level.
    #[must_use]
    pub const fn level(&self) -> PressureLevel {
        self.level
    }

    /// The thresholds in use.
    #[must_use]
    pub const fn thresholds(&self) -> PressureThresholds {
        self.thresholds
    }

    /// Forgets the history: back to Normal (used when a source becomes unavailable, so that
    /// it starts fresh when it returns).
    pub fn reset(&mut self) {
        self.level = PressureLevel::Normal;
    }
}

#[cfg(test)]
mod tests {
    use managed_service::PressureLevel::{Critical, High, Normal, Warning};

    use super::*;

    #[test]
    fn margin_must_be_sane() {
        for bad in [-0.1, 0.5, f64::NAN, f64::INFINITY] {
            assert!(
                Hysteresis::new(PressureThresholds::RAM, bad).is_err(),
                "{bad}"
            );
        }
        assert!(Hysteresis::new(PressureThresholds::RAM, 0.0).is_ok());
    }

    #[test]
    fn zero_margin_follows_classify() {
        let mut h = Hysteresis::new(PressureThresholds::GPU, 0.0).unwrap();
        for (f, level) in [
            (0.61, Warning),
            (0.59, Normal),
            (0.81, High),
            (0.96, Critical),
        ] {
            assert_eq!(h.update(f), level);
        }
    }

    #[test]
    fn nan_is_critical_and_reset_returns_to_normal() {
        let mut h = Hysteresis::new(PressureThresholds::RAM, 0.02).unwrap();
        assert_eq!(h.update(f64::NAN), Critical);
        h.reset();
        assert_eq!(h.level(), Normal);
        assert_eq!(h.thresholds(), PressureThresholds::RAM);
    }

    #[test]
    fn noisy_series_near_a_threshold_never_flaps() {
        let mut h = Hysteresis::new(PressureThresholds::RAM, 0.02).unwrap();
        let mut changes = 0;
        let mut last = h.level();
        // A deterministic zig-zag of +-1.5 % around the High threshold (0.90).
        for i in 0..200 {
            let noise = [0.0, 0.015, -0.015, 0.007, -0.012][i % 5];
            let level = h.update(0.90 + noise);
            if level != last {
                changes += 1;
                last = level;
            }
        }
        assert_eq!(changes, 1, "only the first rise to High");
        assert_eq!(last, High);
    }
}
