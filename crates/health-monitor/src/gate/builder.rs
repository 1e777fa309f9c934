//! [`GateBuilder`]: a gate's budgets and refusal level, checked before the gate is built.

use managed_service::PressureLevel;

use super::ResourceGate;
use crate::error::Error;
use crate::model::Resource;

/// The default budgets, as fractions of the capacity: inference 75 %, tts 10 %,
/// rendering 10 %, reserve 5 %.
pub const DEFAULT_BUDGETS: [(&str, f64); 4] = [
    ("inference", 0.75),
    ("tts", 0.10),
    ("rendering", 0.10),
    ("reserve", 0.05),
];

/// Configures a [`ResourceGate`]; made by [`ResourceGate::builder`].
#[derive(Debug, Clone)]
pub struct GateBuilder {
    pub(super) resource: Resource,
    pub(super) capacity: u64,
    pub(super) budgets: Vec<(String, f64)>,
    pub(super) refuse_at: Option<PressureLevel>,
}

impl GateBuilder {
    /// Replaces every budget with `budgets`: `(subsystem, fraction of capacity)` pairs,
    /// in the order reports list them.
    #[must_use]
    pub fn budgets<N: Into<String>>(mut self, budgets: impl IntoIterator<Item = (N, f64)>) -> Self {
        self.budgets = budgets
            .into_iter()
            .map(|(name, fraction)| (name.into(), fraction))
            .collect();
        self
    }

    /// Sets the budget of one subsystem, adding it if new.
    ///
    /// ```
    /// use health_monitor::{ResourceGate, Resource};
    ///
    /// let gate = ResourceGate::builder(Resource::Gpu, 100)
    ///     .budget("inference", 0.70)
    ///     .budget("embeddings", 0.05)
    ///     .build()?;
    /// assert_eq!(gate.subsystems().collect::<Vec<_>>(), ["inference", "tts", "rendering", "reserve", "embeddings"]);
    /// # Ok::<(), health_monitor::Error>(())
    /// ```
    #[must_use]
    pub fn budget(mut self, subsystem: impl Into<String>, fraction: f64) -> Self {
        let subsystem = subsystem.into();
        match self.budgets.iter_mut().find(|(name, _)| *name == subsystem) {
            Some(entry) => entry.1 = fraction,
            None => self.budgets.push((subsystem, fraction)),
        }
        self
    }

    /// The pressure level at and above which every reservation is refused; `None` never
    /// refuses for pressure. Default: Critical.
    #[must_use]
    pub const fn refuse_at(mut self, level: Option<PressureLevel>) -> Self {
        self.refuse_at = level;
        self
    }

    pub(super) fn fractions(&self) -> Vec<f64> {
        self.budgets.iter().map(|(_, f)| *f).collect()
    }

    /// Checks the budgets and builds the gate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (field `budgets`) when there is no budget, a name is empty
    /// or repeated, a fraction is not in `(0, 1]`, or the fractions add up to more than 1.
    pub fn build(self) -> Result<ResourceGate, Error> {
        let bad = |message: String| Err(Error::config("budgets", message));
        if self.budgets.is_empty() {
            return bad("a gate needs at least one budget".to_owned());
        }
        for (i, (name, fraction)) in self.budgets.iter().enumerate() {
            if name.is_empty() {
                return bad("a subsystem name is empty".to_owned());
            }
            if self.budgets[..i].iter().any(|(other, _)| other == name) {
                return bad(format!("subsystem {name:?} appears twice"));
            }
            if !(fraction.is_finite() && *fraction > 0.0 && *fraction <= 1.0) {
                return bad(format!(
                    "{name}: fraction must be in (0, 1], got {fraction}"
                ));
            }
        }
        let sum: f64 = self.budgets.iter().map(|(_, f)| f).sum();
        if sum > 1.0 + 1e-9 {
            return bad(format!("fractions add up to {sum}, more than 1"));
        }
        let budgets = budget_bytes(self.capacity, &self.fractions());
        Ok(ResourceGate::from_parts(self, budgets))
    }
}

/// Budget fractions to bytes: each rounded down, so they never add up past the capacity.
pub(super) fn budget_bytes(capacity: u64, fractions: &[f64]) -> Box<[u64]> {
    // Exact enough: a budget needs bytes, not the last bit of a 64-bit capacity.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let mut budgets: Vec<u64> = fractions
        .iter()
        .map(|f| (capacity as f64 * f).floor() as u64)
        .collect();
    let sum: u128 = budgets.iter().map(|b| u128::from(*b)).sum();
    let mut excess = sum.saturating_sub(u128::from(capacity));
    for budget in budgets.iter_mut().rev() {
        // At most `*budget`, so it fits in a u64.
        let cut = u64::try_from(excess.min(u128::from(*budget))).unwrap_or(*budget);
        *budget -= cut;
        excess -= u128::from(cut);
    }
    budgets.into_boxed_slice()
}
