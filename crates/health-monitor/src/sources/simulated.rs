//! [`SimulatedSource`]: a reading set or scripted from outside, for tests and demos.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::{PressureSource, Reading};
use crate::model::Resource;

/// A pressure source whose reading is whatever its [`SimulatedHandle`] says.
///
/// Two ways to drive it, which can be mixed:
///
/// - **Set** the current reading at any time ([`SimulatedHandle::set`] and friends); the next
///   sample returns it.
/// - **Script** a timeline ([`SimulatedHandle::script`]): `(time, reading)` steps against the
///   supervisor's [`Clock`](crate::Clock). A sample at time `t` applies every step whose time
///   is `<= t`, in order, so the reading is that of the last step reached.
///
/// The handle is cheap to clone and may be used from any thread (the Python bindings hold one
/// to drive simulated memory and GPU pressure step by step).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{PressureSource, Reading, Resource, SimulatedSource};
///
/// let mut source = SimulatedSource::new("gpu-sim", Resource::Gpu);
/// let handle = source.handle();
/// handle.set_usage(2, 10);
/// assert_eq!(source.sample(Duration::ZERO), Reading::usage(2, 10));
///
/// handle.script([
///     (Duration::from_secs(1), Reading::usage(7, 10)),
///     (Duration::from_secs(3), Reading::usage(1, 10)),
/// ]);
/// assert_eq!(source.sample(Duration::from_millis(500)), Reading::usage(2, 10));
/// assert_eq!(source.sample(Duration::from_secs(2)), Reading::usage(7, 10));
/// assert_eq!(source.sample(Duration::from_secs(9)), Reading::usage(1, 10));
/// assert!(handle.script_is_done());
/// ```
#[derive(Debug)]
pub struct SimulatedSource {
    name: String,
    resource: Resource,
    handle: SimulatedHandle,
}

impl SimulatedSource {
    /// A source named `name` measuring `resource`, reading `0` of `1` (no pressure) until
    /// told otherwise.
    #[must_use]
    pub fn new(name: impl Into<String>, resource: Resource) -> Self {
        Self {
            name: name.into(),
            resource,
            handle: SimulatedHandle::default(),
        }
    }

    /// A handle that sets or scripts this source's reading; clones share the source.
    #[must_use]
    pub fn handle(&self) -> SimulatedHandle {
        self.handle.clone()
    }
}

impl PressureSource for SimulatedSource {
    fn name(&self) -> &str {
        &self.name
    }

    fn resource(&self) -> Resource {
        self.resource
    }

    fn sample(&mut self, now: Duration) -> Reading {
        let mut state = self.handle.lock();
        while state.script.front().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, reading)) = state.script.pop_front() {
                state.current = reading;
            }
        }
        state.current.clone()
    }
}

/// Sets or scripts the reading of a [`SimulatedSource`]. Clones share the same source.
#[derive(Debug, Clone)]
pub struct SimulatedHandle {
    state: Arc<Mutex<SimulatedState>>,
}

#[derive(Debug)]
struct SimulatedState {
    current: Reading,
    /// Steps not yet reached, sorted by time.
    script: VecDeque<(Duration, Reading)>,
}

impl Default for SimulatedHandle {
    fn default() -> Self {
        Self {
            state: Arc::new(Mutex::new(SimulatedState {
                current: Reading::usage(0, 1),
                script: VecDeque::new(),
            })),
        }
    }
}

impl SimulatedHandle {
    fn lock(&self) -> MutexGuard<'_, SimulatedState> {
        // The state is plain data, valid after any panic, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes `reading` the current reading, from the next sample on.
    pub fn set(&self, reading: Reading) {
        self.lock().current = reading;
    }

    /// Sets the reading to `used` bytes of `total`.
    pub fn set_usage(&self, used: u64, total: u64) {
        self.set(Reading::usage(used, total));
    }

    /// Sets the reading to a fraction.
    pub fn set_fraction(&self, value: f64) {
        self.set(Reading::Fraction { value });
    }

    /// Makes the source unavailable, with a reason.
    pub fn set_unavailable(&self, reason: impl Into<String>) {
        self.set(Reading::unavailable(reason));
    }

    /// The current reading (as of the last sample or set; scripted steps are applied by
    /// samples).
    #[must_use]
    pub fn current(&self) -> Reading {
        self.lock().current.clone()
    }

    /// Replaces the timeline with `steps`. Times are on the supervisor's clock; steps are
    /// sorted by time (a stable sort, so equal times keep their order).
    pub fn script(&self, steps: impl IntoIterator<Item = (Duration, Reading)>) {
        let mut steps: Vec<_> = steps.into_iter().collect();
        steps.sort_by_key(|(at, _)| *at);
        self.lock().script = steps.into();
    }

    /// Whether every scripted step has been applied.
    #[must_use]
    pub fn script_is_done(&self) -> bool {
        self.lock().script.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_no_pressure() {
        let mut source = SimulatedSource::new("s", Resource::Ram);
        assert_eq!(source.sample(Duration::ZERO).fraction(), Some(0.0));
        assert_eq!(source.name(), "s");
        assert_eq!(source.resource(), Resource::Ram);
    }

    #[test]
    fn steps_at_the_same_time_apply_in_order() {
        let mut source = SimulatedSource::new("s", Resource::Ram);
        let handle = source.handle();
        handle.script([
            (Duration::from_secs(1), Reading::usage(1, 2)),
            (Duration::ZERO, Reading::usage(0, 2)),
            (Duration::from_secs(1), Reading::unavailable("gone")),
        ]);
        assert_eq!(source.sample(Duration::ZERO), Reading::usage(0, 2));
        assert_eq!(
            source.sample(Duration::from_secs(1)),
            Reading::unavailable("gone")
        );
    }

    #[test]
    fn set_overrides_until_the_next_step() {
        let mut source = SimulatedSource::new("s", Resource::Gpu);
        let handle = source.handle();
        handle.script([(Duration::from_secs(2), Reading::usage(9, 10))]);
        handle.set_fraction(0.5);
        assert_eq!(handle.current(), Reading::Fraction { value: 0.5 });
        assert_eq!(
            source.sample(Duration::from_secs(1)),
            Reading::Fraction { value: 0.5 }
        );
        assert_eq!(source.sample(Duration::from_secs(2)), Reading::usage(9, 10));
        handle.set_unavailable("unplugged");
        assert!(!source.sample(Duration::from_secs(3)).is_available());
    }
}
