//! [`PressureSource`]: what every source of memory pressure implements.

use std::time::Duration;

use managed_service::PressureThresholds;

use super::Reading;
use crate::model::Resource;

/// Something that measures memory pressure.
///
/// The supervisor calls [`sample`](Self::sample) once per tick, on its own thread, with the
/// clock's current time (scripted sources use it; real ones ignore it). A sample should be
/// cheap — a file read or a library call — and must not block for long, since the tick waits
/// for it.
///
/// # Implementing
///
/// ```
/// use std::time::Duration;
/// use health_monitor::{PressureSource, Reading, Resource};
///
/// /// Reports a fixed fraction of a fixed budget.
/// struct Constant(u64, u64);
///
/// impl PressureSource for Constant {
///     fn name(&self) -> &str { "constant" }
///     fn resource(&self) -> Resource { Resource::Ram }
///     fn sample(&mut self, _now: Duration) -> Reading { Reading::usage(self.0, self.1) }
/// }
///
/// let mut source = Constant(9, 10);
/// let level = source
///     .default_thresholds()
///     .classify(source.sample(Duration::ZERO).fraction().unwrap());
/// assert_eq!(level, managed_service::PressureLevel::High);
/// ```
pub trait PressureSource: Send {
    /// A short, stable name, unique among a supervisor's sources (`"meminfo"`, `"nvml:0"`);
    /// used in events and as a metrics label.
    fn name(&self) -> &str;

    /// Which memory this source measures.
    fn resource(&self) -> Resource;

    /// The thresholds used when none are given at registration; by default those of the
    /// [`resource`](Self::resource).
    fn default_thresholds(&self) -> PressureThresholds {
        self.resource().default_thresholds()
    }

    /// Measures now. Must not panic; a failure to measure is [`Reading::Unavailable`].
    fn sample(&mut self, now: Duration) -> Reading;
}

impl<S: PressureSource + ?Sized> PressureSource for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn resource(&self) -> Resource {
        (**self).resource()
    }
    fn default_thresholds(&self) -> PressureThresholds {
        (**self).default_thresholds()
    }
    fn sample(&mut self, now: Duration) -> Reading {
        (**self).sample(now)
    }
}
