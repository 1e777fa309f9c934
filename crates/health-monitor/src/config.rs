//! [`SupervisorConfig`]: intervals, timeouts, grace period, hysteresis and heal policy.

use std::time::Duration;

use managed_service::PressureLevel;

use crate::error::Error;
use crate::heal_schedule::HealPolicy;

/// How a [`Supervisor`](crate::Supervisor) runs.
///
/// Fields are public; start from [`SupervisorConfig::default`] and change what you need.
/// [`Supervisor::new`](crate::Supervisor::new) validates the whole.
///
/// Timeouts bound real threads blocked in real calls, so they are real time; every schedule
/// (grace period, heal backoff, breaker window) is on the supervisor's [`Clock`](crate::Clock).
///
/// ```
/// use std::time::Duration;
/// use health_monitor::SupervisorConfig;
///
/// let mut config = SupervisorConfig::default();
/// config.interval = Duration::from_millis(250);
/// config.critical_grace = Duration::ZERO; // shed in the same tick Critical is reached
/// assert!(config.validate().is_ok());
///
/// config.health_timeout = Duration::ZERO;
/// assert!(config.validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SupervisorConfig {
    /// Time between ticks of the background monitor. Default 1 s.
    pub interval: Duration,
    /// How long one `health()` call may take before it counts as unhealthy. Default 500 ms.
    pub health_timeout: Duration,
    /// How long one `pressure_response()` or `shed_load()` call may take. Default 2 s.
    pub callback_timeout: Duration,
    /// How long one `heal()` call may take. Default 10 s.
    pub heal_timeout: Duration,
    /// How long a tick waits for one service's `health()` or `heal()` before it goes on
    /// without it. The call is not abandoned: it runs on within its own timeout
    /// (`health_timeout`, `heal_timeout`), the service is not called again meanwhile, and the
    /// first tick after it returns (or times out) records its result. So a service that
    /// hangs delays the tick by `patience` once, and the other services not at all after
    /// that. At or above a timeout, ticks wait for that callback's whole timeout instead.
    /// Default 50 ms.
    pub patience: Duration,
    /// How long one service's shutdown may take. Default 10 s.
    pub shutdown_timeout: Duration,
    /// How long the level must stay Critical before `shed_load()` is called. Default 5 s.
    pub critical_grace: Duration,
    /// How far below a threshold a source's fraction must fall before its level drops; see
    /// [`Hysteresis`](crate::Hysteresis). Default 0.03.
    pub hysteresis_margin: f64,
    /// The heal schedule and breaker.
    pub heal: HealPolicy,
    /// How many snapshots [`Supervisor::history`](crate::Supervisor::history) keeps.
    /// Default 32.
    pub history_len: usize,
    /// At this combined level and above, readiness fails. Default Critical.
    pub not_ready_at: PressureLevel,
    /// Liveness fails when the background monitor has not finished a tick for this long.
    /// Default 60 s.
    pub stall_after: Duration,
}

impl Default for SupervisorConfig {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(1),
            health_timeout: Duration::from_millis(500),
            callback_timeout: Duration::from_secs(2),
            heal_timeout: Duration::from_secs(10),
            patience: Duration::from_millis(50),
            shutdown_timeout: Duration::from_secs(10),
            critical_grace: Duration::from_secs(5),
            hysteresis_margin: 0.03,
            heal: HealPolicy::default(),
            history_len: 32,
            not_ready_at: PressureLevel::Critical,
            stall_after: Duration::from_secs(60),
        }
    }
}

impl SupervisorConfig {
    /// Checks every value.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] naming the first field out of range: a zero interval,
    /// timeout, `patience` or `stall_after`, a `history_len` of 0, a margin outside
    /// `[0, 0.5)`, or an invalid [`HealPolicy`].
    pub fn validate(&self) -> Result<(), Error> {
        let durations = [
            ("interval", self.interval),
            ("health_timeout", self.health_timeout),
            ("callback_timeout", self.callback_timeout),
            ("heal_timeout", self.heal_timeout),
            ("patience", self.patience),
            ("shutdown_timeout", self.shutdown_timeout),
            ("stall_after", self.stall_after),
        ];
        if let Some((field, _)) = durations.iter().find(|(_, d)| d.is_zero()) {
            return Err(Error::config(field, "must be above zero"));
        }
        if self.history_len == 0 {
            return Err(Error::config("history_len", "must be at least 1"));
        }
        crate::combine::Hysteresis::new(
            managed_service::PressureThresholds::RAM,
            self.hysteresis_margin,
        )?;
        self.heal.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_is_named_in_its_error() {
        let config = SupervisorConfig {
            stall_after: Duration::ZERO,
            ..SupervisorConfig::default()
        };
        assert_eq!(
            config.validate().unwrap_err().to_string(),
            "invalid stall_after: must be above zero"
        );
        let config = SupervisorConfig {
            history_len: 0,
            ..SupervisorConfig::default()
        };
        assert!(
            config
                .validate()
                .unwrap_err()
                .to_string()
                .contains("history_len")
        );
        let config = SupervisorConfig {
            hysteresis_margin: 0.7,
            ..SupervisorConfig::default()
        };
        assert!(
            config
                .validate()
                .unwrap_err()
                .to_string()
                .contains("hysteresis_margin")
        );
        let config = SupervisorConfig {
            heal: HealPolicy {
                max_failures: 0,
                ..HealPolicy::default()
            },
            ..SupervisorConfig::default()
        };
        assert!(config.validate().unwrap_err().to_string().contains("heal"));
    }
}
