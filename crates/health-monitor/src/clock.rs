//! [`Clock`]: where the runtime reads the time, so that schedules can be tested without
//! sleeping.
//!
//! Every schedule in this crate — heal backoff, the breaker window, the Critical grace
//! period, scripted pressure timelines, event timestamps — reads a [`Clock`] and nothing
//! else. Production uses [`SystemClock`]; tests use [`ManualClock`] and move time by hand.
//!
//! One thing is *not* on the clock: the per-call timeout around a service callback. It bounds
//! a real thread that may be blocked in a real call, so it is measured in real time.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A monotonic source of time, as the [`Duration`] since the clock's own epoch.
///
/// The epoch is arbitrary (a [`SystemClock`] starts at zero when it is created); only
/// differences between readings mean anything. Readings never go backwards.
///
/// # Examples
///
/// A component written against `Clock` runs on either clock:
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{Clock, ManualClock};
///
/// fn expired(clock: &dyn Clock, deadline: Duration) -> bool {
///     clock.now() >= deadline
/// }
///
/// let clock = ManualClock::new();
/// assert!(!expired(&clock, Duration::from_secs(5)));
/// clock.advance(Duration::from_secs(5));
/// assert!(expired(&clock, Duration::from_secs(5)));
/// ```
pub trait Clock: Send + Sync {
    /// The time since this clock's epoch.
    fn now(&self) -> Duration;
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Duration {
        (**self).now()
    }
}

/// Real monotonic time ([`Instant`]), starting at zero when the clock is created.
///
/// ```
/// use health_monitor::{Clock, SystemClock};
///
/// let clock = SystemClock::new();
/// let first = clock.now();
/// assert!(clock.now() >= first);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    epoch: Instant,
}

impl SystemClock {
    /// A clock whose epoch is now.
    #[must_use]
    pub fn new() -> Self {
        Self {
            epoch: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.epoch.elapsed()
    }
}

/// A clock that moves only when told to.
///
/// Clones share the same time, so a test keeps one handle and gives another to the
/// [`Supervisor`](crate::Supervisor). Time is stored as nanoseconds in an atomic, so the
/// clock may be read and advanced from any thread.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use health_monitor::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// let shared: Arc<dyn Clock> = Arc::new(clock.clone());
/// clock.advance(Duration::from_millis(250));
/// assert_eq!(shared.now(), Duration::from_millis(250));
///
/// clock.advance_to(Duration::from_millis(100)); // earlier than now: ignored
/// assert_eq!(clock.now(), Duration::from_millis(250));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    nanos: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock at zero.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward by `step`. Saturates at about 584 years.
    pub fn advance(&self, step: Duration) {
        let step = duration_to_nanos(step);
        // `fetch_update` with a closure that always returns `Some` cannot fail.
        let _ = self
            .nanos
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                Some(now.saturating_add(step))
            });
    }

    /// Moves the clock to `time` if that is later than now; an earlier `time` is ignored,
    /// because a clock must never go backwards.
    pub fn advance_to(&self, time: Duration) {
        self.nanos
            .fetch_max(duration_to_nanos(time), Ordering::AcqRel);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::Acquire))
    }
}

impl fmt::Display for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.now())
    }
}

/// Nanoseconds in `duration`, saturating at `u64::MAX`.
fn duration_to_nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Whole milliseconds in `duration`, saturating at `u64::MAX` (for event fields).
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_saturates_instead_of_wrapping() {
        let clock = ManualClock::new();
        clock.advance(Duration::MAX);
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.now(), Duration::from_nanos(u64::MAX));
    }

    #[test]
    fn manual_clock_is_shared_between_clones() {
        let a = ManualClock::new();
        let b = a.clone();
        a.advance(Duration::from_secs(3));
        b.advance(Duration::from_secs(4));
        assert_eq!(a.now(), Duration::from_secs(7));
        assert_eq!(a.to_string(), "7s");
    }

    #[test]
    fn millis_saturates() {
        assert_eq!(millis(Duration::from_millis(1500)), 1500);
        assert_eq!(millis(Duration::MAX), u64::MAX);
    }
}
