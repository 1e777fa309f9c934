//! [`HealPolicy`]: when and how often `heal()` is tried, and when the runtime gives up.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

use crate::error::Error;

/// When and how often `heal()` is tried, and when the runtime gives up.
///
/// The schedule is [backon]'s exponential backoff: the first attempt comes as soon as a
/// service is seen unhealthy, and after each attempt that leaves it unhealthy the next is due
/// `min_delay`, `min_delay * factor`, `min_delay * factor²`, … later, capped at `max_delay`.
/// With `jitter`, each delay gets a random extra of up to 100 % of itself, so services that
/// failed together do not retry together; `jitter_seed` makes that randomness repeatable.
///
/// A heal *fails* when `heal()` returns `false`, panics or times out. When `max_failures`
/// failures fall within `window`, the breaker opens: no more heals, and a
/// `system:heal:escalation` event says a person must step in. A service that then stays
/// healthy (or degraded) for `reset_after` has its breaker closed and its failures forgotten.
///
/// Fields are public; start from [`HealPolicy::default`] and change what you need.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use health_monitor::HealPolicy;
///
/// let mut policy = HealPolicy::default();
/// policy.min_delay = Duration::from_secs(1);
/// policy.max_delay = Duration::from_secs(8);
/// policy.jitter = false;
/// let delays: Vec<u64> = policy.delays().take(6).map(|d| d.as_secs()).collect();
/// assert_eq!(delays, [1, 2, 4, 8, 8, 8]);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HealPolicy {
    /// Delay after the first attempt. Default 1 s.
    pub min_delay: Duration,
    /// Largest delay. Default 60 s.
    pub max_delay: Duration,
    /// Growth per attempt. Default 2.
    pub factor: f32,
    /// Add up to 100 % random extra to each delay. Default on.
    pub jitter: bool,
    /// Seed for the jitter (mixed with the service's id); `None` seeds from the OS.
    pub jitter_seed: Option<u64>,
    /// Failures within `window` that open the breaker. Default 5.
    pub max_failures: u32,
    /// Default 10 minutes.
    pub window: Duration,
    /// Healthy time that closes an open breaker. Default 60 s.
    pub reset_after: Duration,
}

impl Default for HealPolicy {
    fn default() -> Self {
        Self {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            factor: 2.0,
            jitter: true,
            jitter_seed: None,
            max_failures: 5,
            window: Duration::from_secs(600),
            reset_after: Duration::from_secs(60),
        }
    }
}

impl HealPolicy {
    /// Checks the values.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (field `heal`) when `min_delay` is zero or above
    /// `max_delay`, `factor` is below 1 or not finite, or `max_failures` is zero.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |message: String| Err(Error::config("heal", message));
        if self.min_delay.is_zero() || self.min_delay > self.max_delay {
            return bad(format!(
                "min_delay must be above zero and at most max_delay, got {:?} and {:?}",
                self.min_delay, self.max_delay
            ));
        }
        if !(self.factor.is_finite() && self.factor >= 1.0) {
            return bad(format!("factor must be at least 1, got {}", self.factor));
        }
        if self.max_failures == 0 {
            return bad("max_failures must be at least 1".to_owned());
        }
        Ok(())
    }

    /// The backoff builder for a service; `salt` (its id) varies the jitter seed per
    /// service.
    pub(super) fn builder(&self, salt: u64) -> ExponentialBuilder {
        let mut builder = ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_factor(self.factor)
            .without_max_times();
        if self.jitter {
            builder = builder.with_jitter();
        }
        if let Some(seed) = self.jitter_seed {
            builder = builder.with_jitter_seed(seed.wrapping_add(salt));
        }
        builder
    }

    /// The delays this policy produces, in order (with jitter, one possible draw; seeded,
    /// the draw of the service with id 0).
    pub fn delays(&self) -> impl Iterator<Item = Duration> {
        self.builder(0).build()
    }
}
